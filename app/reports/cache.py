"""The report cache: finished Moscow days' call sums and staffed time, kept in the database
the report reads, so a month's report adds up a few thousand stored groups instead of
re-reading every call and state span (docs/benchmarks.md, "Reports").

``refresh`` builds the finished days of a report's range that are missing or out of date;
``split`` tells a report which of its days it may read from the cache, and the report
counts the others from the rows (app/reports/call_report.py). A day is current while the
version it was built from (``report_built``) equals the day's version in ``report_days``,
which migration 0020's triggers bump whenever a call or a state span of that day is
written, a late push from a desk that was offline included. Today is never cached: it is
still being written.

Building reads a day's version first and its rows second, so a write landing in between
leaves the day stored at the older version: it is built again next time, never kept
wrong. Builders take a lock first (PostgreSQL: an advisory lock; SQLite: the write lock),
so two supervisors never store the same day twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Table, and_, delete, func, insert, literal, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.db.report_models import (
    report_built,
    report_call_groups,
    report_days,
    report_staffed,
)
from app.domain.clock import MOSCOW, utc_now
from app.reports.call_report import day_groups, settings_key, staffed_by_day
from app.reports.period import Filters, Period, Split, Thresholds

CALLS, SPANS = "calls", "spans"
#: The advisory lock builders take on PostgreSQL ('repo').
_LOCK = 0x7265706F


@dataclass(frozen=True)
class Cached:
    """Which days of a report's range (the period before and the period) the cache holds."""

    calls: Split
    spans: Split


def finished(whole: Period, now: datetime) -> Period | None:
    """The days of ``whole`` that are over by ``now`` (Moscow), or None."""
    last = min(whole.end, now.astimezone(MOSCOW).date() - timedelta(days=1))
    return Period(whole.start, last) if last >= whole.start else None


def current_days(connection: Connection, part: str, settings: str, whole: Period) -> set[date]:
    """Days of ``whole`` whose cached rows are still those of the day's version."""
    b, d = report_built, report_days
    same = and_(d.c.part == b.c.part, d.c.day == b.c.day, d.c.version == b.c.version)
    query = (
        select(b.c.day)
        .join(d, same)
        .where(
            b.c.part == part,
            b.c.settings == settings,
            b.c.day.between(whole.start.isoformat(), whole.end.isoformat()),
        )
    )
    return {date.fromisoformat(day) for day in connection.scalars(query)}


def split(connection: Connection, filters: Filters, thresholds: Thresholds) -> Cached:
    """What the report over ``filters`` may read from the cache (what is current now)."""
    whole = filters.with_before()
    calls = current_days(connection, CALLS, settings_key(thresholds), whole)
    return Cached(
        calls=Split.of(whole, calls),
        spans=Split.of(whole, current_days(connection, SPANS, "", whole)),
    )


def _insert_missing(connection: Connection, table: Table) -> Any:
    if connection.dialect.name == "postgresql":
        return postgres_insert(table).on_conflict_do_nothing()
    return sqlite_insert(table).on_conflict_do_nothing()


def _lock(connection: Connection) -> None:
    """Only one builder at a time, until the end of its transaction."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(_LOCK)))
    else:  # a write takes SQLite's write lock: later reads see every committed build
        connection.execute(delete(report_built).where(report_built.c.part == ""))


def refresh(
    engine: Engine, filters: Filters, thresholds: Thresholds, now: datetime | None = None
) -> int:
    """Caches the finished days of the report over ``filters`` that are not current;
    returns how many days (of calls and of spans) it built."""
    now = now or utc_now()
    days = finished(filters.with_before(), now)
    if days is None:
        return 0
    every = Split.of(days).days(live=True)
    with engine.begin() as connection:  # a day's row exists before it is read: see above
        rows = [
            {"part": p, "day": d.isoformat(), "version": 0} for p in (CALLS, SPANS) for d in every
        ]
        connection.execute(_insert_missing(connection, report_days), rows)
    built = 0
    with engine.begin() as connection:
        _lock(connection)
        for part, settings in ((CALLS, settings_key(thresholds)), (SPANS, "")):
            stale = Split.of(days, current_days(connection, part, settings, days))
            if stale.live:
                built += _build(
                    connection,
                    part=part,
                    settings=settings,
                    stale=stale,
                    thresholds=thresholds,
                    now=now,
                )
    return built


def _build(
    connection: Connection,
    *,
    part: str,
    settings: str,
    stale: Split,
    thresholds: Thresholds,
    now: datetime,
) -> int:
    d = report_days
    names = [day.isoformat() for day in stale.days(live=True)]
    versions = connection.execute(
        select(d.c.day, d.c.version).where(d.c.part == part, d.c.day.in_(names))
    ).all()  # before the rows: see the module's docstring
    if part == CALLS:
        g = report_call_groups
        connection.execute(delete(g).where(g.c.settings == settings, g.c.day.in_(names)))
        groups = day_groups(stale.live, thresholds).subquery("groups")
        source = select(literal(settings).label("settings"), *groups.c)
        connection.execute(insert(g).from_select([c.name for c in source.selected_columns], source))
    else:
        s = report_staffed
        connection.execute(delete(s).where(s.c.day.in_(names)))
        spans = staffed_by_day(stale.days(live=True), now)
        connection.execute(insert(s).from_select(["day", "operator_id", "seconds"], spans))
    b = report_built
    connection.execute(
        delete(b).where(b.c.part == part, b.c.settings == settings, b.c.day.in_(names))
    )
    connection.execute(
        insert(b),
        [{"part": part, "settings": settings, "day": day, "version": v} for day, v in versions],
    )
    return len(names)
