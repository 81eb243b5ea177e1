"""The denial-of-service attacks of the hardening soak (tests/node/test_soak_attacks.py), run
together in a process of their own for a given time, as an attacker's machine would.

Each attack is a loop on one asyncio event loop, bounded in connections and rate, on
loopback only, from its own 127.0.0.x address (Linux routes all of 127.0.0.0/8 to the
loopback interface), so that the per-address limits see the attackers as the clients they
are, apart from the test's honest clients on 127.0.0.1. At the end the process puts into a
queue how many times each attack struck.

The attacker shares the machine's cores with the nodes it attacks, as a real one would not,
so each attack goes well past the limit it tests but spends no more CPU than that takes.
"""

import asyncio
import contextlib
import itertools
import multiprocessing
import queue
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp

from cunzheng.ledger.entry import Entry
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.validators import Genesis
from cunzheng.node.p2p.protocol import Entries, GetBlocks, Hello, encode_message
from tests.support.raw_peer import RawPeer

UPGRADE = (
    "GET /v1/p2p HTTP/1.1\r\nHost: node\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
)
HUGE_FRAME = 60 * 1024 * 1024
JUNK_PER_FRAME = 2000  # every 0.25 s


@dataclass(frozen=True)
class AttackPlan:
    """Whom to attack: two nodes' APIs and peer ports, a crowded digest, and the observer key
    the nodes accept (the attacking peer)."""

    api_urls: tuple[str, str]
    peer_urls: tuple[str, str]
    digest: str  # hex of a SHA-256 digest that thousands of committed entries hold
    genesis_text: str  # the consortium's genesis.json
    other_genesis_text: str  # another chain's, for refused handshakes
    observer_name: str
    observer_seed: bytes


def _host_port(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


async def _open(url: str, source: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    host, port = _host_port(url)
    return await asyncio.open_connection(host, port, local_addr=(source, 0))


def _close(connections: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]]) -> None:
    for _, writer in connections:
        writer.transport.abort()
    connections.clear()


async def digest_lookups(plan: AttackPlan, struck: Counter[str]) -> None:
    """20 clients looking up the crowded digest at both nodes, over and over."""
    connector = aiohttp.TCPConnector(local_addr=("127.0.0.2", 0), limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def lookups(url: str) -> None:
            while True:
                with contextlib.suppress(aiohttp.ClientError, OSError):
                    async with session.get(f"{url}/v1/digests/sha256/{plan.digest}") as answer:
                        await answer.read()
                        struck[f"digest lookups answered {answer.status}"] += 1

        await asyncio.gather(*(lookups(plan.api_urls[n % 2]) for n in range(20)))


async def unread_pages(plan: AttackPlan, struck: Counter[str]) -> None:
    """30 connections asking for 100 blocks each and never reading, held for 20 s
    (longer than the send timeout), then opened anew."""
    held: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    try:
        while True:
            for n in range(30):
                with contextlib.suppress(OSError):
                    reader, writer = await _open(plan.api_urls[n % 2], "127.0.0.3")
                    writer.write(b"GET /v1/blocks?from=1&limit=100 HTTP/1.1\r\nHost: n\r\n\r\n")
                    held.append((reader, writer))
                    struck["unread pages asked"] += 1
            await asyncio.sleep(20)
            _close(held)
    finally:
        _close(held)


async def connection_flood(plan: AttackPlan, struck: Counter[str]) -> None:
    """1,000 keep-alive connections from one address, each asking for /healthz,
    held for 3 s, then opened anew."""
    held: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def one(url: str) -> None:
        try:
            reader, writer = await _open(url, "127.0.0.4")
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: n\r\n\r\n")
            held.append((reader, writer))
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 2)
            struck[f"flood connections answered {head.split(b' ')[1].decode()}"] += 1
        except (OSError, asyncio.IncompleteReadError, TimeoutError):
            struck["flood connections reset"] += 1

    try:
        while True:
            for start in range(0, 1000, 100):
                await asyncio.gather(
                    *(one(plan.api_urls[n % 2]) for n in range(start, start + 100))
                )
            await asyncio.sleep(3)
            _close(held)
    finally:
        _close(held)


async def expect_huge_bodies(plan: AttackPlan, struck: Counter[str]) -> None:
    """Announce a 100 MiB body with Expect: 100-continue, 20 times a second."""
    while True:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError, TimeoutError):
            reader, writer = await _open(plan.api_urls[0], "127.0.0.7")
            writer.write(
                b"POST /v1/entries HTTP/1.1\r\nHost: n\r\nContent-Type: application/json\r\n"
                b"Content-Length: 104857600\r\nExpect: 100-continue\r\n\r\n"
            )
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 2)
            struck[f"expect answered {head.split(b' ')[1].decode()}"] += 1
            writer.transport.abort()
        await asyncio.sleep(0.05)


async def idle_peer_sockets(plan: AttackPlan, struck: Counter[str]) -> None:
    """350 idle TCP connections to a peer port, held 6 s (past the handshake
    deadline), then opened anew."""
    held: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    try:
        while True:
            for _ in range(350):
                with contextlib.suppress(OSError):
                    held.append(await _open(plan.peer_urls[0], "127.0.0.5"))
                    struck["idle peer sockets opened"] += 1
            await asyncio.sleep(6)
            _close(held)
    finally:
        _close(held)


