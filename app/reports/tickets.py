"""The ticket figures of docs/kpi.md, computed by the database in aggregate queries.

A ticket counts in the period it was filed (created, not a draft). Closed means resolved or
closed now; reopened means its log has a reopening; overdue means still open past its due
time at the moment of the report, unless waiting for the citizen (its deadline's clock is
stopped: ``app.tickets.workflow.is_overdue``). First-contact resolution looks for a repeat: another
ticket from the same caller's number in the same category within the window after it.

The log and the repeat are lookups per ticket (its events, the caller's other tickets):
each is made once per ticket, in a CTE of the period's tickets (``filed``), and the
figures are counted over its rows. A report's tickets are counted in one statement
(``app.reports.failures.ticket_report``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    SQLColumnExpression,
    and_,
    case,
    exists,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import CTE

from app.db.models import CallRecord
from app.db.ticket_models import Ticket, TicketCall, TicketEvent
from app.domain.clock import utc_now
from app.reports.period import DEFAULTS, By, Dimension, Filters, Thresholds
from app.reports.sql import Grain, epoch, key_text, moscow_bucket
from app.tickets.workflow import EventKind, TicketStatus

_DONE = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class TicketFigures:
    created: int = 0
    closed: int = 0  # resolved or closed now
    reopened: int = 0  # reopened at least once
    ever_closed: int = 0  # closed now, or closed once and reopened
    overdue: int = 0  # open past the due time, not waiting for the citizen
    repeatable: int = 0  # with a caller's number and a category: FCR can be judged
    first_contact: int = 0  # ... and no repeat within the window
    resolved_timed: int = 0  # closed tickets whose closing is in the log
    resolve_seconds: float = 0.0  # from filing to the first resolution, those tickets

    @property
    def close_rate(self) -> float | None:
        return _ratio(self.closed, self.created)

    @property
    def reopen_rate(self) -> float | None:
        return _ratio(self.reopened, self.ever_closed)

    @property
    def first_contact_resolution(self) -> float | None:
        return _ratio(self.first_contact, self.repeatable)

    @property
    def average_resolve_seconds(self) -> float | None:
        return _ratio(self.resolve_seconds, self.resolved_timed)


_INTEGERS = [name for name in TicketFigures.__dataclass_fields__ if name != "resolve_seconds"]


def first_closed() -> ColumnElement[Any]:
    """When the ticket was first resolved or closed (epoch seconds) by its log; None when
    the log does not show it. A lookup per ticket: ask for it once (``filed``)."""
    event = TicketEvent
    return (
        select(func.min(epoch(event.occurred_at)))
        .where(
            event.ticket_id == Ticket.id,
            event.kind == EventKind.STATUS_CHANGED,
            event.details["to"].as_string().in_([s.value for s in _DONE]),
        )
        .correlate(Ticket)
        .scalar_subquery()
    )


def ticket_columns(thresholds: Thresholds) -> list[ColumnElement[Any]]:
    """What the ticket figures need of each ticket (``figure_columns`` counts them):
    ``filed_at`` (epoch seconds), ``status``, ``due_at``, ``closed_at`` (``first_closed``),
    ``reopened`` (1 when its log has a reopening), ``repeatable`` (1 with a caller's number
    and a category) and ``first_contact`` (1 when repeatable and not repeated within the
    window)."""
    t = Ticket
    later = aliased(Ticket)
    window = thresholds.repeat_window_days * 86400
    reopened = exists(
        select(1).where(TicketEvent.ticket_id == t.id, TicketEvent.kind == EventKind.REOPENED)
    )
    repeatable = and_(t.caller_number != "", t.category_id.is_not(None))
    repeated = exists(
        select(1).where(
            later.caller_number == t.caller_number,
            later.category_id == t.category_id,
            later.id != t.id,
            later.is_draft.is_(False),
            later.deleted_at.is_(None),
            epoch(later.created_at) > epoch(t.created_at),
            epoch(later.created_at) <= epoch(t.created_at) + window,
        )
    )
    return [
        epoch(t.created_at).label("filed_at"),
        t.status.label("status"),
        t.due_at.label("due_at"),
        first_closed().label("closed_at"),
        case((reopened, 1), else_=0).label("reopened"),
        case((repeatable, 1), else_=0).label("repeatable"),
        case((and_(repeatable, not_(repeated)), 1), else_=0).label("first_contact"),
    ]


def filed(filters: Filters, *columns: ColumnElement[Any]) -> CTE:
    """One row per filed ticket of the period (``where``) with the labelled ``columns``,
    each computed once per ticket; the figures are then counted over these rows."""
    return materialized(select(*columns).where(*where(filters)).cte("filed"))


def materialized(cte: CTE) -> CTE:
    """``cte`` computed once, then read. Without the hint PostgreSQL and SQLite inline a
    CTE read once, and a column that is a lookup (the first closing, a reopening, a repeat)
    would be looked up again in every expression that reads it. PostgreSQL 12+ and SQLite
    3.35+ know the hint; an older SQLite gets the same answer, only slower."""
    cte = cte.prefix_with("MATERIALIZED", dialect="postgresql")
    if sqlite3.sqlite_version_info >= (3, 35):
        cte = cte.prefix_with("MATERIALIZED", dialect="sqlite")
    return cte


def figure_columns(f: CTE, as_of: datetime) -> list[ColumnElement[Any]]:
    """The sums of ``TicketFigures`` over rows with the ``ticket_columns``."""
    closed = f.c.status.in_(_DONE)
    reopened = f.c.reopened == 1
    timed = and_(closed, f.c.closed_at.is_not(None))

    def count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    return [
        func.count().label("created"),
        count(closed).label("closed"),
        count(reopened).label("reopened"),
        count(or_(closed, reopened)).label("ever_closed"),
        count(and_(not_(closed), f.c.status != TicketStatus.WAITING, f.c.due_at < as_of)).label(
            "overdue"
        ),
        func.coalesce(func.sum(f.c.repeatable), 0).label("repeatable"),
        func.coalesce(func.sum(f.c.first_contact), 0).label("first_contact"),
        count(timed).label("resolved_timed"),
        func.coalesce(func.sum(case((timed, f.c.closed_at - f.c.filed_at), else_=0)), 0).label(
            "resolve_seconds"
        ),
    ]


def where(filters: Filters) -> list[ColumnElement[bool]]:
    """Filed tickets of the period, with the filters (a line or a language: a call the
    ticket came from was on it)."""
    start, end = filters.period.bounds()
    t = Ticket
    found = [t.created_at >= start, t.created_at < end, t.is_draft.is_(False)]
    found.append(t.deleted_at.is_(None))
    if filters.operator_id is not None:
        found.append(t.operator_id == filters.operator_id)
    if filters.department_id is not None:
        found.append(t.department_id == filters.department_id)
    if filters.category_id is not None:
        found.append(
            or_(t.category_id == filters.category_id, t.subcategory_id == filters.category_id)
        )
    if filters.line_id is not None or filters.language is not None:
        call = [TicketCall.ticket_id == t.id, CallRecord.id == TicketCall.call_id]
        if filters.line_id is not None:
            call.append(CallRecord.line_id == filters.line_id)
        if filters.language is not None:
            call.append(CallRecord.language == filters.language)
        found.append(exists(select(1).select_from(TicketCall).join(CallRecord, and_(*call))))
    return found


def _key(by: By) -> SQLColumnExpression[Any]:
    if isinstance(by, Grain):
        return moscow_bucket(Ticket.created_at, by)
    keys: dict[Dimension, SQLColumnExpression[Any]] = {
        Dimension.OPERATOR: Ticket.operator_id,
        Dimension.DEPARTMENT: Ticket.department_id,
        Dimension.CATEGORY: Ticket.category_id,
    }
    if by not in keys:
        raise ValueError(f"tickets are not grouped by {by.value}")
    return keys[by]


def figures_of(row: Any) -> TicketFigures:
    values: dict[str, Any] = {name: int(getattr(row, name)) for name in _INTEGERS}
    return TicketFigures(**values, resolve_seconds=float(row.resolve_seconds))


def ticket_figures(
    connection: Connection,
    filters: Filters,
    thresholds: Thresholds = DEFAULTS,
    as_of: datetime | None = None,
) -> TicketFigures:
    """The figures over the whole period; overdue as of ``as_of`` (now by default)."""
    f = filed(filters, *ticket_columns(thresholds))
    query = select(*figure_columns(f, as_of or utc_now()))
    return figures_of(connection.execute(query).one())


def tickets_by(
    connection: Connection,
    filters: Filters,
    by: By,
    thresholds: Thresholds = DEFAULTS,
    as_of: datetime | None = None,
) -> list[tuple[str, TicketFigures]]:
    """Per day, week, month or hour (Moscow), operator, department or category."""
    f = filed(filters, _key(by).label("key"), *ticket_columns(thresholds))
    columns = figure_columns(f, as_of or utc_now())
    query = select(f.c.key, *columns).group_by(f.c.key).order_by(f.c.key)
    return [(key_text(row.key), figures_of(row)) for row in connection.execute(query)]
