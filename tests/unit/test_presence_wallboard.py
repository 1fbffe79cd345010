"""The wallboard's figures (app/reports/wallboard.py) on SQLite, from a hand-built floor of
presence rows: counts by state, a silent desk counted offline since its last heartbeat,
the longest wait over the callers really waiting, and an empty floor. The same floor runs on
PostgreSQL in tests/integration/test_wallboard_pg.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.db.models import Operator, OperatorRole
from app.db.report_models import OperatorPresence, PresenceState
from app.db.types import reference_id
from app.reports.wallboard import Wallboard, wallboard

NOW = datetime(2026, 11, 26, 9, 30, 0, tzinfo=UTC)


def ago(minutes: float) -> datetime:
    return NOW - timedelta(minutes=minutes)


#: login, name, state, since, caller waiting since, heartbeat (minutes before NOW)
FLOOR: list[tuple[str, str, PresenceState, float, float | None, float]] = [
    ("ivanova", "Анна Иванова", PresenceState.IN_CALL, 5, 7, 0.5),
    ("petrov", "Сергей Петров", PresenceState.IN_CALL, 1, 2, 0.2),
    ("sokolova", "Мария Соколова", PresenceState.READY, 12, None, 0.9),
    ("orlov", "Олег Орлов", PresenceState.AFTER_CALL_WORK, 0.5, None, 0.5),
    ("belova", "Вера Белова", PresenceState.NOT_READY, 40, None, 1),
    # Went silent mid-call 10 minutes ago (killed, cut off): offline, and its caller, who
    # would otherwise be the longest wait, is not counted.
    ("kuznetsov", "Дмитрий Кузнецов", PresenceState.IN_CALL, 20, 30, 10),
    ("zaitseva", "Ирина Зайцева", PresenceState.OFFLINE, 90, None, 90),
    # A presence soft-deleted: not on the board at all.
    ("deleted", "Удалённый Оператор", PresenceState.READY, 1, 60, 0.1),
]


def write_floor(session: Session) -> None:
    """The FLOOR's operators (the demo ones already there) and their presence rows."""
    seeded = {"ivanova", "petrov", "sokolova", "kuznetsov"}
    for login, name, state, since, waiting, heartbeat in FLOOR:
        operator_id = reference_id("operator", login)
        if login not in seeded:
            session.add(
                Operator(id=operator_id, login=login, full_name=name, role=OperatorRole.OPERATOR)
            )
            session.flush()
        session.add(
            OperatorPresence(
                operator_id=operator_id,
                state=state,
                since=ago(since),
                caller_waiting_since=None if waiting is None else ago(waiting),
                heartbeat_at=ago(heartbeat),
                deleted_at=NOW if login == "deleted" else None,
            )
        )


def check_floor(board: Wallboard) -> None:
    assert board.now == NOW
    assert dict(board.by_state) == {
        PresenceState.READY: 1,
        PresenceState.NOT_READY: 1,
        PresenceState.IN_CALL: 2,
        PresenceState.AFTER_CALL_WORK: 1,
        PresenceState.OFFLINE: 2,
    }
    assert board.calls_in_progress == 2
    assert board.longest_wait == timedelta(minutes=7)  # Иванова's caller, queue included
    assert [(line.name, line.state, line.since) for line in board.operators] == [
        ("Анна Иванова", PresenceState.IN_CALL, ago(5)),
        ("Вера Белова", PresenceState.NOT_READY, ago(40)),
        ("Мария Соколова", PresenceState.READY, ago(12)),
        ("Олег Орлов", PresenceState.AFTER_CALL_WORK, ago(0.5)),
        ("Сергей Петров", PresenceState.IN_CALL, ago(1)),
        ("Дмитрий Кузнецов", PresenceState.OFFLINE, ago(10)),  # since its last heartbeat
        ("Ирина Зайцева", PresenceState.OFFLINE, ago(90)),
    ]
    assert board.operators[0].operator_id == reference_id("operator", "ivanova")


def check_empty(board: Wallboard) -> None:
    assert set(board.by_state.values()) == {0}
    assert board.calls_in_progress == 0
    assert board.longest_wait is None
    assert board.operators == ()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    db.write_now(seed_reference)
    yield db
    db.close()


def test_the_floor_as_worked_out_by_hand(database: Database) -> None:
    database.write_now(write_floor)
    check_floor(wallboard(database, NOW))
    with database.engine.connect() as connection:  # a connection or an engine do as well
        check_floor(wallboard(connection, NOW))
    check_floor(wallboard(database.engine, NOW))


def test_how_long_a_silent_desk_stays_on_the_board_is_a_setting(database: Database) -> None:
    database.write_now(write_floor)
    patient = wallboard(database, NOW, stale_after=timedelta(minutes=15))
    assert patient.count(PresenceState.IN_CALL) == 3  # Кузнецов's desk still counts
    assert patient.count(PresenceState.OFFLINE) == 1
    assert patient.longest_wait == timedelta(minutes=30)


def test_a_floor_with_nobody_on_it(database: Database) -> None:
    check_empty(wallboard(database, NOW))
