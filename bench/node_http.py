"""Node benchmarks over HTTP: one real node process on 127.0.0.1, driven by an aiohttp client.

Each figure is one JSON line with its floor, measured in the same run (STYLE.md §8):

- node_batch_commit: batches of 1,000 minimal entries (a 32-byte digest, kind "x") POSTed
  as JSON by BATCH_CLIENTS closed-loop clients; entries committed per second, from the first
  POST until the ledger holds them all (the drain of the last block included). Floor: the
  same bodies POSTed the same way to a bare aiohttp server in its own process that reads the
  body, parses it with json.loads and answers 202 echoing it back (a response as large as
  the node's), requests/s × 1,000. Target 20,000 entries/s.
- node_single_post: one entry per POST from SINGLE_CLIENTS closed-loop clients; entries
  acknowledged (202 with a signed receipt) per second. Floor: the bare server, requests/s.
  Target 4,000/s.
- node_commit_latency_p50, node_commit_latency_p99: batches of LATENCY_BATCH entries offered
  open-loop at half of node_batch_commit's rate; from the moment a batch's POST starts until
  the client first sees a signed checkpoint whose size covers the entry (GET /v1/checkpoint
  polled every POLL_S). Floor: the genesis timeout_commit_ms, the wait after each commit that
  bounds a block's interval from below.

Node and floor run in turn, slice by slice (bench.report.interleaved_rates). The client is
this process: one asyncio loop with one aiohttp session. The machine this was written for
has 2 cores, so the node process has one and the client the other; the floor server runs
the same way. Set CUNZHENG_BENCH_PROFILE=DIR to run every node under cProfile (DIR/<name>.prof,
written when the node stops). The rest of this module is the harness bench/consortium.py
shares: node homes, processes, CPU time from /proc, and the asyncio clients.
"""

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import TypeVar

import aiohttp
from aiohttp import web

from bench.chain import MINIMAL_KIND, minimal_entry, notary_keys
from bench.report import figure, progress
from ledger.keys import write_key_file
from ledger.validators import Genesis, Validator, ValidatorSet
from node.config import render_config

REPO = Path(__file__).resolve().parent.parent
PROFILE_ENV = "CUNZHENG_BENCH_PROFILE"
# The consensus parameters of tests/processes.py: short timeouts for a loopback consortium.
PARAMS = {
    "timeout_propose_ms": 1000,
    "timeout_propose_delta_ms": 200,
    "timeout_prevote_ms": 500,
    "timeout_prevote_delta_ms": 200,
    "timeout_precommit_ms": 500,
    "timeout_precommit_delta_ms": 200,
    "timeout_commit_ms": 50,
    "empty_block_interval_ms": 2000,
    "precision_ms": 500,
    "message_delay_ms": 2000,
}
NODE_ENV = {
    "CUNZHENG_LIMITS_RATE_PER_S": "0",  # every client is 127.0.0.1: one bucket for all
    "PYTHONUNBUFFERED": "1",
}
JSON_HEADERS = {"Content-Type": "application/json"}
BATCH_ENTRIES = 1_000
BATCH_CLIENTS = 4
SINGLE_CLIENTS = 32
LATENCY_BATCH = 100
POLL_S = 0.005
START_TIMEOUT_S = 30.0
COMMIT_TIMEOUT_S = 120.0
RETRY_S = 0.02  # after a 503 (mempool full)
CLK_TCK = os.sysconf("SC_CLK_TCK")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Sizes:
    """How much work each benchmark does."""

    batch_entries: int  # per slice
    batch_slices: int  # the first one warms up and is not counted
    single_posts: int  # per slice
    single_slices: int
    latency_s: float


FULL = Sizes(
    batch_entries=60_000, batch_slices=5, single_posts=6_000, single_slices=5, latency_s=20
)
QUICK = Sizes(
    batch_entries=20_000, batch_slices=3, single_posts=2_000, single_slices=3, latency_s=6
)


# Homes and processes ------------------------------------------------------------------------


