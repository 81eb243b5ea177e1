"""Readiness counts only heights that validators holding over 1/3 of the power report: one
peer claiming 10^12 blocks cannot make an honest node say it is behind (GET /readyz)."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cunzheng.node.p2p.protocol import Status
from tests.support.raw_peer import Cluster, RawPeer, eventually


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    """Four validators, none started yet; all stopped at the end."""
    built = Cluster(tmp_path, 4)
    yield built
    await built.stop()


async def _liars(cluster: Cluster, indexes: list[int]) -> list[RawPeer]:
    # Validators `indexes`, authenticated to node 0 by hand, each claiming 10^12 blocks.
    peers = []
    for index in indexes:
        peer = RawPeer(cluster.url(0), cluster.keys[index], cluster.genesis)
        await peer.handshake()
        await peer.send(Status(10**12, 10**12))
        peers.append(peer)
    return peers


async def test_one_peer_claiming_a_huge_height_does_not_make_a_node_unready(
    cluster: Cluster,
) -> None:
    node = cluster.build(0, peers=[cluster.url(1), cluster.url(2)])
    cluster.build(1, peers=[cluster.url(2)])
    cluster.build(2, peers=[])
    await cluster.start(0)
    await cluster.start(1)
    await cluster.start(2)
    await eventually(lambda: node.readiness()[0], what="node 0 ready with two honest peers")
    peers = await _liars(cluster, [3])
    try:
        await eventually(lambda: node.network.sync.lag() > 10**11, what="the claim heard")
        assert node.readiness() == (True, "ok")
        assert node.network.sync.proven_lag() == 0
    finally:
        for peer in peers:
            await peer.close()


async def test_heights_over_a_third_of_the_power_report_count(cluster: Cluster) -> None:
    node = cluster.build(0, peers=[])
    await cluster.start(0)
    peers = await _liars(cluster, [1, 2])  # 2 of 4: over 1/3, so at least one is honest
    try:
        await eventually(
            lambda: node.network.sync.proven_lag() == 10**12 - node.store.height,
            what="the height two validators report",
        )
        ready, reason = node.readiness()
        assert not ready and reason.startswith("catching up")
    finally:
        for peer in peers:
            await peer.close()
