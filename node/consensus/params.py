"""Consensus timeouts and time bounds, from the genesis params
(docs/consensus.md, "Timeouts" and docs/consensus.md, "Proposer-based timestamps")."""

from dataclasses import dataclass

from cunzheng.ledger.existence_time import (
    DEFAULT_MESSAGE_DELAY_MS,
    DEFAULT_PRECISION_MS,
    message_delay_ms,
)
from cunzheng.node.consensus.events import Step


@dataclass(frozen=True, slots=True)
class ConsensusParams:
    """Timeouts and time bounds from genesis params, all in milliseconds."""

    timeout_propose_ms: int = 3000
    timeout_propose_delta_ms: int = 500
    timeout_prevote_ms: int = 1000
    timeout_prevote_delta_ms: int = 500
    timeout_precommit_ms: int = 1000
    timeout_precommit_delta_ms: int = 500
    timeout_commit_ms: int = 200  # the block interval: wait after a commit
    empty_block_interval_ms: int = 10000  # with no entries, wait this long before round 0
    precision_ms: int = DEFAULT_PRECISION_MS  # PBTS: how far apart honest clocks may be
    message_delay_ms: int = DEFAULT_MESSAGE_DELAY_MS  # PBTS: a proposal's delay in round 0

    def __post_init__(self) -> None:
        for name in ConsensusParams.__dataclass_fields__:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"consensus parameter {name} must be an integer >= 0: {value!r}")

    @classmethod
    def from_genesis_params(cls, params: dict[str, int]) -> "ConsensusParams":
        """The parameters genesis sets, defaults for the rest; ValueError names unknown keys."""
        for name in params:
            if name not in cls.__dataclass_fields__:
                known = ", ".join(cls.__dataclass_fields__)
                raise ValueError(f"unknown consensus parameter {name!r} in genesis; known: {known}")
        return cls(**params)

    def timeout(self, step: Step, round_: int) -> int:
        """The timer of `step` in round `round_`: base + round × delta (lines 57-65); for
        NEW_HEIGHT, the wait after a commit."""
        base, delta = {
            Step.NEW_HEIGHT: (self.timeout_commit_ms, 0),
            Step.PROPOSE: (self.timeout_propose_ms, self.timeout_propose_delta_ms),
            Step.PREVOTE: (self.timeout_prevote_ms, self.timeout_prevote_delta_ms),
            Step.PRECOMMIT: (self.timeout_precommit_ms, self.timeout_precommit_delta_ms),
        }[step]
        return base + round_ * delta

    def message_delay(self, round_: int) -> int:
        """MSGDELAY of round `round_` (ledger/existence_time.py, which verifiers share)."""
        return message_delay_ms(self.message_delay_ms, round_)

    def is_timely(self, time_ms: int, received_ms: int, round_: int) -> bool:
        """Whether a fresh proposal of round `round_` for a block of time `time_ms`, received
        at local time `received_ms`, is timely (docs/consensus.md, "Proposer-based timestamps"):
        time - PRECISION <= received <= time + MSGDELAY(round_) + PRECISION."""
        latest = time_ms + self.message_delay(round_) + self.precision_ms
        return time_ms - self.precision_ms <= received_ms <= latest
