"""A deterministic simulation of a consortium running node.consensus (docs/style.md, "Tests").

Everything random comes from one seeded `random.Random`; time is a simulated millisecond
clock (each node reads it with a fixed skew within PRECISION). The network delays, reorders,
loses and duplicates messages and can be partitioned until a given time; after `gst_ms` it
is synchronous. Nodes crash and restart from what a real node keeps on disk: its committed
blocks, its mempool, its signing guard (in memory here) and the consensus messages of the
height it was deciding (node/p2p/height_frames.py). Byzantine validators run the same driver
core but equivocate, vote for unknown blocks, forge signatures and send messages from future
heights and rounds.

The parts: tests/node/sim_app.py (the application, keys and signing helpers),
tests/node/sim_node.py (a node: the node's own driver core, node/consensus/core.py, in a
simulated world) and tests/node/sim_network.py (the consortium, its network and the safety
checks). This module runs random scenarios on them."""

import random
from collections.abc import Sequence

from tests.node.sim_app import (
    CHAIN_ID,
    START_MS,
    FakeApp,
    entry_data,
    ordered_keys,
    sign_proposal,
    sign_vote,
)
from tests.node.sim_network import SimNetwork

MAX_CRASHES = 4  # a scenario crashes up to this many validators unless told how many

# tests/node/test_messages.py takes the application's helpers from here.
__all__ = [
    "CHAIN_ID",
    "START_MS",
    "FakeApp",
    "entry_data",
    "ordered_keys",
    "run_scenario",
    "sign_proposal",
    "sign_vote",
]


def run_scenario(
    seed: int,
    *,
    n_notaries: int,
    byzantine: int,
    powers: list[int] | None = None,
    crashes: int | None = None,
    changes: Sequence[tuple[int, Sequence[int]]] = (),
) -> SimNetwork:
    """A random scenario: chaos (loss, duplication, long delays, a partition, `crashes`
    crashes, by default 0 to MAX_CRASHES) until GST, then a synchronous network. Checks termination:
    after GST every honest node commits three more heights within a bounded time. Safety is
    checked throughout by SimNetwork."""
    rng = random.Random(seed)
    net = SimNetwork(
        n_notaries=n_notaries, rng=rng, byzantine=byzantine, powers=powers, changes=changes
    )
    chaos_ms = rng.randint(2_000, 25_000)
    net.gst_ms = START_MS + chaos_ms
    net.loss = rng.choice([0.0, 0.05, 0.3])
    net.duplicate = rng.choice([0.0, 0.1])
    net.chaos_delay_ms = rng.choice([50, 500, 3000])
    honest = [node.index for node in net.honest]
    if rng.random() < 0.5:
        side = set(rng.sample(honest, len(honest) // 2))
        start = rng.randint(0, chaos_ms)
        everyone = set(range(len(net.nodes)))
        net.partition([side, everyone - side], start, rng.randint(start, chaos_ms))
    for _ in range(rng.randint(0, MAX_CRASHES) if crashes is None else crashes):
        at_ms = rng.randint(0, chaos_ms)
        net.crash(rng.choice(honest), at_ms, rng.randint(1, chaos_ms - at_ms + 1))
    net.start(entries_until_ms=chaos_ms + 120_000)
    net.run(chaos_ms + 1)
    target = max(len(node.app.blocks) for node in net.honest) + 3
    assert net.run(chaos_ms + 90_000, stop=lambda: net.min_honest_height() >= target), (
        f"seed {seed}: no termination after GST; heights "
        f"{[len(node.app.blocks) for node in net.nodes]}, target {target}"
    )
    return net
