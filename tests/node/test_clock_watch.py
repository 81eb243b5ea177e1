"""A node's clock against the block times others propose (node/clock_watch.py)."""

import logging

import pytest

from cunzheng.node.clock_watch import WARNING_INTERVAL_S, WINDOW, ClockWatch

BLOCK_MS = 1_795_446_246_000


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_no_estimate_before_the_first_sample() -> None:
    watch = ClockWatch(500, FakeMonotonic())
    assert watch.offset_ms is None
    assert not watch.is_off()


def test_a_clock_3_s_slow_is_off_and_says_which_way(caplog: pytest.LogCaptureFixture) -> None:
    watch = ClockWatch(500, FakeMonotonic())
    with caplog.at_level(logging.WARNING, logger="cunzheng.node.clock_watch"):
        watch.observe(BLOCK_MS - 3000 + 20, BLOCK_MS)  # 3 s slow, 20 ms of delay
    assert watch.offset_ms == -2980
    assert watch.is_off()
    assert "2980 ms behind" in watch.reason() and "precision_ms=500" in watch.reason()
    assert [record.levelname for record in caplog.records] == ["WARNING"]


def test_the_warning_is_rate_limited(caplog: pytest.LogCaptureFixture) -> None:
    monotonic = FakeMonotonic()
    watch = ClockWatch(500, monotonic)
    with caplog.at_level(logging.WARNING, logger="cunzheng.node.clock_watch"):
        for step in range(10):
            monotonic.now = step * WARNING_INTERVAL_S / 4
            watch.observe(BLOCK_MS + 3000, BLOCK_MS)
    assert len(caplog.records) == 3  # at 0, 1 and 2 intervals
    assert "3000 ms ahead of" in caplog.records[0].getMessage()


def test_a_minority_of_faulty_proposers_cannot_move_the_median() -> None:
    watch = ClockWatch(500, FakeMonotonic())
    for index in range(WINDOW):
        skewed = index % 3 == 0  # a third of the samples: a proposer 10 s behind
        watch.observe(BLOCK_MS + (10_000 if skewed else 30), BLOCK_MS)
    assert watch.offset_ms == 30
    assert not watch.is_off()


def test_old_samples_leave_the_window() -> None:
    watch = ClockWatch(500, FakeMonotonic())
    for _ in range(WINDOW):
        watch.observe(BLOCK_MS - 3000, BLOCK_MS)
    for _ in range(WINDOW // 2 + 1):
        watch.observe(BLOCK_MS + 10, BLOCK_MS)
    assert watch.offset_ms == 10
    assert not watch.is_off()
