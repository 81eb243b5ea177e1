"""List answers a page at a time (docs/http-api.md, "Lists"): the entries of a digest, blocks
and evidence, each page bounded in items and bytes, built without holding up the event loop,
and every item reached exactly once by following `next`. The attack: thousands of entries
under one digest, then many lookups of it at once."""

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from cunzheng.ledger.entry import Entry
from cunzheng.node.api.lists import MAX_COUNTED
from cunzheng.node.api.routes import make_app
from cunzheng.node.config import ApiSection, NodeConfig
from cunzheng.node.node import Node
from tests.support.chain_factory import make_genesis, notary_keys, sample_entry
from tests.support.fast_node import FAST_PARAMS
from tests.support.raw_peer import prefill

DIGEST = bytes.fromhex("d1" * 32)
META_FILLER = "m" * 990  # about 1 KB of meta per entry, as the attack used


def same_digest(first: int, count: int) -> list[Entry]:
    """`count` distinct entries that all hold DIGEST, with about 1 KB of meta each."""
    return [
        Entry(DIGEST, kind="flood", meta={"n": str(n), "z": META_FILLER})
        for n in range(first, first + count)
    ]


def stopped_node(tmp_path: Path, blocks: list[list[Entry]], api: ApiSection) -> Node:
    """A lone validator whose store holds `blocks`, consensus not started (so submissions
    stay pending)."""
    keys = notary_keys(1)
    genesis = make_genesis(keys, params=FAST_PARAMS)
    prefill(tmp_path / "data" / "ledger", genesis, keys, blocks)
    return Node(
        config=NodeConfig(api=api), key=keys[0], genesis=genesis, data_dir=tmp_path / "data"
    )


async def pages(
    client: TestClient, path: str, cursor_of: Callable[[Any], str | None]
) -> AsyncIterator[Any]:
    """Every page of a list, following `next` (`cursor_of` makes the query of the next)."""
    query = ""
    while True:
        response = await client.get(path + query)
        assert response.status == 200, await response.text()
        page = await response.json()
        yield page
        next_query = cursor_of(page)
        if next_query is None:
            return
        query = next_query


class LoopWatch:
    """The longest the event loop went without running a 10 ms ticker."""

    def __init__(self) -> None:
        self.longest_s = 0.0
        self._task = asyncio.create_task(self._tick())

    async def _tick(self) -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.01)
            self.longest_s = max(self.longest_s, time.monotonic() - before - 0.01)

    def stop(self) -> None:
        self._task.cancel()


async def test_many_lookups_of_a_crowded_digest_stay_small_and_let_the_loop_run(
    tmp_path: Path, aiohttp_client: Any
) -> None:
    node = stopped_node(tmp_path, [same_digest(1000 * k, 1000) for k in range(5)], ApiSection())
    client = await aiohttp_client(make_app(node))
    watch = LoopWatch()
    answers = await asyncio.gather(
        *(client.get(f"/v1/digests/sha256/{DIGEST.hex()}") for _ in range(10))
    )
    bodies = [await answer.read() for answer in answers]
    watch.stop()
    for body in bodies:
        page = json.loads(body)
        assert len(page["entries"]) == node.config.api.page_items
        assert (page["more"], page["more_capped"]) == (MAX_COUNTED, True)
        assert page["next"] == f"c{node.config.api.page_items}"
        assert len(body) < 300_000, "a page, not the 6 MB of every entry with the digest"
    assert watch.longest_s < 0.25, f"the event loop stalled {watch.longest_s:.2f} s"


async def test_following_next_lists_every_entry_of_a_digest_once_committed_first(
    tmp_path: Path, aiohttp_client: Any
) -> None:
    committed = same_digest(0, 250)
    node = stopped_node(
        tmp_path, [committed[:130], [sample_entry(1)], committed[130:]], ApiSection()
    )
    client = await aiohttp_client(make_app(node))
    pending = same_digest(1000, 120)
    body = {"entries": [entry.to_json() for entry in pending]}
    assert (await client.post("/v1/entries", json=body)).status == 202
    path = f"/v1/digests/sha256/{DIGEST.hex()}?limit=100"
    seen: list[dict[str, Any]] = []
    mores = []
    async for page in pages(client, path, lambda p: p["next"] and f"&cursor={p['next']}"):
        seen += page["entries"]
        mores.append(page["more"])
    assert mores == [270, 170, 70, 0]
    assert [s["status"] for s in seen] == ["committed"] * 250 + ["pending"] * 120
    leaf_indexes = [s["leaf_index"] for s in seen[:250]]
    assert leaf_indexes == sorted(leaf_indexes) and 130 not in leaf_indexes  # 130: the other
    expected = {e.leaf_hash().hex() for e in committed + pending}
    assert [s["id"] for s in seen] == list(dict.fromkeys(s["id"] for s in seen))
    assert {s["id"] for s in seen} == expected


@pytest.mark.parametrize("query", ["cursor=x1", "cursor=c", "cursor=c-1", "cursor=p²", "limit=0"])
async def test_a_bad_cursor_or_limit_is_a_400(
    tmp_path: Path, aiohttp_client: Any, query: str
) -> None:
    client = await aiohttp_client(make_app(stopped_node(tmp_path, [], ApiSection())))
    response = await client.get(f"/v1/digests/sha256/{DIGEST.hex()}?{query}")
    assert response.status == 400
    assert (await response.json())["error"]["code"] == "bad_request"


async def test_a_page_of_blocks_ends_at_its_byte_budget_and_next_reaches_every_block(
    tmp_path: Path, aiohttp_client: Any
) -> None:
    blocks = [same_digest(100 * k, 100) for k in range(12)]  # about 110 KB encoded each
    api = ApiSection(page_bytes=250_000, page_items=5)
    node = stopped_node(tmp_path, blocks, api)
    client = await aiohttp_client(make_app(node))
    sizes, heights, ids = [], [], []
    path = "/v1/blocks?from=1&limit=1000"
    async for page in pages(client, "/v1/blocks", lambda p: p["next"] and f"?from={p['next']}"):
        sizes.append(len(page["blocks"]))
        heights += [block["height"] for block in page["blocks"]]
        ids += [entry_id for block in page["blocks"] for entry_id in block["ids"]]
    assert sizes == [3, 3, 3, 3], "each page ends with the block that reaches 250,000 bytes"
    assert heights == list(range(1, 13))
    assert ids == [e.leaf_hash().hex() for block in blocks for e in block]
    capped = await (await client.get(path)).json()
    assert len(capped["blocks"]) == 3 and capped["next"] == 4
    one = await (await client.get("/v1/blocks?from=1&limit=1")).json()
    assert [block["height"] for block in one["blocks"]] == [1] and one["next"] == 2
    tip = await (await client.get("/v1/blocks?from=12")).json()
    assert [block["height"] for block in tip["blocks"]] == [12] and tip["next"] is None


async def test_evidence_comes_a_page_at_a_time(tmp_path: Path, aiohttp_client: Any) -> None:
    node = stopped_node(tmp_path, [], ApiSection(page_items=40))
    for size in range(1, 101):
        node.evidence_log.record_split_view(size, f"note a {size}", f"note b {size}")
    client = await aiohttp_client(make_app(node))
    sizes, tree_sizes = [], []
    async for page in pages(client, "/v1/evidence", lambda p: p["next"] and f"?from={p['next']}"):
        sizes.append(len(page["evidence"]))
        tree_sizes += [record["tree_size"] for record in page["evidence"]]
    assert sizes == [40, 40, 20] and tree_sizes == list(range(1, 101))
