"""The failure report against the hand-computed day: failures grouped by category,
subcategory and the error as read out (spelling and spaces aside), with their calls and
time to resolution; and the failures rising against the period before."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.db.ticket_models import Ticket, TicketCall
from app.db.types import reference_id
from app.reports.drill import tickets_behind
from app.reports.failures import failures, rising
from app.reports.period import Filters, Period
from app.reports.sql import Grain
from tests.reports_day import DAY, write_tickets

UPLOAD = reference_id("category", "technical.upload_500").hex
SIGN_IN = reference_id("category", "sign_in").hex


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    db.write_now(seed_reference)
    db.write_now(write_tickets)

    def two_calls(session: Session) -> None:
        first = session.scalar(select(Ticket.id).where(Ticket.number == "100-000001-1"))
        assert first is not None
        session.add_all(TicketCall(ticket_id=first, call_id=uuid.uuid4()) for _ in range(2))

    db.write_now(two_calls)
    yield db
    db.close()


def test_one_failure_however_the_error_was_typed(database: Database) -> None:
    with database.engine.connect() as connection:
        rows = failures(connection, Filters(Period(DAY, DAY)), None)
    upload = next(r for r in rows if r.subcategory_id == UPLOAD)
    assert (upload.error, upload.tickets, upload.calls) == ("ошибка 500", 2, 2)
    assert upload.average_resolve_seconds == pytest.approx((60 + 7200) / 2)
    assert rows[0] is upload  # most tickets first
    assert sum(r.tickets for r in rows) == 4


def test_failures_by_day_and_the_rising_ones(database: Database) -> None:
    week = Filters(Period(DAY - timedelta(days=1), DAY))
    with database.engine.connect() as connection:
        days = failures(connection, week, Grain.DAY)
        up = rising(connection, Filters(Period(DAY, DAY)))
    assert {r.bucket for r in days} == {(DAY - timedelta(days=1)).isoformat(), DAY.isoformat()}
    assert (up[0].subcategory_id, up[0].now, up[0].before) == (UPLOAD, 2, 0)
    sign_in = [r for r in up if r.category_id == SIGN_IN]
    assert sign_in == []  # one the day before, one that day: not rising


def test_the_tickets_behind_a_bar(database: Database) -> None:
    technical = reference_id("category", "technical")
    with database.engine.connect() as connection:
        that_week = tickets_behind(connection, Filters(Period(DAY, DAY)), technical, DAY)
        other_week = tickets_behind(
            connection, Filters(Period(DAY, DAY)), technical, DAY + timedelta(days=7)
        )
    assert [t.number for t in that_week] == ["100-000003-3", "100-000001-1"]  # newest first
    assert that_week[0].error == "ошибка 500"
    assert other_week == []
