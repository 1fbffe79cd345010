"""The portal's failure report: which failures callers report, how often, over time, which
are rising, and how long they take to resolve.

A failure is a ticket's category, its subcategory and the error the caller read out (the
technical form's ``error`` field, trimmed and in lower case, so "Ошибка 500" and " ошибка
500 " are one). Rows come per time bucket; "rising" compares the period with the one of the
same length just before it. Everything is counted by the database.

A report's ticket figures (the period, the period before, by department) and its failures
come from one statement, ``ticket_report``: each ticket's lookups are made once for all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import CTE

from app.db.ticket_models import Ticket, TicketCall
from app.domain.clock import utc_now
from app.reports.period import DEFAULTS, Filters, Period, Thresholds
from app.reports.sql import Grain, epoch, fold, key_text, moscow_bucket
from app.reports.tickets import (
    TicketFigures,
    figure_columns,
    figures_of,
    filed,
    first_closed,
    ticket_columns,
    where,
)


@dataclass(frozen=True)
class Failure:
    """One failure in one bucket (or over the period, ``bucket`` '')."""

    bucket: str
    category_id: str  # hex, '' for none
    subcategory_id: str
    error: str  # '' when the caller gave none
    tickets: int
    calls: int  # calls the tickets came from
    resolved: int  # tickets whose resolution is in the log
    resolve_seconds: float

    @property
    def average_resolve_seconds(self) -> float | None:
        return self.resolve_seconds / self.resolved if self.resolved else None


@dataclass(frozen=True)
class Rising:
    category_id: str
    subcategory_id: str
    error: str
    now: int  # tickets in the period
    before: int  # tickets in the period before

    @property
    def change(self) -> int:
        return self.now - self.before


def error_of() -> ColumnElement[str]:
    return fold(func.trim(func.coalesce(Ticket.details["error"].as_string(), "")))


def _calls() -> ColumnElement[Any]:
    return (
        select(func.count(TicketCall.id))
        .where(TicketCall.ticket_id == Ticket.id)
        .correlate(Ticket)
        .scalar_subquery()
    )


def _failure_columns(f: CTE) -> list[ColumnElement[Any]]:
    """A failure's sums over rows with ``calls``, ``filed_at`` and ``closed_at``."""
    timed = f.c.closed_at.is_not(None)
    return [
        func.count().label("tickets"),
        func.coalesce(func.sum(f.c.calls), 0).label("calls"),
        func.coalesce(func.sum(case((timed, 1), else_=0)), 0).label("resolved"),
        func.coalesce(func.sum(case((timed, f.c.closed_at - f.c.filed_at), else_=0)), 0).label(
            "failure_seconds"
        ),
    ]


def _failure(row: Any, bucket: str = "") -> Failure:
    return Failure(
        bucket,
        key_text(row.category_id),
        key_text(row.subcategory_id),
        row.error,
        int(row.tickets),
        int(row.calls),
        int(row.resolved),
        float(row.failure_seconds),
    )


def failures(connection: Connection, filters: Filters, grain: Grain | None) -> list[Failure]:
    """Per bucket (or over the whole period with ``grain`` None), most tickets first."""
    t = Ticket
    f = filed(  # one row per ticket, its first closing looked up once
        filters,
        (moscow_bucket(t.created_at, grain) if grain else literal("")).label("bucket"),
        t.category_id.label("category_id"),
        t.subcategory_id.label("subcategory_id"),
        error_of().label("error"),
        _calls().label("calls"),
        epoch(t.created_at).label("filed_at"),
        first_closed().label("closed_at"),
    )
    query = (
        select(f.c.bucket, f.c.category_id, f.c.subcategory_id, f.c.error, *_failure_columns(f))
        .group_by(f.c.bucket, f.c.category_id, f.c.subcategory_id, f.c.error)
        .order_by(f.c.bucket, func.count().desc(), f.c.error)
    )
    return [_failure(row, row.bucket or "") for row in connection.execute(query)]


@dataclass(frozen=True)
class TicketReport:
    """A report's ticket figures: the period and the period before (the tiles' change), the
    period by department, and the period's failures (most tickets first)."""

    figures: TicketFigures
    before: TicketFigures
    departments: list[tuple[str, TicketFigures]]
    failures: list[Failure]


