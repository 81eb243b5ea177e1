"""What the peer port costs strangers and peers (docs/http-api.md, "The peer endpoint"):
before the handshake, connections per address, the time and the bytes they get; after it,
what one peer's requests may make the node hold and send, and how fast it may relay entries.
Each attack runs against node 0 of a cluster, started alone; the attackers are raw sockets
and RawPeer."""

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from cunzheng.ledger.entry import Entry
from cunzheng.node.config import MempoolSection
from cunzheng.node.node import Node
from cunzheng.node.p2p.protocol import (
    MAX_ENTRIES_PER_MESSAGE,
    Blocks,
    Entries,
    GetBlocks,
    Hello,
)
from tests.support.chain_factory import make_genesis, notary_keys
from tests.support.listening import is_closed_by_the_other_end
from tests.support.raw_peer import Cluster, RawPeer, eventually, prefill

PER_ADDRESS, HANDSHAKE_S = 8, 2
SYNC_ANSWER = 2 * 1024 * 1024
UPGRADE = (
    "GET /v1/p2p HTTP/1.1\r\nHost: node\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
)


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    built = Cluster(tmp_path, 4)
    yield built
    await built.stop()


async def start_alone(cluster: Cluster, mempool: MempoolSection | None = None, **p2p: Any) -> Node:
    """Node 0, dialing nobody, with these `[mempool]` and `[p2p]` settings."""
    node = cluster.build(0, mempool, peers=[], **p2p)
    await cluster.start(0)
    return node


def connected(node: Node) -> set[str]:
    return {row["name"] for row in node.status()["peers"] if row["connected"]}


async def open_from(cluster: Cluster, source: str) -> tuple[Any, Any]:
    port = cluster.ports[0]
    return await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))


async def test_idle_connections_are_capped_per_address_and_closed_after_the_deadline(
    cluster: Cluster,
) -> None:
    node = await start_alone(
        cluster, max_connections_per_address=PER_ADDRESS, handshake_timeout_s=HANDSHAKE_S
    )
    idle = [await open_from(cluster, "127.0.0.2") for _ in range(50)]
    reset_at_once = await asyncio.gather(*(is_closed_by_the_other_end(s, 0.5) for s in idle))
    assert sum(not closed for closed in reset_at_once) == PER_ADDRESS
    peer = RawPeer(cluster.url(0), cluster.keys[1], cluster.genesis)
    try:
        await peer.handshake()
        await eventually(lambda: connected(node) == {cluster.keys[1].name}, what="a peer in")
        kept = [s for s, closed in zip(idle, reset_at_once, strict=True) if not closed]
        closed = await asyncio.gather(*(is_closed_by_the_other_end(s, HANDSHAKE_S) for s in kept))
        assert all(closed), "not authenticated within the deadline: closed"
        await asyncio.sleep(0.2)
        assert connected(node) == {cluster.keys[1].name}, "the authenticated peer stays"
    finally:
        await peer.close()


