"""Verifying a caller against the citizens table: found by number, SNILS or name and birth
date, documents and the answer checked as dictated, lockout after three failures in a day,
and an audit trail (and log) with not one value of the caller's data in it."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.database import Database
from app.db.demo_citizens import DEMO_CALLER, seed_citizens
from app.db.engine import sqlite_url
from app.db.models import AccountRequest, AccountRequestKind, AuditEvent, CallDirection, CallRecord
from app.logs import setup_logging
from app.services.audit import AuditLog
from app.services.verification import (
    FAILED,
    LOOKUP,
    MATCHED,
    REQUESTED,
    LockedOut,
    VerificationService,
)
from app.verification.session import Factor, Level, NotVerifiedEnough

CALL = uuid.uuid4()
SECRETS = [
    "112-233-445 95",
    "11223344595",
    "500100732259",
    "4510",
    "123456",
    "Мурка",
    "мурка",
    "+79161234567",
    "ivan.petrov",
]


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    db.write_now(lambda s: seed_citizens(s, count=5))
    yield db
    db.close()


@pytest.fixture
def service(database: Database) -> VerificationService:
    return VerificationService(database, AuditLog(database))


def audit(database: Database) -> list[AuditEvent]:
    database.write_now(lambda s: None)  # every queued audit write has landed
    return database.read(lambda s: list(s.scalars(select(AuditEvent))))


def test_the_caller_is_found_by_number_snils_or_name_and_shown_masked(
    service: VerificationService,
) -> None:
    by_phone = service.find_by_phone("8 916 123-45-67", CALL)
    by_snils = service.find_by_snils("112 233 445 95", CALL)
    by_name = service.find_by_name("петров иван сергеевич", date(1985, 3, 14), CALL)

    assert [c.full_name for c in by_phone] == ["Петров Иван Сергеевич"]
    assert by_snils == by_phone == by_name
    card = by_phone[0]
    assert card.snils.endswith("45 95") and card.snils.startswith("***")
    assert "2332" not in card.inn and card.inn.endswith("2259")
    assert card.question == "Кличка первого питомца?"
    assert service.find_by_phone("+79990000000", CALL) == []
    assert service.find_by_name("Петров Иван Сергеевич", date(1985, 3, 15), CALL) == []


def test_dictated_documents_and_the_answer_make_a_full_verification(
    service: VerificationService,
) -> None:
    card = service.find_by_phone(DEMO_CALLER.phone, CALL)[0]
    session = service.start(card.id, CALL)

    assert service.check_document(session, Factor.SNILS, "112 233 445-95")
    assert not service.check_document(session, Factor.PASSPORT, "4510 123457")
    assert service.check_document(session, Factor.PASSPORT, "45 10 123456")
    assert session.level is Level.PARTIAL
    assert service.check_answer(session, "МУРКА")
    assert session.level is Level.FULL


def test_the_outcome_is_written_into_the_calls_record(
    service: VerificationService, database: Database
) -> None:
    database.write_now(
        lambda s: s.add(
            CallRecord(
                id=CALL,
                sip_call_id="x@pbx",
                direction=CallDirection.INBOUND,
                offered_at=datetime.now(UTC),
            )
        )
    )
    card = service.find_by_phone(DEMO_CALLER.phone, CALL)[0]
    session = service.start(card.id, CALL)
    service.check_document(session, Factor.INN, "500100732259")
    service.check_answer(session, "мурка")

    outcome = service.record_outcome(session)

    assert outcome is not None and outcome.result(5)
    record = database.read(lambda s: s.get(CallRecord, CALL))
    assert record is not None
    assert (record.citizen_id, record.verification_level) == (card.id, "full")
    other = service.start(card.id, uuid.uuid4())  # a call this desk has no record of
    other.record(Factor.SNILS, matched=True)
    assert service.record_outcome(other).result(5) is False  # type: ignore[union-attr]


def test_account_changes_need_full_verification_and_a_valid_new_value(
    service: VerificationService, database: Database
) -> None:
    card = service.find_by_phone(DEMO_CALLER.phone, CALL)[0]
    session = service.start(card.id, CALL)
    service.check_document(session, Factor.SNILS, "112-233-445 95")
    with pytest.raises(NotVerifiedEnough):
        service.request_change(session, AccountRequestKind.PASSWORD_RESET)
    service.check_answer(session, "Мурка")
    with pytest.raises(ValueError, match="change_email"):
        service.request_change(session, AccountRequestKind.CHANGE_EMAIL, "not an address")

    service.request_change(session, AccountRequestKind.CHANGE_EMAIL, "Ivan@Mail.RU").result(5)

    requests = database.read(lambda s: list(s.scalars(select(AccountRequest))))
    assert [(r.kind, r.new_value, r.citizen_id) for r in requests] == [
        (AccountRequestKind.CHANGE_EMAIL, "Ivan@mail.ru", card.id)
    ]
    trail = [e.details for e in audit(database) if e.action == REQUESTED]
    assert trail == [{"kind": "change_email", "call": str(CALL)}]


def test_three_failures_in_a_day_lock_verification_by_phone(
    service: VerificationService,
) -> None:
    card = service.find_by_phone(DEMO_CALLER.phone, CALL)[0]
    first = service.start(card.id, CALL)
    service.check_answer(first, "Барсик")
    service.check_document(first, Factor.INN, "500100732258")
    second = service.start(card.id, uuid.uuid4())  # the caller tries again on another call
    service.record_sms(second, matched=False)

    with pytest.raises(LockedOut) as locked:
        service.start(card.id, uuid.uuid4())
    assert locked.value.failures == 3


def test_no_value_of_the_callers_data_reaches_the_audit_or_the_log(
    service: VerificationService, database: Database, tmp_path: Path
) -> None:
    setup_logging(tmp_path / "logs", console=False)
    logging.getLogger("app").info("verification test start")
    card = service.find_by_snils("112-233-445 95", CALL)[0]
    session = service.start(card.id, CALL)
    service.check_document(session, Factor.SNILS, "112-233-445 95")
    service.check_document(session, Factor.INN, "500100732259")
    service.check_document(session, Factor.PASSPORT, "4510 123456")
    service.check_answer(session, "Мурка")

    events = audit(database)
    assert [e.action for e in events].count(LOOKUP) == 1
    assert [e.action for e in events].count(MATCHED) == 4
    assert all(e.action != FAILED for e in events)
    stored = json.dumps([e.details for e in events], ensure_ascii=False) + "".join(
        e.note for e in events
    )
    logged = "".join(p.read_text(errors="replace") for p in (tmp_path / "logs").rglob("*.log*"))
    for secret in SECRETS:
        assert secret not in stored, secret
        assert secret not in logged, secret
    assert {e.details.get("factor") for e in events if e.action == MATCHED} == {
        "snils",
        "inn",
        "passport",
        "security_answer",
    }
