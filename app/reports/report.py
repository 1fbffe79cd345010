"""A supervisor's report over a period: the tiles with their change against the period
before, the series the charts draw, and the tables under them. Everything is computed by
the queries of app/reports (the database counts); this module only puts the answers
together, with the names of lines, operators, departments and categories, so the view, the
CSV and the PDF all show the same thing.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from app.db.models import Department, Line, Operator, TicketCategory
from app.domain.clock import utc_now
from app.reports import failures as f
from app.reports.cache import split
from app.reports.call_report import calls_report
from app.reports.calls import CallFigures
from app.reports.period import DEFAULTS, Filters, Thresholds
from app.reports.sql import Grain
from app.reports.tickets import TicketFigures


class Unit(enum.StrEnum):
    COUNT = "count"
    SECONDS = "seconds"
    SHARE = "share"  # 0..1, shown as per cent


@dataclass(frozen=True)
class Tile:
    key: str  # what it is (the view names it)
    unit: Unit
    value: float | None
    before: float | None  # the same figure over the period before
    higher_is_better: bool = True

    @property
    def change(self) -> float | None:
        if self.value is None or self.before is None:
            return None
        return self.value - self.before


@dataclass(frozen=True)
class Table:
    """Rows for a table under a chart (and for CSV): ``columns`` are keys the view names."""

    key: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


#: (key, unit, higher is better, the figure from calls, tickets)
_TILES: tuple[tuple[str, Unit, bool, Callable[[CallFigures, TicketFigures], Any]], ...] = (
    ("offered", Unit.COUNT, True, lambda c, _t: c.offered),
    ("answered", Unit.COUNT, True, lambda c, _t: c.answered),
    ("service_level", Unit.SHARE, True, lambda c, _t: c.service_level),
    ("asa", Unit.SECONDS, False, lambda c, _t: c.asa),
    ("abandonment_rate", Unit.SHARE, False, lambda c, _t: c.abandonment_rate),
    ("aht", Unit.SECONDS, False, lambda c, _t: c.aht),
    ("occupancy", Unit.SHARE, True, lambda c, _t: c.occupancy),
    ("outbound", Unit.COUNT, True, lambda c, _t: c.outbound),
    ("tickets", Unit.COUNT, True, lambda _c, t: t.created),
    ("close_rate", Unit.SHARE, True, lambda _c, t: t.close_rate),
    ("first_contact_resolution", Unit.SHARE, True, lambda _c, t: t.first_contact_resolution),
    ("reopen_rate", Unit.SHARE, False, lambda _c, t: t.reopen_rate),
    ("overdue", Unit.COUNT, False, lambda _c, t: t.overdue),
)

CALL_COLUMNS = (
    "offered", "answered", "abandoned", "missed", "service_level", "asa", "aht", "occupancy",
)  # fmt: skip
TICKET_COLUMNS = ("tickets", "closed", "close_rate", "reopen_rate", "overdue", "fcr")


@dataclass(frozen=True)
class Report:
    filters: Filters
    thresholds: Thresholds
    made_at: datetime
    grain: Grain
    calls: CallFigures
    tickets: TicketFigures
    tiles: list[Tile]
    hours: list[tuple[str, CallFigures]]  # by Moscow hour of the day
    over_time: list[tuple[str, CallFigures]]  # by the grain
    failures_by_category: list[tuple[str, str, int]]  # (week, category id hex, tickets)
    rising: list[f.Rising]
    tables: list[Table] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # id hex -> name

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def name(self, key: str) -> str:
        return self.names.get(key, key)


def names(connection: Connection, english: bool) -> dict[str, str]:
    """Lines, operators, departments and categories by id (the few reference rows)."""
    found: dict[str, str] = {}
    for model in (Line, Department, TicketCategory):
        for row in connection.execute(select(model.id, model.name_ru, model.name_en)):
            found[row.id.hex] = row.name_en if english else row.name_ru
    for op in connection.execute(select(Operator.id, Operator.full_name)):
        found[op.id.hex] = op.full_name
    return found


def _call_row(key: str, c: CallFigures) -> tuple[Any, ...]:
    return (key, c.offered, c.answered, c.abandoned, c.missed, c.service_level, c.asa, c.aht,
            c.occupancy)  # fmt: skip


def _ticket_row(key: str, t: TicketFigures) -> tuple[Any, ...]:
    return (key, t.created, t.closed, t.close_rate, t.reopen_rate, t.overdue,
            t.first_contact_resolution)  # fmt: skip


def build(
    connection: Connection,
    filters: Filters,
    grain: Grain = Grain.DAY,
    *,
    thresholds: Thresholds = DEFAULTS,
    english: bool = False,
    now: datetime | None = None,
) -> Report:
    """Every figure of the report, each one a query the database answers: the calls in one
    statement (with the state spans in another), the tickets in one, then the rising
    failures and the failures by week. Finished days the report cache holds are read from
    it (app/reports/cache.py; ``ReportService.report`` refreshes it first)."""
    now = now or utc_now()
    label = names(connection, english)
    cached = split(connection, filters, thresholds)  # finished days the cache holds
    c = calls_report(
        connection, filters, grain, thresholds, calls=cached.calls, spans=cached.spans, now=now
    )
    t = f.ticket_report(connection, filters, thresholds, now)  # each ticket looked up once
    calls, tickets = c.figures, t.figures
    tiles = [
        Tile(key, unit, pick(calls, tickets), pick(c.before, t.before), better)
        for key, unit, better, pick in _TILES
    ]
    over_time, by_operator, by_line, by_language = c.over_time, c.operators, c.lines, c.languages
    by_department, failures = t.departments, t.failures
    weekly = f.by_category(connection, filters, Grain.WEEK)
    call_head = ("key", *CALL_COLUMNS)
    ticket_head = ("key", *TICKET_COLUMNS)
    tables = [
        Table("over_time", call_head, [_call_row(k, c) for k, c in over_time]),
        Table("operators", call_head, [_call_row(label.get(k, k), c) for k, c in by_operator]),
        Table("lines", call_head, [_call_row(label.get(k, k), c) for k, c in by_line]),
        Table("languages", call_head, [_call_row(k, c) for k, c in by_language]),
        Table(
            "departments",
            ticket_head,
            [_ticket_row(label.get(k, k), t) for k, t in by_department],
        ),
        Table(
            "failures",
            ("category", "subcategory", "error", "tickets", "calls", "resolve_hours"),
            [
                (
                    label.get(r.category_id, r.category_id),
                    label.get(r.subcategory_id, r.subcategory_id),
                    r.error,
                    r.tickets,
                    r.calls,
                    None if r.average_resolve_seconds is None else r.average_resolve_seconds / 3600,
                )
                for r in failures
            ],
        ),
    ]
    return Report(
        filters=filters,
        thresholds=thresholds,
        made_at=now,
        grain=grain,
        calls=calls,
        tickets=tickets,
        tiles=tiles,
        hours=c.hours,
        over_time=over_time,
        failures_by_category=weekly,
        rising=f.rising(connection, filters),
        tables=tables,
        names=label,
    )
