"""The central database on a real PostgreSQL: the same migration chain builds the models' schema,
reference data, timestamps and the screen pop's lookup behave as on SQLite, enums are stored
as readable values, and `hotline-desk db` migrates a fresh server database (twice harmlessly)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import load_reference, seed_reference
from app.db.engine import current_revision, head_revision, open_engine, upgrade
from app.db.models import Base, CallDirection, CallRecord
from app.db.types import reference_id
from app.services.calls import CallLog
from app.services.reference import ReferenceService
from tests.cli import run_desk

pytestmark = pytest.mark.service

REFERENCE = load_reference()


@pytest.fixture
def database(pg_url: str) -> Iterator[Database]:
    db = Database.open(pg_url)
    try:
        yield db
    finally:
        db.close()


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_desk(home, *args)


def test_migration_chain_reaches_head_and_matches_the_models(pg_url: str) -> None:
    engine = open_engine(pg_url)
    try:
        assert current_revision(engine) is None

        assert upgrade(engine) == head_revision()

        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_seeding_and_reference_views_work_on_postgres(database: Database) -> None:
    total = sum(len(REFERENCE[section]) for section in REFERENCE)

    assert database.write_now(seed_reference) == total
    assert database.write_now(seed_reference) == 0

    reference = ReferenceService(database)
    counts = reference.counts()
    assert (counts.operators, counts.departments, counts.lines, counts.categories) == (
        len(REFERENCE["operators"]),
        len(REFERENCE["departments"]),
        len(REFERENCE["lines"]),
        len(REFERENCE["categories"]),
    )
    lines = reference.lines()
    assert [line.code for line in lines] == sorted(row["code"] for row in REFERENCE["lines"])
    for line in lines:
        assert line.id == reference_id("line", line.code)
    operators = {operator.login: operator for operator in reference.operators()}
    for row in REFERENCE["operators"]:
        assert operators[row["login"]].role == row["role"]
        assert operators[row["login"]].id == reference_id("operator", row["login"])


def test_timestamps_round_trip_as_aware_utc(database: Database) -> None:
    offered = datetime(2026, 11, 25, 23, 59, 59, 654321, tzinfo=ZoneInfo("Europe/Moscow"))

    def add(session: Session) -> Any:
        record = CallRecord(
            sip_call_id="tz@pg", direction=CallDirection.INBOUND, offered_at=offered
        )
        session.add(record)
        session.flush()
        return record.id

    record_id = database.write_now(add)
    stored = database.read(lambda s: s.get_one(CallRecord, record_id))

    assert stored.offered_at == offered
    assert stored.offered_at.utcoffset() == timedelta(0)
    assert stored.offered_at.day == offered.astimezone(UTC).day
    with database.engine.connect() as connection:
        column_type = connection.execute(
            text("SELECT pg_typeof(offered_at)::text FROM call_records")
        ).scalar_one()
    assert column_type == "timestamp with time zone"


def test_a_naive_timestamp_is_refused_on_postgres(database: Database) -> None:
    def add_naive(session: Session) -> None:
        session.add(
            CallRecord(
                sip_call_id="naive@pg",
                direction=CallDirection.INBOUND,
                offered_at=datetime(2026, 11, 25, 12, 0),
            )
        )

    with pytest.raises(StatementError, match="timezone-aware"):
        database.write_now(add_naive)


def test_enums_are_stored_as_their_values(database: Database) -> None:
    database.write_now(seed_reference)

    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT login, role FROM operators")).all()
    stored = {login: role for login, role in rows}

    assert stored == {row["login"]: row["role"] for row in REFERENCE["operators"]}


def test_the_screen_pop_lookup_reads_through_sessions_on_postgres(database: Database) -> None:
    """The kept SQLite connection (app/db/prepared.py) is not for PostgreSQL; the lookup is."""
    start = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    database.write_now(
        lambda session: session.add_all(
            CallRecord(
                sip_call_id=f"pop-{minute}@pbx",
                direction=CallDirection.INBOUND,
                caller_number="+79161234567",
                offered_at=start + timedelta(minutes=minute),
            )
            for minute in (1, 9)
        )
    )

    history = CallLog(database).history_for("+79161234567")

    assert database.prepared(select(CallRecord.id)) is None
    assert [call.offered_at for call in history] == [
        start + timedelta(minutes=9),
        start + timedelta(minutes=1),
    ]


def test_cli_migrates_a_fresh_postgres_database_and_twice_is_harmless(
    tmp_path: Path, pg_url: str
) -> None:
    head = head_revision()

    first = run_cli(tmp_path, "db", "upgrade", "--url", pg_url)
    assert first.returncode == 0, first.stderr
    assert f"empty -> {head}" in first.stdout

    status = run_cli(tmp_path, "db", "status", "--url", pg_url)
    assert status.returncode == 0, status.stderr
    assert f"{head} (latest)" in status.stdout

    again = run_cli(tmp_path, "db", "upgrade", "--url", pg_url)
    assert again.returncode == 0, again.stderr
    assert f"{head} -> {head}" in again.stdout

    engine = open_engine(pg_url)
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            tables = connection.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            ).scalar_one()
    finally:
        engine.dispose()
    assert [row[0] for row in versions] == [head]
    assert tables == len(Base.metadata.tables) + 1  # the models' tables and alembic_version
    # The embedded database was not touched: the command worked on the URL it was given.
    assert not any((tmp_path / "data").glob("*.sqlite3"))
