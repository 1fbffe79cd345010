"""The screen pop's fast read: the kept SQLite connection gives exactly what SQLAlchemy gives,
sees calls written after it was opened, refuses a missing parameter, and is only used for an
SQLite file (PostgreSQL reads go through sessions; tests/integration checks the same lookup)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.db.models import CallDirection, CallRecord, Line
from app.services.calls import CallLog

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
NUMBER = "+79161234567"
STATEMENT = (
    select(
        CallRecord.id,
        CallRecord.offered_at,
        CallRecord.answered_at,
        CallRecord.direction,
        Line.code,
        CallRecord.hold_seconds,
    )
    .outerjoin(Line, CallRecord.line_id == Line.id)
    .where(CallRecord.caller_number == bindparam("number"))
    .order_by(CallRecord.offered_at.desc())
    .limit(5)
)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    db.write_now(seed_reference)
    try:
        yield db
    finally:
        db.close()


def add_call(db: Database, minutes: int, *, answered: bool, line: str | None = None) -> None:
    def work(session: Session) -> None:
        line_id = None
        if line is not None:
            line_id = session.scalars(select(Line.id).where(Line.code == line)).one()
        session.add(
            CallRecord(
                sip_call_id=f"call-{minutes}@pbx",
                direction=CallDirection.INBOUND,
                caller_number=NUMBER,
                line_id=line_id,
                offered_at=START + timedelta(minutes=minutes),
                answered_at=START + timedelta(minutes=minutes, seconds=9) if answered else None,
                hold_seconds=minutes,
            )
        )

    db.write_now(work)


def through_sqlalchemy(db: Database) -> list[tuple[object, ...]]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(STATEMENT, {"number": NUMBER})]


def test_rows_match_what_sqlalchemy_returns_value_for_value(database: Database) -> None:
    add_call(database, 1, answered=True, line="domestic")
    add_call(database, 2, answered=False)
    add_call(database, 3, answered=True, line="international")
    reader = database.prepared(STATEMENT)
    assert reader is not None

    rows = [tuple(row) for row in reader.run(number=NUMBER)]

    assert rows == through_sqlalchemy(database)
    newest = reader.run(number=NUMBER)[0]
    assert newest.offered_at == START + timedelta(minutes=3)
    assert newest.offered_at.tzinfo is not None  # aware UTC, as the ORM gives it
    assert newest.direction is CallDirection.INBOUND
    assert newest.code == "international"
    assert [row.code for row in reader.run(number=NUMBER)] == ["international", None, "domestic"]


def test_a_call_written_after_the_reader_opened_is_seen(database: Database) -> None:
    """The kept connection must not pin an old snapshot: the pop shows the latest calls."""
    reader = database.prepared(STATEMENT)
    assert reader is not None
    assert reader.run(number=NUMBER) == []

    add_call(database, 5, answered=True)

    assert [row.hold_seconds for row in reader.run(number=NUMBER)] == [5]


def test_a_missing_parameter_is_refused_before_the_database_is_asked(
    database: Database,
) -> None:
    reader = database.prepared(STATEMENT)
    assert reader is not None
    with pytest.raises(ValueError, match="number"):
        reader.run()


def test_an_in_memory_database_reads_through_sqlalchemy() -> None:
    db = Database.open("sqlite+pysqlite:///:memory:")
    try:
        assert db.prepared(STATEMENT) is None
        assert CallLog(db).history_for(NUMBER) == []
    finally:
        db.close()


def test_the_screen_pop_lookup_gives_the_callers_calls_newest_first(database: Database) -> None:
    add_call(database, 1, answered=True, line="domestic")
    add_call(database, 7, answered=False)

    history = CallLog(database).history_for(NUMBER)

    assert [call.offered_at for call in history] == [
        START + timedelta(minutes=7),
        START + timedelta(minutes=1),
    ]
    assert [call.answered for call in history] == [False, True]
    assert history[1].line_code == "domestic"
    assert CallLog(database).history_for("+70000000000") == []
