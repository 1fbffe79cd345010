"""The call figures of docs/kpi.md, computed by the database in aggregate queries.

Inbound calls count on the Moscow day they were offered (a call that crosses midnight
belongs to the day it rang). Every figure is a sum the database returns; the rates and
averages are divisions of those sums (``CallFigures``), so a total is exactly the sum of
its rows. ``call_figures`` and ``calls_by`` give one total or one grouping, counted from
the rows; a report counts all of them at once (app/reports/call_report.py), from the
report cache where it can, and a test holds the two equal. The same statements run on
SQLite (one desk) and PostgreSQL (the central view).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import (
    Connection,
    SQLColumnExpression,
    and_,
    case,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement, Label
from sqlalchemy.sql.functions import FunctionElement

from app.db.models import CallDirection, CallRecord
from app.db.report_models import OperatorStateSpan, PresenceState
from app.db.types import UtcDateTime
from app.domain.clock import utc_now
from app.reports.period import DEFAULTS, By, Dimension, Filters, Period, Thresholds
from app.reports.sql import Grain, epoch, key_text, moscow_bucket
from app.telephony.model import EndReason

STAFFED = (PresenceState.READY, PresenceState.IN_CALL, PresenceState.AFTER_CALL_WORK)


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class CallFigures:
    offered: int = 0  # inbound calls that reached the desk
    answered: int = 0
    abandoned: int = 0  # the caller hung up before an answer, short ones included
    short_abandoned: int = 0  # ... within the short-abandon threshold
    missed: int = 0  # not answered, not abandoned: declined, failed, not picked up
    answered_in_time: int = 0  # answered within the service-level threshold
    abandoned_in_time: int = 0  # abandoned within the service-level threshold
    wait_seconds: float = 0.0  # queue wait + ring, answered calls
    handle_seconds: float = 0.0  # talk + hold + after-call work, answered calls
    after_call_seconds: float = 0.0  # after-call work, answered calls
    outbound: int = 0  # calls the desk placed (call-backs)
    staffed_seconds: float = 0.0  # time in Ready, in a call or in after-call work

    @property
    def asa(self) -> float | None:
        """Average speed of answer, seconds."""
        return _ratio(self.wait_seconds, self.answered)

    @property
    def aht(self) -> float | None:
        """Average handle time, seconds."""
        return _ratio(self.handle_seconds, self.answered)

    @property
    def acw(self) -> float | None:
        return _ratio(self.after_call_seconds, self.answered)

    @property
    def service_level(self) -> float | None:
        """Answered in time ÷ (offered − short abandons)."""
        return _ratio(self.answered_in_time, self.offered - self.short_abandoned)

    @property
    def service_level_abandons_excluded(self) -> float | None:
        """Answered in time ÷ (offered − abandoned in time): the variant that forgives every
        caller who gave up before the threshold."""
        return _ratio(self.answered_in_time, self.offered - self.abandoned_in_time)

    @property
    def abandonment_rate(self) -> float | None:
        """(Abandoned − short abandons) ÷ (offered − short abandons)."""
        counted = self.offered - self.short_abandoned
        return _ratio(self.abandoned - self.short_abandoned, counted)

    @property
    def occupancy(self) -> float | None:
        """Handle time ÷ staffed time (operator state spans)."""
        return _ratio(self.handle_seconds, self.staffed_seconds)


_COUNTS = [f.name for f in fields(CallFigures) if f.name != "staffed_seconds"]


def _columns(thresholds: Thresholds, c: Any = CallRecord) -> list[ColumnElement[Any]]:
    """The sums of ``CallFigures`` over the rows of ``c`` (the call records, or a subquery
    with their columns)."""
    inbound = c.direction == CallDirection.INBOUND
    answered = and_(inbound, c.answered_at.is_not(None))
    abandoned = and_(inbound, c.answered_at.is_(None), c.end_reason == EndReason.ABANDONED.value)
    queue = func.coalesce(c.queue_wait_seconds, 0)
    wait = queue + (epoch(c.answered_at) - epoch(c.offered_at))
    gave_up_after = queue + (epoch(c.ended_at) - epoch(c.offered_at))
    handle = (
        func.coalesce(c.talk_seconds, 0)
        + func.coalesce(c.hold_seconds, 0)
        + func.coalesce(c.after_call_seconds, 0)
    )

    def count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    def total(condition: ColumnElement[bool], value: ColumnElement[Any]) -> ColumnElement[Any]:
        return func.coalesce(func.sum(case((condition, value), else_=0)), 0)

    short = thresholds.short_abandon_seconds
    level = thresholds.service_level_seconds
    return [
        count(inbound).label("offered"),
        count(answered).label("answered"),
        count(abandoned).label("abandoned"),
        count(and_(abandoned, gave_up_after < short)).label("short_abandoned"),
        count(and_(inbound, c.answered_at.is_(None), c.end_reason != EndReason.ABANDONED.value))
        .label("missed"),
        count(and_(answered, wait <= level)).label("answered_in_time"),
        count(and_(abandoned, gave_up_after <= level)).label("abandoned_in_time"),
        total(answered, wait).label("wait_seconds"),
        total(answered, handle).label("handle_seconds"),
        total(answered, func.coalesce(c.after_call_seconds, 0)).label("after_call_seconds"),
        count(c.direction == CallDirection.OUTBOUND).label("outbound"),
    ]  # fmt: skip


def _key(by: By) -> SQLColumnExpression[Any]:
    if isinstance(by, Grain):
        return moscow_bucket(CallRecord.offered_at, by)
    if by is Dimension.LINE:
        return CallRecord.line_id
    if by is Dimension.LANGUAGE:
        return CallRecord.language
    if by is Dimension.OPERATOR:
        return CallRecord.operator_id
    raise ValueError(f"calls are not grouped by {by.value}")


def filter_where(filters: Filters, columns: Any) -> list[ColumnElement[bool]]:
    """The line, language and operator filters on ``columns`` (of the call records, or of
    groups that keep those three columns)."""
    where = []
    if filters.line_id is not None:
        where.append(columns.line_id == filters.line_id)
    if filters.language is not None:
        where.append(columns.language == filters.language)
    if filters.operator_id is not None:
        where.append(columns.operator_id == filters.operator_id)
    return where


def _where(filters: Filters) -> list[ColumnElement[bool]]:
    start, end = filters.period.bounds()
    c = CallRecord
    return [c.offered_at >= start, c.offered_at < end, c.deleted_at.is_(None),
            *filter_where(filters, c)]  # fmt: skip


def _figures(row: Any, staffed: float = 0.0) -> CallFigures:
    values: dict[str, Any] = {
        name: float(getattr(row, name)) if name.endswith("seconds") else int(getattr(row, name))
        for name in _COUNTS
    }
    return CallFigures(**values, staffed_seconds=staffed)


def call_figures(
    connection: Connection, filters: Filters, thresholds: Thresholds = DEFAULTS
) -> CallFigures:
    """The figures over the whole period."""
    row = connection.execute(select(*_columns(thresholds)).where(*_where(filters))).one()
    return _figures(row, staffed_seconds(connection, filters))


def calls_by(
    connection: Connection, filters: Filters, by: By, thresholds: Thresholds = DEFAULTS
) -> list[tuple[str, CallFigures]]:
    """The figures per hour, day, week or month (Moscow), line, language or operator;
    keys as text (ids as their hex form, '' for none), in key order."""
    key: Label[Any] = _key(by).label("key")
    query = select(key, *_columns(thresholds)).where(*_where(filters)).group_by(key).order_by(key)
    rows = connection.execute(query).all()
    staffed: dict[str, float] = {}
    if by is Dimension.OPERATOR:
        staffed = staffed_by_operator(connection, filters)
    return [(key_text(row.key), _figures(row, staffed.get(key_text(row.key), 0.0))) for row in rows]


class _unindexed(FunctionElement[Any]):  # noqa: N801 - reads as the column it is
    """A column SQLite's planner must not read through its index: ``+column`` there, the
    column itself elsewhere. Without statistics (a desk never ANALYZEs) SQLite would group
    the state spans by walking the whole ``operator_id`` index, every span ever, to save a
    sort, instead of finding the period's spans by ``ended_at`` (2.4 s against 0.4 s for
    a month of the benchmark's spans). A dialect helper like those of app/reports/sql.py."""

    inherit_cache = True

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.type = column.type
        super().__init__(column)


