"""`hotline-desk demo report-month`: a month of demo calls for the Reports view on the
embedded desk, once; a central desk is refused and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db.database import Database
from app.db.engine import sqlite_url
from app.db.models import CallRecord
from app.settings import DatabaseMode, Options, Settings
from tests.unit.test_cli import home_dirs


def calls(path: Path) -> int:
    database = Database.open(sqlite_url(path).render_as_string())
    try:
        return database.read(lambda s: s.scalar(select(func.count(CallRecord.id))) or 0)
    finally:
        database.close()


def test_the_demo_month_is_added_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dirs = home_dirs(tmp_path, monkeypatch)
    assert main(["demo", "report-month"]) == 0
    first = calls(dirs.database_file)
    assert first > 5000  # a month of a busy line
    assert main(["demo", "report-month"]) == 0
    assert calls(dirs.database_file) == first
    assert capsys.readouterr().out.splitlines()[-1] == "demo month: already there"


def test_a_central_desk_gets_no_demo_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dirs = home_dirs(tmp_path, monkeypatch)
    settings = Settings.load(dirs.settings_file)
    settings.set(Options.DB_MODE, DatabaseMode.CENTRAL)
    settings.set(Options.DB_HOST, "127.0.0.1")
    settings.save()
    assert main(["demo", "report-month"]) == 2
    assert "gets no demo data" in capsys.readouterr().err
