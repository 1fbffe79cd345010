"""Filing, escalating and pausing a ticket in the local database, and reading a caller's
past: the form cannot file an incomplete case, the deadline comes from the category, an
escalation names its department and reason, and waiting for the citizen stops the clock."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.db.models import CallRecord
from app.db.ticket_models import Ticket
from app.db.types import reference_id
from app.domain.clock import utc_now
from app.services.calls import CallLog
from app.services.reference import ReferenceService
from app.services.ticket_history import TicketHistory
from app.services.tickets import TicketIncomplete, TicketService
from app.tickets.fields import Problem
from app.tickets.workflow import EventKind, TicketStatus, TransitionError
from tests.records import add_call

CALLER = "+79161234567"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    db.write_now(seed_reference)
    yield db
    db.close()


def category(code: str) -> uuid.UUID:
    return reference_id("category", code)


def department(code: str) -> uuid.UUID:
    return reference_id("department", code)


def test_a_ticket_is_not_filed_without_category_description_and_its_form(
    database: Database,
) -> None:
    service = TicketService(database, 7)
    draft = service.open_draft(caller_number=CALLER).result(10)
    with pytest.raises(TicketIncomplete) as empty:
        service.file(draft.id).result(10)
    assert empty.value.problems == {
        "category": Problem.REQUIRED,
        "description": Problem.REQUIRED,
    }

    service.save_draft(
        draft.id,
        {
            "category_id": category("technical"),
            "subcategory_id": category("technical.double_charge"),
            "description": "Списали оплату госпошлины дважды",
            "details": {"amount": "двести"},
        },
    ).result(10)
    with pytest.raises(TicketIncomplete) as payment:
        service.file(draft.id).result(10)
    assert payment.value.problems == {"amount": Problem.NOT_AN_AMOUNT}
    assert service.drafts()[0].id == draft.id  # still a draft, nothing lost

    service.save_draft(
        draft.id,
        {"details": {"amount": "1 500,00", "paid_on": "20.11.2026", "double_charge": "да"}},
    ).result(10)
    filed = service.file(draft.id).result(10)
    assert not filed.is_draft
    assert filed.details == {"amount": "1500.00", "paid_on": "2026-11-20", "double_charge": True}
    assert service.drafts() == []


def test_the_deadline_comes_from_the_category_and_a_complaint_gets_thirty_days(
    database: Database,
) -> None:
    service = TicketService(database, 7)
    days = {}
    for code, details in (
        ("complaint", {"subject": "Грубость", "about": "Оператор линии"}),
        ("sign_in", {}),
        ("other", {}),
    ):
        draft = service.open_draft().result(10)
        service.save_draft(
            draft.id,
            {"category_id": category(code), "description": "Обращение", "details": details},
        ).result(10)
        filed = service.file(draft.id).result(10)
        assert filed.due_at is not None and filed.created_at is not None
        days[code] = (filed.due_at - filed.created_at).days
    assert days == {"complaint": 30, "sign_in": 3, "other": 5}


def test_a_subcategory_inherits_its_parents_form(database: Database) -> None:
    categories = {c.code: c for c in ReferenceService(database).categories()}
    assert categories["technical.upload_500"].form == "technical"
    assert categories["technical.upload_500"].department_id == department("tech")
    assert categories["technical.double_charge"].form == "payment"
    assert categories["complaint"].department_id == department("quality")
    assert categories["other"].department_id is None


def test_escalation_names_the_department_and_the_reason(database: Database) -> None:
    service = TicketService(database, 7)
    ticket = service.open_draft().result(10)
    with pytest.raises(ValueError, match="reason"):
        service.escalate(ticket.id, department("payments"), "  ")
    with pytest.raises(LookupError):
        service.escalate(ticket.id, uuid.uuid4(), "двойное списание").result(10)

    escalated = service.escalate(ticket.id, department("payments"), "двойное списание").result(10)
    assert escalated.status is TicketStatus.ESCALATED
    assert escalated.department_id == department("payments")
    event = TicketHistory(database).events(ticket.id)[-1]
    assert event.kind is EventKind.ESCALATED
    assert event.details["department"] == "payments"
    assert event.details["reason"] == "двойное списание"
    with pytest.raises(TransitionError):  # already with the department
        service.escalate(ticket.id, department("tech"), "ещё раз").result(10)


def test_waiting_for_the_citizen_moves_the_deadline_by_the_time_waited(
    database: Database,
) -> None:
    service = TicketService(database, 7)
    draft = service.open_draft().result(10)
    service.save_draft(
        draft.id, {"category_id": category("sign_in"), "description": "Не приходит SMS"}
    ).result(10)
    filed = service.file(draft.id).result(10)
    service.move(filed.id, TicketStatus.WAITING, "ждём скриншот").result(10)

    def waited_three_days(session: Session) -> None:  # as if the citizen took three days
        session.get_one(Ticket, filed.id).waiting_since = utc_now() - timedelta(days=3)

    database.write_now(waited_three_days)
    back = service.move(filed.id, TicketStatus.IN_PROGRESS).result(10)
    assert filed.due_at is not None and back.due_at is not None
    moved = back.due_at - filed.due_at
    assert timedelta(days=3) <= moved < timedelta(days=3, minutes=1)
    assert back.waiting_since is None


def test_changes_to_a_filed_ticket_are_logged_by_field_not_by_keystroke(
    database: Database,
) -> None:
    service = TicketService(database, 7)
    draft = service.open_draft().result(10)
    for text in ("Н", "Не", "Не могу войти"):
        service.save_draft(draft.id, {"description": text}).result(10)
    service.save_draft(draft.id, {"category_id": category("sign_in")}).result(10)
    service.file(draft.id).result(10)
    service.save_draft(draft.id, {"description": "Не могу войти", "priority": "high"}).result(10)
    service.comment(draft.id, "Перезвонить после 18:00").result(10)

    events = TicketHistory(database).events(draft.id)
    assert [e.kind for e in events] == [
        EventKind.CREATED,
        EventKind.FIELD_CHANGED,  # filed
        EventKind.FIELD_CHANGED,  # priority (the description did not change)
        EventKind.COMMENT,
    ]
    assert events[2].details == {"fields": {"priority": "high"}}
    assert events[3].details == {"text": "Перезвонить после 18:00"}


def test_a_callers_earlier_calls_come_with_the_ticket_each_produced(database: Database) -> None:
    service = TicketService(database, 7)
    history = TicketHistory(database)
    recent = add_call(database, CALLER, 10)
    add_call(database, CALLER, 90)
    add_call(database, "+79990000000", 5)
    ticket = service.open_draft(recent, CALLER).result(10)

    earlier = history.earlier_calls(CALLER, utc_now() - timedelta(minutes=30))
    assert [(c.call_id, c.ticket_number) for c in earlier] == [(recent, ticket.number)]
    assert [t.number for t in history.for_caller(CALLER)] == [ticket.number]
    assert history.for_caller("") == []


def test_the_wrap_up_is_kept_on_the_call(database: Database) -> None:
    call = add_call(database, CALLER, 1)
    CallLog(database).record_wrap_up(call, "ticket_created", 42.4).result(10)
    record = database.read(lambda s: s.get_one(CallRecord, call))
    assert (record.wrap_up, record.after_call_seconds) == ("ticket_created", 42)
    with pytest.raises(LookupError):
        CallLog(database).record_wrap_up(uuid.uuid4(), "abusive", 1).result(10)


def test_an_untouched_draft_can_be_dropped_but_not_one_with_words_in_it(
    database: Database,
) -> None:
    service = TicketService(database, 7)
    empty = service.open_draft().result(10)
    typed = service.open_draft().result(10)
    service.save_draft(typed.id, {"description": "Звонок оборвался"}).result(10)

    assert service.discard(empty.id).result(10) is True
    assert service.discard(typed.id).result(10) is False
    assert [d.id for d in service.drafts()] == [typed.id]


def test_a_call_back_joins_the_earlier_ticket_once(database: Database) -> None:
    service = TicketService(database, 7)
    ticket = service.open_draft(uuid.uuid4()).result(10)
    again = uuid.uuid4()
    service.link_call(ticket.id, again).result(10)
    service.link_call(ticket.id, again).result(10)
    calls = [e.details.get("call") for e in TicketHistory(database).events(ticket.id)]
    assert calls.count(str(again)) == 1


def test_a_filed_ticket_keeps_its_values_in_their_stored_shape(database: Database) -> None:
    service = TicketService(database, 7)
    draft = service.open_draft().result(10)
    service.save_draft(
        draft.id,
        {
            "category_id": category("technical"),
            "subcategory_id": category("technical.double_charge"),
            "description": "Списали дважды",
            "details": {"amount": "1 500,00", "paid_on": "20.11.2025"},
        },
    ).result(10)
    service.file(draft.id).result(10)

    # The form sends back what it shows (dates the Russian way): nothing changes, nothing is
    # logged; a real change is stored parsed; a wrong value is refused, the stored one kept.
    shown = {"details": {"amount": "1500.00", "paid_on": "20.11.2025"}, "priority": "high"}
    after = service.save_draft(draft.id, shown).result(10)
    assert after.details == {"amount": "1500.00", "paid_on": "2025-11-20"}
    assert TicketHistory(database).events(draft.id)[-1].details == {"fields": {"priority": "high"}}
    with pytest.raises(TicketIncomplete) as wrong:
        service.save_draft(draft.id, {"details": {"amount": "много"}}).result(10)
    assert wrong.value.problems == {"amount": Problem.NOT_AN_AMOUNT}
    with pytest.raises(TicketIncomplete):
        service.save_draft(draft.id, {"description": "  "}).result(10)
    assert TicketHistory(database).get(draft.id).details["amount"] == "1500.00"
