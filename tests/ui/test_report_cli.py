"""`hotline-desk report` as a scheduled job runs it, on a desk whose database holds the
hand-computed day (moved three years back, where the demo month never reaches): a table as
CSV on standard output or in a file, with the settings' thresholds and in the run's
language; the whole report as a PDF; a central desk's report from the central database.
Bad dates, a range backwards, an output that cannot be written and a central database that
does not answer are each refused in one line, with nothing written. Run in this process
(the PDF is drawn on the test's QApplication)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

from app.cli import main
from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.logs import close_logging
from app.paths import HOME_ENV, AppDirs
from app.report_cli import TABLES
from app.reports.period import Filters, Period
from app.reports.report import build
from app.settings import DatabaseMode, Options, Settings, SslMode
from tests.reports_day import DAY, write_day, write_tickets

SHIFT = -timedelta(weeks=3 * 52)  # a Tuesday three years before, far from the demo month
THE_DAY = DAY + SHIFT
ISO, DOTTED = THE_DAY.isoformat(), THE_DAY.strftime("%d.%m.%Y")
HEADER = "key;offered;answered;abandoned;missed;service_level;asa;aht;occupancy"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppDirs]:
    """The desk's folders under tmp_path, its database holding the hand-computed day."""
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    dirs = AppDirs.default().ensure()
    db = Database.open(sqlite_url(dirs.database_file).render_as_string())
    db.write_now(seed_reference)
    db.write_now(lambda s: write_day(s, SHIFT))
    db.write_now(lambda s: write_tickets(s, SHIFT))
    db.close()
    yield dirs
    close_logging()


def report(*args: str) -> int:
    return main(["report", *args])


def test_a_table_as_csv_on_standard_output(
    home: AppDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    assert report("--from", ISO, "--to", DOTTED) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == HEADER  # no byte-order mark on a terminal or a pipe
    assert lines[1] == f"{ISO};9;5;3;1;50,0;12,4;257,4;"  # ASA 62/5 s, AHT 1287/5 s
    assert len(lines) == 2


def test_the_thresholds_are_the_settings(home: AppDirs, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings.load(home.settings_file)
    settings.set(Options.REPORT_SERVICE_LEVEL_SECONDS, 10)
    settings.save()

    assert report("--from", ISO, "--to", ISO) == 0

    row = capsys.readouterr().out.splitlines()[1]
    assert row.split(";")[5] == "37,5"  # answered within 10 s: E, F and I of 8


def test_another_table_into_a_file(home: AppDirs, tmp_path: Path) -> None:
    out = tmp_path / "operators.csv"

    assert report("--from", ISO, "--to", ISO, "--table", "operators", "--out", str(out)) == 0

    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffkey;offered")  # for a Russian spreadsheet
    assert "Анна Иванова;7;3;3;1;50,0" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_names_in_english_when_the_run_is(
    home: AppDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--language", "en", "report", "--from", ISO, "--to", ISO, "--table", "lines"]) == 0

    assert "International line;1;1;0;0;0,0;27,0;120,0;" in capsys.readouterr().out


def test_the_whole_report_as_a_pdf(qapp: QApplication, home: AppDirs, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"

    assert report("--from", ISO, "--to", ISO, "--format", "pdf", "--out", str(out)) == 0

    assert out.read_bytes().startswith(b"%PDF-")
    document = QPdfDocument()
    assert document.load(str(out)) == QPdfDocument.Error.None_
    assert document.pageCount() >= 2
    first = " ".join(document.getAllText(0).text().split())
    assert f"{DOTTED} – {DOTTED}" in first
    assert "Уровень обслуживания" in first  # the desk's language: Russian


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01", "--to", ISO], "error: --from '2026-13-01' is not a date"),
        (["--from", ISO, "--to", "31.02.2026"], "error: --to '31.02.2026' is not a date"),
        (["--from", "30.11.2026", "--to", "2026-11-01"], "error: --to 01.11.2026 is before"),
        (["--from", ISO, "--to", ISO, "--table", "calls"], "error: --table 'calls' is not one"),
        (["--from", ISO, "--to", ISO, "--format", "pdf"], "error: a PDF needs --out FILE"),
    ],
)
def test_bad_input_is_refused_in_one_line(
    home: AppDirs, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert report(*args) == 2

    said = capsys.readouterr()
    assert said.err.startswith(message)
    assert said.err.count("\n") == 1
    assert said.out == ""


def test_an_output_that_cannot_be_written_leaves_nothing(
    home: AppDirs, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no such folder" / "report.csv"
    assert report("--from", ISO, "--to", ISO, "--out", str(missing)) == 2
    assert "no such folder does not exist" in capsys.readouterr().err
    assert not missing.parent.exists()

    folder = tmp_path / "reports"
    folder.mkdir()
    assert report("--from", ISO, "--to", ISO, "--format", "pdf", "--out", str(folder)) == 2
    assert "is a folder" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_without_permission_to_write(
    home: AppDirs, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        out = locked / "report.pdf"
        assert report("--from", ISO, "--to", ISO, "--format", "pdf", "--out", str(out)) == 2
        assert "cannot be written (permission denied)" in capsys.readouterr().err
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_a_central_database_that_does_not_answer(
    home: AppDirs, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as holder:  # bound, never listening: connecting is refused
        holder.bind(("127.0.0.1", 0))
        settings = Settings.load(home.settings_file)
        settings.set(Options.DB_MODE, DatabaseMode.CENTRAL)
        settings.set(Options.DB_HOST, "127.0.0.1")
        settings.set(Options.DB_PORT, holder.getsockname()[1])
        settings.save()
        out = tmp_path / "report.csv"

        assert report("--from", ISO, "--to", ISO, "--out", str(out)) == 1

    err = capsys.readouterr().err
    assert err.startswith("error: the report could not be read: OperationalError")
    assert err.count("\n") == 1
    assert not out.exists()


def test_the_cli_knows_every_table_the_report_has(tmp_path: Path) -> None:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    with db.engine.connect() as connection:
        built = build(connection, Filters(Period(DAY, DAY)))
    db.close()
    assert tuple(t.key for t in built.tables) == TABLES


@pytest.mark.service
def test_a_central_desk_reports_from_the_central_database(
    central: Database, home: AppDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    central.write_now(lambda s: write_day(s, SHIFT + timedelta(days=1)))  # a day later there
    url = make_url(central.engine.url)
    settings = Settings.load(home.settings_file)
    settings.set(Options.DB_MODE, DatabaseMode.CENTRAL)
    settings.set(Options.DB_HOST, "127.0.0.1")
    settings.set(Options.DB_PORT, url.port)
    settings.set(Options.DB_NAME, url.database)
    settings.set(Options.DB_USER, "postgres")
    settings.set(Options.DB_SSLMODE, SslMode.DISABLE)
    settings.save()
    after = THE_DAY + timedelta(days=1)

    assert report("--from", ISO, "--to", after.isoformat()) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [  # the central day; this desk's own file has nine calls on the first
        f"{ISO};1;1;0;0;100,0;3,0;65,0;",  # the call at 23:00 the evening before
        f"{after.isoformat()};9;5;3;1;50,0;12,4;257,4;",
    ]
