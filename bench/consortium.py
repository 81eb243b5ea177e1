"""Consortium benchmarks: devnets of 4 and 7 notary processes on 127.0.0.1, clients over
HTTP, peer links over TLS as by default. The notaries inherit this process's environment, so
`CUNZHENG_P2P_TLS=false python -m bench consortium` measures them with plain peer links.

Each figure is one JSON line with its floor, measured in the same run (docs/style.md, "Benchmarks"):

- consortium_<n>_throughput: batches of 1,000 minimal entries (a 32-byte digest, kind "x")
  POSTed as JSON by CLIENTS_PER_NODE closed-loop clients per notary, spread over all of
  them; entries final per second, from the first POST until notary 0's signed checkpoint
  covers them all. Floor: a lone notary (a consortium of one) taking the same load from as
  many clients, in turn with the consortium slice by slice; ratio = consortium / lone
  notary. Target 5,000 entries/s for n = 4.
- consortium_<n>_latency_p50, _p99: batches of LATENCY_BATCH entries offered open-loop at
  half of consortium_<n>_throughput, to the notaries in turn; from the moment a batch's
  POST starts until the client first sees a signed checkpoint of notary 0 that covers the
  entry (polled every node_http.POLL_S). Floor: timeout_commit_ms, the wait after each
  commit; every timeout is listed beside it. Targets for n = 4: p50 ≤ 1 s, p99 ≤ 2.5 s.
- consortium_<n>_idle_blocks: blocks per second with no load (empty blocks, one per
  empty_block_interval_ms), and the CPU seconds per block of all notary processes together
  (user + system, /proc/<pid>/stat). Floor: 1000 / (empty_block_interval_ms +
  timeout_commit_ms), the rate the timeouts allow.

Every process shares the machine: the client (this process, one asyncio loop, one aiohttp
session) and all n notaries. On a 2-core machine the notaries of a consortium of 4 or 7 get
far less than a core each, so the ratio to a lone notary, which does the same per-entry work
once instead of n times, says more than the raw rate. Set CUNZHENG_BENCH_PROFILE=DIR to run
every notary under cProfile (see bench/node_http.py).
"""

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.nodes import (
    BATCH_ENTRIES,
    LATENCY_BATCH,
    START_TIMEOUT_S,
    Client,
    Cluster,
    EntryNumbers,
    alternate,
    batch_bodies,
    commit_slice,
    load_average,
    measure_latency,
)
from bench.report import figure, progress
from tests.support.loopback import LOOPBACK_PARAMS

CLIENTS_PER_NODE = 2
READY_TIMEOUT_S = 60.0


@dataclass(frozen=True, slots=True)
class Sizes:
    """How much work each benchmark does for one consortium size."""

    entries: int  # per slice
    slices: int  # the first one warms up and is not counted
    latency_s: float
    idle_s: float


FULL = {4: Sizes(40_000, 4, 20, 20), 7: Sizes(20_000, 3, 12, 12)}
QUICK = {4: Sizes(10_000, 2, 5, 4), 7: Sizes(5_000, 2, 4, 4)}


def run(quick: bool = False) -> None:
    """Run the consortium benchmarks for 4 and 7 notaries, printing one JSON line per
    figure."""
    plan = QUICK if quick else FULL
    client = Client()
    numbers = EntryNumbers()
    with tempfile.TemporaryDirectory(prefix="cunzheng-bench-consortium-") as tmp:
        root = Path(tmp)
        lone = Cluster.start(root / "lone", 1)
        try:
            client.run(client.wait_ready(lone.urls, "/readyz", lone.check_running, READY_TIMEOUT_S))
            for size, sizes in plan.items():
                bench_consortium(client, root / f"n{size}", size, sizes, lone, numbers)
        finally:
            lone.stop()
            client.close()


def bench_consortium(
    client: Client, root: Path, size: int, sizes: Sizes, lone: Cluster, numbers: EntryNumbers
) -> None:
    """Every figure of one consortium of `size` notaries."""
    progress(f"consortium of {size}: starting {size} notaries")
    cluster = Cluster.start(root, size)
    try:
        check = cluster.check_running
        client.run(client.wait_ready(cluster.urls, "/healthz", check, START_TIMEOUT_S))
        client.run(client.wait_ready(cluster.urls, "/readyz", check, READY_TIMEOUT_S))
        bench_idle(client, cluster, size, sizes.idle_s)
        rate = bench_throughput(client, cluster, size, sizes, lone, numbers)
        client.run(caught_up(client, cluster))
        bench_latency(client, cluster, size, numbers, rate / 2, sizes.latency_s)
        check()
    finally:
        cluster.stop()


async def caught_up(client: Client, cluster: Cluster) -> None:
    """Return once every notary's checkpoint covers what notary 0's covers."""
    size = await client.ledger_size(cluster.urls[0])
    for url in cluster.urls[1:]:
        await client.wait_ledger_size(url, size)


