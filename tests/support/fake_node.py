"""A small stand-in for a node's public API (docs/http-api.md, "Endpoints"), for client tests.

It answers the way node/api/routes.py does, backed by a real chain from
tests/support/chain_factory.py: entries are accepted as pending with a signed receipt, and committed
in one real block once clients have polled `GET /v1/entries/{id}` `polls_before_commit` times. Knobs
make it misbehave the ways a client must notice.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from cunzheng.ledger.entry import Entry
from cunzheng.ledger.keys import RECEIPT_SIGNATURE_TAG, NodeKey
from cunzheng.ledger.receipt import Receipt
from tests.support.chain_factory import GENESIS_TIME_MS, Chain

Bundle = dict[str, Any]


def _error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> web.Response:
    body = json.dumps({"error": {"code": code, "message": message}})
    return web.Response(status=status, text=body, content_type="application/json", headers=headers)


@dataclass
class FakeNode:
    """The node's state and misbehaviour knobs; `app()` serves it."""

    chain: Chain
    key: NodeKey  # signs receipts
    polls_before_commit: int = 0
    busy_answers: int = 0  # answer this many POSTs with 503 and Retry-After: 0 first
    receipt_key: NodeKey | None = None  # sign receipts with another key (a forgery)
    mutate_bundle: Callable[[Bundle], None] | None = None
    pending: dict[bytes, Entry] = field(default_factory=dict)
    batches: list[list[dict[str, Any]]] = field(default_factory=list)  # entries per POST
    polls: int = 0

    def app(self) -> web.Application:
        """The aiohttp application answering like a node."""
        app = web.Application()
        app.router.add_post("/v1/entries", self._post_entries)
        app.router.add_get("/v1/entries/{id}", self._get_entry)
        app.router.add_get("/v1/proofs/{id}", self._get_proof)
        app.router.add_get("/v1/status", self._get_status)
        return app

    def _status_of(self, entry_id: bytes) -> str | None:
        if self.chain.store.leaf_index_of(entry_id) is not None:
            return "committed"
        return "pending" if entry_id in self.pending else None

    async def _post_entries(self, request: web.Request) -> web.Response:
        if self.busy_answers > 0:
            self.busy_answers -= 1
            return _error(503, "mempool_full", "mempool is full; retry later", {"Retry-After": "0"})
        items = (await request.json())["entries"]
        self.batches.append(items)
        entries = [Entry.from_json(item) for item in items]
        for entry in entries:
            entry.verify_submitter_signature()
            if self._status_of(entry.leaf_hash()) is None:
                self.pending[entry.leaf_hash()] = entry
        ids = tuple(entry.leaf_hash() for entry in entries)
        unsigned = Receipt(self.chain.genesis.chain_id, self.key.public_key, GENESIS_TIME_MS, ids)
        signer = self.receipt_key or self.key
        receipt = unsigned.signed(signer.sign(RECEIPT_SIGNATURE_TAG, unsigned.signed_payload()))
        results = [{"id": i.hex(), "status": self._status_of(i)} for i in ids]
        return web.json_response({"results": results, "receipt": receipt.to_json()}, status=202)

    async def _get_entry(self, request: web.Request) -> web.Response:
        entry_id = bytes.fromhex(request.match_info["id"])
        self.polls += 1
        if self.pending and self.polls >= self.polls_before_commit:
            self.chain.commit_block(list(self.pending.values()))
            self.pending.clear()
        status = self._status_of(entry_id)
        if status is None:
            return _error(404, "not_found", "no entry with this id is known to this node")
        state: dict[str, Any] = {"id": entry_id.hex(), "status": status}
        if status == "committed":
            leaf_index = self.chain.store.leaf_index_of(entry_id)
            assert leaf_index is not None
            state.update(height=self.chain.store.height_of_leaf(leaf_index), leaf_index=leaf_index)
        return web.json_response(state)

    async def _get_proof(self, request: web.Request) -> web.Response:
        entry_id = bytes.fromhex(request.match_info["id"])
        status = self._status_of(entry_id)
        if status is None:
            return _error(404, "not_found", "no entry with this id is known to this node")
        if status == "pending":
            return _error(409, "pending", "the entry is not committed yet; retry shortly")
        bundle = self.chain.bundle(self._committed_entry(entry_id))
        if self.mutate_bundle is not None:
            self.mutate_bundle(bundle)
        return web.json_response(bundle)

    def _committed_entry(self, entry_id: bytes) -> Entry:
        leaf_index = self.chain.store.leaf_index_of(entry_id)
        assert leaf_index is not None
        return Entry.decode(self.chain.store.entry_bytes(leaf_index))

    async def _get_status(self, request: web.Request) -> web.Response:
        store = self.chain.store
        return web.json_response(
            {
                "chain_id": self.chain.genesis.chain_id,
                "genesis_hash": self.chain.genesis.hash().hex(),
                "version": "0.1.0",
                "node": {"name": self.key.name, "role": "validator"},
                "height": store.height,
                "ledger_size": store.ledger_size,
                "latest_block_time_ms": None if store.tip is None else store.tip.time_ms,
                "validators": store.next_validators.to_json(),
                "validator_history": store.history.to_json(),
                "peers": [],
            }
        )
