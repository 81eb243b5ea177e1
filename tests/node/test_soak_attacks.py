"""Soak under attack (slow marker, about two minutes): a 4-notary consortium of real node
processes takes every denial-of-service attack of the hardening at once for 60 s
(tests/support/attacks.py: crowded-digest lookups, unread pages, a connection flood from one
address, idle and oversized pre-handshake peer connections, refused handshakes, an observer
asking for blocks without reading and relaying junk, huge bodies announced with Expect),
while honest clients submit to every node. Blocks commit throughout, 99% of acknowledged
entries commit within 3 s, no node's memory reaches 1 GiB, and nothing acknowledged is
lost. The nodes run with the default limits but one, RELAYED_PER_S. The figures are
printed (run with -s to see them)."""

import http.client
import json
import os
import threading
import time
from pathlib import Path

import pytest

from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.validators import Validator
from cunzheng.node.config import load_config
from tests.support.attacks import AttackPlan, AttackProcess
from tests.support.chain_factory import make_genesis, notary_keys
from tests.support.consortium import COUNT, Consortium, Submitter
from tests.support.processes import eventually, http_json

SOAK_SECONDS = int(os.environ.get("CUNZHENG_ATTACK_SOAK_SECONDS", "60"))
CROWDED_DIGEST = "c0" * 32
OBSERVER = NodeKey.from_seed("observer-x", bytes([7] * 32))
MAX_RSS_BYTES = 1 << 30
MAX_P99_S = 3.0
MAX_BLOCK_GAP_S = 5.0  # empty blocks come every 2 s (LOOPBACK_PARAMS)
CLIENT_PAUSE_S = 0.2  # each node's client: 20 entries every 0.2 s, about 400 a second in all
# A deployed notary has a machine of its own; here four nodes and the attacker share the test
# machine's cores, so each node may take from a peer a quarter of the default [p2p]
# entries_per_s (1,000): what one peer relays costs every validator its decoding and storing.
RELAYED_PER_S = "250"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
WATCH_SOURCE = "127.0.0.9"  # the watcher's own address: its own client, not an attacker's


class Watcher(threading.Thread):
    """Every 0.05 s, one node's height (when each was first seen) and its memory; one thread
    per node, so that a node slow to answer delays no other's figures."""

    def __init__(self, consortium: Consortium, index: int) -> None:
        super().__init__(daemon=True)
        self.url, self.pid = consortium.urls[index], consortium.processes[index].pid
        self.first_seen: dict[int, float] = {}
        self.peak_rss = 0
        self.cpu_s = 0.0
        self.halt = threading.Event()

    def _height(self) -> int | None:
        host, port = self.url.removeprefix("http://").rsplit(":", 1)
        connection = http.client.HTTPConnection(
            host, int(port), timeout=2, source_address=(WATCH_SOURCE, 0)
        )
        try:
            connection.request("GET", "/v1/status")
            answer = connection.getresponse()
            return int(json.loads(answer.read())["height"]) if answer.status == 200 else None
        except (OSError, ValueError):
            return None
        finally:
            connection.close()

    def run(self) -> None:
        while not self.halt.is_set():
            height = self._height()
            if height is not None:
                self.first_seen.setdefault(height, time.monotonic())
            status = Path(f"/proc/{self.pid}/status").read_text()
            rss = next(int(line.split()[1]) for line in status.splitlines() if "VmRSS" in line)
            self.peak_rss = max(self.peak_rss, rss * 1024)
            stat = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            self.cpu_s = (int(stat[11]) + int(stat[12])) / CLOCK_TICKS  # utime, stime
            time.sleep(0.05)


def _crowd_the_digest(consortium: Consortium) -> None:
    """20 batches of 1,000 entries with one digest and 1 KB of meta each, committed."""
    for batch in range(20):
        entries = [
            {
                "digest": CROWDED_DIGEST,
                "kind": "crowd",
                "meta": {"n": f"{batch}-{n}", "z": "q" * 990},
            }
            for n in range(1000)
        ]
        code, answer = http_json(f"{consortium.urls[0]}/v1/entries", {"entries": entries}, 30)
        assert code == 202, answer
    eventually(
        lambda: (
            consortium.status(0)["ledger_size"] >= 20_000
            and consortium.status(0)["mempool_size"] == 0
        ),
        120,
        "the crowded digest committed",
    )


def _plan(consortium: Consortium) -> AttackPlan:
    peers = [load_config(home / "config.toml", {}).p2p.listen for home in consortium.homes]
    other = make_genesis(notary_keys(1))
    return AttackPlan(
        api_urls=(consortium.urls[0], consortium.urls[1]),
        peer_urls=(f"http://{peers[0]}", f"http://{peers[1]}"),
        digest=CROWDED_DIGEST,
        genesis_text=consortium.genesis.to_file_text(),
        other_genesis_text=other.to_file_text(),
        observer_name=OBSERVER.name,
        observer_seed=bytes([7] * 32),
    )


def _latencies(height_of: dict[str, int], seen: dict[int, float], writer: Submitter) -> list[float]:
    """Seconds from sending each entry `writer` got acknowledged to the first sighting of its
    height in `seen` (height → time first seen), sorted."""
    latencies = []
    for entry_id in writer.acknowledged:
        committed_at = seen.get(height_of[entry_id])
        if committed_at is None:  # that height was not seen: take the next that was
            committed_at = min(t for h, t in seen.items() if h >= height_of[entry_id])
        latencies.append(committed_at - writer.sent_at[entry_id])
    return sorted(latencies)


