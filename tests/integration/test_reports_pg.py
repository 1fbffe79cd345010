"""The same report queries on a real PostgreSQL (the central view) as on SQLite: the
hand-computed day gives the same figures, and the Moscow buckets fall the same way."""

from __future__ import annotations

import pytest

from app.db.database import Database
from app.reports.calls import call_figures, calls_by
from app.reports.period import Dimension
from app.reports.sql import Grain
from app.reports.tickets import ticket_figures
from tests.reports_day import OP2, write_day, write_tickets
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
