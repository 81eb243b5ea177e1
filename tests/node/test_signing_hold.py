"""The restore hold's rule (node/consensus/signing_hold.py): a restored validator signs only
above the network's committed height and its guard's record, plus the one height it may have
been voting at."""

from cunzheng.node.consensus.signing_hold import SigningHold


class Network:
    """The committed height peers report; None while too few report."""

    def __init__(self, height: int | None) -> None:
        self.height = height
        self.asked = 0

    def __call__(self) -> int | None:
        self.asked += 1
        return self.height


def held(network: Network, guard_height: int = 0) -> tuple[SigningHold, list[int]]:
    releases: list[int] = []
    hold = SigningHold(
        guard_height=guard_height,
        network_height=network,
        on_release=lambda: releases.append(1),
    )
    return hold, releases


def test_nothing_is_signed_until_the_network_height_is_known() -> None:
    network = Network(None)
    hold, releases = held(network)
    assert not hold.permits(10**6) and hold.target is None
    network.height = 7
    assert not hold.permits(8)  # it may have voted at 8 while the network committed 7
    assert hold.target == 7 and releases == []
    assert hold.permits(9) and releases == [1]


def test_the_guard_record_raises_the_target_above_a_lagging_network() -> None:
    hold, releases = held(Network(3), guard_height=12)
    assert not hold.permits(13)
    assert hold.target == 12
    assert hold.permits(14) and releases == [1]


def test_the_target_is_fixed_once_known_so_a_growing_network_cannot_hold_for_ever() -> None:
    network = Network(5)
    hold, _ = held(network)
    assert not hold.permits(6)
    network.height = 50
    assert hold.permits(7) and hold.target == 5


def test_once_released_the_hold_never_asks_or_releases_again() -> None:
    network = Network(1)
    hold, releases = held(network)
    assert hold.permits(3)
    asked = network.asked
    network.height = 100
    assert hold.permits(3) and hold.permits(4)
    assert network.asked == asked and releases == [1]
