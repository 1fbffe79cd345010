"""Portal applications at the desk: numbers as callers dictate them; by number anyone hears
the stage and dates, the verified applicant also why and what to bring; a citizen's list
only when verified; each look-up audited without the number or any personal value; a late
application escalated to its department in one action."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from app.applications import numbers
from app.db.application_models import Stage
from app.db.database import Database
from app.db.demo_applications import REASONS
from app.db.demo_citizens import DEMO_CALLER, demo_id
from app.db.models import AuditEvent, Department
from app.paths import resource_path
from app.services.applications import (
    ApplicationService,
    NotAnApplicationNumber,
)
from app.services.audit import AuditLog
from app.services.ticket_history import TicketHistory
from app.services.tickets import TicketService
from app.tickets.workflow import EventKind, TicketStatus
from app.verification.session import Level, NotVerifiedEnough
from tests.records import demo_desk

CALLER = demo_id(DEMO_CALLER.snils)
LATE, ON_ITS_WAY, REJECTED = "2031877405", "2048531976", "2044610328"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = demo_desk(tmp_path / "desk.sqlite3")
    yield db
    db.close()


@pytest.fixture
def service(database: Database) -> ApplicationService:
    return ApplicationService(database, AuditLog(database))


@pytest.mark.parametrize(
    "dictated",
    ["2031877405", "№ 2031 877 405", "2031-877-405", "заявка 2031877405", "N2031877405",
     " 2031.877.405 ", "Заявление № 2031 877405"],
)  # fmt: skip
def test_numbers_are_read_as_callers_dictate_them(dictated: str) -> None:
    assert numbers.normalise(dictated) == LATE
    assert numbers.display(LATE) == "2031 877 405"


@pytest.mark.parametrize("junk", ["", "12345", "2031877405abc", "'; DROP TABLE x; --", "+7 916"])
def test_what_is_not_a_number_is_said_so(junk: str, service: ApplicationService) -> None:
    assert numbers.normalise(junk) is None
    with pytest.raises(NotAnApplicationNumber):
        service.find_number(junk)


@given(st.lists(st.sampled_from([" ", "-", ".", "/"]), min_size=9, max_size=9))
def test_any_separators_between_the_digits_read_the_same(separators: list[str]) -> None:
    text = "".join(digit + sep for digit, sep in zip(LATE, [*separators, ""], strict=True))
    assert numbers.normalise(text) == LATE


def test_by_number_anyone_hears_the_stage_and_only_the_verified_applicant_the_rest(
    service: ApplicationService,
) -> None:
    anonymous = service.find_number(REJECTED)
    assert anonymous is not None
    assert (anonymous.stage, anonymous.service_ru) == (Stage.REJECTED, "Единое пособие на детей")
    assert [s.stage for s in anonymous.steps][-1] is Stage.REJECTED
    assert anonymous.details is None  # no reason, no documents, no applicant

    someone_else = service.find_number(REJECTED, Level.FULL, citizen_id=demo_id("000-000-000 00"))
    assert someone_else is not None and someone_else.details is None

    verified = service.find_number(REJECTED, Level.PARTIAL, citizen_id=CALLER)
    assert verified is not None and verified.details is not None
    assert verified.details.reason_ru == "Не выполнены условия для получения услуги"
    assert verified.details.kb_slug == "application-rejected-reasons"
    assert service.find_number("2000000000") is None


def test_a_citizens_list_needs_verification_and_flags_what_is_late(
    service: ApplicationService,
) -> None:
    with pytest.raises(NotVerifiedEnough):
        service.for_citizen(CALLER, Level.NONE)
    strict = ApplicationService(service._db, service._audit, detail_level=Level.FULL)
    with pytest.raises(NotVerifiedEnough):
        strict.for_citizen(CALLER, Level.PARTIAL)

    found = {a.number: a for a in service.for_citizen(CALLER, Level.PARTIAL)}
    assert set(found) == {LATE, ON_ITS_WAY, REJECTED}
    assert [n for n, a in found.items() if a.overdue] == [LATE]  # a rejected one is not late


def test_every_look_up_is_audited_without_the_number_or_personal_values(
    service: ApplicationService, database: Database
) -> None:
    service.find_number(REJECTED, Level.PARTIAL, citizen_id=CALLER)
    service.find_number("2000000000")
    service.for_citizen(CALLER, Level.FULL)
    database.write(lambda _s: None).result(10)  # the audit writes are queued before this
    rows = database.read(
        lambda s: [(e.action, e.details, e.note) for e in s.scalars(select(AuditEvent))]
    )
    assert [action for action, _, _ in rows] == ["application.lookup"] * 3
    text = json.dumps([[d, n] for _, d, n in rows], ensure_ascii=False)
    for secret in (REJECTED, "2000000000", DEMO_CALLER.full_name, "Доход семьи"):
        assert secret not in text


def test_every_reason_points_to_a_shipped_article() -> None:
    for _code, _ru, _en, slug in REASONS:
        assert (resource_path("kb") / "ru" / f"{slug}.md").exists(), slug


def test_a_late_application_goes_to_its_department_as_a_ticket(
    service: ApplicationService, database: Database
) -> None:
    tickets = TicketService(database, 9)
    late = service.find_number(LATE, Level.PARTIAL, citizen_id=CALLER)
    assert late is not None and late.overdue

    ticket = service.escalate(late, tickets, caller_number=DEMO_CALLER.phone)
    assert ticket.status is TicketStatus.ESCALATED and not ticket.is_draft
    assert ticket.application_number == LATE
    services = database.read(
        lambda s: s.scalar(select(Department.id).where(Department.code == "services"))
    )
    assert ticket.department_id == services
    assert "2031 877 405" in ticket.description and "просрочена" in ticket.description
    kinds = [e.kind for e in TicketHistory(database).events(ticket.id)]
    assert EventKind.ESCALATED in kinds

    on_time = service.find_number(ON_ITS_WAY)
    assert on_time is not None
    with pytest.raises(ValueError, match="not late"):
        service.escalate(on_time, tickets)
