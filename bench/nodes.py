"""Real node processes for benchmarks, and the asyncio client that drives them over HTTP.

Homes are written by tests.support.loopback.loopback_consortium, as for the tests: the keys of
bench.chain, a genesis of the current time with LOOPBACK_PARAMS, every notary a peer of every
other, all on 127.0.0.1. Nodes run as `cunzheng node` child processes with the per-client
rate limit off (every benchmark client is 127.0.0.1, one bucket for all). Set
CUNZHENG_BENCH_PROFILE=DIR to run every node under cProfile: DIR/<name>-….prof, written when
the node stops. CPU time comes from /proc/<pid>/stat.

The client is one asyncio loop with one aiohttp session in the benchmark process, driven
from synchronous benchmark code (Client.run). Entries are bench.chain's minimal entries,
each number used once, so that no entry is submitted twice.
"""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import TypeVar

import aiohttp
import uvloop

from bench.chain import MINIMAL_KIND, minimal_entry, notary_keys
from cunzheng.ledger.validators import Genesis, Validator, ValidatorSet
from tests.support.loopback import LOOPBACK_PARAMS, loopback_consortium

REPO = Path(__file__).resolve().parent.parent
PROFILE_ENV = "CUNZHENG_BENCH_PROFILE"
NODE_ENV = {
    "CUNZHENG_LIMITS_RATE_PER_S": "0",  # every client is 127.0.0.1: one bucket for all
    "PYTHONUNBUFFERED": "1",
}
JSON_HEADERS = {"Content-Type": "application/json"}
BATCH_ENTRIES = 1_000  # entries per batch POST
LATENCY_BATCH = 100  # entries per POST when latency is measured
POLL_S = 0.005
START_TIMEOUT_S = 30.0
COMMIT_TIMEOUT_S = 120.0
RETRY_S = 0.02  # after a 503 (mempool full)
CLK_TCK = os.sysconf("SC_CLK_TCK")
T = TypeVar("T")

# Homes and processes ------------------------------------------------------------------------


def write_homes(root: Path, count: int, params: dict[str, int]) -> tuple[list[Path], list[str]]:
    """Homes of a consortium of `count` notaries (bench.chain's fixed keys, power 1 each),
    every one a peer of every other; returns the homes and their API URLs."""
    keys = notary_keys(count)
    validators = ValidatorSet.of([Validator(key.name, key.public_key, 1) for key in keys])
    genesis = Genesis(f"bench-{count}", time.time_ns() // 1_000_000, validators, dict(params))
    return loopback_consortium(root, keys, genesis)


def start_node(home: Path) -> subprocess.Popen[bytes]:
    """`cunzheng node --home HOME` as a child process, its output in HOME/node.log; under
    cProfile when CUNZHENG_BENCH_PROFILE names a directory."""
    command = [sys.executable, "-m", "cunzheng.cli", "node", "--home", str(home)]
    profile_dir = os.environ.get(PROFILE_ENV)
    if profile_dir:
        out = Path(profile_dir) / f"{home.name}-{os.getpid()}-{time.monotonic_ns()}.prof"
        command[1:1] = ["-m", "cProfile", "-o", str(out)]
    with (home / "node.log").open("ab") as log:
        return subprocess.Popen(
            command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **NODE_ENV}
        )


