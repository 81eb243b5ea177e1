"""The latest real time by which a committed block's entries existed (docs/consensus.md,
"The stated time").

A block's `time_ms` is its proposer's clock. Under proposer-based timestamps an honest
validator prevotes for a fresh block only if its own clock, when the proposal arrived in round
r, read no more than `time_ms + MSGDELAY(r) + PRECISION`; every committed block had such a
prevote in some round r0 <= its commit round, and MSGDELAY grows with the round. An honest
clock reads within PRECISION/2 of UTC, so the entries existed by real time
`time_ms + MSGDELAY(commit round) + PRECISION + ceil(PRECISION/2)`, whatever the proposer's
clock said. The node (node/consensus/params.py) and every verifier take these rules from here.
"""

from collections.abc import Mapping

from cunzheng.ledger.errors import DecodeError

# Used when a genesis does not set them (genesis files written by `cunzheng genesis` always do).
DEFAULT_PRECISION_MS = 500
DEFAULT_MESSAGE_DELAY_MS = 2000

# MSGDELAY(r) >= 1.1^r ms once it is not 0, which passes LATEST_TIME_MS from round 350 on; the
# exponent stops there so that a commit of a huge round costs nothing to check.
_MAX_GROWTH_ROUND = 350
# 9999-12-31T23:59:59.999Z: the last time a verdict can write; a bound past it says nothing.
LATEST_TIME_MS = 253_402_300_799_999


def message_delay_ms(message_delay: int, round_: int) -> int:
    """MSGDELAY of round `round_` for a genesis `message_delay_ms` of `message_delay`: it grows
    10% a round so that a setting too low for the network cannot stall the chain.

    Integer arithmetic, so that every node and
    verifier computes the same value; capped at LATEST_TIME_MS. Raises DecodeError otherwise.
    """
    if message_delay < 0 or round_ < 0:
        raise DecodeError(
            f"message_delay_ms and the round must be >= 0, got {message_delay} and {round_}; "
            "a genesis with a negative timing parameter names no chain that can run"
        )
    exponent = min(round_, _MAX_GROWTH_ROUND)
    grown = message_delay * int(11**exponent) // int(10**exponent)  # int(): exponent >= 0
    return min(grown, LATEST_TIME_MS)


def existence_margin_ms(params: Mapping[str, int], commit_round: int) -> int:
    """How far past its block time a block committed in `commit_round` may have been proposed,
    by UTC: MSGDELAY(commit_round) + PRECISION + ceil(PRECISION/2), from genesis `params`
    (`precision_ms`, `message_delay_ms`, the defaults above when absent).

    Requires commit_round >= 0; raises DecodeError on a negative parameter.
    """
    precision = params.get("precision_ms", DEFAULT_PRECISION_MS)
    message_delay = params.get("message_delay_ms", DEFAULT_MESSAGE_DELAY_MS)
    if precision < 0:
        raise DecodeError(
            f"precision_ms must be >= 0, got {precision}; a genesis with a negative timing "
            "parameter names no chain that can run"
        )
    # An honest clock is within PRECISION/2 of UTC; -(-p // 2) rounds that half up.
    return message_delay_ms(message_delay, commit_round) + precision - (-precision // 2)


def no_later_than_ms(time_ms: int, commit_round: int, params: Mapping[str, int]) -> int:
    """The real time (ms since the epoch, UTC) by which the entries of a block of time
    `time_ms`, committed in `commit_round` on a chain of genesis `params`, existed, provided
    less than 1/3 of the power is faulty (clocks included): the block time plus
    existence_margin_ms, at most LATEST_TIME_MS.

    Requires time_ms >= 0, commit_round >= 0; raises DecodeError on a negative parameter.
    """
    return min(time_ms + existence_margin_ms(params, commit_round), LATEST_TIME_MS)
