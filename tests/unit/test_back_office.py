"""Back-office requests made at the desk: blocking at partial verification, MFC appointments
booked, moved and cancelled, a number to read back, the audit naming only the kind; and
two operators choosing the same slot: one gets it, the other is told."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.application_models import MfcSlot
from app.db.database import Database
from app.db.demo_citizens import DEMO_CALLER, demo_citizens, demo_id
from app.db.engine import sqlite_url
from app.db.models import AccountRequest, AccountRequestKind, AuditEvent
from app.domain.clock import MOSCOW, utc_now
from app.services.audit import AuditLog
from app.services.back_office import BackOffice, SlotTaken
from app.verification.session import NotVerifiedEnough, VerificationSession
from tests.appointments import race, verified
from tests.records import demo_desk

CALLER = demo_id(DEMO_CALLER.snils)


def open_desk_db(path: Path) -> Database:
    return Database.open(sqlite_url(path).render_as_string())


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = demo_desk(tmp_path / "desk.sqlite3")
    yield db
    db.close()


@pytest.fixture
def office(database: Database) -> BackOffice:
    return BackOffice(database, AuditLog(database))


def tomorrow_slots(office: BackOffice) -> list[uuid.UUID]:
    tverskoy = next(o for o in office.offices() if o.code == "mfc_tverskoy")
    day = (utc_now().astimezone(MOSCOW) + timedelta(days=1)).date()
    return [slot.id for slot in office.free_slots(tverskoy.id, day)]


def test_blocking_needs_only_partial_verification_and_gives_a_number(
    office: BackOffice, database: Database
) -> None:
    with pytest.raises(NotVerifiedEnough):
        office.block(VerificationSession(call_id=None, citizen_id=CALLER))
    done = office.block(verified(CALLER)).result(10)
    assert done.kind is AccountRequestKind.BLOCK
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}", done.number)
    stored = database.read(lambda s: s.get_one(AccountRequest, done.id))
    assert (stored.kind, stored.number, stored.status.value) == (
        AccountRequestKind.BLOCK,
        done.number,
        "pending",
    )


def test_an_appointment_is_booked_moved_and_cancelled(
    office: BackOffice, database: Database
) -> None:
    free = tomorrow_slots(office)
    assert len(free) == 18  # 9:00 to 17:30, every half hour
    held = office.appointments(CALLER)
    assert len(held) == 1  # the demo caller's appointment, the day after tomorrow

    moved = office.move(verified(CALLER), held[0].id, free[0]).result(10)
    assert moved.kind is AccountRequestKind.MOVE_APPOINTMENT
    assert [a.id for a in office.appointments(CALLER)] == [free[0]]
    assert free[0] not in tomorrow_slots(office)

    office.cancel(verified(CALLER), free[0]).result(10)
    assert office.appointments(CALLER) == []
    assert free[0] in tomorrow_slots(office)

    booked = office.book(verified(CALLER), free[3]).result(10)
    assert booked.kind is AccountRequestKind.BOOK_APPOINTMENT
    database.write(lambda _s: None).result(10)  # the audit lines are written after
    details = database.read(lambda s: [e.details for e in s.scalars(select(AuditEvent))])
    assert [d["kind"] for d in details] == ["move_appointment", "cancel_appointment",
                                            "book_appointment"]  # fmt: skip
    assert DEMO_CALLER.full_name not in json.dumps(details, ensure_ascii=False)


def test_a_slot_someone_has_is_refused_in_words(office: BackOffice) -> None:
    slot = tomorrow_slots(office)[5]
    office.book(verified(CALLER), slot).result(10)
    other = next(p for i, p in enumerate(demo_citizens()) if i == 1)
    with pytest.raises(SlotTaken):
        office.book(verified(demo_id(other.snils)), slot).result(10)


def test_two_operators_choosing_the_same_slot_one_wins_one_is_told(
    database: Database, tmp_path: Path
) -> None:
    slot = tomorrow_slots(BackOffice(database, AuditLog(database)))[7]
    second = open_desk_db(tmp_path / "desk.sqlite3")  # another desk process on the same file
    others = [demo_id(p.snils) for i, p in enumerate(demo_citizens()) if i in (1, 2)]
    try:
        outcomes = race(database, second, slot, (others[0], others[1]))
    finally:
        second.close()
    assert sorted(type(o).__name__ for o in outcomes) == ["Requested", "SlotTaken"]
    owner = database.read(lambda s: s.get_one(MfcSlot, slot).citizen_id)
    assert owner in others
