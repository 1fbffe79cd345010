"""`hotline-desk sync --once` against a real PostgreSQL: a desk configured for the central
database syncs and says so; with the server gone it says why and exits 1, keeping what
waits; a desk on its embedded database is told it has nothing to sync with."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.db.database import Database
from app.db.engine import sqlite_url
from app.db.models import Department
from app.paths import HOME_ENV, AppDirs
from app.settings import DatabaseMode, Options, Settings, SslMode
from tests.cli import run_desk

pytestmark = pytest.mark.service


def configure(home: Path, monkeypatch: pytest.MonkeyPatch, port: int, database: str) -> AppDirs:
    monkeypatch.setenv(HOME_ENV, str(home))
    dirs = AppDirs.default().ensure()
    settings = Settings.load(dirs.settings_file)
    settings.set(Options.DB_MODE, DatabaseMode.CENTRAL)
    settings.set(Options.DB_HOST, "127.0.0.1")
    settings.set(Options.DB_PORT, port)
    settings.set(Options.DB_NAME, database)
    settings.set(Options.DB_USER, "postgres")
    settings.set(Options.DB_SSLMODE, SslMode.DISABLE)
    settings.save()
    return dirs


def departments(dirs: AppDirs) -> int:
    local = Database.open(sqlite_url(dirs.database_file).render_as_string())
    try:
        return local.read(lambda s: int(s.scalar(select(func.count(Department.id))) or 0))
    finally:
        local.close()


def test_sync_once_brings_the_central_data_down_and_reports_online(
    central: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = make_url(central.engine.url)
    assert url.port is not None and url.database is not None
    dirs = configure(tmp_path, monkeypatch, url.port, url.database)

    done = run_desk(tmp_path, "sync", "--once")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("online: 0 waiting, 0 refused, last sync 20")
    assert departments(dirs) == central.read(
        lambda s: int(s.scalar(select(func.count(Department.id))) or 0)
    )


def test_sync_once_without_the_server_says_why_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as holder:  # a port bound but not listening: the server is gone
        holder.bind(("127.0.0.1", 0))
        configure(tmp_path, monkeypatch, holder.getsockname()[1], "hotline")
        done = run_desk(tmp_path, "sync", "--once")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("offline: 0 waiting, 0 refused, last sync never")
    assert "error: the central database did not answer: OperationalError" in done.stderr


def test_sync_once_on_the_embedded_database_is_refused_plainly(tmp_path: Path) -> None:
    done = run_desk(tmp_path, "sync", "--once")
    assert done.returncode == 2
    assert "embedded database only" in done.stderr
