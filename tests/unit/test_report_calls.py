"""The call figures of docs/kpi.md against a hand-computed day (tests/reports_day.py) on
SQLite: totals, every rate, the rows by hour, line, language and operator adding up to the
totals, and the figures of a day with no calls."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

import pytest

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.reports.calls import CallFigures, call_figures, calls_by
from app.reports.period import Dimension, Filters, Period, Thresholds
from app.reports.sql import Grain
from tests.reports_day import DAY, EXPECTED, INTERNATIONAL, OP1, OP2, RATES, write_day

ONE_DAY = Filters(Period(DAY, DAY))


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    db.write_now(seed_reference)
    db.write_now(write_day)
    yield db
    db.close()


def figures_of(database: Database, filters: Filters = ONE_DAY) -> CallFigures:
    with database.engine.connect() as connection:
        return call_figures(connection, filters)


def check_day(found: CallFigures) -> None:
    assert asdict(found) == EXPECTED
    for name, value in RATES.items():
        assert getattr(found, name) == pytest.approx(value), name


def test_the_day_as_worked_out_by_hand(database: Database) -> None:
    check_day(figures_of(database))


def test_the_thresholds_are_settings(database: Database) -> None:
    with database.engine.connect() as connection:
        strict = call_figures(connection, ONE_DAY, Thresholds(service_level_seconds=5))
        lenient = call_figures(connection, ONE_DAY, Thresholds(short_abandon_seconds=15))
    assert strict.answered_in_time == 1  # only I waited under 5 s
    assert lenient.short_abandoned == 2  # C 3 s and J 12 s


def test_rows_by_hour_line_language_and_operator_add_up_to_the_day(database: Database) -> None:
    with database.engine.connect() as connection:
        hours = dict(calls_by(connection, ONE_DAY, Grain.HOUR))
        lines = dict(calls_by(connection, ONE_DAY, Dimension.LINE))
        languages = dict(calls_by(connection, ONE_DAY, Dimension.LANGUAGE))
        operators = dict(calls_by(connection, ONE_DAY, Dimension.OPERATOR))
        days = calls_by(connection, ONE_DAY, Grain.DAY)
    assert sorted(h for h, f in hours.items() if f.offered) == [
        "00", "09", "10", "11", "12", "13", "14", "15", "23",
    ]  # fmt: skip
    assert hours["00"].answered == 1  # 00:30 Moscow is still the 9th in UTC
    assert hours["16"].outbound == 1 and hours["16"].offered == 0
    assert lines[INTERNATIONAL.hex].offered == 1
    assert languages["en"].answered == 1 and languages["ru"].offered == 8
    assert operators[OP2.hex].handle_seconds == 180  # B 120 + I 60
    assert operators[OP1.hex].staffed_seconds == 3 * 3600 + 1800
    assert operators[OP2.hex].staffed_seconds == 3600
    assert [key for key, _ in days] == [DAY.isoformat()]
    for rows in (hours, lines, languages, operators):
        assert sum(f.offered for f in rows.values()) == EXPECTED["offered"]
        assert sum(f.wait_seconds for f in rows.values()) == EXPECTED["wait_seconds"]


def test_weeks_and_months_are_labelled_by_their_first_day(database: Database) -> None:
    around = Filters(Period(DAY - timedelta(days=3), DAY + timedelta(days=3)))
    with database.engine.connect() as connection:
        weeks = [key for key, _ in calls_by(connection, around, Grain.WEEK)]
        months = [key for key, _ in calls_by(connection, around, Grain.MONTH)]
    assert weeks == ["2026-11-09"]  # the Monday: the day before, the day and the day after
    assert months == ["2026-11-01"]


def test_a_filter_narrows_the_calls(database: Database) -> None:
    mine = figures_of(database, Filters(Period(DAY, DAY), operator_id=OP2))
    assert (mine.answered, mine.handle_seconds, mine.staffed_seconds) == (2, 180, 3600)
    english = figures_of(database, Filters(Period(DAY, DAY), language="en"))
    assert english.offered == 1


def test_a_day_without_calls_has_no_rates(database: Database) -> None:
    empty = figures_of(
        database, Filters(Period(DAY + timedelta(days=30), DAY + timedelta(days=30)))
    )
    assert empty.offered == 0
    assert (empty.asa, empty.service_level, empty.abandonment_rate, empty.occupancy) == (
        None, None, None, None,
    )  # fmt: skip