def bench_idle(client: Client, cluster: Cluster, size: int, seconds: float) -> None:
    """consortium_<n>_idle_blocks: empty blocks and their CPU cost, with no load."""
    progress(f"consortium_{size}_idle_blocks: {seconds:.0f} s")
    load = load_average()
    url = cluster.urls[0]
    height, cpu, started = client.run(client.height(url)), cluster.cpu_seconds(), time.monotonic()
    time.sleep(seconds)
    blocks = client.run(client.height(url)) - height
    elapsed, cpu_used = time.monotonic() - started, cluster.cpu_seconds() - cpu
    interval = LOOPBACK_PARAMS["empty_block_interval_ms"] + LOOPBACK_PARAMS["timeout_commit_ms"]
    figure(
        f"consortium_{size}_idle_blocks",
        blocks / elapsed,
        "blocks/s",
        "1000 / (empty_block_interval_ms + timeout_commit_ms): the rate the timeouts allow",
        1000 / interval,
        cpu_s_per_block=round(cpu_used / blocks, 4) if blocks else None,
        cpu_s_per_block_per_node=round(cpu_used / blocks / size, 4) if blocks else None,
        idle_cpu_share=round(cpu_used / elapsed, 3),
        blocks=blocks,
        seconds=round(elapsed, 1),
        notaries=size,
        load_average=load,
    )


def bench_throughput(
    client: Client, cluster: Cluster, size: int, sizes: Sizes, lone: Cluster, numbers: EntryNumbers
) -> float:
    """consortium_<n>_throughput, slice by slice in turn with the lone notary; returns the
    consortium's rate."""
    clients = CLIENTS_PER_NODE * size
    progress(
        f"consortium_{size}_throughput: {sizes.slices} slices of {sizes.entries:,} entries in "
        f"batches of {BATCH_ENTRIES:,}, {clients} clients"
    )
    entries = sizes.entries
    consortium_slices = [batch_bodies(numbers, entries, BATCH_ENTRIES) for _ in range(sizes.slices)]
    lone_slices = [batch_bodies(numbers, entries, BATCH_ENTRIES) for _ in range(sizes.slices)]
    cpu = [0.0, 0.0]  # CPU seconds of the consortium's notaries, of the lone notary

    def consortium(k: int) -> tuple[int, float]:
        before = cluster.cpu_seconds()
        _, seconds = commit_slice(client, cluster, consortium_slices[k], entries, clients)
        if k > 0:
            cpu[0] += cluster.cpu_seconds() - before
        return entries, seconds

    def alone(k: int) -> tuple[int, float]:
        before = lone.cpu_seconds()
        _, seconds = commit_slice(client, lone, lone_slices[k], entries, clients)
        if k > 0:
            cpu[1] += lone.cpu_seconds() - before
        return entries, seconds

    load, client_cpu = load_average(), time.process_time()
    rate, lone_rate = alternate([consortium, alone], sizes.slices)
    counted = entries * (sizes.slices - 1)
    figure(
        f"consortium_{size}_throughput",
        rate,
        "entries/s",
        f"a lone notary taking the same batches from {clients} clients, entries/s committed",
        lone_rate,
        target_value=5_000 if size == 4 else None,
        cpu_us_per_entry=round(1e6 * cpu[0] / counted, 1),
        cpu_us_per_entry_per_node=round(1e6 * cpu[0] / counted / size, 1),
        lone_cpu_us_per_entry=round(1e6 * cpu[1] / counted, 1),
        client_cpu_s=round(time.process_time() - client_cpu, 1),
        entries=counted,
        clients=clients,
        notaries=size,
        retries_503=client.retries,
        load_average=load,
    )
    return rate


def bench_latency(
    client: Client, cluster: Cluster, size: int, numbers: EntryNumbers, rate: float, seconds: float
) -> None:
    """consortium_<n>_latency_p50 and _p99 at `rate` entries/s offered."""
    progress(f"consortium_{size}_latency: {rate:,.0f} entries/s offered for {seconds:.0f} s")
    load = load_average()
    latency = client.run(measure_latency(client, cluster.urls, numbers, rate, seconds))
    targets = {"p50": 1000, "p99": 2500} if size == 4 else {}
    for name, fraction in (("p50", 0.5), ("p99", 0.99)):
        figure(
            f"consortium_{size}_latency_{name}",
            1000 * latency.percentile(fraction),
            "ms",
            "timeout_commit_ms: the wait after each commit, a block interval's lower bound",
            LOOPBACK_PARAMS["timeout_commit_ms"],
            target_value=targets.get(name),
            timeouts_ms=LOOPBACK_PARAMS,
            offered_per_s=round(latency.offered_per_s),
            achieved_per_s=round(latency.achieved_per_s),
            batch_entries=LATENCY_BATCH,
            entries=len(latency.seconds),
            notaries=size,
            load_average=load,
        )
