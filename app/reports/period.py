"""What a report is about: a range of Moscow days, the filters on it, and the thresholds the
KPI definitions name (docs/kpi.md). Plain values, shared by every report query."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from app.domain.clock import MOSCOW
from app.reports.sql import Grain


@dataclass(frozen=True)
class Period:
    """Moscow days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """[from, to) in UTC: Moscow midnight of the first day to that after the last."""
        first = datetime.combine(self.start, time(), MOSCOW).astimezone(UTC)
        after = datetime.combine(self.end + timedelta(days=1), time(), MOSCOW).astimezone(UTC)
        return first, after

    def previous(self) -> Period:
        """The same number of days just before (what a change is measured against)."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


class Dimension(enum.StrEnum):
    """What report rows are grouped by, besides time (``Grain``)."""

    LINE = "line"
    LANGUAGE = "language"
    OPERATOR = "operator"
    DEPARTMENT = "department"  # tickets only: calls are answered by operators, not departments
    CATEGORY = "category"  # tickets only


By = Grain | Dimension


@dataclass(frozen=True)
class Split:
    """A range of days parted, in runs of consecutive days, into those the report cache
    holds (app/reports/cache.py) and those counted from the rows themselves."""

    cached: tuple[Period, ...] = ()
    live: tuple[Period, ...] = ()

    @staticmethod
    def of(whole: Period, cached: set[date] | frozenset[date] = frozenset()) -> Split:
        runs: dict[bool, list[Period]] = {True: [], False: []}
        one = timedelta(days=1)
        day = whole.start
        while day <= whole.end:
            held, last = day in cached, day
            while last + one <= whole.end and (last + one in cached) == held:
                last += one
            runs[held].append(Period(day, last))
            day = last + one
        return Split(tuple(runs[True]), tuple(runs[False]))

    def days(self, live: bool) -> list[date]:
        """Every day of the live (or the cached) runs."""
        return [
            run.start + timedelta(days=n)
            for run in (self.live if live else self.cached)
            for n in range(run.days)
        ]


@dataclass(frozen=True)
class Filters:
    period: Period
    line_id: uuid.UUID | None = None
    language: str | None = None
    operator_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None  # tickets only
    category_id: uuid.UUID | None = None  # tickets only (a category or a subcategory)

    def before(self) -> Filters:
        return replace(self, period=self.period.previous())

    def with_before(self) -> Period:
        """The period before and the period, as one run of days (what a report reads)."""
        return Period(self.period.previous().start, self.period.end)


@dataclass(frozen=True)
class Thresholds:
    """The settings the definitions name (docs/kpi.md)."""

    service_level_seconds: int = 20  # answered within this many seconds of waiting
    short_abandon_seconds: int = 5  # a caller who gave up sooner is not counted as abandoned
    repeat_window_days: int = 7  # first-contact resolution: no repeat within this many days


DEFAULTS = Thresholds()
