"""The stated "no later than" time (ledger/existence_time.py, docs/time.md)."""

import pytest

from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.existence_time import (
    LATEST_TIME_MS,
    existence_margin_ms,
    message_delay_ms,
    no_later_than_ms,
)

BLOCK_TIME_MS = 1_795_446_246_000


def test_round_0_adds_message_delay_and_one_and_a_half_precision() -> None:
    # 1500 + 1000 + 500: MSGDELAY(0) + PRECISION + PRECISION/2
    params = {"precision_ms": 1000, "message_delay_ms": 1500}
    assert no_later_than_ms(BLOCK_TIME_MS, 0, params) == BLOCK_TIME_MS + 3000


def test_message_delay_grows_ten_percent_a_round_in_integers() -> None:
    # 1500·11³/10³ = 1996.5, floored
    assert [message_delay_ms(1500, r) for r in range(4)] == [1500, 1650, 1815, 1996]


def test_a_genesis_without_timing_parameters_takes_the_defaults() -> None:
    # 2000 + 500 + 250
    assert existence_margin_ms({}, 0) == 2750


def test_odd_precision_rounds_its_half_up() -> None:
    assert existence_margin_ms({"precision_ms": 501, "message_delay_ms": 0}, 0) == 501 + 251


def test_a_huge_round_costs_nothing_and_says_nothing() -> None:
    assert no_later_than_ms(BLOCK_TIME_MS, 2**63 - 1, {}) == LATEST_TIME_MS
    assert message_delay_ms(0, 2**63 - 1) == 0


@pytest.mark.parametrize(
    "params", [{"precision_ms": -1}, {"message_delay_ms": -1}], ids=["precision", "delay"]
)
def test_a_negative_parameter_is_refused(params: dict[str, int]) -> None:
    with pytest.raises(DecodeError, match="must be >= 0"):
        no_later_than_ms(BLOCK_TIME_MS, 0, params)
