"""Node benchmarks over HTTP: one real node process on 127.0.0.1, driven by an aiohttp client.

Each figure is one JSON line with its floor, measured in the same run (docs/style.md, "Benchmarks"):

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

Node and floor run in turn, slice by slice (bench.nodes.alternate), so that both see the
same moments of a shared machine; the first slice of each warms up and is not counted. The
single-POST slices are timed to the last 202 (the wait for their commit is reported apart),
the batch slices to the commit. The client is this process, one asyncio loop with one
aiohttp session (bench/nodes.py); on the 2-core machine this was written for, the node
process has one core and the client the other, and so has the floor server in its turn.
Each figure also reports the node's CPU time per entry and the load average when it began.
"""

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import uvloop
from aiohttp import web

from bench.nodes import (
    BATCH_ENTRIES,
    LATENCY_BATCH,
    POLL_S,
    REPO,
    START_TIMEOUT_S,
    Client,
    Cluster,
    EntryNumbers,
    alternate,
    batch_bodies,
    commit_slice,
    cpu_seconds,
    load_average,
    measure_latency,
    single_body,
    stop_processes,
)
from bench.report import figure, progress
from tests.support.loopback import LOOPBACK_PARAMS, free_ports

BATCH_CLIENTS = 4
SINGLE_CLIENTS = 32


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
    batch_entries=20_000, batch_slices=2, single_posts=2_000, single_slices=2, latency_s=5
)


# The floor server -----------------------------------------------------------------------------


async def _echo(request: web.Request) -> web.Response:
    body = await request.read()
    json.loads(body)
    return web.Response(status=202, body=body, content_type="application/json")


async def _healthz(request: web.Request) -> web.Response:
    return web.Response(text="ok")


def serve_floor(port: int) -> None:
    """The bare aiohttp server of the floors, on uvloop as a node is: POST /v1/entries
    parses the JSON body and answers 202 echoing it; GET /healthz answers. Runs until
    SIGTERM."""
    app = web.Application(client_max_size=8 * 1024 * 1024)
    app.router.add_post("/v1/entries", _echo)
    app.router.add_get("/healthz", _healthz)
    web.run_app(
        app,
        host="127.0.0.1",
        port=port,
        access_log=None,
        print=None,
        loop=uvloop.new_event_loop(),  # as `cunzheng node` runs
    )


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
    floor_ms = LOOPBACK_PARAMS["timeout_commit_ms"]
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
