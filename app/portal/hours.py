"""A line's working hours, every day of the week, and the open time that passes between moments.

A deadline or an escalation counts only the time the line is open: a request left at night is
not overdue by morning. The hours are wall-clock times in the line's own time zone: opening
before closing is one span a day, closing before opening is a span across midnight
(20:00-08:00), equal times mean round the clock. Each local day's opening and closing moments
come from zoneinfo, so a day with a daylight-saving change is 23 or 25 hours long where the
clock actually changed. A reading that the clock skips (02:30 when clocks go from 02:00 to
03:00) happens when the clock jumps past it; a reading shown twice counts at its first showing.
Every moment passed in must carry a time zone; every moment handed back is in UTC.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_ONE_DAY = timedelta(days=1)
#: The end of a round-the-clock line's single open span.
_FOREVER = datetime.max.replace(tzinfo=UTC)


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive datetime is refused, since its instant is unknown."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"an aware datetime is needed, got the naive {moment.isoformat()}")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class WorkingHours:
    opens: time  # wall clock in ``zone``
    closes: time  # == opens: round the clock; < opens: open across midnight
    zone: ZoneInfo

    def __post_init__(self) -> None:
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise ValueError("working hours are wall-clock times without a time zone of their own")

    def is_open(self, moment: datetime) -> bool:
        at = as_utc(moment)
        opens, _ = next(self._spans(at))
        return opens <= at

    def next_open(self, moment: datetime) -> datetime:
        """``moment`` if the line is open then, else the moment it next opens."""
        at = as_utc(moment)
        opens, _ = next(self._spans(at))
        return max(opens, at)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment ``duration`` of open time has passed after ``start``.

        A duration that runs out exactly at closing gives the closing moment; a zero duration
        gives :meth:`next_open`.
        """
        at = as_utc(start)
        if duration < timedelta(0):
            raise ValueError(f"a duration of open time cannot be negative, got {duration}")
        left = duration
        spans = self._spans(at)
        while True:
            opens, closes = next(spans)
            begin = max(opens, at)
            if left <= closes - begin:
                return begin + left
            left -= closes - begin

    def open_between(self, start: datetime, end: datetime) -> timedelta:
        """The open time in [start, end); zero when ``end`` is not after ``start``."""
        begin, finish = as_utc(start), as_utc(end)
        total = timedelta(0)
        if finish <= begin:
            return total
        for opens, closes in self._spans(begin):
            if opens >= finish:
                break
            total += min(closes, finish) - max(opens, begin)
        return total

    def _spans(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The open spans [opens, closes) in UTC, in order, from the first that closes after
        ``moment`` (a UTC datetime) on. Endless, except for a round-the-clock line."""
        if self.opens == self.closes:
            yield moment, _FOREVER
            return
        overnight = self.closes < self.opens
        # The day before too: a span across midnight may have opened then.
        day = moment.astimezone(self.zone).date() - _ONE_DAY
        while True:
            opens = _instant(day, self.opens, self.zone)
            closes = _instant(day + _ONE_DAY if overnight else day, self.closes, self.zone)
            if closes > moment and opens < closes:
                yield opens, closes
            day += _ONE_DAY


def _instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC moment the clocks in ``zone`` first show ``wall`` on ``day``, or, when they skip
    it, the moment they jump past it."""
    local = datetime.combine(day, wall, tzinfo=zone)  # fold 0: the first of two showings
    moment = local.astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
        return moment
    # Skipped: read with the offset after the change it is before the jump, with the offset
    # before it (fold 0) after the jump. Find the jump, to the second, as tzdb keeps it.
    before = math.floor(local.replace(fold=1).astimezone(UTC).timestamp())
    after = math.ceil(moment.timestamp())
    new_offset = moment.astimezone(zone).utcoffset()
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == new_offset:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)


def hours_of(opens: time, closes: time, timezone: str) -> WorkingHours:
    """Working hours from a database row's columns; an unknown zone name is a ValueError."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {timezone!r} in the working hours") from error
    return WorkingHours(opens, closes, zone)
