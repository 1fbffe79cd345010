"""`hotline-desk demo report-month`: a month of demo calls for the Reports view on the
embedded desk, once; a central desk is refused and nothing is written. `hotline-desk demo
portal-request`: the three first demo requests once, then one as told; bad input refused
with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db.database import Database
from app.db.engine import sqlite_url
from app.db.models import CallRecord
from app.db.portal_models import PortalRequest, PortalRequestFile
from app.domain.clock import utc_now
from app.services.mfc_offices import MfcOffices
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


def requests_in(path: Path) -> list[tuple[str, str, int]]:
    """(number, language, files) of every portal request in the desk's file."""
    database = Database.open(sqlite_url(path).render_as_string())
    files = (
        select(func.count(PortalRequestFile.id))
        .where(PortalRequestFile.request_id == PortalRequest.id)
        .scalar_subquery()
    )
    query = select(PortalRequest.number, PortalRequest.language, files).order_by(
        PortalRequest.number
    )
    try:
        return database.read(lambda s: [tuple(row) for row in s.execute(query)])  # type: ignore[misc]
    finally:
        database.close()


def test_portal_requests_arrive_as_the_portal_would_write_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dirs = home_dirs(tmp_path, monkeypatch)
    assert main(["demo", "portal-request"]) == 0
    assert main(["demo", "portal-request"]) == 0  # the first three, once
    database = Database.open(sqlite_url(dirs.database_file).render_as_string())
    try:  # and the MFCs' queues as published just now
        offices = MfcOffices(database).offices()
    finally:
        database.close()
    assert len(offices) == 3 and all(office.load_known(utc_now()) for office in offices)
    found = requests_in(dirs.database_file)
    assert [(language, files) for _, language, files in found] == [("ru", 2), ("ru", 0), ("en", 0)]
    attached = tmp_path / "справка.pdf"
    attached.write_bytes(b"%PDF-1.4 demo")
    assert main(["demo", "portal-request", "--text", "Не приходит SMS", "--topic", "two_factor",
                 "--window", "10:00-12:00", "--file", str(attached)]) == 0  # fmt: skip
    out = capsys.readouterr().out.splitlines()
    assert out[-2] == "portal requests: already there"
    number = out[-1].removeprefix("portal request received: ")
    assert (number, "ru", 1) == requests_in(dirs.database_file)[-1]


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--text", "x", "--topic", "nope"], "no topic 'nope'"),
        (["--text", "x", "--phone", "+70000000000"], "no demo citizen with the phone"),
        (["--text", "x", "--file", "/nonexistent/scan.pdf"], "no such file"),
        (["--text", "   "], "a request needs some text"),
    ],
)
def test_a_bad_portal_request_is_refused_and_nothing_is_written(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    said: str,
) -> None:
    dirs = home_dirs(tmp_path, monkeypatch)
    assert main(["demo", "portal-request", *arguments]) == 2
    assert said in capsys.readouterr().err
    assert requests_in(dirs.database_file) == []
