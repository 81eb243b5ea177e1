"""A node's read API (status, blocks, checkpoint, consistency) answered from a store, on a
free loopback port, for the clients that audit and refresh from nodes."""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cunzheng.ledger.finality import signed_checkpoint
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.store import BlockStore


@dataclass
class StoreNode:
    """Answers like a node from `store`; `skip` heights are left out of /v1/blocks pages,
    which end after `page_blocks` blocks (as a node's end at [api] page_bytes); `announce`
    overrides the height /v1/status says, and `checkpoint`/`consistency` replace those
    answers."""

    store: BlockStore
    skip: set[int] = field(default_factory=set)
    page_blocks: int = 100
    announce: int | None = None
    checkpoint: str | None = None
    consistency: list[str] | None = None

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, str]:
        store = self.store
        if path == "/v1/status":
            height = store.height if self.announce is None else self.announce
            status = {
                "chain_id": store.genesis.chain_id,
                "genesis_hash": store.genesis_hash.hex(),
                "height": height,
                "validator_history": store.history.to_json(),
            }
            return 200, "application/json", json.dumps(status)
        if path == "/v1/blocks":
            first = int(query["from"][0])
            limit = min(self.page_blocks, int(query["limit"][0]))
            last = min(store.height, first + limit - 1)
            blocks = [self._block(h) for h in range(first, last + 1) if h not in self.skip]
            next_height = last + 1 if last < store.height else None
            return 200, "application/json", json.dumps({"blocks": blocks, "next": next_height})
        if path == "/v1/checkpoint":
            tip = store.height
            note = signed_checkpoint(store.header(tip), store.commit(tip), store.validators_at(tip))
            return 200, "text/plain", self.checkpoint or note.text()
        if path == "/v1/consistency":
            first, second = int(query["from"][0]), int(query["to"][0])
            hashes = [h.hex() for h in store.consistency_path(first, second)]
            proof = {"first": first, "second": second, "hashes": self.consistency or hashes}
            return 200, "application/json", json.dumps(proof)
        return (
            404,
            "application/json",
            json.dumps({"error": {"code": "not_found", "message": path}}),
        )

    def _block(self, height: int) -> dict[str, Any]:
        block, commit = self.store.block(height), self.store.commit(height)
        return {
            "height": height,
            "hash": block.header.hash().hex(),
            "header": block.header.to_json(),
            "ids": [leaf_hash(data).hex() for data in block.entries],
            "block": block.encode().hex(),
            "commit": commit.encode().hex(),
        }


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        status, content_type, body = self.server.fake.answer(parts.path, parse_qs(parts.query))
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


class _Server(ThreadingHTTPServer):
    fake: StoreNode


@contextmanager
def serving(fake: StoreNode) -> Iterator[str]:
    """Serve `fake` on a free loopback port; yield its URL."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = fake
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
