"""Clients that ask for large answers and never read them (docs/http-api.md, "Lists"): the node
holds at most a few blocks for them, goes on serving others, and closes them after
`[limits] send_timeout_s`."""

import asyncio
from pathlib import Path

import aiohttp

from cunzheng.ledger.entry import Entry
from cunzheng.node.config import ApiSection, LimitsSection, NodeConfig
from tests.support.listening import connect_from, get, listening_node

BLOCKS, ENTRIES = 10, 1000
UNREAD_CONNECTIONS = 10
SEND_TIMEOUT_S = 2
PAGE = f"/v1/blocks?from=1&limit={BLOCKS}"
HELD_BYTES = 40 * 1024 * 1024  # what the node may hold for all of them: a few blocks, buffers


def _rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no RssAnon")


def _blocks() -> list[list[Entry]]:
    """Ten blocks of a thousand entries with about 1 KB of meta each: about 1.1 MB a block
    encoded, 2.3 MB as hex; a page of all of them is 23 MB of JSON."""
    return [
        [
            Entry(bytes([k]) * 32, kind="bulk", meta={"n": str(n), "z": "b" * 990})
            for n in range(ENTRIES)
        ]
        for k in range(BLOCKS)
    ]


async def _read_until_closed(reader: asyncio.StreamReader, within_s: float) -> tuple[int, bool]:
    """(bytes read, whether the node closed the connection) within `within_s` seconds."""
    total = 0
    try:
        async with asyncio.timeout(within_s):
            while chunk := await reader.read(1 << 20):
                total += len(chunk)
    except TimeoutError:
        return total, False
    except ConnectionError:
        pass
    return total, True


async def test_unread_answers_hold_little_memory_and_their_clients_are_closed(
    tmp_path: Path,
) -> None:
    config = NodeConfig(
        api=ApiSection(page_bytes=64 * 1024 * 1024, block_answers=2),
        limits=LimitsSection(send_timeout_s=SEND_TIMEOUT_S, rate_per_s=0),
    )
    async with listening_node(tmp_path, config, _blocks()) as (_, url):
        before = _rss_bytes()
        unread = []
        for number in range(UNREAD_CONNECTIONS):
            reader, writer = await connect_from(url, f"127.0.0.{2 + number}")
            writer.write(f"GET {PAGE} HTTP/1.1\r\nHost: node\r\n\r\n".encode())
            unread.append((reader, writer))
        peak = before
        for _ in range(20):  # the answers would be built whole within this
            await asyncio.sleep(0.1)
            peak = max(peak, _rss_bytes())
        other = await connect_from(url, "127.0.0.1")
        assert (await get(other, "/healthz"))[0] == 200, "others are served meanwhile"
        assert peak - before < HELD_BYTES, f"the node grew {(peak - before) >> 20} MiB"

        await asyncio.sleep(SEND_TIMEOUT_S + 1)
        results = await asyncio.gather(*(_read_until_closed(r, 3) for r, _ in unread))
        full_answer = 23_000_000
        for read, closed in results:
            assert closed and read < full_answer, "closed for not reading, answer cut"

        async with aiohttp.ClientSession() as session, session.get(url + PAGE) as answer:
            page = await answer.json()
        assert len(page["blocks"]) == BLOCKS, "a client that reads gets the whole page"
        for _, writer in unread:
            writer.close()
