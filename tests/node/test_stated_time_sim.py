"""The stated time under a proposer whose clock is 3 s slow, in the deterministic simulation
(tests/node/sim.py): every entry reached an honest notary no later than the time its proof
states (ledger/existence_time.py), though the raw block time is sometimes earlier; and the
slow notary's clock watch (node/clock_watch.py) finds its clock 3 s behind."""

import random
from collections.abc import Callable
from dataclasses import asdict

import pytest

from cunzheng.ledger.existence_time import no_later_than_ms
from tests.node.sim_network import SimNetwork
from tests.node.sim_node import SimNode

SLOW_MS = -3000  # one notary of four: a faulty clock, under 1/3 of the power


@pytest.mark.parametrize("seed", range(8))
def test_a_slow_proposer_cannot_make_a_stated_time_false(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = SimNetwork(n_notaries=4, rng=random.Random(seed))
    slow = net.nodes[seed % 4]
    slow.skew_ms = SLOW_MS
    arrived = _first_arrivals(net, monkeypatch, honest_clock=lambda node: node is not slow)
    net.start(entries_until_ms=20_000)
    net.run(30_000)
    honest = next(node for node in net.nodes if node is not slow)
    params = asdict(net.params)
    honest_error = -(-net.params.precision_ms // 2)  # an honest clock is this close to true time
    early_blocks = set()
    for block, commit in zip(honest.app.blocks, honest.app.commits, strict=True):
        header = block.header
        stated = no_later_than_ms(header.time_ms, commit.round, params)
        for data in block.entries:
            assert arrived[data] <= stated, (header.height, arrived[data], stated)
            if arrived[data] > header.time_ms + honest_error:
                early_blocks.add(header.proposer)
    assert len(honest.app.blocks) > 10
    # Only the slow notary's blocks carry a time earlier than their entries' arrival by more
    # than an honest clock's error, and some do: the case the stated time exists for.
    assert early_blocks == {slow.key.public_key}
    # And the slow notary knows: its estimate is its skew less the proposer's (within an
    # honest clock's error) plus a proposal's delay (at most 100 ms here).
    slow_offset = slow.clock_watch.offset_ms
    assert slow_offset is not None
    assert SLOW_MS - honest_error <= slow_offset <= SLOW_MS + honest_error + 100
    assert slow.clock_watch.is_off()
    assert not any(node.clock_watch.is_off() for node in net.nodes if node is not slow)


def _first_arrivals(
    net: SimNetwork, monkeypatch: pytest.MonkeyPatch, honest_clock: Callable[[SimNode], bool]
) -> dict[bytes, int]:
    # entry data -> the simulated (true) time it first reached a notary with an honest clock
    arrived: dict[bytes, int] = {}
    add_entry = SimNode.add_entry

    def recorded(node: SimNode, data: bytes) -> None:
        if honest_clock(node):
            arrived.setdefault(data, net.now)
        add_entry(node, data)

    monkeypatch.setattr(SimNode, "add_entry", recorded)
    return arrived