async def test_a_huge_frame_before_the_handshake_is_cut_off_after_a_few_kilobytes(
    cluster: Cluster,
) -> None:
    await start_alone(cluster, max_handshake_bytes=8192)
    reader, writer = await open_from(cluster, "127.0.0.3")
    writer.write(UPGRADE.encode())
    assert (await reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 101")
    frame_size = 60 * 1024 * 1024
    writer.write(bytes([0x82, 0xFF]) + frame_size.to_bytes(8, "big") + bytes(4))
    sent = 0
    with pytest.raises(ConnectionError):
        async with asyncio.timeout(10):
            while sent < frame_size:
                writer.write(bytes(1 << 16))
                await writer.drain()
                sent += 1 << 16
    assert sent < 16 * 1024 * 1024, f"{sent >> 20} MiB of the frame were taken"


async def test_handshakes_waiting_at_once_are_capped(cluster: Cluster) -> None:
    await start_alone(cluster, max_handshakes=6, handshake_timeout_s=HANDSHAKE_S)
    waiting = [await open_from(cluster, f"127.0.0.{10 + n}") for n in range(10)]
    closed = await asyncio.gather(*(is_closed_by_the_other_end(s, 0.5) for s in waiting))
    assert sum(not c for c in closed) == 6


def big_blocks() -> list[list[Entry]]:
    """Eight blocks of 1,000 entries with about 1 KB of meta: 8.6 MB in all."""
    return [
        [
            Entry(bytes([k]) * 32, kind="bulk", meta={"n": str(n), "z": "s" * 990})
            for n in range(1000)
        ]
        for k in range(8)
    ]


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no RssAnon")


async def test_a_peer_asking_for_blocks_without_reading_is_bounded_then_dropped(
    cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    prefill(cluster.data_dir(0) / "ledger", cluster.genesis, cluster.keys, big_blocks())
    node = await start_alone(
        cluster, send_timeout_s=HANDSHAKE_S, get_blocks_per_s=100, sync_answer_bytes=SYNC_ANSWER
    )
    peer = RawPeer(cluster.url(0), cluster.keys[1], cluster.genesis)
    try:
        await peer.handshake()  # and then it never reads
        await eventually(lambda: connected(node) == {cluster.keys[1].name}, what="the peer in")
        before = peak = rss_bytes()
        with caplog.at_level(logging.WARNING, logger="cunzheng.node.p2p.link"):
            for _ in range(60):  # 60 answers would be 120 MB
                if not connected(node):
                    break
                await peer.send(GetBlocks(1, 100))
                await asyncio.sleep(0.05)
                peak = max(peak, rss_bytes())
            await eventually(lambda: connected(node) == set(), 10, "the peer dropped")
        assert "stopped reading" in caplog.text
        # an answer held by the node, its copy in the socket's buffer, and one the peer took
        assert peak - before < 8 * SYNC_ANSWER, f"grew {(peak - before) >> 20} MiB"
    finally:
        await peer.close()


async def test_get_blocks_over_the_rate_are_ignored_and_the_peer_kept(
    cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    prefill(cluster.data_dir(0) / "ledger", cluster.genesis, cluster.keys, [[Entry(bytes(32))]])
    node = await start_alone(cluster, get_blocks_per_s=4)
    peer = RawPeer(cluster.url(0), cluster.keys[1], cluster.genesis)
    try:
        await peer.handshake()
        await eventually(lambda: connected(node) == {cluster.keys[1].name}, what="the peer in")
        answers = 0
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="cunzheng.node.p2p.sync"):
            for _ in range(20):  # each answered before the next is asked: only the rate limits
                await peer.send(GetBlocks(1, 1))
                with contextlib.suppress(TimeoutError):
                    await peer.next_of(Blocks, timeout=0.1)
                    answers += 1
        elapsed = time.monotonic() - started
        assert answers <= 4 + 4 * elapsed + 1, f"{answers} answers in {elapsed:.1f} s"
        assert answers >= 4, "the burst is answered"
        assert "over [p2p] get_blocks_per_s" in caplog.text
        assert connected(node) == {cluster.keys[1].name}, "ignored, not dropped"
    finally:
        await peer.close()


def junk_frames(count: int) -> list[Entries]:
    """`count` full entries messages of distinct minimal entries."""
    return [
        Entries(
            tuple(
                Entry((k * MAX_ENTRIES_PER_MESSAGE + n).to_bytes(32, "big")).encode()
                for n in range(MAX_ENTRIES_PER_MESSAGE)
            )
        )
        for k in range(count)
    ]


async def test_entries_a_peer_relays_are_rate_limited(
    cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    node = await start_alone(cluster, entries_per_s=1000)
    peer = RawPeer(cluster.url(0), cluster.keys[1], cluster.genesis)
    frames = junk_frames(5)
    try:
        await peer.handshake()
        await eventually(lambda: connected(node) == {cluster.keys[1].name}, what="the peer in")
        with caplog.at_level(logging.WARNING, logger="cunzheng.node.p2p.entry_inbox"):
            started = time.monotonic()
            for frame in frames:
                await peer.send(frame)
            await eventually(lambda: len(node.mempool) >= 1000, 10, "a second's worth taken")
            elapsed = time.monotonic() - started
            await asyncio.sleep(0.5)
        taken = len(node.mempool)
        assert taken <= 1000 + 1000 * elapsed, f"{taken} of 50,000 in {elapsed:.1f} s"
        assert "over [p2p] entries_per_s" in caplog.text
        assert connected(node) == {cluster.keys[1].name}, "ignored, not dropped"
    finally:
        await peer.close()


async def test_peers_fill_only_part_of_the_mempool(
    cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    node = await start_alone(cluster, MempoolSection(gossip_capacity=15_000), entries_per_s=0)
    peer = RawPeer(cluster.url(0), cluster.keys[1], cluster.genesis)
    try:
        await peer.handshake()
        await eventually(lambda: connected(node) == {cluster.keys[1].name}, what="the peer in")
        with caplog.at_level(logging.WARNING, logger="cunzheng.node.p2p.entry_inbox"):
            for frame in junk_frames(4):
                await peer.send(frame)  # back to back: the entries still being written count
            await eventually(
                lambda: (
                    "the mempool holds [mempool] gossip_capacity" in caplog.text
                    and len(node.mempool) >= 2 * MAX_ENTRIES_PER_MESSAGE
                ),
                10,
                "two frames taken, the others ignored",
            )
            await asyncio.sleep(0.3)
        assert len(node.mempool) == 2 * MAX_ENTRIES_PER_MESSAGE, "taken while under 15,000"
    finally:
        await peer.close()


async def test_refused_handshakes_are_logged_at_a_bounded_rate(
    cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    await start_alone(cluster)
    keys = notary_keys(1)
    other = make_genesis(keys)
    with caplog.at_level(logging.INFO, logger="cunzheng.node.p2p.gossip"):
        for _ in range(100):
            peer = RawPeer(cluster.url(0), keys[0], other)
            try:
                await peer.connect()
                await peer.send(Hello(other.chain_id, other.hash(), keys[0].public_key, peer.nonce))
                await peer.received()
            finally:
                await peer.close()
    lines = [
        r
        for r in caplog.records
        if r.name == "cunzheng.node.p2p.gossip" and r.levelno >= logging.WARNING
    ]
    assert len(lines) <= 2, f"{len(lines)} lines for 100 refusals"
    assert "refused peer" in lines[0].getMessage()
