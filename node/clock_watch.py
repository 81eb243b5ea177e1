"""This node's clock against the consortium's (docs/consensus.md, "Clock offset").

A node whose clock is off by more than PRECISION judges honest proposals untimely and
prevotes nil without a word, and signs receipts with a wrong time. So each fresh proposal of
another notary at the current height is a sample (node/consensus/core.py, one a round): this
node's clock when it arrived minus the block time, the very difference the timeliness check
judges. The median of the last samples is the estimate: this node's offset against the
proposers' clocks plus one network delay, so a positive estimate is slightly larger than the
offset. A minority of faulty proposers' clocks cannot move the median far.
"""

import logging
import time
from collections import deque
from collections.abc import Callable
from statistics import median_low

log = logging.getLogger(__name__)

WINDOW = 15  # samples in the median: some seconds of blocks while busy, 2.5 min when idle
WARNING_INTERVAL_S = 60.0  # at most one warning a minute while the clock stays off


class ClockWatch:
    """The estimated clock offset of this node, and whether it is beyond the precision."""

    def __init__(self, precision_ms: int, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._precision_ms, self._monotonic = precision_ms, monotonic
        self._samples: deque[int] = deque(maxlen=WINDOW)
        self._warned_at: float | None = None

    def observe(self, local_ms: int, block_time_ms: int) -> None:
        """Take one sample: this node's clock read `local_ms` when another notary's fresh
        proposal of time `block_time_ms` arrived. Logs a WARNING, at most once a minute, while
        the estimate is beyond the precision."""
        self._samples.append(local_ms - block_time_ms)
        if not self.is_off():
            return
        now = self._monotonic()
        if self._warned_at is None or now - self._warned_at >= WARNING_INTERVAL_S:
            self._warned_at = now
            log.warning("%s", self.reason())

    @property
    def offset_ms(self) -> int | None:
        """The median of the last samples, in ms (positive: this clock is ahead); None before
        the first sample."""
        return median_low(self._samples) if self._samples else None

    def is_off(self) -> bool:
        """Whether the estimate is beyond the genesis's PRECISION either way."""
        offset = self.offset_ms
        return offset is not None and abs(offset) > self._precision_ms

    def reason(self) -> str:
        """Why the clock is off and what to do, for the log and /readyz."""
        offset = self.offset_ms or 0
        direction = "ahead of" if offset > 0 else "behind"
        return (
            f"clock off: this node's clock reads {abs(offset)} ms {direction} the times of the "
            f"blocks other notaries propose (median of the last {len(self._samples)}), "
            f"beyond precision_ms={self._precision_ms}; it cannot prevote for their proposals "
            "and its receipts carry a wrong time. Synchronise it with NTP (chronyc tracking)"
        )