def stop_processes(processes: Sequence[subprocess.Popen[bytes]]) -> None:
    """SIGTERM each of our processes, then SIGKILL those not gone within 15 s."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of process `pid` so far (proc(5), fields 14 and 15)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def load_average() -> float:
    """The 1-minute load average, reported beside each figure."""
    return round(os.getloadavg()[0], 2)


@dataclass
class Cluster:
    """Node processes of one consortium and their API URLs."""

    homes: list[Path]
    urls: list[str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @classmethod
    def start(cls, root: Path, count: int, params: dict[str, int] = LOOPBACK_PARAMS) -> "Cluster":
        """Write homes under `root` and start `count` nodes (not yet waited for)."""
        homes, urls = write_homes(root, count, params)
        return cls(homes, urls, [start_node(home) for home in homes])

    def cpu_seconds(self) -> float:
        """CPU seconds of every node process so far."""
        return sum(cpu_seconds(process.pid) for process in self.processes)

    def stop(self) -> None:
        """Stop every node process."""
        stop_processes(self.processes)

    def check_running(self) -> None:
        """Raise if a node exited, naming its log."""
        for home, process in zip(self.homes, self.processes, strict=True):
            if process.poll() is not None:
                raise RuntimeError(f"node exited with {process.returncode}; see {home}/node.log")


# Entries and request bodies -------------------------------------------------------------------


class EntryNumbers:
    """Fresh entry numbers: each number is one minimal entry, so none is submitted twice."""

    def __init__(self, first: int = 0) -> None:
        self._next = first

    def take(self, count: int) -> range:
        """The next `count` numbers."""
        first, self._next = self._next, self._next + count
        return range(first, first + count)


def _entry_json(number: int) -> str:
    digest = sha256(number.to_bytes(8, "big")).hexdigest()  # as bench.chain.minimal_entry
    return f'{{"digest":"{digest}","kind":"{MINIMAL_KIND}"}}'


def batch_body(numbers: range) -> bytes:
    """The JSON body of a batch POST of these minimal entries."""
    return ('{"entries":[' + ",".join(map(_entry_json, numbers)) + "]}").encode()


def single_body(number: int) -> bytes:
    """The JSON body of a single-entry POST."""
    return _entry_json(number).encode()


def batch_bodies(numbers: EntryNumbers, entries: int, per_batch: int) -> list[bytes]:
    """Bodies of `entries` fresh entries in batches of `per_batch`."""
    return [batch_body(numbers.take(per_batch)) for _ in range(entries // per_batch)]


def entry_ids(numbers: range) -> list[bytes]:
    """Entry ids (leaf hashes) of these minimal entries, as the node computes them."""
    return [minimal_entry(number).leaf_hash() for number in numbers]


# The client -------------------------------------------------------------------------------------


class Client:
    """An asyncio loop and one aiohttp session, driven from synchronous benchmark code."""

    def __init__(self) -> None:
        self.loop = uvloop.new_event_loop()  # the loop the nodes run on
        self.session = self.run(self._session())
        self.retries = 0  # 503 answers (mempool full), retried after RETRY_S

    async def _session(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(limit=0)
        return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(60))

    def run(self, coroutine: Awaitable[T]) -> T:
        """Run `coroutine` on the client's loop to completion."""
        return self.loop.run_until_complete(coroutine)

    def close(self) -> None:
        """Close the session and the loop."""
        self.run(self.session.close())
        self.loop.close()

    async def post(self, url: str, body: bytes) -> None:
        """POST a body to /v1/entries until it is answered 202 (503 is retried)."""
        while True:
            async with self.session.post(
                url + "/v1/entries", data=body, headers=JSON_HEADERS
            ) as response:
                text = await response.read()
                if response.status == 202:
                    return
                if response.status != 503:
                    raise RuntimeError(f"{url} answered {response.status}: {text[:300]!r}")
            self.retries += 1
            await asyncio.sleep(RETRY_S)

    async def post_all(self, urls: Sequence[str], bodies: Sequence[bytes], clients: int) -> None:
        """POST every body with `clients` closed-loop workers; worker w sends to
        urls[w % len(urls)]."""
        pending: Iterator[bytes] = iter(bodies)

        async def worker(index: int) -> None:
            url = urls[index % len(urls)]
            for body in pending:  # shared: each body is taken by one worker
                await self.post(url, body)

        await asyncio.gather(*(worker(index) for index in range(clients)))

    async def ledger_size(self, url: str) -> int:
        """The tree size of the node's latest signed checkpoint (0 before the first block)."""
        async with self.session.get(url + "/v1/checkpoint") as response:
            text = await response.text()
            if response.status == 404:
                return 0
            if response.status != 200:
                raise RuntimeError(f"{url}/v1/checkpoint answered {response.status}")
        return int(text.split("\n", 2)[1])

    async def wait_ledger_size(
        self, url: str, size: int, timeout: float = COMMIT_TIMEOUT_S
    ) -> float:
        """Poll until the node's checkpoint covers `size` entries; return perf_counter then."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if await self.ledger_size(url) >= size:
                return time.perf_counter()
            await asyncio.sleep(POLL_S)
        raise TimeoutError(f"{url} did not reach ledger size {size} in {timeout:.0f} s")

    async def wait_ready(
        self, urls: Sequence[str], path: str, check: Callable[[], None], timeout: float
    ) -> None:
        """Return once every URL answers GET `path` with 200; `check` raises if a process
        died."""
        deadline = time.monotonic() + timeout
        for url in urls:
            while True:
                check()
                try:
                    async with self.session.get(url + path) as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url}{path} did not answer 200 in {timeout:.0f} s")
                await asyncio.sleep(0.05)

    async def blocks_ids(self, url: str, first_height: int) -> list[bytes]:
        """Entry ids of every committed block from `first_height` on, in ledger order."""
        ids: list[bytes] = []
        height = first_height
        while True:
            async with self.session.get(
                url + "/v1/blocks", params={"from": height, "limit": 20}
            ) as response:
                blocks = (await response.json())["blocks"]
            if not blocks:
                return ids
            for block in blocks:
                ids.extend(bytes.fromhex(entry_id) for entry_id in block["ids"])
            height = blocks[-1]["height"] + 1

    async def height(self, url: str) -> int:
        """The node's committed height."""
        async with self.session.get(url + "/v1/status") as response:
            return int((await response.json())["height"])


