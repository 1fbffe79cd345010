"""The embedded SQLite database: migrations build the models' schema, the file is opened safely
(WAL, foreign keys, busy timeout), timestamps stay UTC, concurrent edits are caught, reference
data seeds once with the same keys everywhere, and every write goes through one writer thread."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from keyring.backends import fail
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.db.database import Database
from app.db.demo import load_reference, seed_reference
from app.db.engine import (
    current_revision,
    head_revision,
    in_schema,
    open_engine,
    sqlite_url,
    upgrade,
)
from app.db.models import (
    AuditEvent,
    Base,
    CallDirection,
    CallRecord,
    Department,
    Line,
    Operator,
    TicketCategory,
)
from app.db.types import new_id, reference_id
from app.desk import open_desk
from app.kb import index as kb_index
from app.paths import HOME_ENV
from app.secrets import SecretStore
from app.services.audit import AuditLog
from app.services.calls import CallLog
from app.services.reference import ReferenceService

REFERENCE = load_reference()
# (model, kind used for its reference key, the JSON list, the field holding the code)
REFERENCE_TABLES: list[tuple[type[Any], str, str, str]] = [
    (Line, "line", "lines", "code"),
    (Department, "department", "departments", "code"),
    (Operator, "operator", "operators", "login"),
    (TicketCategory, "category", "categories", "code"),
]
MOSCOW = ZoneInfo("Europe/Moscow")


def open_database(path: Path) -> Database:
    return Database.open(sqlite_url(path).render_as_string())


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "desk.sqlite3")
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def seeded(database: Database) -> Database:
    database.write_now(seed_reference)
    return database


def count(database: Database, model: type[Any]) -> int:
    return database.read(lambda s: int(s.scalar(select(func.count()).select_from(model)) or 0))


def line_id(database: Database, code: str) -> uuid.UUID:
    return database.read(lambda s: s.scalars(select(Line.id).where(Line.code == code)).one())


# --- migrations and the SQLite file ----------------------------------------------------------


def test_upgrade_on_an_empty_file_reaches_the_head_revision(tmp_path: Path) -> None:
    engine = open_engine(sqlite_url(tmp_path / "new.sqlite3"))
    try:
        assert current_revision(engine) is None

        reached = upgrade(engine)

        assert reached == head_revision()
        assert current_revision(engine) == head_revision()
        assert upgrade(engine) == head_revision()  # a second run changes nothing
    finally:
        engine.dispose()


def test_migration_chain_builds_exactly_the_models_schema(database: Database) -> None:
    with database.engine.begin() as connection:
        kb_index.ensure(connection)  # the derived index is there on every desk, not schema
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": in_schema}
        )
        differences = compare_metadata(context, Base.metadata)

    assert differences == []


def test_connections_use_wal_foreign_keys_and_a_busy_timeout(database: Database) -> None:
    with database.engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }

    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}


def test_a_call_record_for_a_missing_line_is_refused(database: Database) -> None:
    def add_orphan(session: Session) -> None:
        session.add(
            CallRecord(
                sip_call_id="orphan@desk",
                direction=CallDirection.INBOUND,
                line_id=new_id(),  # no such line
                offered_at=datetime.now(UTC),
            )
        )

    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        database.write_now(add_orphan)

    assert count(database, CallRecord) == 0


# --- timestamps, versions and keys ------------------------------------------------------------


def test_timestamps_come_back_as_the_same_instant_in_utc(database: Database) -> None:
    offered = datetime(2026, 11, 25, 14, 3, 22, 123456, tzinfo=MOSCOW)

    def add(session: Session) -> uuid.UUID:
        record = CallRecord(
            sip_call_id="tz@desk", direction=CallDirection.INBOUND, offered_at=offered
        )
        session.add(record)
        session.flush()
        return record.id

    record_id = database.write_now(add)
    stored = database.read(lambda s: s.get_one(CallRecord, record_id))

    assert stored.offered_at == offered
    assert stored.offered_at.utcoffset() == timedelta(0)
    assert stored.offered_at.hour == offered.astimezone(UTC).hour
    assert stored.created_at.utcoffset() == timedelta(0)
    assert abs(stored.created_at - datetime.now(UTC)) < timedelta(minutes=1)


def test_a_naive_timestamp_is_refused(database: Database) -> None:
    def add_naive(session: Session) -> None:
        session.add(
            CallRecord(
                sip_call_id="naive@desk",
                direction=CallDirection.INBOUND,
                offered_at=datetime(2026, 11, 25, 14, 3),
            )
        )

    with pytest.raises(StatementError, match="timezone-aware"):
        database.write_now(add_naive)

    assert count(database, CallRecord) == 0


def test_version_increments_on_each_update(seeded: Database) -> None:
    domestic = line_id(seeded, "domestic")
    before = seeded.read(lambda s: s.get_one(Line, domestic))

    def change_phone(number: str) -> Callable[[Session], int]:
        def work(session: Session) -> int:
            line = session.get_one(Line, domestic)
            line.phone_number = number
            session.flush()
            return line.version

        return work

    assert seeded.write_now(change_phone("122")) == before.version + 1
    assert seeded.write_now(change_phone("123")) == before.version + 2
    after = seeded.read(lambda s: s.get_one(Line, domestic))
    assert (after.version, after.phone_number) == (before.version + 2, "123")
    assert after.updated_at > before.updated_at


def test_a_stale_concurrent_update_is_refused(seeded: Database) -> None:
    domestic = line_id(seeded, "domestic")
    with Session(seeded.engine) as first, Session(seeded.engine) as second:
        mine = first.get_one(Line, domestic)
        theirs = second.get_one(Line, domestic)
        assert mine.version == theirs.version

        theirs.phone_number = "8 800 100-00-00"
        second.commit()  # the other desk saves first

        mine.name_en = "Hotline (stale edit)"
        with pytest.raises(StaleDataError):
            first.commit()

    kept = seeded.read(lambda s: s.get_one(Line, domestic))
    assert kept.phone_number == "8 800 100-00-00"
    assert kept.name_en != "Hotline (stale edit)"


def test_ids_are_uuid7_and_sort_in_creation_order(database: Database) -> None:
    codes = [f"dept-{n:02d}" for n in range(12)]
    for code in codes:  # one write each, in order
        database.write_now(
            lambda s, code=code: s.add(Department(code=code, name_ru=code, name_en=code))
        )

    rows = database.read(lambda s: s.execute(select(Department.id, Department.code)).all())

    assert {row_id.version for row_id, _ in rows} == {7}
    assert [code for _, code in sorted(rows)] == codes
    burst = [new_id() for _ in range(2000)]
    assert burst == sorted(burst)
    assert len(set(burst)) == len(burst)


# --- reference data ---------------------------------------------------------------------------


def test_reference_file_is_not_empty() -> None:
    # The seeding tests compare against this file, so it must hold something to compare.
    for _model, _kind, section, _field in REFERENCE_TABLES:
        assert REFERENCE[section], section


def test_seeding_twice_adds_the_rows_once(database: Database) -> None:
    expected_total = sum(len(REFERENCE[section]) for _, _, section, _ in REFERENCE_TABLES)

    assert database.write_now(seed_reference) == expected_total
    assert database.write_now(seed_reference) == 0

    for model, _kind, section, _field in REFERENCE_TABLES:
        assert count(database, model) == len(REFERENCE[section]), section
    counts = ReferenceService(database).counts()
    assert (counts.lines, counts.departments, counts.operators, counts.categories) == tuple(
        len(REFERENCE[section]) for _, _, section, _ in REFERENCE_TABLES
    )


def test_reference_rows_have_the_same_keys_on_every_desktop(tmp_path: Path) -> None:
    def keys(db: Database) -> dict[tuple[str, str], uuid.UUID]:
        found = {}
        for model, kind, _section, field in REFERENCE_TABLES:
            rows = db.read(lambda s, m=model, f=field: s.execute(select(getattr(m, f), m.id)).all())
            found.update({(kind, code): row_id for code, row_id in rows})
        return found

    databases = [open_database(tmp_path / name) for name in ("desk-a.sqlite3", "desk-b.sqlite3")]
    try:
        for db in databases:
            db.write_now(seed_reference)
        first, second = (keys(db) for db in databases)
    finally:
        for db in databases:
            db.close()

    assert first == second
    expected = {
        (kind, row[field])
        for _, kind, section, field in REFERENCE_TABLES
        for row in REFERENCE[section]
    }
    assert set(first) == expected
    for (kind, code), row_id in first.items():
        assert row_id == reference_id(kind, code)


def test_subcategories_point_to_their_parent(seeded: Database) -> None:
    rows = seeded.read(
        lambda s: s.execute(
            select(TicketCategory.code, TicketCategory.id, TicketCategory.parent_id)
        ).all()
    )
    ids = {code: row_id for code, row_id, _ in rows}
    parents = {code: parent for code, _, parent in rows}
    wanted = {row["code"]: row.get("parent") for row in REFERENCE["categories"]}
    assert any(wanted.values()), "the reference file has subcategories"

    for code, parent_code in wanted.items():
        assert parents[code] == (ids[parent_code] if parent_code else None), code


def test_soft_deleted_lines_are_not_listed(seeded: Database) -> None:
    reference = ReferenceService(seeded)
    all_codes = sorted(row["code"] for row in REFERENCE["lines"])
    assert [line.code for line in reference.lines()] == all_codes
    gone = all_codes[-1]

    def retire(session: Session) -> None:
        session.scalars(select(Line).where(Line.code == gone)).one().deleted_at = datetime.now(UTC)

    seeded.write_now(retire)

    assert [line.code for line in reference.lines()] == all_codes[:-1]
    assert reference.counts().lines == len(all_codes) - 1
    assert count(seeded, Line) == len(all_codes)  # kept for sync, only marked deleted


def test_reference_lines_carry_their_hours(seeded: Database) -> None:
    listed = {line.code: line for line in ReferenceService(seeded).lines()}

    for row in REFERENCE["lines"]:
        line = listed[row["code"]]
        assert line.opens_at == time.fromisoformat(row["opens_at"])
        assert line.closes_at == time.fromisoformat(row["closes_at"])
        assert line.languages == tuple(row["languages"].split(","))


# --- the single writer ------------------------------------------------------------------------


def test_writes_run_on_the_writer_thread(database: Database) -> None:
    name = database.write(lambda _session: threading.current_thread().name).result(timeout=10)

    assert name.startswith("db-writer")
    assert name != threading.current_thread().name


def test_concurrent_writes_from_many_threads_all_land(database: Database) -> None:
    per_thread, threads = 50, 4

    def submit_batch(batch: int) -> list[Future[int]]:
        def add_event(session: Session, n: int) -> int:
            session.add(AuditEvent(action="load-test", details={"batch": batch, "n": n}))
            return threading.get_ident()

        return [database.write(partial(add_event, n=n)) for n in range(per_thread)]

    with ThreadPoolExecutor(max_workers=threads) as callers:
        batches = list(callers.map(submit_batch, range(threads)))
    writer_threads = {future.result(timeout=30) for batch in batches for future in batch}

    assert count(database, AuditEvent) == per_thread * threads
    assert len(writer_threads) == 1  # every one of them ran on the same writer


def test_a_failing_write_rolls_back_and_reports_the_error(database: Database) -> None:
    class Boom(RuntimeError):
        pass

    def half_done(session: Session) -> None:
        session.add(Department(code="half", name_ru="Половина", name_en="Half"))
        session.flush()  # the row reached the database inside the transaction ...
        raise Boom("the second half failed")

    future = database.write(half_done)

    with pytest.raises(Boom, match="second half"):
        future.result(timeout=10)
    assert count(database, Department) == 0  # ... and was rolled back
    # The writer carries on with the next piece of work.
    database.write_now(lambda s: s.add(Department(code="ok", name_ru="Да", name_en="Yes")))
    assert count(database, Department) == 1


# --- services ---------------------------------------------------------------------------------


def test_audit_events_come_back_newest_first(database: Database) -> None:
    audit = AuditLog(database)
    actions = [("sign_in", {"login": "ivanova"}), ("call_answered", {}), ("sign_out", {"n": 2})]

    ids = [audit.record(action, details=details).result(timeout=10) for action, details in actions]

    assert all(isinstance(event_id, uuid.UUID) and event_id.version == 7 for event_id in ids)
    assert audit.recent() == list(reversed(actions))
    assert audit.recent(limit=1) == [actions[-1]]


def test_call_log_lists_answered_and_missed_calls_with_durations(seeded: Database) -> None:
    domestic = line_id(seeded, "domestic")
    start = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    answered_at, ended_at = start + timedelta(seconds=12), start + timedelta(minutes=3, seconds=32)
    calls = [
        CallRecord(
            sip_call_id="answered@pbx",
            direction=CallDirection.INBOUND,
            line_id=domestic,
            caller_number="+79123456789",
            offered_at=start,
            answered_at=answered_at,
            ended_at=ended_at,
            end_reason="hangup",
        ),
        CallRecord(
            sip_call_id="missed@pbx",
            direction=CallDirection.INBOUND,
            line_id=domestic,
            offered_at=start + timedelta(minutes=10),
            ended_at=start + timedelta(minutes=10, seconds=40),
            end_reason="caller_gave_up",
        ),
        CallRecord(
            sip_call_id="outbound@desk",
            direction=CallDirection.OUTBOUND,
            offered_at=start + timedelta(minutes=20),
        ),
        CallRecord(
            sip_call_id="deleted@pbx",
            direction=CallDirection.INBOUND,
            offered_at=start + timedelta(minutes=30),
            deleted_at=start + timedelta(hours=1),
        ),
    ]
    seeded.write_now(lambda s: s.add_all(calls))

    listed = CallLog(seeded).recent()

    assert [call.end_reason for call in listed] == ["", "caller_gave_up", "hangup"]
    outbound, missed, answered = listed
    assert answered.answered
    assert answered.duration_seconds == int((ended_at - answered_at).total_seconds())
    assert (answered.line_code, answered.direction) == ("domestic", "inbound")
    assert answered.offered_at == start
    assert not missed.answered
    assert missed.duration_seconds is None
    assert (outbound.direction, outbound.line_code) == ("outbound", "")
    assert len(CallLog(seeded).recent(limit=2)) == 2


def test_open_desk_creates_a_seeded_database_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    store = SecretStore(service="hotline-desk-test", backend=fail.Keyring())

    desk = open_desk(secrets=store)
    try:
        assert desk.dirs.database_file.is_relative_to(tmp_path)
        assert desk.dirs.database_file.exists()
        first = desk.reference.counts()
    finally:
        desk.close()
    desk = open_desk(secrets=store)
    try:
        again = desk.reference.counts()
    finally:
        desk.close()

    assert first == again
    assert first.operators == len(REFERENCE["operators"])
    assert first.categories == len(REFERENCE["categories"])
