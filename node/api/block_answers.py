"""Committed blocks as the API answers them: read off the event loop, a bounded number at
once, and streamed (docs/http-api.md, "GET /v1/blocks/{height}" and "GET /v1/blocks").

A block is read, encoded and its entry ids hashed in a worker thread of its own pool
(LevelDB reads are thread-safe, and a committed block never changes), so that a large block
does not hold up consensus; the intake's and sync's threads are not taken. At most
`[api] block_answers` blocks are held by answers at once, each until it has been written: a
block may be as large as `[block] max_bytes`, and this is what bounds the memory that clients
reading slowly (or many pages at once) can make the node hold. The rest wait their turn,
within the request timeout. A page of blocks ends once its blocks' encodings reach
`[api] page_bytes`, and always holds at least one block.
"""

import asyncio
import json
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.store import BlockStore
from cunzheng.node.api.errors import ApiError
from cunzheng.node.api.params import path_int, query_int, query_limit
from cunzheng.node.api.served_node import NODE_KEY
from cunzheng.node.api.streaming import stream_json

HEX_SLICE_BYTES = 16 * 1024  # of a block's encoding, per piece written
IDS_PER_PIECE = 256


@dataclass(frozen=True, slots=True)
class BlockAnswer:
    """What the answer about one committed block holds."""

    height: int
    block_hash: str
    header: dict[str, Any]
    ids: list[str]
    encoding: bytes
    commit: str


def read_block_answer(store: BlockStore, height: int) -> BlockAnswer:
    """Read block `height` and its commit; requires 1 <= height <= store.height."""
    block = store.block(height)
    return BlockAnswer(
        height=height,
        block_hash=block.header.hash().hex(),
        header=block.header.to_json(),
        ids=[leaf_hash(data).hex() for data in block.entries],
        encoding=block.encode(),
        commit=store.commit(height).encode().hex(),
    )


def block_pieces(answer: BlockAnswer) -> Iterator[str]:
    """The JSON of `answer` in pieces of bounded size: `{"height", "hash", "header", "ids",
    "block", "commit"}`."""
    head = json.dumps(
        {"height": answer.height, "hash": answer.block_hash, "header": answer.header},
        ensure_ascii=False,
    )
    yield head[:-1] + ',"ids":['
    ids = answer.ids
    for start in range(0, len(ids), IDS_PER_PIECE):
        quoted = ",".join(f'"{entry_id}"' for entry_id in ids[start : start + IDS_PER_PIECE])
        yield ("," if start else "") + quoted
    yield '],"block":"'
    encoding = answer.encoding
    for start in range(0, len(encoding), HEX_SLICE_BYTES):
        yield encoding[start : start + HEX_SLICE_BYTES].hex()
    yield f'","commit":"{answer.commit}"}}'


class BlockReader:
    """Reads blocks for answers in its own threads, at most `at_once` held at a time."""

    def __init__(self, store: BlockStore, at_once: int) -> None:
        """Requires at_once >= 1."""
        self._store = store
        self._places = asyncio.Semaphore(at_once)
        self._threads = ThreadPoolExecutor(at_once, thread_name_prefix="block-answers")

    @asynccontextmanager
    async def block(self, height: int) -> AsyncIterator[BlockAnswer]:
        """Block `height`, held by the caller until it leaves the context."""
        async with self._places:
            loop = asyncio.get_running_loop()
            yield await loop.run_in_executor(self._threads, read_block_answer, self._store, height)

    async def close(self, app: web.Application) -> None:
        """Wait for the reads under way (the store must not close under them); on cleanup."""
        await asyncio.to_thread(self._threads.shutdown)


BLOCK_READER_KEY: web.AppKey[BlockReader] = web.AppKey("block_reader")


def add_block_routes(app: web.Application, store: BlockStore, at_once: int) -> None:
    """Serve `GET /v1/blocks/{height}` and `GET /v1/blocks` from `store`."""
    reader = BlockReader(store, at_once)
    app[BLOCK_READER_KEY] = reader
    app.on_cleanup.append(reader.close)
    app.router.add_get("/v1/blocks/{height}", get_block)
    app.router.add_get("/v1/blocks", get_blocks)


async def get_block(request: web.Request) -> web.StreamResponse:
    """A committed block with its commit."""
    node = request.app[NODE_KEY]
    height = path_int(request, "height")
    if not 1 <= height <= node.store.height:
        raise ApiError(404, "not_found", f"no block at height {height}; tip is {node.store.height}")
    return await stream_json(request, _one_block(request.app[BLOCK_READER_KEY], height))


async def _one_block(reader: BlockReader, height: int) -> AsyncGenerator[str, None]:
    async with reader.block(height) as answer:
        for piece in block_pieces(answer):
            yield piece


async def get_blocks(request: web.Request) -> web.StreamResponse:
    """A page of committed blocks from `from` (default 1): at most `limit` (≤ [api]
    page_items) of them, ending once [api] page_bytes of blocks are in it, or at the tip."""
    node = request.app[NODE_KEY]
    first = max(1, query_int(request, "from", 1))
    api = node.config.api
    last = min(node.store.height, first + query_limit(request, api.page_items) - 1)
    reader = request.app[BLOCK_READER_KEY]
    return await stream_json(request, _blocks_page(reader, node.store, first, last, api.page_bytes))


async def _blocks_page(
    reader: BlockReader, store: BlockStore, first: int, last: int, page_bytes: int
) -> AsyncGenerator[str, None]:
    yield '{"blocks":['
    height, size = first, 0
    while height <= last and size < page_bytes:
        async with reader.block(height) as answer:
            if height > first:
                yield ","
            for piece in block_pieces(answer):
                yield piece
            size += len(answer.encoding)
        height += 1
    next_height = height if height <= store.height else None
    yield f'],"next":{json.dumps(next_height)}}}'
