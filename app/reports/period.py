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
class Filters:
    period: Period
    line_id: uuid.UUID | None = None
    language: str | None = None
    operator_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None  # tickets only
    category_id: uuid.UUID | None = None  # tickets only (a category or a subcategory)

    def before(self) -> Filters:
        return replace(self, period=self.period.previous())


@dataclass(frozen=True)
class Thresholds:
    """The settings the definitions name (docs/kpi.md)."""

    service_level_seconds: int = 20  # answered within this many seconds of waiting
    short_abandon_seconds: int = 5  # a caller who gave up sooner is not counted as abandoned
    repeat_window_days: int = 7  # first-contact resolution: no repeat within this many days


DEFAULTS = Thresholds()
