"""When an operator calls a citizen back about a portal request, and when the request is late.

The citizen may name a window (Moscow wall-clock times, every day) in which to be called; an
attempt goes at the earliest moment that is inside the window and inside the line's working
hours, or nowhere if the two do not meet within :data:`LOOKAHEAD`. Deadlines and escalation
count only working time (:mod:`app.portal.hours`), so a request left at night is not late by
morning. Every moment handed back is in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from app.domain.clock import MOSCOW
from app.portal.hours import WorkingHours, as_utc

#: How far ahead an attempt is looked for before the window and the hours are said not to meet.
LOOKAHEAD = timedelta(days=8)


@dataclass(frozen=True)
class Window:
    """The citizen's preferred callback window, Moscow wall-clock times, every day."""

    start: time
    end: time  # not included

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("a callback window is Moscow wall-clock times without a time zone")
        if self.end <= self.start:
            shown = f"{self.start:%H:%M}-{self.end:%H:%M}"
            raise ValueError(f"a callback window must end after it starts, got {shown}")


def next_attempt(after: datetime, window: Window | None, hours: WorkingHours) -> datetime | None:
    """The earliest moment from ``after`` on inside ``window`` (any day) while the line is open;
    with no window, the next open moment; None when the two do not meet within 8 days."""
    moment = as_utc(after)
    if window is None:
        return hours.next_open(moment)
    within = WorkingHours(window.start, window.end, MOSCOW)
    horizon = moment + LOOKAHEAD
    while moment <= horizon:
        line_open = hours.next_open(moment)
        moment = within.next_open(line_open)
        if moment == line_open:
            return moment if moment <= horizon else None
    return None


def deadline(received: datetime, within: timedelta, hours: WorkingHours) -> datetime:
    """When a request received at ``received`` is due: ``within`` of working time later."""
    return hours.add(received, within)


def escalated(received: datetime, now: datetime, after: timedelta, hours: WorkingHours) -> bool:
    """Whether ``after`` of working time has passed since the request was received."""
    return hours.open_between(received, now) >= after


def retry_after(
    attempt_ended: datetime, gap: timedelta, window: Window | None, hours: WorkingHours
) -> datetime | None:
    """The next attempt after a failed one: no sooner than ``gap`` after it ended."""
    return next_attempt(as_utc(attempt_ended) + gap, window, hours)
