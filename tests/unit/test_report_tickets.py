"""The ticket figures of docs/kpi.md against the hand-computed day (tests/reports_day.py):
close, reopen and first-contact rates, overdue as of the report's moment, the time to the
first resolution; by category and operator; drafts never counted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.db.ticket_models import Ticket
from app.db.types import reference_id
from app.reports.period import Dimension, Filters, Period, Thresholds
from app.reports.tickets import TicketFigures, ticket_figures, tickets_by
from app.tickets.workflow import TicketStatus, is_overdue
from tests.reports_day import (
    DAY,
    OP1,
    TICKET_RATES,
    TICKETS_EXPECTED,
    msk,
    write_day,
    write_tickets,
)

ONE_DAY = Filters(Period(DAY, DAY))
MIDNIGHT = msk(0, 0, 0, DAY.replace(day=DAY.day + 1))


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    db.write_now(seed_reference)
    db.write_now(write_day)
    db.write_now(write_tickets)
    yield db
    db.close()


def check_tickets(found: TicketFigures) -> None:
    assert asdict(found) == TICKETS_EXPECTED
    for name, value in TICKET_RATES.items():
        assert getattr(found, name) == pytest.approx(value), name


def test_the_tickets_as_worked_out_by_hand(database: Database) -> None:
    with database.engine.connect() as connection:
        check_tickets(ticket_figures(connection, ONE_DAY, as_of=MIDNIGHT))


def test_overdue_is_as_of_the_report_and_the_window_is_a_setting(database: Database) -> None:
    with database.engine.connect() as connection:
        morning = ticket_figures(connection, ONE_DAY, as_of=msk(11))
        short = ticket_figures(connection, ONE_DAY, Thresholds(repeat_window_days=2), MIDNIGHT)
    assert morning.overdue == 0  # ticket 2 was not yet due at 11:00
    assert short.first_contact == 2  # the repeat three days later no longer counts


def test_by_category_and_operator(database: Database) -> None:
    with database.engine.connect() as connection:
        categories = dict(tickets_by(connection, ONE_DAY, Dimension.CATEGORY, as_of=MIDNIGHT))
        technical = ticket_figures(
            connection,
            Filters(ONE_DAY.period, category_id=reference_id("category", "technical.upload_500")),
            as_of=MIDNIGHT,
        )
    assert categories[reference_id("category", "technical").hex].created == 2
    assert categories[reference_id("category", "sign_in").hex].overdue == 1
    assert sum(f.created for f in categories.values()) == 4
    assert (technical.created, technical.reopened) == (2, 1)


def test_a_ticket_waiting_for_the_citizen_is_not_overdue(database: Database) -> None:
    """Its deadline's clock is stopped, as in the ticket lists (workflow.is_overdue)."""

    def waiting(session: Session) -> None:
        session.add(
            Ticket(
                number="100-000008-8",
                category_id=reference_id("category", "other"),
                status=TicketStatus.WAITING,
                operator_id=OP1,
                due_at=msk(12),
                is_draft=False,
                created_at=msk(10),
            )
        )

    database.write_now(waiting)
    with database.engine.connect() as connection:
        figures = ticket_figures(connection, ONE_DAY, as_of=MIDNIGHT)
    assert figures.created == TICKETS_EXPECTED["created"] + 1
    assert figures.overdue == TICKETS_EXPECTED["overdue"]  # only ticket 2, escalated
    assert not is_overdue(TicketStatus.WAITING, msk(10), 0, [], MIDNIGHT)
