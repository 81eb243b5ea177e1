"""The states of entries, and the lists of them and of evidence, a page at a time
(docs/http-api.md, "Lists").

A page holds at most `[api] page_items` items and costs its own length to build, however
many items the whole list has: the digest index is read from a seek, the pending entries of a
digest are kept in arrival order, and evidence is a list in memory. What a page leaves out is
counted up to MAX_COUNTED (more than that is said to be more) and reached through `next`.
"""

import json
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from cunzheng.ledger.entry import DIGEST_SIZES, Entry
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.node.api.errors import ApiError
from cunzheng.node.api.params import path_hex, query_cursor, query_int, query_limit
from cunzheng.node.api.served_node import NODE_KEY, ServedNode
from cunzheng.node.api.streaming import stream_json
from cunzheng.node.intake import COMMITTED

MAX_COUNTED = 1000  # entries of a digest counted past a page
COMMITTED_CURSOR, PENDING_CURSOR = "c", "p"  # cursor kinds: leaf index from; pending skipped


def committed_state(node: ServedNode, leaf_index: int) -> dict[str, Any]:
    """The state of the committed entry at `leaf_index` (requires leaf_index < ledger size)."""
    data = node.store.entry_bytes(leaf_index)
    return {
        "id": leaf_hash(data).hex(),
        "status": COMMITTED,
        "height": node.store.height_of_leaf(leaf_index),
        "leaf_index": leaf_index,
        "entry": Entry.decode(data).to_json(),
    }


def entry_state(node: ServedNode, entry_id: bytes) -> dict[str, Any] | None:
    """The state of an entry: committed (with height and leaf index) or pending; None for
    one this node does not know."""
    leaf_index = node.store.leaf_index_of(entry_id)
    if leaf_index is not None:
        return committed_state(node, leaf_index)
    pending = node.mempool.get(entry_id)
    if pending is None:
        return None
    return {"id": entry_id.hex(), "status": "pending", "entry": pending.entry.to_json()}


@dataclass(frozen=True, slots=True)
class DigestPage:
    """One page of the entries with a digest: committed ones by leaf index, then pending ones
    in arrival order."""

    leaf_indexes: list[int]
    pending_ids: list[bytes]
    more: int  # entries after this page, counted up to MAX_COUNTED of the committed ones
    more_capped: bool  # more committed ones were left uncounted
    next: str | None  # the cursor of the next page


def digest_page(
    node: ServedNode, alg: str, digest: bytes, cursor: tuple[str, int] | None, limit: int
) -> DigestPage:
    """The page of entries with this digest that `cursor` starts (None: the first).

    Reads at most limit + MAX_COUNTED + 1 index keys, and the pending ids it lists.
    """
    kind, position = cursor or (COMMITTED_CURSOR, 0)
    leaf_indexes: list[int] = []
    committed_more, capped = 0, False
    if kind == COMMITTED_CURSOR:
        found = node.store.leaf_indexes_with_digest(alg, digest, position, limit + MAX_COUNTED + 1)
        leaf_indexes = found[:limit]
        committed_more = min(MAX_COUNTED, len(found) - len(leaf_indexes))
        capped = len(found) > limit + MAX_COUNTED
    skip = position if kind == PENDING_CURSOR else 0
    room = 0 if committed_more else limit - len(leaf_indexes)
    pending_ids = node.mempool.ids_with_digest(alg, digest, skip, room) if room else []
    pending_more = max(0, node.mempool.count_with_digest(alg, digest) - skip - len(pending_ids))
    next_cursor = None
    if committed_more:
        next_cursor = f"{COMMITTED_CURSOR}{leaf_indexes[-1] + 1}"
    elif pending_more:
        next_cursor = f"{PENDING_CURSOR}{skip + len(pending_ids)}"
    return DigestPage(leaf_indexes, pending_ids, committed_more + pending_more, capped, next_cursor)


async def get_digest(request: web.Request) -> web.StreamResponse:
    """A page of the entries, committed or pending, with this digest."""
    node = request.app[NODE_KEY]
    alg = request.match_info["alg"]
    if alg not in DIGEST_SIZES:
        raise ApiError(400, "bad_alg", f"unknown alg {alg!r}; supported: {sorted(DIGEST_SIZES)}")
    digest = path_hex(request, "digest", DIGEST_SIZES[alg])
    cursor = query_cursor(request, COMMITTED_CURSOR + PENDING_CURSOR)
    limit = query_limit(request, node.config.api.page_items)
    page = digest_page(node, alg, digest, cursor, limit)
    return await stream_json(request, _digest_pieces(node, alg, digest, page))


async def _digest_pieces(
    node: ServedNode, alg: str, digest: bytes, page: DigestPage
) -> AsyncGenerator[str, None]:
    yield f'{{"alg":"{alg}","digest":"{digest.hex()}","entries":['
    separator = ""
    for leaf_index in page.leaf_indexes:
        yield separator + json.dumps(committed_state(node, leaf_index), ensure_ascii=False)
        separator = ","
    for entry_id in page.pending_ids:
        pending = entry_state(node, entry_id)  # it may have been committed meanwhile
        if pending is not None:
            yield separator + json.dumps(pending, ensure_ascii=False)
            separator = ","
    more = json.dumps({"more": page.more, "more_capped": page.more_capped, "next": page.next})
    yield f"],{more[1:]}"


async def get_evidence(request: web.Request) -> web.StreamResponse:
    """A page of the evidence records, oldest first, from index `from` (default 0)."""
    node = request.app[NODE_KEY]
    first = query_int(request, "from", 0)
    limit = query_limit(request, node.config.api.page_items)
    records = node.evidence()
    page = records[first : first + limit]
    end = first + len(page)
    next_index = end if end < len(records) else None
    return await stream_json(request, _evidence_pieces(page, next_index))


async def _evidence_pieces(
    page: list[dict[str, Any]], next_index: int | None
) -> AsyncGenerator[str, None]:
    yield '{"evidence":['
    for number, record in enumerate(page):
        yield ("," if number else "") + json.dumps(record, ensure_ascii=False)
    yield f'],"next":{json.dumps(next_index)}}}'
