"""The faults the network test bed injects, and one run of a scenario: a client writing
throughout, the fault, the heal, and the figures (docs/network-test-bed.md)."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cunzheng.node.consensus.events import Step
from cunzheng.node.consensus.params import ConsensusParams
from cunzheng.node.p2p.gossip import MAX_BACKOFF_S, TICK_S
from tests.support.consortium import COUNT
from tests.support.loopback import LOOPBACK_PARAMS
from tests.support.netbed import NetBed
from tests.support.netbed_proxy import Delay

WAN_LOW_MS, WAN_HIGH_MS = 50.0, 250.0  # one-way delay between cities, drawn per direction
WAN_JITTER = 0.2  # jitter up to this share of a direction's delay
# The PBTS precision of the test genesis: the skews are 0.6 of it (0.3 s, inside) and six
# times it (3 s, beyond), so they stay on their side if the test parameters change.
PRECISION_S = LOOPBACK_PARAMS["precision_ms"] / 1000
Heal = Callable[[], None]


class Fault(Protocol):
    """Something that goes wrong, and how it ends."""

    @property
    def name(self) -> str:
        """The scenario's name in reports."""

    @property
    def keeps_quorum(self) -> bool:
        """Whether more than 2/3 of the power can still talk, so blocks must go on."""

    def inject(self, bed: NetBed) -> Heal:
        """Start the fault on `bed`; the function that heals it."""


def recovery_bound_s(params: ConsensusParams, round_: int) -> float:
    """How long after a heal every node must hold a new block, from the consensus timeouts.

    A dialer that gave up waits at most MAX_BACKOFF_S before it tries again, and a stalled
    height re-sends its votes every TICK_S (node/p2p/gossip.py); then, from the highest
    round `round_` any node is in, one full round per validator, so that the proposer
    rotation reaches a proposer every node hears in time, and the wait after the commit.
    """
    rounds_ms = sum(
        params.timeout(Step.PROPOSE, r)
        + params.timeout(Step.PREVOTE, r)
        + params.timeout(Step.PRECOMMIT, r)
        for r in range(round_, round_ + COUNT)
    )
    return MAX_BACKOFF_S + TICK_S + (rounds_ms + params.timeout_commit_ms) / 1000


def add_wan_delays(bed: NetBed, rng: random.Random) -> None:
    """Give every direction of every link its own delay in [50, 250] ms, with jitter."""
    for src in range(COUNT):
        for dst in range(COUNT):
            if src != dst:
                base_ms = rng.uniform(WAN_LOW_MS, WAN_HIGH_MS)
                bed.proxies.set_delay(src, dst, Delay(base_ms, WAN_JITTER * base_ms))


@dataclass(frozen=True, slots=True)
class WanDelay:
    """Every link slow, as between notaries in different cities."""

    seed: int
    name: str = "wan_delay"
    keeps_quorum: bool = True

    def inject(self, bed: NetBed) -> Heal:
        add_wan_delays(bed, random.Random(self.seed))
        return bed.proxies.heal


@dataclass(frozen=True, slots=True)
class Isolation:
    """One node cut off from the other three (its firewall drops everything)."""

    node: int
    name: str = "isolated"
    keeps_quorum: bool = True

    def inject(self, bed: NetBed) -> Heal:
        bed.proxies.partition([{self.node}, set(range(COUNT)) - {self.node}])
        return bed.proxies.heal


@dataclass(frozen=True, slots=True)
class Split:
    """Two halves that cannot reach each other: neither has a quorum."""

    half: frozenset[int]
    name: str = "split_2_2"
    keeps_quorum: bool = False

    def inject(self, bed: NetBed) -> Heal:
        bed.proxies.partition([self.half, set(range(COUNT)) - self.half])
        return bed.proxies.heal


@dataclass(frozen=True, slots=True)
class ProposerPause:
    """The node proposing right now stops (SIGSTOP) and comes back (SIGCONT)."""

    name: str = "proposer_paused"
    keeps_quorum: bool = True

    def inject(self, bed: NetBed) -> Heal:
        node = bed.proposer()
        bed.pause(node)
        return lambda: bed.resume(node)


@dataclass(frozen=True, slots=True)
class ClockSkew:
    """One node's wall clock `offset_s` off; the heal restarts it with a true clock."""

    node: int
    offset_s: float
    keeps_quorum: bool = True

    @property
    def name(self) -> str:
        """clock_skew_+0.3s and the like."""
        return f"clock_skew_{self.offset_s:+g}s"

    def inject(self, bed: NetBed) -> Heal:
        bed.restart(self.node, clock_offset_s=self.offset_s)
        return lambda: bed.restart(self.node)


@dataclass(frozen=True, slots=True)
class ConnectionCuts:
    """Peer connections reset at random, `mean_interval_s` apart on average."""

    mean_interval_s: float
    name: str = "connection_cuts"
    keeps_quorum: bool = True

    def inject(self, bed: NetBed) -> Heal:
        bed.proxies.start_cuts(self.mean_interval_s)
        return bed.proxies.stop_cuts


@dataclass(frozen=True, slots=True)
class KillUnderDelay:
    """WAN delay on every link and one node SIGKILLed; the heal restarts it, still under
    delay (the run removes the delay once the client stops)."""

    node: int
    seed: int
    name: str = "sigkill_under_delay"
    keeps_quorum: bool = True

    def inject(self, bed: NetBed) -> Heal:
        add_wan_delays(bed, random.Random(self.seed))
        bed.kill(self.node)
        return lambda: bed.restart(self.node)


def every_fault(seed: int) -> list[Fault]:
    """One of each fault, the nodes and delays drawn from `seed`."""
    rng = random.Random(seed)
    nodes = list(range(COUNT))
    skewed, sign = rng.choice(nodes), rng.choice((-1, 1))
    return [
        WanDelay(seed),
        Isolation(rng.choice(nodes)),
        Split(frozenset(rng.sample(nodes, 2))),
        ProposerPause(),
        ClockSkew(skewed, round(sign * 0.6 * PRECISION_S, 3)),
        ClockSkew(skewed, round(-sign * 6 * PRECISION_S, 3)),
        ConnectionCuts(mean_interval_s=0.3),
        KillUnderDelay(rng.choice(nodes), seed),
    ]
