"""A month's report on a million calls (`make bench`): every tile and chart of
``app.reports.report.build`` for October 2026, on SQLite and on PostgreSQL, beside the floor:
the same aggregates written by hand as raw SQL, one statement per figure
(tests/bench/reports_floor.py), on the same connection. Target: under 1 s each.

The whole report is timed as the app makes it, through ``ReportService.report`` (on
PostgreSQL that runs ``SET LOCAL jit = off`` in the report's transaction); its parts and the
floor run in one transaction with the same setting, so the ratios compare like with like.

Data (tests/bench/reports_data.py): about 1,000,000 call records over 400 days, 300,000
tickets with their events and links, three million state spans. The SQLite file is built once
and kept in the temp directory under the migration head, a digest of the migrations and the
builder's version (set REPORT_BENCH_DB to put it elsewhere, REPORT_BENCH_CALLS for another
size); no ANALYZE, as on a desk. PostgreSQL is the throwaway server of tests/services.py,
loaded by COPY and ANALYZEd (a central server's autovacuum does that). Each figure: best of 3
after one warm-up. Ours and the floor are checked to count the same before anything is timed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pytest
from sqlalchemy import Connection, Engine

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import MIGRATIONS_DIR, head_revision, open_engine, sqlite_url
from app.reports import cache
from app.reports import call_report as call_queries
from app.reports import failures as f
from app.reports.call_report import calls_report, staffed_with_before
from app.reports.calls import call_figures, calls_by
from app.reports.period import DEFAULTS, Filters, Period
from app.reports.report import names
from app.reports.service import ReportService
from app.reports.sql import Grain
from app.reports.tickets import ticket_figures
from app.sync.connection import open_central
from tests.bench.conftest import NOTES, record
from tests.bench.reports_data import (
    BUILDER_VERSION,
    CALLS,
    NOW,
    TABLES,
    build_sqlite,
    load_postgres,
)
from tests.bench.reports_floor import (
    CALLS_GROUP,
    PART,
    TICKETS_GROUP,
    Dialect,
    calls_by_hour,
    queries,
    runner,
)

pytestmark = pytest.mark.bench

RUNS = 3
FIRST, LAST = date(2026, 10, 1), date(2026, 10, 31)
MONTH = Filters(Period(FIRST, LAST))


class PostgresServer(Protocol):
    host: str
    port: int
    user: str

    def url(self, dbname: str) -> str: ...
    def create_database(self, name: str) -> str: ...
    def drop_database(self, name: str) -> None: ...


def _ours(connection: Connection) -> dict[str, Callable[[], Any]]:
    """Ours, grouped as the floor's statements are (build()'s statements, in its order),
    reading the finished days from the report cache as build() does."""
    held = cache.split(connection, MONTH, DEFAULTS)
    return {
        "names": lambda: names(connection, False),
        CALLS_GROUP: lambda: (
            cache.split(connection, MONTH, DEFAULTS),
            calls_report(connection, MONTH, Grain.DAY, calls=held.calls, spans=held.spans),
        ),
        PART + "the call statement alone": lambda: connection.execute(
            call_queries._report_query(MONTH, Grain.DAY, DEFAULTS, held.calls)
        ).all(),
        PART + "staffed time alone (state spans)": lambda: staffed_with_before(
            connection, MONTH, held.spans, NOW
        ),
        TICKETS_GROUP: lambda: f.ticket_report(connection, MONTH, as_of=NOW),
        "failures by category and week": lambda: f.by_category(connection, MONTH, Grain.WEEK),
        "rising failures": lambda: f.rising(connection, MONTH),
    }


def _best_ms(work: Callable[[], Any], before: Callable[[], Any] = lambda: None) -> float:
    before()
    work()  # warm-up
    samples = []
    for _ in range(RUNS):
        before()
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return min(samples) * 1000


def _same_counts(connection: Connection, d: Dialect) -> None:
    """The floor counts what ours counts (else the comparison means nothing)."""
    run = runner(connection, d, FIRST, LAST, NOW)
    floor = queries(d)
    report = calls_report(connection, MONTH, Grain.DAY)
    calls = report.figures
    assert calls == call_figures(connection, MONTH)
    (row,) = run([floor[PART + "the call statement alone"][0]])[0]
    names_ = ("offered", "answered", "abandoned", "short_abandoned", "missed",
              "answered_in_time", "abandoned_in_time")  # fmt: skip
    assert [int(x) for x in row[:7]] == [getattr(calls, n) for n in names_]
    assert float(row[8]) == pytest.approx(calls.handle_seconds)
    staffed = run([floor[PART + "staffed time alone (state spans)"][0]])[0][0][0]
    assert float(staffed) == pytest.approx(calls.staffed_seconds)
    tickets = f.ticket_report(connection, MONTH, as_of=NOW)
    assert tickets.figures == ticket_figures(connection, MONTH, as_of=NOW)
    (row,) = run([floor[TICKETS_GROUP][0]])[0]
    figures = tickets.figures
    assert [int(x) for x in row[:8]] == [figures.created, figures.closed, figures.reopened,
        figures.ever_closed, figures.overdue, figures.repeatable, figures.first_contact,
        figures.resolved_timed]  # fmt: skip
    hours = [(k, c.offered) for k, c in report.hours]
    assert hours == [(k, c.offered) for k, c in calls_by(connection, MONTH, Grain.HOUR)]
    assert [(k, int(n)) for k, n, *_ in run([calls_by_hour(d)])[0]] == hours
    rising = [(r.error, r.now, r.before) for r in f.rising(connection, MONTH)]
    assert [(e, int(n), int(b)) for _, _, e, n, b in run(floor["rising failures"])[0]] == rising
    held = cache.split(connection, MONTH, DEFAULTS)
    assert not held.calls.live and not held.spans.live  # the month and the one before
    cached = calls_report(connection, MONTH, Grain.DAY, calls=held.calls, spans=held.spans)
    assert cached == report


def _forget(engine: Engine) -> None:
    """An empty report cache: the first report after a fresh install."""
    with engine.begin() as connection:
        for table in ("report_built", "report_call_groups", "report_staffed"):
            connection.exec_driver_sql(f"DELETE FROM {table}")  # noqa: S608 - fixed names


def _measure(engine: Engine, backend: str) -> list[str]:
    d = Dialect("sqlite" if backend == "SQLite" else "postgresql")
    lines = [f"| {backend}: what | ours | floor | ours / floor |", "|---|---|---|---|"]
    service = ReportService(engine)
    cold = _best_ms(lambda: service.report(MONTH), before=lambda: _forget(engine))
    service.refresh(MONTH)  # what the first report left behind (before the reads below)
    with engine.connect() as connection, connection.begin():
        if not d.sqlite:  # as ReportService.report() does in the report's transaction
            connection.exec_driver_sql("SET LOCAL jit = off")
        _same_counts(connection, d)
        run = runner(connection, d, FIRST, LAST, NOW)
        floor, ours = queries(d), _ours(connection)
        whole = [s for group, statements in floor.items() if not group.startswith(PART)
                 for s in statements]  # fmt: skip
        rows = [("the whole report: ReportService.report()", lambda: service.report(MONTH),
                 lambda: run(whole))]  # fmt: skip
        floor_ms = _best_ms(lambda: run(whole))
        what = "the first report, the cache empty (it builds 61 days)"
        record(f"reports, {backend}: {what}", cold, "hand-written SQL", floor_ms, "ms")
        lines.append(f"| {what} | {cold:.1f} ms | {floor_ms:.1f} ms | {cold / floor_ms:.2f}× |")
        rows += [
            (group, ours[group], lambda s=statements: run(s)) for group, statements in floor.items()
        ]
        for what, mine, base in rows:
            ms, floor_ms = _best_ms(mine), _best_ms(base)
            record(f"reports, {backend}: {what}", ms, "hand-written SQL", floor_ms, "ms")
            lines.append(f"| {what} | {ms:.1f} ms | {floor_ms:.1f} ms | {ms / floor_ms:.2f}× |")
    return lines


def _schema_digest() -> str:
    """The migrations' text: a migration edited in place still rebuilds the file."""
    versions = Path(MIGRATIONS_DIR) / "versions"
    digest = hashlib.sha256()
    for path in sorted(versions.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:8]