def _first_seen_anywhere(watchers: list[Watcher]) -> dict[int, float]:
    """When each height was first seen at any node: when the consortium committed it."""
    seen: dict[int, float] = {}
    for watcher in watchers:
        for height, at in watcher.first_seen.items():
            seen[height] = min(at, seen.get(height, at))
    return seen


def _percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the sorted `values` lie."""
    return values[min(len(values) - 1, int(len(values) * share))]


def _late_rounds(consortium: Consortium) -> dict[int, int]:
    """How many heights each node committed in a round after the first (its node.log)."""
    return {
        n: sum(
            "commit height=" in line and " round=0 " not in line
            for line in (home / "node.log").read_text().splitlines()
        )
        for n, home in enumerate(consortium.homes)
    }


def _longest_gap(first_seen: dict[int, float], start: float, end: float) -> float:
    times = sorted(t for t in first_seen.values() if start <= t <= end)
    return max(b - a for a, b in zip([start, *times], [*times, end], strict=True))


@pytest.mark.slow
def test_a_consortium_under_every_attack_commits_in_time_within_its_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vkey = Validator(OBSERVER.name, OBSERVER.public_key, 1).vkey()
    monkeypatch.setenv("CUNZHENG_P2P_OBSERVERS", vkey)  # the attacking peer may connect
    monkeypatch.setenv("CUNZHENG_P2P_ENTRIES_PER_S", RELAYED_PER_S)
    consortium = Consortium(tmp_path)
    consortium.start()
    attacks = AttackProcess(_plan(consortium), SOAK_SECONDS)
    watchers = [Watcher(consortium, n) for n in range(COUNT)]
    writers = [
        Submitter(url, 1_000_000 * (n + 1), CLIENT_PAUSE_S) for n, url in enumerate(consortium.urls)
    ]
    try:
        eventually(lambda: all(consortium.ready(i) for i in range(COUNT)), 30, "all ready")
        _crowd_the_digest(consortium)
        attacks.start()  # forked before the threads start
        for watcher in watchers:
            watcher.start()
        started = time.monotonic()
        for writer in writers:
            writer.start()
        struck = attacks.result(timeout=SOAK_SECONDS + 60)
        ended = time.monotonic()
        for writer in writers:
            writer.halt.set()
            writer.join(timeout=10)
        acknowledged = {i for writer in writers for i in writer.acknowledged}
        eventually(
            lambda: all(
                consortium.status(n)["mempool_size"] == 0
                and consortium.status(n)["ledger_size"] >= len(acknowledged)
                for n in range(COUNT)
            ),
            120,
            "every acknowledged entry committed everywhere",
        )
        for watcher in watchers:
            watcher.halt.set()
            watcher.join(timeout=10)
        height_of = {i: block["height"] for block in consortium.blocks(0) for i in block["ids"]}
        decided_at = _first_seen_anywhere(watchers)
        latencies = sorted(t for w in writers for t in _latencies(height_of, decided_at, w))
        p50, p99 = _percentile(latencies, 0.5), _percentile(latencies, 0.99)
        shown = {  # until the node the entry was sent to showed it, its API under attack
            n: round(_percentile(_latencies(height_of, watchers[n].first_seen, w), 0.99), 2)
            for n, w in enumerate(writers)
        }
        gaps = {n: _longest_gap(watchers[n].first_seen, started, ended) for n in range(COUNT)}
        blocks = {
            n: sum(started <= t <= ended for t in watchers[n].first_seen.values())
            for n in range(COUNT)
        }
        print(f"\nattacks: {json.dumps(struck, indent=1, sort_keys=True)}")
        print(f"acknowledged {len(acknowledged)} entries in {ended - started:.0f} s")
        print(f"commit latency p50 {p50:.2f} s, p99 {p99:.2f} s, max {latencies[-1]:.2f} s")
        print(f"p99 until the node sent to showed it (s): {shown}")
        print(f"blocks seen per node during the attacks: {blocks}")
        print(
            f"longest wait for a block per node (s): { {n: round(g, 2) for n, g in gaps.items()} }"
        )
        print(f"peak RSS per node (MiB): { {n: w.peak_rss >> 20 for n, w in enumerate(watchers)} }")
        print(f"CPU seconds per node: { {n: round(w.cpu_s) for n, w in enumerate(watchers)} }")
        print(f"heights decided after round 0, per node: {_late_rounds(consortium)}")
        print(f"load average at the end: {os.getloadavg()}")

        assert not [name for name in struck if name.startswith("ended early")], struck
        for n in range(COUNT):
            committed = consortium.committed_ids(n)
            assert len(committed) == len(set(committed)), f"node {n} committed an entry twice"
            assert not acknowledged - set(committed), f"node {n} lost acknowledged entries"
        assert len(acknowledged) > 10 * SOAK_SECONDS, "the honest clients were served"
        assert p99 < MAX_P99_S, f"p99 commit latency {p99:.2f} s"
        assert max(gaps.values()) < MAX_BLOCK_GAP_S, f"blocks stopped for a while: {gaps}"
        peaks = [watcher.peak_rss for watcher in watchers]
        assert max(peaks) < MAX_RSS_BYTES, f"peak RSS per node: {peaks}"
    finally:
        attacks.kill()
        for watcher in watchers:
            watcher.halt.set()
            if watcher.ident is not None:  # started: it reads /proc of the processes stop() ends
                watcher.join(timeout=10)
        for writer in writers:
            writer.halt.set()
        consortium.stop()
