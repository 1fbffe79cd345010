"""Moscow time, which the hotline's hours and reports are kept in, and line opening hours."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")


def utc_now() -> datetime:
    return datetime.now(UTC)


def moscow_time(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return moment.astimezone(MOSCOW)


def is_open(moment: datetime, opens_at: time, closes_at: time, timezone: str) -> bool:
    """Whether a line with these hours (in its own time zone) is open at ``moment``.

    Hours that pass midnight (22:00-06:00) are understood; equal times mean open all day.
    """
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    local = moment.astimezone(ZoneInfo(timezone)).time().replace(tzinfo=None)
    if opens_at == closes_at:
        return True
    if opens_at < closes_at:
        return opens_at <= local < closes_at
    return local >= opens_at or local < closes_at
