"""The sync worker's wait after failures: doubling from 1 s to a 60 s ceiling, with jitter
so desks that lost the server together do not all come back in the same second; and a desk
whose settings name no server says so rather than trying."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from app.db.database import Database
from app.db.engine import sqlite_url
from app.sync.worker import BACKOFF_SECONDS, Link, SyncWorker, backoff


def test_waits_double_up_to_a_minute() -> None:
    middle = [backoff(n, jitter=lambda: 0.5) for n in range(1, 10)]
    assert middle == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 60.0, 60.0, 60.0]
    assert backoff(0) == 0.0  # no failure, no wait


def test_jitter_spreads_each_wait_by_a_fifth_either_way() -> None:
    for failures, base in enumerate(BACKOFF_SECONDS, start=1):
        low, high = backoff(failures, jitter=lambda: 0.0), backoff(failures, jitter=lambda: 1.0)
        assert (low, high) == (pytest.approx(base * 0.8), pytest.approx(base * 1.2))


def test_a_desk_without_a_server_host_says_so_instead_of_trying(tmp_path: Path) -> None:
    database = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    try:
        worker = SyncWorker(
            database, create_engine("postgresql+psycopg://"), unusable="no central host is set"
        )
        status = worker.run_once()
    finally:
        database.close()
    assert (status.link, status.reason) == (Link.OFFLINE, "no central host is set")
    assert status.retry_in == 60.0
