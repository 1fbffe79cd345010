"""The same report queries on a real PostgreSQL (the central view) as on SQLite: the
hand-computed day gives the same figures, and the Moscow buckets fall the same way. The
report cache's triggers and its builders' lock, and a read-only server that cannot cache."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from app.db.database import Database
from app.reports import cache
from app.reports.calls import call_figures, calls_by
from app.reports.period import DEFAULTS, Dimension
from app.reports.report import build
from app.reports.service import ReportService
from app.reports.sql import Grain
from app.reports.tickets import ticket_figures
from tests.reports_day import OP2, write_day, write_tickets
from tests.unit.test_report_cache import LATER, check_cache
from tests.unit.test_report_calls import ONE_DAY, check_day
from tests.unit.test_report_tickets import MIDNIGHT, check_tickets

pytestmark = pytest.mark.service


def test_the_day_on_postgresql(central: Database) -> None:
    central.write_now(write_day)
    with central.engine.connect() as connection:
        check_day(call_figures(connection, ONE_DAY))
        hours = dict(calls_by(connection, ONE_DAY, Grain.HOUR))
        operators = dict(calls_by(connection, ONE_DAY, Dimension.OPERATOR))
    assert hours["00"].answered == 1 and hours["23"].answered == 1
    assert operators[OP2.hex].staffed_seconds == 3600


def test_the_tickets_on_postgresql(central: Database) -> None:
    central.write_now(write_tickets)
    with central.engine.connect() as connection:
        check_tickets(ticket_figures(connection, ONE_DAY, as_of=MIDNIGHT))


def test_the_cache_on_postgresql(central: Database) -> None:
    for seed in (write_day, write_tickets):
        central.write_now(seed)
    check_cache(central)


def test_two_builders_at_once_build_each_day_once(central: Database) -> None:
    """Two supervisors opening the same report at once: one waits for the other's lock,
    then finds every day current; no day is stored twice."""
    central.write_now(write_day)
    start = threading.Barrier(2)

    def build_when_both_ready() -> int:
        start.wait(timeout=30)
        return cache.refresh(central.engine, ONE_DAY, DEFAULTS, now=LATER)

    with ThreadPoolExecutor(2) as pool:
        built = sorted(
            f.result(timeout=60) for f in [pool.submit(build_when_both_ready) for _ in range(2)]
        )
    assert built == [0, 4]
    with central.engine.connect() as connection:
        rows = connection.execute(text("SELECT count(*) FROM report_built")).scalar_one()
        groups = connection.execute(
            text(
                "SELECT count(*) - count(DISTINCT (day, hour, operator_id, line_id, language)) "
                "FROM report_call_groups"
            )
        ).scalar_one()
    assert (rows, groups) == (4, 0)


def test_a_read_only_server_still_reports(
    central: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """A replica (here: a database set read-only) cannot cache: the report says so in the
    log and counts every day from the rows, with the same figures."""
    central.write_now(write_day)
    with central.engine.begin() as connection:
        live = build(connection, ONE_DAY, now=LATER)
        connection.exec_driver_sql(
            "DO $$ BEGIN EXECUTE format("
            "'ALTER DATABASE %%I SET default_transaction_read_only = on', current_database());"
            " END $$"
        )
    central.engine.dispose()  # new connections are read-only
    service = ReportService(central.engine)
    assert service.refresh(ONE_DAY) == 0
    assert "read-only transaction" in caplog.text
    assert service.report(ONE_DAY).calls == live.calls