def free_ports(count: int) -> list[int]:
    """`count` distinct TCP ports that were free on 127.0.0.1 a moment ago."""
    sockets = []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def write_homes(root: Path, count: int, params: dict[str, int]) -> tuple[list[Path], list[str]]:
    """Homes of a consortium of `count` notaries (bench.chain's fixed keys, power 1 each),
    every one a peer of every other; returns the homes and their API URLs."""
    keys = notary_keys(count)
    validators = ValidatorSet.of([Validator(key.name, key.public_key, 1) for key in keys])
    genesis = Genesis(f"bench-{count}", time.time_ns() // 1_000_000, validators, dict(params))
    ports = free_ports(2 * count)
    homes, urls = [], []
    for index, key in enumerate(keys):
        home = root / key.name
        home.mkdir(parents=True)
        peers = [f"http://127.0.0.1:{ports[count + i]}" for i in range(count) if i != index]
        api, p2p = f"127.0.0.1:{ports[index]}", f"127.0.0.1:{ports[count + index]}"
        (home / "config.toml").write_text(render_config(api, p2p, peers), "utf-8")
        write_key_file(home / "node_key.json", key)
        (home / "genesis.json").write_text(genesis.to_file_text(), "utf-8")
        homes.append(home)
        urls.append(f"http://{api}")
    return homes, urls


def start_node(home: Path) -> subprocess.Popen[bytes]:
    """`cunzheng node --home HOME` as a child process, its output in HOME/node.log; under
    cProfile when CUNZHENG_BENCH_PROFILE names a directory."""
    command = [sys.executable, "-m", "cli", "node", "--home", str(home)]
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
    def start(cls, root: Path, count: int, params: dict[str, int] = PARAMS) -> "Cluster":
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


# The floor server -----------------------------------------------------------------------------


async def _echo(request: web.Request) -> web.Response:
    body = await request.read()
    json.loads(body)
    return web.Response(status=202, body=body, content_type="application/json")


async def _healthz(request: web.Request) -> web.Response:
    return web.Response(text="ok")


def serve_floor(port: int) -> None:
    """The bare aiohttp server of the floors: POST /v1/entries parses the JSON body and
    answers 202 echoing it; GET /healthz answers. Runs until SIGTERM."""
    app = web.Application(client_max_size=8 * 1024 * 1024)
    app.router.add_post("/v1/entries", _echo)
    app.router.add_get("/healthz", _healthz)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


def start_floor() -> tuple[subprocess.Popen[bytes], str]:
    """The floor server in its own process; returns it and its URL."""
    port = free_ports(1)[0]
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.node_http", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


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
        self.loop = asyncio.new_event_loop()
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


# The benchmarks ---------------------------------------------------------------------------------


def run(quick: bool = False) -> None:
    """Run every single-node benchmark, printing one JSON line per figure."""
    sizes = QUICK if quick else FULL
    client = Client()
    floor_process, floor_url = start_floor()
    with tempfile.TemporaryDirectory(prefix="cunzheng-bench-node-") as tmp:
        cluster = Cluster.start(Path(tmp), 1)
        try:
            check = cluster.check_running
            client.run(client.wait_ready(cluster.urls, "/healthz", check, START_TIMEOUT_S))
            client.run(client.wait_ready([floor_url], "/healthz", lambda: None, START_TIMEOUT_S))
            numbers = EntryNumbers()
            batch_rate = bench_batches(client, cluster, floor_url, numbers, sizes)
            bench_single(client, cluster, floor_url, numbers, sizes)
            bench_latency(client, cluster, numbers, batch_rate / 2, sizes.latency_s)
        finally:
            cluster.stop()
            stop_processes([floor_process])
            client.close()


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


def floor_slice(client: Client, url: str, bodies: Sequence[bytes], clients: int) -> float:
    """Seconds to POST `bodies` to the floor server with `clients` workers."""
    started = time.perf_counter()
    client.run(client.post_all([url], bodies, clients))
    return time.perf_counter() - started


def bench_batches(
    client: Client, cluster: Cluster, floor_url: str, numbers: EntryNumbers, sizes: Sizes
) -> float:
    """node_batch_commit, slice by slice in turn with the floor server; returns its rate."""
    progress(
        f"node_batch_commit: {sizes.batch_slices} slices of {sizes.batch_entries:,} entries "
        f"in batches of {BATCH_ENTRIES:,}, {BATCH_CLIENTS} clients"
    )
    entries = sizes.batch_entries
    slices = [batch_bodies(numbers, entries, BATCH_ENTRIES) for _ in range(sizes.batch_slices)]
    acknowledged = [0.0]  # seconds to the last 202, over the counted slices
    cpu = [0.0]  # node CPU seconds over the counted slices
    pid = cluster.processes[0].pid

    def node(k: int) -> tuple[int, float]:
        before = cpu_seconds(pid)
        acked, committed = commit_slice(client, cluster, slices[k], entries, BATCH_CLIENTS)
        if k > 0:
            acknowledged[0] += acked
            cpu[0] += cpu_seconds(pid) - before
        return entries, committed

    def floor(k: int) -> tuple[int, float]:
        return entries, floor_slice(client, floor_url, slices[k], BATCH_CLIENTS)

    load, client_cpu = load_average(), time.process_time()
    rate, floor_rate = alternate([node, floor], sizes.batch_slices)
    counted = entries * (sizes.batch_slices - 1)
    figure(
        "node_batch_commit",
        rate,
        "entries/s",
        f"bare aiohttp server (own process): POST of the same {BATCH_ENTRIES:,}-entry JSON "
        f"bodies, json.loads, 202 echoing the body; requests/s × {BATCH_ENTRIES:,}",
        floor_rate,
        target_value=20_000,
        acknowledged_per_s=round(counted / acknowledged[0]),
        node_cpu_us_per_entry=round(1e6 * cpu[0] / counted, 1),
        node_cpu_share=round(cpu[0] * rate / counted, 2),
        client_cpu_s=round(time.process_time() - client_cpu, 1),
        entries=counted,
        clients=BATCH_CLIENTS,
        retries_503=client.retries,
        load_average=load,
    )
    return rate


def bench_single(
    client: Client, cluster: Cluster, floor_url: str, numbers: EntryNumbers, sizes: Sizes
) -> None:
    """node_single_post, slice by slice in turn with the floor server."""
    progress(
        f"node_single_post: {sizes.single_slices} slices of {sizes.single_posts:,} POSTs, "
        f"{SINGLE_CLIENTS} clients"
    )
    posts = sizes.single_posts
    slices = [[single_body(n) for n in numbers.take(posts)] for _ in range(sizes.single_slices)]
    committed = [0.0]
    cpu = [0.0]
    pid = cluster.processes[0].pid

    def node(k: int) -> tuple[int, float]:
        before = cpu_seconds(pid)
        acked, done = commit_slice(client, cluster, slices[k], posts, SINGLE_CLIENTS)
        if k > 0:
            committed[0] += done
            cpu[0] += cpu_seconds(pid) - before
        return posts, acked

    def floor(k: int) -> tuple[int, float]:
        return posts, floor_slice(client, floor_url, slices[k], SINGLE_CLIENTS)

    load, client_cpu = load_average(), time.process_time()
    rate, floor_rate = alternate([node, floor], sizes.single_slices)
    counted = posts * (sizes.single_slices - 1)
    figure(
        "node_single_post",
        rate,
        "entries/s",
        "bare aiohttp server (own process): POST of the same one-entry JSON bodies, json.loads, "
        "202 echoing the body; requests/s",
        floor_rate,
        target_value=4_000,
        note="value counts POSTs answered 202 with a signed receipt, up to the last answer",
        committed_per_s=round(counted / committed[0]),
        node_cpu_us_per_post=round(1e6 * cpu[0] / counted, 1),
        client_cpu_s=round(time.process_time() - client_cpu, 1),
        clients=SINGLE_CLIENTS,
        load_average=load,
    )


def bench_latency(
    client: Client, cluster: Cluster, numbers: EntryNumbers, rate: float, duration: float
) -> None:
    """node_commit_latency_p50 and _p99 at `rate` entries/s offered."""
    progress(f"node_commit_latency: {rate:,.0f} entries/s offered for {duration:.0f} s")
    load = load_average()
    latency = client.run(measure_latency(client, cluster.urls, numbers, rate, duration))
    floor_ms = PARAMS["timeout_commit_ms"]
    for name, fraction in (("p50", 0.5), ("p99", 0.99)):
        figure(
            f"node_commit_latency_{name}",
            1000 * latency.percentile(fraction),
            "ms",
            "timeout_commit_ms: the wait after each commit, a block interval's lower bound",
            floor_ms,
            offered_per_s=round(latency.offered_per_s),
            achieved_per_s=round(latency.achieved_per_s),
            batch_entries=LATENCY_BATCH,
            entries=len(latency.seconds),
            poll_ms=1000 * POLL_S,
            load_average=load,
        )


if __name__ == "__main__":
    serve_floor(int(sys.argv[1]))
