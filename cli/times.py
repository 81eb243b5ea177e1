"""Ledger times (integer milliseconds since the Unix epoch, UTC) as people read them."""

from datetime import UTC, datetime, timedelta, timezone

# China has kept UTC+8 all year since 1991, so a fixed offset needs no time zone database.
BEIJING = timezone(timedelta(hours=8), "Beijing")


def iso_utc(time_ms: int) -> str:
    """`time_ms` as ISO 8601 UTC with milliseconds, e.g. "2026-11-23T15:04:05.123Z"."""
    moment = datetime.fromtimestamp(time_ms // 1000, UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{time_ms % 1000:03d}Z"


def whole_second_after(time_ms: int) -> tuple[datetime, datetime]:
    """The first whole second at or after `time_ms`, in UTC and in Beijing time.

    For "existed no later than": a record that existed at `time_ms` also existed at any later
    instant, while rounding down would claim an earlier time than was proven.
    """
    utc = datetime.fromtimestamp(-(-time_ms // 1000), UTC)
    return utc, utc.astimezone(BEIJING)