@compiles(_unindexed)
def _unindexed_default(element: _unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(next(iter(element.clauses)), **kw)


@compiles(_unindexed, "sqlite")
def _unindexed_sqlite(element: _unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + compiler.process(next(iter(element.clauses)), **kw)


def _staffed(period: Period) -> tuple[ColumnElement[bool], ColumnElement[Any]]:
    """Which state spans count in ``period`` and their seconds clipped to it."""
    start, end = period.bounds()
    s = OperatorStateSpan
    start_at, end_at = literal(start, UtcDateTime()), literal(end, UtcDateTime())
    ended = func.coalesce(s.ended_at, literal(min(utc_now(), end), UtcDateTime()))
    first = case((s.started_at < start_at, start_at), else_=s.started_at)
    last = case((ended > end_at, end_at), else_=ended)
    inside = and_(s.started_at < end, or_(s.ended_at > start, s.ended_at.is_(None)))
    return inside, epoch(last) - epoch(first)


def _spans_where(filters: Filters, since: Period) -> list[ColumnElement[bool]]:
    """Staffed spans reaching into ``since`` .. the end of the period (the index on
    ``ended_at`` finds them)."""
    s = OperatorStateSpan
    start, _ = since.bounds()
    _, end = filters.period.bounds()
    where = [
        s.state.in_(STAFFED),
        s.started_at < end,
        or_(s.ended_at > start, s.ended_at.is_(None)),
        s.deleted_at.is_(None),
    ]
    if filters.operator_id is not None:
        where.append(s.operator_id == filters.operator_id)
    return where


def staffed_seconds(connection: Connection, filters: Filters) -> float:
    """Time operators spent Ready, in a call or in after-call work, clipped to the period
    (a line or a language does not divide it: those filters leave it whole)."""
    _, seconds = _staffed(filters.period)
    total = func.coalesce(func.sum(seconds), 0)
    where = _spans_where(filters, filters.period)
    return float(connection.execute(select(total).where(*where)).scalar_one())


def staffed_by_operator(connection: Connection, filters: Filters) -> dict[str, float]:
    _, seconds = _staffed(filters.period)
    operator = _unindexed(OperatorStateSpan.operator_id.expression)
    where = _spans_where(filters, filters.period)
    rows = connection.execute(
        select(operator, func.coalesce(func.sum(seconds), 0)).where(*where).group_by(operator)
    )
    return {key_text(o): float(s) for o, s in rows}
