"""The operator's presence as their desk publishes it (app/services/presence.py), on a real
SQLite file: a change of state closes one span and opens the next in one transaction, the
same state again renews only the heartbeat, closing goes offline, a silent stretch is
recorded as offline, and a desk that names nobody publishes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.db.report_models import OperatorPresence, OperatorStateSpan, PresenceState
from app.db.sync_models import SyncOutbox
from app.db.types import reference_id
from app.services.presence import Presence, desk_operator, presence_id
from app.settings import DatabaseMode, Options, Settings

IVANOVA = reference_id("operator", "ivanova")  # seeded from resources/demo/reference.json
START = datetime(2026, 11, 26, 20, 59, 0, tzinfo=UTC)  # 23:59 in Moscow


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    db.write_now(seed_reference)
    yield db
    db.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def presence(database: Database, clock: Clock) -> Presence:
    return Presence(database, lambda: IVANOVA, clock=clock)


def row(database: Database) -> OperatorPresence:
    return database.read(lambda s: s.scalars(select(OperatorPresence)).one())


def spans(database: Database) -> list[tuple[PresenceState, datetime, datetime | None]]:
    def work(session: Session) -> list[tuple[PresenceState, datetime, datetime | None]]:
        query = select(OperatorStateSpan).order_by(OperatorStateSpan.started_at)
        return [(s.state, s.started_at, s.ended_at) for s in session.scalars(query)]

    return database.read(work)


def commits(database: Database) -> list[int]:
    """Counts the transactions committed on the database from now on."""
    seen: list[int] = []

    def committed(_connection: Any) -> None:
        seen.append(1)

    event.listen(database.engine, "commit", committed)
    return seen


def test_the_first_state_makes_the_row_and_opens_a_span(
    database: Database, presence: Presence
) -> None:
    assert presence.set_state(PresenceState.NOT_READY).result(5) is True

    published = row(database)
    assert published.id == presence_id(IVANOVA)
    assert (published.operator_id, published.state) == (IVANOVA, PresenceState.NOT_READY)
    assert published.since == published.heartbeat_at == START
    assert published.caller_waiting_since is None
    assert spans(database) == [(PresenceState.NOT_READY, START, None)]


def test_a_change_closes_the_open_span_and_opens_the_next_in_one_transaction(
    database: Database, presence: Presence, clock: Clock
) -> None:
    presence.set_state(PresenceState.READY).result(5)
    seen = commits(database)
    answered = clock.advance(90)  # past midnight in Moscow: still one span each
    waiting = answered - timedelta(seconds=40)

    assert presence.set_state(PresenceState.IN_CALL, caller_waiting_since=waiting).result(5)

    assert len(seen) == 1
    assert spans(database) == [
        (PresenceState.READY, START, answered),
        (PresenceState.IN_CALL, answered, None),
    ]
    published = row(database)
    assert (published.state, published.since) == (PresenceState.IN_CALL, answered)
    assert published.caller_waiting_since == waiting
    assert published.id == presence_id(IVANOVA)  # the same row, updated


def test_the_same_state_again_renews_only_the_heartbeat(
    database: Database, presence: Presence, clock: Clock
) -> None:
    presence.set_state(PresenceState.READY).result(5)
    later = clock.advance(30)

    assert presence.set_state(PresenceState.READY).result(5) is False

    published = row(database)
    assert (published.state, published.since, published.heartbeat_at) == (
        PresenceState.READY,
        START,
        later,
    )
    assert spans(database) == [(PresenceState.READY, START, None)]


def test_a_heartbeat_keeps_the_state_and_touches_one_row(
    database: Database, presence: Presence, clock: Clock
) -> None:
    assert presence.heartbeat().result(5) is False  # nothing published yet: nothing made
    assert database.read(lambda s: s.scalar(select(func.count(OperatorPresence.id)))) == 0
    presence.set_state(PresenceState.AFTER_CALL_WORK).result(5)
    queued = database.read(lambda s: s.scalar(select(func.count(SyncOutbox.seq))))
    for _minute in range(5):
        clock.advance(60)
        assert presence.heartbeat().result(5) is False

    published = row(database)
    assert (published.state, published.since) == (PresenceState.AFTER_CALL_WORK, START)
    assert published.heartbeat_at == clock.now
    assert len(spans(database)) == 1
    # Renewing the row adds nothing to the sync outbox: its one entry stays (one per row).
    assert database.read(lambda s: s.scalar(select(func.count(SyncOutbox.seq)))) == queued


def test_close_goes_offline_and_ends_the_span(
    database: Database, presence: Presence, clock: Clock
) -> None:
    presence.set_state(PresenceState.READY).result(5)
    closed = clock.advance(120)

    assert presence.close().result(5) is True

    assert row(database).state is PresenceState.OFFLINE
    assert spans(database) == [
        (PresenceState.READY, START, closed),
        (PresenceState.OFFLINE, closed, None),
    ]


def test_a_silent_stretch_is_recorded_offline_from_the_last_heartbeat(
    database: Database, presence: Presence, clock: Clock
) -> None:
    """The desk was killed (or the computer slept) in Ready; it comes back an hour later."""
    presence.set_state(PresenceState.READY).result(5)
    last = clock.advance(60)
    presence.heartbeat().result(5)
    back = clock.advance(3600)

    assert presence.heartbeat().result(5) is True

    assert spans(database) == [
        (PresenceState.READY, START, last),
        (PresenceState.OFFLINE, last, back),
        (PresenceState.READY, back, None),
    ]
    published = row(database)
    assert (published.state, published.since, published.heartbeat_at) == (
        PresenceState.READY,
        back,
        back,
    )


def test_a_desk_naming_nobody_publishes_nothing(database: Database, clock: Clock) -> None:
    for named in (None, uuid.uuid4()):  # the local profile; an id without an operators row
        nobody = Presence(database, lambda named=named: named, clock=clock)
        assert nobody.set_state(PresenceState.READY).result(5) is False
        assert nobody.heartbeat().result(5) is False
        assert nobody.close().result(5) is False
    assert database.read(lambda s: s.scalar(select(func.count(OperatorPresence.id)))) == 0
    assert spans(database) == []


def test_the_desk_operator_is_the_signed_in_one_else_the_login_in_the_settings(
    database: Database, tmp_path: Path
) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    find = desk_operator(database, settings)
    assert find() is None  # the embedded desk's local profile

    settings.set(Options.OPERATOR_LOGIN, "petrov")
    assert find() == reference_id("operator", "petrov")
    settings.set(Options.OPERATOR_LOGIN, "nobody-here")
    assert find() is None

    settings.set(Options.DB_MODE, DatabaseMode.CENTRAL)
    settings.set(Options.DB_USER, "sokolova")
    assert find() == reference_id("operator", "sokolova")
    database.operator_id = IVANOVA  # signed in: the server named them
    assert find() == IVANOVA


def test_a_heartbeat_publishes_the_last_state_for_an_operator_named_since(
    database: Database, clock: Clock
) -> None:
    """The operator named in the settings changed: the next heartbeat shows the new one."""
    named = [IVANOVA]
    presence = Presence(database, lambda: named[0], clock=clock)
    presence.set_state(PresenceState.READY).result(5)
    named[0] = reference_id("operator", "petrov")
    clock.advance(60)

    assert presence.heartbeat().result(5) is True

    states = database.read(
        lambda s: {r.operator_id: r.state for r in s.scalars(select(OperatorPresence))}
    )
    assert states == {IVANOVA: PresenceState.READY, named[0]: PresenceState.READY}


def test_presence_goes_up_one_outbox_entry_per_row_however_often_it_is_renewed(
    database: Database, presence: Presence, clock: Clock
) -> None:
    presence.set_state(PresenceState.READY).result(5)
    clock.advance(10)
    presence.set_state(PresenceState.IN_CALL, clock.now).result(5)
    for _minute in range(10):
        clock.advance(60)
        presence.heartbeat().result(5)

    queued = database.read(lambda s: list(s.scalars(select(SyncOutbox.table_name))))
    assert sorted(queued) == ["operator_presence", "operator_state_spans", "operator_state_spans"]
