"""The report as the view, the CSV and the PDF show it, over the hand-computed day: the
tiles with their change against the day before, names instead of ids, and a table written
as CSV a Russian spreadsheet opens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.reports.calls import call_figures, calls_by
from app.reports.export import table_csv, write_csv
from app.reports.period import Filters, Period
from app.reports.report import build
from app.reports.sql import Grain
from app.reports.tickets import ticket_figures
from tests.reports_day import DAY, write_day, write_tickets
from tests.unit.test_report_tickets import MIDNIGHT


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    for seed in (seed_reference, write_day, write_tickets):
        db.write_now(seed)
    yield db
    db.close()


def test_the_tiles_compare_with_the_day_before(database: Database) -> None:
    with database.engine.connect() as connection:
        report = build(connection, Filters(Period(DAY, DAY)), now=MIDNIGHT)
    tiles = {t.key: t for t in report.tiles}
    assert (tiles["offered"].value, tiles["offered"].before) == (9, 1)  # 23:00 the day before
    assert tiles["offered"].change == 8
    assert tiles["service_level"].value == pytest.approx(0.5)
    assert tiles["tickets"].value == 4 and tiles["tickets"].before == 1
    assert not tiles["asa"].higher_is_better


def test_tables_name_what_they_count(database: Database) -> None:
    with database.engine.connect() as connection:
        report = build(connection, Filters(Period(DAY, DAY)), now=MIDNIGHT)
    operators = {row[0] for row in report.table("operators").rows}
    assert operators == {"Анна Иванова", "Сергей Петров"}
    failures = report.table("failures").rows
    assert failures[0][:4] == (
        "Технические сбои",
        "Ошибка 500 при загрузке документов",
        "ошибка 500",
        2,
    )
    assert [week for week, _name, _n in report.failures_by_category] == ["2026-11-09"] * 3
    assert report.rising[0].now == 2


def test_a_table_as_csv(database: Database, tmp_path: Path) -> None:
    with database.engine.connect() as connection:
        report = build(connection, Filters(Period(DAY, DAY)), now=MIDNIGHT)
    lines = table_csv(report.table("languages"), {"key": "Язык"}).splitlines()
    assert lines[0].startswith("Язык;offered;answered")
    assert lines[2].split(";")[:3] == ["ru", "8", "4"]
    assert lines[2].split(";")[5] == "57,1"  # service level 4 of 7, as per cent
    out = tmp_path / "languages.csv"
    write_csv(report.table("languages"), out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs


def test_the_report_gives_what_each_figure_gives_alone(database: Database) -> None:
    """build() counts in a few combined statements; each figure alone is the judge."""
    filters = Filters(Period(DAY, DAY))
    with database.engine.connect() as connection:
        report = build(connection, filters, now=MIDNIGHT)
        assert report.calls == call_figures(connection, filters)
        assert report.tickets == ticket_figures(connection, filters, as_of=MIDNIGHT)
        assert report.over_time == calls_by(connection, filters, Grain.DAY)
        assert report.hours == calls_by(connection, filters, Grain.HOUR)
