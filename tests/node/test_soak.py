"""Soak (slow marker, about 10 minutes): a 4-notary consortium under steady load, one node
killed and restarted every minute; at the end every acknowledged entry is committed exactly
once on every node, all nodes hold identical blocks, and memory stayed flat."""

import os
import random
import time
from pathlib import Path

import pytest

from tests.support.consortium import COUNT, Consortium, Submitter
from tests.support.processes import eventually

SOAK_SECONDS = int(os.environ.get("CUNZHENG_SOAK_SECONDS", "540"))
KILL_EVERY_S = 60


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for process {pid}")


@pytest.mark.slow
def test_consortium_under_load_with_a_node_killed_every_minute(tmp_path: Path) -> None:
    rng = random.Random(11)
    consortium = Consortium(tmp_path)
    consortium.start()
    writers: list[Submitter] = []
    try:
        eventually(lambda: all(consortium.ready(i) for i in range(COUNT)), 30, "all ready")
        writers = [Submitter(url, 1_000_000 * (n + 1)) for n, url in enumerate(consortium.urls)]
        for writer in writers:
            writer.start()
        time.sleep(30)  # warm-up before the first memory reading
        baseline = {n: _rss_kib(p.pid) for n, p in consortium.processes.items()}
        started = time.monotonic()
        while time.monotonic() - started < SOAK_SECONDS:
            time.sleep(KILL_EVERY_S)
            victim = rng.randrange(COUNT)
            consortium.kill(victim)
            time.sleep(rng.uniform(1, 5))
            consortium.start(victim)
            baseline[victim] = max(baseline[victim], _rss_kib(consortium.processes[victim].pid))
        acknowledged = consortium.halt_and_settle(writers)
        height = min(consortium.status(n)["height"] for n in range(COUNT))
        assert len({tuple(consortium.block_hashes(n, height)) for n in range(COUNT)}) == 1
        for n in range(COUNT):
            committed = consortium.committed_ids(n)
            assert len(committed) == len(set(committed)), f"node {n} committed an entry twice"
            assert not acknowledged - set(committed), f"node {n} lost acknowledged entries"
        for n, process in consortium.processes.items():
            grown = _rss_kib(process.pid) / baseline[n]
            assert grown < 2.0, f"node {n} memory grew {grown:.1f}x during the soak"
    finally:
        for writer in writers:
            writer.halt.set()
        consortium.stop()