_KEYS = ("department_id", "category_id", "subcategory_id", "error")


def _report_query(filters: Filters, thresholds: Thresholds, as_of: datetime) -> Select[Any]:
    """One statement for a report's ticket figures: each filed ticket of the period and of
    the period before is looked up once (``filed``), then counted three ways, told apart by
    ``part``: 0 the totals (``now`` 1 for the period, 0 for the one before), 1 the period by
    department, 2 the period's failures (whose error and calls only the period's tickets
    need)."""
    start, _ = filters.period.bounds()
    both = replace(filters, period=Period(filters.period.previous().start, filters.period.end))
    t = Ticket
    now = t.created_at >= start
    f = filed(
        both,
        case((now, 1), else_=0).label("now"),
        t.department_id.label("department_id"),
        t.category_id.label("category_id"),
        t.subcategory_id.label("subcategory_id"),
        case((now, error_of())).label("error"),
        case((now, _calls())).label("calls"),
        *ticket_columns(thresholds),
    )
    sums = [*figure_columns(f, as_of), *_failure_columns(f)]

    def part(number: int, *keys: str) -> Select[Any]:
        columns = [
            f.c[name] if name in keys else cast(null(), f.c[name].type).label(name)
            for name in _KEYS
        ]
        query = select(literal_column(str(number)).label("part"), f.c.now, *columns, *sums)
        if not keys:
            return query.group_by(f.c.now)
        return query.where(f.c.now == 1).group_by(f.c.now, *[f.c[name] for name in keys])

    parts = union_all(
        part(0), part(1, "department_id"), part(2, "category_id", "subcategory_id", "error")
    ).subquery("parts")
    p = parts.c
    return select(parts).order_by(p.part, p.department_id, p.tickets.desc(), p.error)


def ticket_report(
    connection: Connection,
    filters: Filters,
    thresholds: Thresholds = DEFAULTS,
    as_of: datetime | None = None,
) -> TicketReport:
    """Everything ``TicketReport`` holds, the same as ``ticket_figures`` (the period and the
    period before), ``tickets_by`` department and ``failures`` (over the period) give, in
    one statement; overdue as of ``as_of`` (now by default)."""
    figures, before = TicketFigures(), TicketFigures()
    departments: list[tuple[str, TicketFigures]] = []
    found: list[Failure] = []
    for row in connection.execute(_report_query(filters, thresholds, as_of or utc_now())):
        if row.part == 0 and row.now:
            figures = figures_of(row)
        elif row.part == 0:
            before = figures_of(row)
        elif row.part == 1:
            departments.append((key_text(row.department_id), figures_of(row)))
        else:
            found.append(_failure(row))
    return TicketReport(figures, before, departments, found)


def rising(connection: Connection, filters: Filters, top: int = 10) -> list[Rising]:
    """The failures that grew most against the period before (only those that grew)."""
    whole = replace(filters, period=Period(filters.period.previous().start, filters.period.end))
    start, _ = filters.period.bounds()
    error = error_of().label("error")
    now = func.sum(case((Ticket.created_at >= start, 1), else_=0))
    before = func.sum(case((Ticket.created_at < start, 1), else_=0))
    query = (
        select(Ticket.category_id, Ticket.subcategory_id, error, now.label("now"), before)
        .where(*where(whole))
        .group_by(Ticket.category_id, Ticket.subcategory_id, error)
        .having(now > before)
        .order_by((now - before).desc(), error)
        .limit(top)
    )
    return [
        Rising(key_text(c), key_text(s), e, int(n), int(b))
        for c, s, e, n, b in connection.execute(query)
    ]


def by_category(
    connection: Connection, filters: Filters, grain: Grain
) -> list[tuple[str, str, int]]:
    """Tickets per time bucket and top-level category: (bucket, category hex, tickets)."""
    bucket = moscow_bucket(Ticket.created_at, grain).label("bucket")
    query = (
        select(bucket, Ticket.category_id, func.count())
        .where(*where(filters))
        .group_by(bucket, Ticket.category_id)
        .order_by(bucket, Ticket.category_id)
    )
    return [(b, key_text(c), int(n)) for b, c, n in connection.execute(query)]
