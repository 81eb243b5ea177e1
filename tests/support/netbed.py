"""Four node processes whose every peer link runs through a `ProxyMesh`, and the faults that
act on the processes themselves: a pause, a skewed clock, SIGKILL (docs/network-test-bed.md)."""

import glob
import os
import re
import signal
import tomllib
from pathlib import Path
from typing import Any

from cunzheng.node.consensus.params import ConsensusParams
from cunzheng.node.consensus.proposer import ProposerSchedule
from tests.support.chain_factory import notary_keys
from tests.support.consortium import COUNT, Consortium
from tests.support.netbed_proxy import LOOPBACK, ProxyMesh
from tests.support.processes import eventually, http_json

# Debian's libfaketime (the Makefile's system-deps installs it); the MT build is safe with the
# node's threads (LevelDB's, the signing guard's writer).
FAKETIME_LIBRARIES = sorted(glob.glob("/usr/lib/*/faketime/libfaketimeMT.so.1"))
PEERS_LINE = re.compile(r"^peers = \[[^\]]*\]", re.MULTILINE)
STATUS_TIMEOUT_S = 1.0
READY_TIMEOUT_S = 30.0


def faketime_environment(offset_s: float) -> dict[str, str]:
    """The environment that makes a process's wall clock run `offset_s` seconds off.

    Only CLOCK_REALTIME moves: the monotonic clock stays true, so the node's timers keep
    their length and only the times it reads, stamps and judges are off. Raises RuntimeError
    when libfaketime is not installed.
    """
    if not FAKETIME_LIBRARIES:
        raise RuntimeError("libfaketime is not installed; run `make system-deps`")
    return {
        "LD_PRELOAD": FAKETIME_LIBRARIES[0],
        "FAKETIME": f"{offset_s:+g}s",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
    }


def route_peers_through(homes: list[Path], proxies: ProxyMesh) -> None:
    """Point each node's [p2p] peers at the proxies, and each proxy at its node.

    The one place that knows how a peer address is written in config.toml; requires homes
    written by `write_home`, in the proxies' node order. Raises RuntimeError if a config has
    no `peers = [...]` line.
    """
    for listener, home in enumerate(homes):
        listen = tomllib.loads((home / "config.toml").read_text("utf-8"))["p2p"]["listen"]
        proxies.forward(listener, int(listen.rsplit(":", 1)[1]))
    for dialer, home in enumerate(homes):
        peers = [
            f'"http://{LOOPBACK}:{proxies.port(dialer, listener)}"'
            for listener in range(len(homes))
            if listener != dialer
        ]
        config = home / "config.toml"
        text, found = PEERS_LINE.subn(f"peers = [{', '.join(peers)}]", config.read_text("utf-8"))
        if found != 1:
            raise RuntimeError(f"{config} has {found} `peers = [...]` lines, expected 1")
        config.write_text(text, "utf-8")


class NetBed:
    """A `Consortium` behind a `ProxyMesh` seeded by `seed`, with process faults on top.

    Node indexes are the consortium's. Call `start`, and `close` at the end even on failure.
    """

    def __init__(self, root: Path, seed: int) -> None:
        # The proxies bind first: the consortium picks ports that were free a moment ago,
        # and a proxy binding after it could be handed one of them.
        self.proxies = ProxyMesh(COUNT, seed)
        self.proxies.start()
        self.consortium = Consortium(root)
        self.params = ConsensusParams.from_genesis_params(self.consortium.genesis.params)
        route_peers_through(self.consortium.homes, self.proxies)
        self.paused: set[int] = set()
        self._next_digest = 1

    def start(self) -> None:
        """Start every node and wait until each has a quorum of peers."""
        self.consortium.start()
        eventually(lambda: all(self.consortium.ready(i) for i in range(COUNT)), 30, "all ready")

    def close(self) -> None:
        """Stop every node and the proxies."""
        for index in list(self.paused):
            self.resume(index)
        self.consortium.stop()
        self.proxies.stop()

    @property
    def urls(self) -> list[str]:
        """The nodes' API URLs (clients reach the API directly, not through the proxies)."""
        return self.consortium.urls

    def digests(self, count: int) -> int:
        """The first of `count` digest numbers that no earlier call handed out."""
        first, self._next_digest = self._next_digest, self._next_digest + count
        return first

    # Process faults --------------------------------------------------------------------

    def pause(self, index: int) -> None:
        """SIGSTOP node `index`, as a host that stalls (VM migration, swap storm) does."""
        os.kill(self.consortium.processes[index].pid, signal.SIGSTOP)
        self.paused.add(index)

    def resume(self, index: int) -> None:
        """SIGCONT node `index`."""
        os.kill(self.consortium.processes[index].pid, signal.SIGCONT)
        self.paused.discard(index)

    def kill(self, index: int) -> None:
        """SIGKILL node `index`; its store stays for `restart`."""
        self.consortium.kill(index)

    def restart(self, index: int, clock_offset_s: float = 0.0) -> None:
        """Stop node `index` if it runs (SIGTERM), start it again with its wall clock
        `clock_offset_s` off, and wait until it answers."""
        if index in self.consortium.processes:
            self.consortium.stop(index)
        environment = faketime_environment(clock_offset_s) if clock_offset_s else None
        self.consortium.start(index, environment=environment)

    # Observation -----------------------------------------------------------------------

    def reachable(self) -> list[int]:
        """The nodes running and not paused."""
        return [i for i in sorted(self.consortium.processes) if i not in self.paused]

    def statuses(self) -> dict[int, dict[str, Any]]:
        """GET /v1/status of each reachable node that answers within a second."""
        answers: dict[int, dict[str, Any]] = {}
        for index in self.reachable():
            try:
                code, status = http_json(f"{self.urls[index]}/v1/status", timeout=STATUS_TIMEOUT_S)
            except OSError:
                continue  # restarting, or too slow under load: skip this sample
            if code == 200:
                answers[index] = status
        return answers

    def heights(self) -> dict[int, int]:
        """Committed height of each node that answers."""
        return {i: int(s["height"]) for i, s in self.statuses().items()}

    def highest_round(self) -> int:
        """The highest consensus round any answering node is in."""
        rounds = [int(s["consensus"]["round"]) for s in self.statuses().values()]
        return max(rounds, default=0)

    def proposer(self) -> int:
        """The node that proposes in the (height, round) the first answering node is in."""
        status = next(iter(self.statuses().values()))
        consensus = status["consensus"]
        validators = self.consortium.genesis.validator_set
        schedule = ProposerSchedule(tuple(v.power for v in validators.validators))
        chosen = validators.validators[schedule.proposer(consensus["height"], consensus["round"])]
        keys = [key.public_key for key in notary_keys(COUNT)]
        return keys.index(chosen.public_key)

    def verify_agreement(self) -> None:
        """Check that all nodes hold the same block hash at every height they share.
        Requires every node running; raises AssertionError naming the height."""
        tips: dict[int, int] = {i: self.consortium.status(i)["height"] for i in range(COUNT)}
        chains = {i: self.consortium.block_hashes(i, tips[i]) for i in range(COUNT)}
        for height in range(1, max(tips.values()) + 1):
            hashes = {i: chain[height - 1] for i, chain in chains.items() if len(chain) >= height}
            if len(set(hashes.values())) > 1:
                raise AssertionError(f"nodes disagree at height {height}: {hashes}")
