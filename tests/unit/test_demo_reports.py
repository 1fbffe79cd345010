"""The demo month behind the Reports view (app/db/demo_reports.py): seeded once, the same
every time, and shaped so the last 30 days' report shows what it is meant to show."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.demo_reports import demo_ticket_number, month_rows, seed_report_month
from app.db.engine import sqlite_url
from app.db.models import CallRecord
from app.db.report_models import OperatorStateSpan
from app.db.ticket_models import Ticket, TicketCall, TicketEvent
from app.db.types import reference_id
from app.domain.clock import MOSCOW
from app.reports.period import Filters, Period
from app.reports.report import Report, build
from app.tickets.numbers import damm_valid

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=MOSCOW)  # a Wednesday afternoon
TODAY = NOW.date()
LAST_30_DAYS = Filters(Period(TODAY - timedelta(days=29), TODAY))
TABLES = (CallRecord, OperatorStateSpan, Ticket, TicketEvent, TicketCall)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("demo-month") / "desk.sqlite3"
    db = Database.open(sqlite_url(path).render_as_string())
    db.write_now(seed_reference)
    assert db.write_now(lambda s: seed_report_month(s, NOW)) > 0
    yield db
    db.close()


@pytest.fixture(scope="module")
def report(database: Database) -> Report:
    with database.engine.connect() as connection:
        return build(connection, LAST_30_DAYS, now=NOW)


def _counts(database: Database) -> list[int]:
    return database.read(
        lambda s: [s.scalar(select(func.count()).select_from(model)) or 0 for model in TABLES]
    )


def test_seeding_again_adds_nothing(database: Database) -> None:
    before = _counts(database)
    assert all(before)
    later = NOW + timedelta(days=3)  # the desk started again another day
    assert database.write_now(lambda s: seed_report_month(s, later)) == 0
    assert _counts(database) == before


def test_the_same_rows_every_time() -> None:
    first, second = month_rows(NOW, days=3), month_rows(NOW, days=3)
    assert [(c["id"], c["offered_at"]) for c in first.calls] == [
        (c["id"], c["offered_at"]) for c in second.calls
    ]
    assert [t["number"] for t in first.tickets] == [t["number"] for t in second.tickets]


def test_every_weekday_has_calls_and_weekends_fewer(report: Report) -> None:
    offered = {day: figures.offered for day, figures in report.over_time}
    weekdays, weekends = [], []
    for back in range(30):
        day = TODAY - timedelta(days=back)
        (weekends if day.weekday() >= 5 else weekdays).append(offered.get(day.isoformat(), 0))
    assert min(weekdays[1:]) > 200  # today is only half over
    assert weekdays[0] > 0
    assert max(weekends) < min(weekdays[1:])


def test_the_figures_are_those_of_a_working_hotline(report: Report) -> None:
    calls = report.calls
    assert calls.service_level is not None and 0.5 <= calls.service_level <= 1
    assert calls.occupancy is not None and 0 < calls.occupancy < 1
    assert calls.abandonment_rate is not None and 0 < calls.abandonment_rate < 0.12
    assert calls.short_abandoned > 0 and calls.missed > 0 and calls.outbound > 0
    hours = {hour: figures.offered for hour, figures in report.hours}
    assert set(hours) <= {f"{h:02d}" for h in range(8, 22)}  # the lines' hours
    assert hours["11"] > 3 * hours["08"] and hours["15"] > 3 * hours["21"]
    languages = {row[0] for row in report.table("languages").rows}
    assert {"ru", "en"} <= languages
    assert len(report.table("operators").rows) == 4


def test_a_failure_rises_and_some_tickets_are_overdue(report: Report) -> None:
    top = report.rising[0]
    assert top.subcategory_id == reference_id("category", "technical.upload_500").hex
    assert top.error == "ошибка 500"  # the callers' spellings folded into one
    assert top.now > 2 * top.before
    tickets = report.tickets
    assert tickets.overdue > 0
    assert tickets.reopened > 0
    assert tickets.first_contact_resolution is not None
    assert 0.6 < tickets.first_contact_resolution < 0.95


def test_only_synthetic_numbers(database: Database) -> None:
    callers = database.read(lambda s: set(s.scalars(select(CallRecord.caller_number))))
    assert all(number.startswith("+79997") and len(number) == 12 for number in callers)
    numbers = database.read(lambda s: list(s.scalars(select(Ticket.number))))
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith("000-") and damm_valid(n.replace("-", "")) for n in numbers)
    assert demo_ticket_number(1) == numbers[0] or demo_ticket_number(1) in numbers