def _sqlite_file() -> Path:
    if "REPORT_BENCH_DB" in os.environ:
        path = Path(os.environ["REPORT_BENCH_DB"])
    else:
        key = f"{head_revision()}-{_schema_digest()}-b{BUILDER_VERSION}-{CALLS}"
        path = Path(tempfile.gettempdir()) / "hotline-desk-bench" / f"reports-{key}.sqlite3"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        counts = build_sqlite(path)
        NOTES.append(
            f"reports: SQLite file built in {time.perf_counter() - started:.0f} s: {counts}"
        )
    return path


@pytest.fixture(scope="module")
def postgres(postgres_server: PostgresServer) -> Iterator[Engine]:
    name = "bench_reports"
    url = postgres_server.create_database(name)
    database = Database.open(url)
    database.write_now(seed_reference)
    database.close()
    started = time.perf_counter()
    server = postgres_server
    conninfo = f"host={server.host} port={server.port} user={server.user} dbname={name}"
    counts = load_postgres(conninfo)
    NOTES.append(f"reports: PostgreSQL loaded in {time.perf_counter() - started:.0f} s: {counts}")
    engine = open_central(url)
    try:
        yield engine
    finally:
        engine.dispose()
        postgres_server.drop_database(name)


@pytest.mark.timeout(3600)
def test_a_month_of_reports_on_sqlite() -> None:
    engine = open_engine(sqlite_url(_sqlite_file()))
    try:
        NOTES.extend(_measure(engine, "SQLite"))
    finally:
        engine.dispose()


@pytest.mark.timeout(3600)
def test_a_month_of_reports_on_postgresql(postgres: Engine) -> None:
    NOTES.extend(_measure(postgres, "PostgreSQL"))


def test_the_generator_fills_every_column() -> None:
    for _name, model, columns in TABLES:
        assert set(columns) == set(model.__table__.columns.keys())