def alternate(works: Sequence[Callable[[int], tuple[int, float]]], slices: int) -> list[float]:
    """Operations per second of each of `works`, run in turn slice by slice.

    As bench.report.interleaved_rates, but `work(k)` times itself and returns (operations,
    seconds), so that it can leave its setup and its waits out. Slice 0 warms up and is not
    counted.
    """
    counts, seconds = [0] * len(works), [0.0] * len(works)
    for k in range(slices):
        order = range(len(works)) if k % 2 == 0 else reversed(range(len(works)))
        for position in order:
            count, elapsed = works[position](k)
            if k > 0:
                counts[position] += count
                seconds[position] += elapsed
    return [count / elapsed for count, elapsed in zip(counts, seconds, strict=True)]


# Latency at a fixed offered load ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Latency:
    """Submit→committed latencies of every entry of a run, in seconds."""

    seconds: list[float]
    offered_per_s: float
    achieved_per_s: float

    def percentile(self, fraction: float) -> float:
        """The latency below which `fraction` of the entries fell."""
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def measure_latency(
    client: Client, urls: Sequence[str], numbers: EntryNumbers, rate: float, duration: float
) -> Latency:
    """Offer batches of LATENCY_BATCH fresh entries open-loop at `rate` entries/s, spread
    over `urls` in turn, for `duration` seconds; time each entry from its POST's start to the
    first checkpoint of urls[0] that covers it."""
    watch = urls[0]
    start_size = await client.ledger_size(watch)
    start_height = await client.height(watch)
    interval = LATENCY_BATCH / rate
    batches = max(1, int(duration / interval))
    bodies, ids = [], []
    for _ in range(batches):
        numbers_of_batch = numbers.take(LATENCY_BATCH)
        bodies.append(batch_body(numbers_of_batch))
        ids.append(entry_ids(numbers_of_batch))
    sent_at: list[float] = [0.0] * batches
    sizes: list[tuple[float, int]] = []  # (perf_counter, ledger size) whenever it grew
    done = asyncio.Event()

    async def poll() -> None:
        last = start_size
        while not done.is_set():
            size = await client.ledger_size(watch)
            if size > last:
                sizes.append((time.perf_counter(), size))
                last = size
            await asyncio.sleep(POLL_S)

    async def send(index: int) -> None:
        sent_at[index] = time.perf_counter()
        await client.post(urls[index % len(urls)], bodies[index])

    poller = asyncio.create_task(poll())
    started = time.perf_counter()
    sends = []
    for index in range(batches):
        delay = started + index * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        sends.append(asyncio.create_task(send(index)))
    await asyncio.gather(*sends)
    finished = await client.wait_ledger_size(watch, start_size + batches * LATENCY_BATCH)
    await asyncio.sleep(2 * POLL_S)
    done.set()
    await poller
    final = start_size + batches * LATENCY_BATCH
    if not sizes or sizes[-1][1] < final:  # the poller stopped before it saw the last one
        sizes.append((finished, final))
    order = await client.blocks_ids(watch, start_height + 1)
    leaf_of = {entry_id: start_size + offset for offset, entry_id in enumerate(order)}
    seconds = []
    for index, batch_ids in enumerate(ids):
        for entry_id in batch_ids:
            leaf = leaf_of[entry_id]
            seen = next(at for at, size in sizes if size > leaf)
            seconds.append(seen - sent_at[index])
    achieved = batches * LATENCY_BATCH / (finished - started)
    return Latency(seconds, batches * LATENCY_BATCH / (batches * interval), achieved)


def commit_slice(
    client: Client, cluster: Cluster, bodies: Sequence[bytes], entries: int, clients: int
) -> tuple[float, float]:
    """POST `bodies` (holding `entries` entries) to the cluster's nodes with `clients`
    workers and wait until urls[0] has committed them all; return the seconds from the first
    POST to the last 202, and to the commit."""

    async def work() -> tuple[float, float]:
        start = await client.ledger_size(cluster.urls[0])
        started = time.perf_counter()
        await client.post_all(cluster.urls, bodies, clients)
        acknowledged = time.perf_counter()
        committed = await client.wait_ledger_size(cluster.urls[0], start + entries)
        return acknowledged - started, committed - started

    return client.run(work())
