"""Benchmarks of the foundation, each against its baseline in the same run (`make bench`).

- Writes through the single writer thread vs a plain session commit on the caller's thread
  (the floor): what the GUI-never-blocks design costs per write.
- Log lines through the personal-data mask vs the same handler without it: what masking
  costs per line.
- First start (create, migrate, seed) and a later start of the embedded database vs opening
  a bare SQLite connection.
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import logging
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.engine import sqlite_url
from app.db.models import AuditEvent
from app.desk import open_database
from app.logs import MaskingFormatter
from app.paths import AppDirs
from tests.bench.conftest import record

pytestmark = pytest.mark.bench


def _best(run: Callable[[], object], repeats: int = 5) -> float:
    """Median seconds of ``repeats`` runs (after one warm-up)."""
    run()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _add_event(session: Session) -> None:
    session.add(AuditEvent(action="bench", details={"n": 1}))


def test_writer_thread_vs_direct_commit(tmp_path: Path) -> None:
    database = Database.open(sqlite_url(tmp_path / "w.sqlite3").render_as_string())
    n = 500

    def through_writer() -> None:
        futures = [database.write(_add_event) for _ in range(n)]
        for future in futures:
            future.result()

    def direct() -> None:
        for _ in range(n):
            with Session(database.engine) as session, session.begin():
                _add_event(session)

    ours, floor = _best(through_writer), _best(direct)
    database.close()
    record(
        f"{n} single-row writes", ours * 1000, "direct commit on caller thread", floor * 1000, "ms"
    )


def test_masking_formatter_vs_plain(tmp_path: Path) -> None:
    line = logging.LogRecord(
        "app.bench",
        logging.INFO,
        __file__,
        1,
        "call %s from %s answered after %d s, SNILS %s, mail %s",
        (
            "3f2a9c0e-1b7d-4c55-9a31-0d2b8e7f9c10",
            "+7 912 345-67-89",
            14,
            "112-233-445 95",
            "ivan@example.ru",
        ),
        None,
    )
    masked, plain = MaskingFormatter("%(message)s"), logging.Formatter("%(message)s")
    n = 20000
    ours = _best(lambda: [masked.format(line) for _ in range(n)])
    floor = _best(lambda: [plain.format(line) for _ in range(n)])
    record(f"{n} log lines formatted", ours * 1000, "plain logging.Formatter", floor * 1000, "ms")


def test_first_and_later_start(tmp_path: Path) -> None:
    counter = iter(range(1000))

    def first() -> None:
        dirs = (
            AppDirs.default()
            .__class__(*(tmp_path / f"f{next(counter)}" / d for d in ("c", "d", "l", "x")))
            .ensure()
        )
        open_database(dirs).close()

    dirs = AppDirs(*(tmp_path / "later" / d for d in ("c", "d", "l", "x"))).ensure()
    open_database(dirs).close()
    later = _best(lambda: open_database(dirs).close())
    first_start = _best(first, repeats=3)

    def bare() -> None:
        connection = sqlite3.connect(dirs.database_file)
        connection.execute("SELECT count(*) FROM operators").fetchone()
        connection.close()

    floor = _best(bare)
    record(
        "first start: create, migrate, seed",
        first_start * 1000,
        "bare sqlite3 open+query",
        floor * 1000,
        "ms",
    )
    record(
        "later start: check migrations, seed",
        later * 1000,
        "bare sqlite3 open+query",
        floor * 1000,
        "ms",
    )
