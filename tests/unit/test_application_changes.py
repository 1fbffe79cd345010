"""Changing an application's parameters: only what its service allows, only before the
decision, only for the applicant fully verified; the value checked before anything is
written; a request with a number for the back office; the audit names the parameter,
never the value."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.application_models import Parameter
from app.db.database import Database
from app.db.demo_citizens import DEMO_CALLER, demo_citizens, demo_id
from app.db.models import AccountRequest, AccountRequestKind, AuditEvent
from app.services.application_changes import (
    ApplicationChanges,
    BadValue,
    NotChangeable,
    NotTheApplicant,
    moscow_today,
    new_value,
)
from app.services.applications import ApplicationService, ApplicationView
from app.services.audit import AuditLog
from app.verification.session import Factor, NotVerifiedEnough, VerificationSession
from tests.appointments import verified
from tests.records import demo_desk

CALLER = demo_id(DEMO_CALLER.snils)
LATE_PASSPORT, EXTRACT, REJECTED = "2031877405", "2048531976", "2044610328"


def fully(citizen_id: uuid.UUID) -> VerificationSession:
    session = verified(citizen_id)
    session.record(Factor.SECURITY_ANSWER, True)
    return session


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = demo_desk(tmp_path / "desk.sqlite3")
    yield db
    db.close()


def shown(database: Database, number: str, citizen_id: uuid.UUID = CALLER) -> ApplicationView:
    found = ApplicationService(database, AuditLog(database)).find_number(
        number, fully(citizen_id).level, citizen_id
    )
    assert found is not None
    return found


def requests(database: Database) -> list[AccountRequest]:
    return database.read(lambda s: list(s.scalars(select(AccountRequest))))


def test_what_each_application_lets_the_applicant_change(database: Database) -> None:
    passport = shown(database, LATE_PASSPORT)
    assert passport.changeable == (Parameter.CONTACT_PHONE, Parameter.VISIT_ON)
    assert passport.details is not None and passport.details.visit_on is not None
    assert shown(database, EXTRACT).changeable == (
        Parameter.CONTACT_PHONE,
        Parameter.CONTACT_EMAIL,
    )
    assert shown(database, REJECTED).changeable == ()  # decided: nothing changes any more


def test_a_new_visit_day_becomes_a_request_with_a_number(database: Database) -> None:
    changes = ApplicationChanges(database, AuditLog(database))
    passport = shown(database, LATE_PASSPORT)
    day = moscow_today() + timedelta(days=3)

    done = changes.request(fully(CALLER), passport, Parameter.VISIT_ON, f"{day:%d.%m.%Y}")
    requested = done.result(10)

    [stored] = requests(database)
    assert stored.kind is AccountRequestKind.CHANGE_APPLICATION
    assert stored.number == requested.number
    assert stored.new_value == day.isoformat()
    assert stored.details == {"application": str(passport.id), "parameter": "visit_on"}
    database.write(lambda _s: None).result(10)  # the audit is written after the request
    audit = database.read(
        lambda s: s.scalar(select(AuditEvent).where(AuditEvent.action == "account.request"))
    )
    assert audit is not None
    assert json.loads(json.dumps(audit.details)) == {
        "kind": "change_application",
        "parameter": "visit_on",
    }
    assert day.isoformat() not in json.dumps(audit.details)


def test_a_new_contact_phone_is_stored_in_e164(database: Database) -> None:
    changes = ApplicationChanges(database, AuditLog(database))
    changes.request(
        fully(CALLER), shown(database, EXTRACT), Parameter.CONTACT_PHONE, "8 (903) 111-22-33"
    ).result(10)
    assert [r.new_value for r in requests(database)] == ["+79031112233"]


@pytest.mark.parametrize(
    "case",
    [
        ("partial", LATE_PASSPORT, Parameter.CONTACT_PHONE, "+79031112233", NotVerifiedEnough),
        ("other", LATE_PASSPORT, Parameter.CONTACT_PHONE, "+79031112233", NotTheApplicant),
        ("caller", LATE_PASSPORT, Parameter.CONTACT_EMAIL, "a@example.ru", NotChangeable),
        ("caller", REJECTED, Parameter.CONTACT_PHONE, "+79031112233", NotChangeable),
        ("caller", EXTRACT, Parameter.CONTACT_EMAIL, "not an address", BadValue),
        ("caller", EXTRACT, Parameter.CONTACT_PHONE, DEMO_CALLER.phone, BadValue),  # the same
        ("caller", LATE_PASSPORT, Parameter.VISIT_ON, "31.02.2027", BadValue),
    ],
)
def test_what_may_not_be_asked_is_refused_and_nothing_is_written(
    database: Database, case: tuple[str, str, Parameter, str, type[Exception]]
) -> None:
    who, number, parameter, value, error = case
    other = demo_id(next(p for i, p in enumerate(demo_citizens()) if i == 4).snils)
    session = {"partial": verified(CALLER), "other": fully(other), "caller": fully(CALLER)}[who]
    view = shown(database, number)
    with pytest.raises(error):
        ApplicationChanges(database, AuditLog(database)).request(session, view, parameter, value)
    assert database.read(lambda s: s.scalar(select(func.count(AccountRequest.id)))) == 0


@pytest.mark.parametrize(
    ("days", "problem"), [(0, "date-range"), (-3, "date-range"), (31, "date-range"), (1, None)]
)
def test_a_visit_day_is_from_tomorrow_to_a_month_ahead(days: int, problem: str | None) -> None:
    today = date(2026, 12, 30)
    day = today + timedelta(days=days)
    if problem is None:
        assert new_value(Parameter.VISIT_ON, f"{day:%d.%m.%y}", today) == day.isoformat()
    else:
        with pytest.raises(BadValue) as refused:
            new_value(Parameter.VISIT_ON, day.isoformat(), today)
        assert refused.value.problem == problem
