"""Logging set-up for a node process (plain text or JSON lines), and lines that a stranger
can make the node repeat, written at a bounded rate."""

import json
import logging
import sys
import time
from collections.abc import Callable


class JsonLines(logging.Formatter):
    """One JSON object per record: time, level, logger, message."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {
                "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
                "level": record.levelname,
                "logger": record.name,
                "message": record.getMessage(),
            },
            ensure_ascii=False,
        )


def configure_logging(log_format: str) -> None:
    """Send INFO and above to stderr, as plain text or JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)


class ThrottledLog:
    """A kind of log line that others can provoke at will (a refused connection, a failed
    handshake): written at most once per `interval_s`, the next one saying how many were
    held back meanwhile, so that a flood of them cannot fill the disk or bury other lines."""

    def __init__(
        self,
        logger: logging.Logger,
        level: int,
        interval_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`clock` returns monotonic seconds."""
        self._logger, self._level, self._interval_s, self._clock = logger, level, interval_s, clock
        self._next_s = float("-inf")
        self._held = 0

    def log(self, message: str, *args: object) -> None:
        """Log `message % args` unless one was logged less than `interval_s` ago."""
        now = self._clock()
        if now < self._next_s:
            self._held += 1
            return
        if self._held:
            message += f" ({self._held} more like this since the last one logged)"
        self._logger.log(self._level, message, *args)
        self._next_s, self._held = now + self._interval_s, 0
