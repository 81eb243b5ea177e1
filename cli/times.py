"""Ledger times (integer milliseconds since the Unix epoch, UTC) as people read them.

docs/time.md, "How times are shown"; docs/glossary.md, "Times". Every command shows a
"no later than" time with `no_later_than` (rounded up to the whole second, in UTC and in
Beijing time) and an exact instant with `exact_time` (ISO 8601 UTC to the millisecond).
"""

from datetime import UTC, datetime, timedelta, timezone

from cunzheng.cli.i18n import Language, text

# China has kept UTC+8 all year since 1991, so a fixed offset needs no time zone database.
BEIJING = timezone(timedelta(hours=8), "Beijing")


def iso_utc(time_ms: int) -> str:
    """`time_ms` as ISO 8601 UTC with milliseconds, e.g. "2026-11-23T15:04:05.123Z"."""
    moment = datetime.fromtimestamp(time_ms // 1000, UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{time_ms % 1000:03d}Z"


def exact_time(time_ms: int, language: Language) -> str:
    """An exact instant (a receipt's, a backup's) in `language`: ISO 8601 UTC with
    milliseconds, which Chinese marks as 协调世界时."""
    return text(language, "exact_time", utc=iso_utc(time_ms))


def whole_second_after(time_ms: int) -> tuple[datetime, datetime]:
    """The first whole second at or after `time_ms`, in UTC and in Beijing time.

    For "existed no later than": a record that existed at `time_ms` also existed at any later
    instant, while rounding down would claim an earlier time than was proven.
    """
    utc = datetime.fromtimestamp(-(-time_ms // 1000), UTC)
    return utc, utc.astimezone(BEIJING)


def beijing_date_time(moment: datetime, clock: str, language: Language) -> str:
    """The Beijing date of `moment` with the time of day `clock` ("14:30:01"), as
    `language` writes a date ("2026年11月20日 14:30:01", "2026-11-20 14:30:01")."""
    local = moment.astimezone(BEIJING)
    date = {"year": local.year, "month": local.month, "day": local.day}
    return text(language, "beijing_time_other_day", time=clock, **date)


def no_later_than(time_ms: int, language: Language) -> tuple[str, str]:
    """ "No later than `time_ms`", rounded up to the whole second: (UTC, Beijing time).

    English gives the Beijing date only when it is not the UTC date; Chinese always does.
    """
    utc, beijing = whole_second_after(time_ms)
    clock = beijing.strftime("%H:%M:%S")
    if beijing.date() == utc.date():
        date = {"year": beijing.year, "month": beijing.month, "day": beijing.day}
        local = text(language, "beijing_time_same_day", time=clock, **date)
    else:
        local = beijing_date_time(beijing, clock, language)
    return utc.strftime("%Y-%m-%d %H:%M:%S"), local
