"""A month's report on a million calls (`make bench`): every tile and chart of
``app.reports.report.build`` for October 2026, on SQLite and on PostgreSQL, beside the floor:
the same aggregates written by hand as raw SQL (tests/bench/reports_floor.py) on the same
connection. Target: under 1 s each.

Data (tests/bench/reports_data.py): about 1,000,000 call records over 400 days, 300,000
tickets with their events and links, three million state spans. The SQLite file is built once
and kept in the temp directory under the migration head and the builder's version (set
REPORT_BENCH_DB to put it elsewhere, REPORT_BENCH_CALLS for another size); no ANALYZE, as on
a desk. PostgreSQL is the throwaway server of tests/services.py, loaded by COPY and ANALYZEd
(a central server's autovacuum does that). Each figure: best of 3 after one warm-up.
Ours and the floor are checked to count the same before anything is timed.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pytest
from sqlalchemy import Connection, Engine, select

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import head_revision, open_engine, sqlite_url
from app.reports import calls as call_queries
from app.reports import failures as f
from app.reports.calls import call_figures, calls_by, staffed_seconds
from app.reports.period import DEFAULTS, Dimension, Filters, Period
from app.reports.report import build, names
from app.reports.sql import Grain
from app.reports.tickets import ticket_figures, tickets_by
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
from tests.bench.reports_floor import PART, Dialect, queries, runner

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
    """Ours, grouped as the floor's statements are (build()'s calls, in its order)."""
    before = MONTH.before()
    return {
        "names": lambda: names(connection, False),
        "call figures (aggregate + staffed time)": lambda: call_figures(connection, MONTH),
        PART + "the call aggregate alone": lambda: connection.execute(
            select(*call_queries._columns(DEFAULTS)).where(*call_queries._where(MONTH))
        ).one(),
        PART + "staffed time alone (state spans)": lambda: staffed_seconds(connection, MONTH),
        "ticket figures (one aggregate)": lambda: ticket_figures(connection, MONTH, as_of=NOW),
        "the period before (calls, staffed, tickets)": lambda: (
            call_figures(connection, before), ticket_figures(connection, before, as_of=NOW)
        ),
        "calls by day, operator, line, language": lambda: [
            calls_by(connection, MONTH, by)
            for by in (Grain.DAY, Dimension.OPERATOR, Dimension.LINE, Dimension.LANGUAGE)
        ],
        "tickets by department": lambda: tickets_by(
            connection, MONTH, Dimension.DEPARTMENT, as_of=NOW
        ),
        "failures": lambda: f.failures(connection, MONTH, None),
        "failures by category and week": lambda: f.by_category(connection, MONTH, Grain.WEEK),
        "calls by hour": lambda: calls_by(connection, MONTH, Grain.HOUR),
        "rising failures": lambda: f.rising(connection, MONTH),
    }  # fmt: skip


def _best_ms(work: Callable[[], Any]) -> float:
    work()  # warm-up
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return min(samples) * 1000


def _same_counts(connection: Connection, d: Dialect) -> None:
    """The floor counts what ours counts (else the comparison means nothing)."""
    run = runner(connection, d, FIRST, LAST, NOW)
    floor = queries(d)
    calls = call_figures(connection, MONTH)
    (row,) = run(floor[PART + "the call aggregate alone"])[0]
    names_ = ("offered", "answered", "abandoned", "short_abandoned", "missed",
              "answered_in_time", "abandoned_in_time")  # fmt: skip
    assert [int(x) for x in row[:7]] == [getattr(calls, n) for n in names_]
    assert float(row[8]) == pytest.approx(calls.handle_seconds)
    staffed = run(floor[PART + "staffed time alone (state spans)"])[0][0][0]
    assert float(staffed) == pytest.approx(calls.staffed_seconds)
    tickets = ticket_figures(connection, MONTH, as_of=NOW)
    (row,) = run(floor["ticket figures (one aggregate)"])[0]
    assert [int(x) for x in row[:8]] == [tickets.created, tickets.closed, tickets.reopened,
        tickets.ever_closed, tickets.overdue, tickets.repeatable, tickets.first_contact,
        tickets.resolved_timed]  # fmt: skip
    hours = [(k, c.offered) for k, c in calls_by(connection, MONTH, Grain.HOUR)]
    assert [(k, int(n)) for k, n, *_ in run(floor["calls by hour"])[0]] == hours
    rising = [(r.error, r.now, r.before) for r in f.rising(connection, MONTH)]
    assert [(e, int(n), int(b)) for _, _, e, n, b in run(floor["rising failures"])[0]] == rising


def _measure(engine: Engine, backend: str) -> list[str]:
    d = Dialect("sqlite" if backend == "SQLite" else "postgresql")
    lines = [f"| {backend}: what | ours | floor | ours / floor |", "|---|---|---|---|"]
    with engine.connect() as connection:
        _same_counts(connection, d)
        run = runner(connection, d, FIRST, LAST, NOW)
        floor, ours = queries(d), _ours(connection)
        whole = [s for group, statements in floor.items() if not group.startswith(PART)
                 for s in statements]  # fmt: skip
        rows = [("the whole report: build()", lambda: build(connection, MONTH, now=NOW),
                 lambda: run(whole))]  # fmt: skip
        rows += [
            (group, ours[group], lambda s=statements: run(s)) for group, statements in floor.items()
        ]
        if not d.sqlite:  # the same once more without JIT compilation (see docs/benchmarks.md)
            rows.append((f"{PART}the whole report, jit = off", rows[0][1], rows[0][2]))
        for what, mine, base in rows:
            if what.endswith("jit = off"):
                connection.exec_driver_sql("SET jit = off")
            ms, floor_ms = _best_ms(mine), _best_ms(base)
            record(f"reports, {backend}: {what}", ms, "hand-written SQL", floor_ms, "ms")
            lines.append(f"| {what} | {ms:.1f} ms | {floor_ms:.1f} ms | {ms / floor_ms:.2f}× |")
    return lines


def _sqlite_file() -> Path:
    if "REPORT_BENCH_DB" in os.environ:
        path = Path(os.environ["REPORT_BENCH_DB"])
    else:
        key = f"{head_revision()}-b{BUILDER_VERSION}-{CALLS}"
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