async def huge_frames(plan: AttackPlan, struck: Counter[str]) -> None:
    """8 connections sending 60 MiB frames before the handshake, again and again."""

    async def sender() -> None:
        while True:
            sent = 0
            with contextlib.suppress(OSError, asyncio.IncompleteReadError):
                reader, writer = await _open(plan.peer_urls[0], "127.0.0.8")
                writer.write(UPGRADE.encode())
                await reader.readuntil(b"\r\n\r\n")
                writer.write(bytes([0x82, 0xFF]) + HUGE_FRAME.to_bytes(8, "big") + bytes(4))
                while sent < HUGE_FRAME:
                    writer.write(bytes(1 << 16))
                    await writer.drain()
                    sent += 1 << 16
            struck["huge frame bytes sent"] += sent
            await asyncio.sleep(0.5)

    await asyncio.gather(*(sender() for _ in range(8)))


async def refused_handshakes(plan: AttackPlan, struck: Counter[str]) -> None:
    """Handshakes of another chain, 20 a second, to fill the log."""
    other = Genesis.from_file_text(plan.other_genesis_text)
    key = NodeKey.from_seed("stranger", bytes(32))
    connector = aiohttp.TCPConnector(local_addr=("127.0.0.6", 0), limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        while True:
            with contextlib.suppress(aiohttp.ClientError, OSError, TimeoutError):
                async with session.ws_connect(plan.peer_urls[0] + "/v1/p2p") as ws:
                    await ws.receive(timeout=2)
                    nonce = bytes([0x33]) * 32
                    hello = Hello(other.chain_id, other.hash(), key.public_key, nonce)
                    await ws.send_bytes(encode_message(hello))
                    await ws.receive(timeout=2)
                    struck["refused handshakes"] += 1
            await asyncio.sleep(0.05)


async def observer_flood(plan: AttackPlan, struck: Counter[str]) -> None:
    """An authenticated observer asking for 100 blocks every 0.25 s and never
    reading, and relaying 8,000 junk entries a second, eight times what a peer may relay;
    again once it is dropped."""
    genesis = Genesis.from_file_text(plan.genesis_text)
    key = NodeKey.from_seed(plan.observer_name, plan.observer_seed)
    numbers = itertools.count(1 << 40)
    while True:
        peer = RawPeer(plan.peer_urls[1], key, genesis)
        try:
            await peer.handshake()
            struck["observer connections"] += 1
            while True:
                await peer.send(GetBlocks(1, 100))
                junk = tuple(
                    Entry(next(numbers).to_bytes(32, "big")).encode() for _ in range(JUNK_PER_FRAME)
                )
                await peer.send(Entries(junk))
                struck["observer junk entries sent"] += JUNK_PER_FRAME
                await asyncio.sleep(0.25)
        except (aiohttp.ClientError, OSError, AssertionError, TimeoutError):
            struck["observer dropped"] += 1
        finally:
            await peer.close()
        await asyncio.sleep(0.5)


ATTACKS: list[Callable[[AttackPlan, Counter[str]], Awaitable[None]]] = [
    digest_lookups,
    unread_pages,
    connection_flood,
    expect_huge_bodies,
    idle_peer_sockets,
    huge_frames,
    refused_handshakes,
    observer_flood,
]


async def _attack(plan: AttackPlan, seconds: float) -> Counter[str]:
    struck: Counter[str] = Counter()
    tasks = [asyncio.create_task(attack(plan, struck)) for attack in ATTACKS]
    done, _ = await asyncio.wait(tasks, timeout=seconds)
    for task in done:  # an attack that ended early is a broken attack
        struck[f"ended early: {task.get_coro().__name__}: {task.exception()!r}"] += 1
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return struck


def _run(plan: AttackPlan, seconds: float, report: "multiprocessing.Queue[dict[str, int]]") -> None:
    try:
        report.put(dict(asyncio.run(_attack(plan, seconds))))
    except BaseException as err:  # reported, so that a broken attack does not look like a hang
        report.put({f"ended early: the attack process: {err!r}": 1})
        raise


class AttackProcess:
    """Every attack at once, in a child process, for `seconds`."""

    def __init__(self, plan: AttackPlan, seconds: float) -> None:
        context = multiprocessing.get_context("fork")
        self._report: multiprocessing.Queue[dict[str, int]] = context.Queue()
        self._process = context.Process(target=_run, args=(plan, seconds, self._report))

    def start(self) -> None:
        self._process.start()

    def result(self, timeout: float) -> dict[str, int]:
        """How many times each attack struck; waits for the end, at most `timeout` seconds.

        Raises AssertionError when the process reported nothing in that time.
        """
        try:
            struck = self._report.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(
                f"the attack process reported nothing in {timeout:.0f} s "
                f"(alive: {self._process.is_alive()}, exit code: {self._process.exitcode})"
            ) from None
        self._process.join(timeout=10)
        return struck

    def kill(self) -> None:
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
