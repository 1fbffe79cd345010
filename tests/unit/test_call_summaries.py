"""The caller's own record of a call (the portal's personal account): what the summary says
for a call solved on the phone, an escalated ticket, a call without a ticket; no summary for
an unverified caller or a missed call; one row per call that follows the ticket when it is
written again. What it must never hold: test_call_summaries_privacy.py."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.db.models import CallDirection, CallRecord, Citizen
from app.db.report_models import CallSummary
from app.db.types import reference_id
from app.domain.clock import moscow_time
from app.domain.validators import make_inn, make_snils
from app.services.call_summaries import CallSummaries, SummaryView
from app.services.calls import CallLog
from app.services.tickets import TicketService, TicketView
from app.tickets.workflow import TicketStatus
from app.tickets.wrapup import WrapUp

DESK = 42
ANSWERED = datetime(2026, 11, 26, 9, 15, tzinfo=UTC)
OPERATOR = reference_id("operator", "sokolova")  # "Мария Соколова"
SIGN_IN = reference_id("category", "sign_in")
TECHNICAL = reference_id("category", "technical")
UPLOAD_500 = reference_id("category", "technical.upload_500")
TECH_DEPARTMENT = reference_id("department", "tech")

# Distinctive values that must never reach a summary (test_call_summaries_privacy.py).
CALLER_NUMBER = "+79035557711"
DISPLAY_NAME = "Аглая Зеленоглазова"
FULL_NAME = "Зеленоглазова Аглая Феоктистовна"
SNILS = make_snils("987654321")
INN = make_inn("7707123456")
EMAIL = "aglaya.zelen@example.org"
PASSPORT = ("4512", "778899")
DESCRIPTION = "Не входит в кабинет, пароль Qwerty-Секрет-4242"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    db.write_now(seed_reference)
    yield db
    db.close()


@pytest.fixture
def citizen(database: Database) -> uuid.UUID:
    citizen_id = uuid.uuid4()

    def add(session: Session) -> None:
        session.add(
            Citizen(
                id=citizen_id,
                full_name=FULL_NAME,
                birth_date=date(1979, 2, 3),
                snils=SNILS,
                inn=INN,
                passport_series=PASSPORT[0],
                passport_number=PASSPORT[1],
                passport_issued=date(2004, 5, 6),
                phone=CALLER_NUMBER,
                email=EMAIL,
                security_question="Девичья фамилия матери?",
            )
        )

    database.write_now(add)
    return citizen_id


def add_call(
    database: Database,
    citizen_id: uuid.UUID | None,
    level: str = "full",
    answered: bool = True,
) -> uuid.UUID:
    """A finished inbound call from the distinctive caller, verified to ``level``."""
    call_id = uuid.uuid4()

    def work(session: Session) -> None:
        session.add(
            CallRecord(
                id=call_id,
                sip_call_id=f"{call_id}@pbx",
                direction=CallDirection.INBOUND,
                operator_id=OPERATOR,
                remote_uri=f"sip:{CALLER_NUMBER}@pbx",
                caller_number=CALLER_NUMBER,
                display_name=DISPLAY_NAME,
                offered_at=ANSWERED - timedelta(seconds=40),
                answered_at=ANSWERED if answered else None,
                ended_at=ANSWERED + timedelta(minutes=6),
                end_reason="remote_hangup" if answered else "missed",
                citizen_id=citizen_id,
                verification_level=level if citizen_id else "",
            )
        )

    database.write_now(work)
    return call_id


def file_ticket(
    tickets: TicketService,
    call_id: uuid.UUID,
    citizen_id: uuid.UUID | None,
    fields: dict[str, Any] | None = None,
) -> TicketView:
    draft = tickets.open_draft(call_id, CALLER_NUMBER).result(10)
    values = {"category_id": SIGN_IN, "description": DESCRIPTION, "citizen_id": citizen_id}
    tickets.save_draft(draft.id, {**values, **(fields or {})}).result(10)
    return tickets.file(draft.id).result(10)


def wrap_up(database: Database, call_id: uuid.UUID, code: WrapUp) -> None:
    CallLog(database).record_wrap_up(call_id, code.value, 42.0).result(10)


def written(database: Database, call_id: uuid.UUID) -> SummaryView | None:
    return CallSummaries(database).write(call_id).result(10)


def rows(database: Database) -> list[CallSummary]:
    return list(database.read(lambda s: s.scalars(select(CallSummary)).all()))


def test_a_call_solved_on_the_phone(database: Database, citizen: uuid.UUID) -> None:
    tickets = TicketService(database, DESK)
    call = add_call(database, citizen)
    ticket = file_ticket(tickets, call, citizen)
    tickets.move(ticket.id, TicketStatus.RESOLVED).result(10)
    wrap_up(database, call, WrapUp.SOLVED_ON_CALL)

    summary = written(database, call)

    assert summary == SummaryView(
        call_id=call,
        citizen_id=citizen,
        occurred_at=ANSWERED,
        topic_ru="Вход и пароли",
        topic_en="Sign-in and passwords",
        ticket_number=ticket.number,
        ticket_status="resolved",
        next_step_ru="Вопрос решён во время звонка.",
        next_step_en="Your question was resolved during the call.",
    )
    assert CallSummaries(database).get(call) == summary
    (row,) = rows(database)
    assert row.operator_id == OPERATOR  # the central database lets each write only their own


def test_an_escalated_ticket_promises_an_answer_by_its_deadline(
    database: Database, citizen: uuid.UUID
) -> None:
    tickets = TicketService(database, DESK)
    call = add_call(database, citizen)
    ticket = file_ticket(
        tickets,
        call,
        citizen,
        {"category_id": TECHNICAL, "subcategory_id": UPLOAD_500, "details": {"error": "500"}},
    )
    tickets.escalate(ticket.id, TECH_DEPARTMENT, "нужен технический отдел").result(10)
    wrap_up(database, call, WrapUp.ESCALATED)
    assert ticket.due_at is not None  # set by filing, from the category's days
    day = moscow_time(ticket.due_at).date()

    summary = written(database, call)

    assert summary is not None
    assert summary.topic_ru == "Технические сбои — Ошибка 500 при загрузке документов"
    assert summary.topic_en == "Technical failures — HTTP 500 on document upload"
    assert (summary.ticket_number, summary.ticket_status) == (ticket.number, "escalated")
    assert summary.next_step_ru == (
        f"Обращение передано специалистам: ответ придёт в личный кабинет не позднее {day:%d.%m.%Y}."
    )
    assert summary.next_step_en == (
        "Your request has been passed to our specialists: the answer will come to your"
        f" personal account by {day.day} {MONTHS[day.month - 1]} {day.year}."
    )


@pytest.mark.parametrize(
    ("code", "ru", "en"),
    [
        (WrapUp.SOLVED_ON_CALL, "Вопрос решён во время звонка.", "Your question was resolved"),
        (WrapUp.CALLBACK_NEEDED, "Мы перезвоним вам.", "We will call you back."),
        (WrapUp.CALL_DROPPED, "Звонок прервался. Если вопрос остался", "The call was cut off."),
        (WrapUp.ABUSIVE, "", ""),  # nothing promised, and nothing said about the caller
    ],
)
def test_a_verified_caller_without_a_ticket_had_a_consultation(
    database: Database, citizen: uuid.UUID, code: WrapUp, ru: str, en: str
) -> None:
    tickets = TicketService(database, DESK)
    call = add_call(database, citizen, level="partial")
    draft = tickets.open_draft(call, CALLER_NUMBER).result(10)  # a draft never counts
    tickets.save_draft(draft.id, {"description": DESCRIPTION}).result(10)
    wrap_up(database, call, code)

    summary = written(database, call)

    assert summary is not None
    assert (summary.topic_ru, summary.topic_en) == ("Консультация", "Consultation")
    assert (summary.ticket_number, summary.ticket_status) == ("", "")
    assert summary.next_step_ru.startswith(ru) and summary.next_step_en.startswith(en)
    assert bool(summary.next_step_ru) is bool(ru)


def test_a_call_back_promise_on_an_open_ticket(database: Database, citizen: uuid.UUID) -> None:
    tickets = TicketService(database, DESK)
    call = add_call(database, citizen)
    file_ticket(tickets, call, citizen)
    wrap_up(database, call, WrapUp.CALLBACK_NEEDED)

    summary = written(database, call)

    assert summary is not None and summary.ticket_status == "new"
    assert summary.next_step_ru == "Мы перезвоним вам по этому обращению."


def test_a_ticket_waiting_for_the_citizen_says_so(database: Database, citizen: uuid.UUID) -> None:
    tickets = TicketService(database, DESK)
    call = add_call(database, citizen)
    ticket = file_ticket(tickets, call, citizen)
    tickets.move(ticket.id, TicketStatus.WAITING).result(10)
    wrap_up(database, call, WrapUp.TICKET_CREATED)

    summary = written(database, call)

    assert summary is not None and summary.ticket_status == "waiting"
    assert summary.next_step_ru.startswith("Ждём от вас сведения")
    assert summary.next_step_en.startswith("We are waiting for the information")


@pytest.mark.parametrize(
    ("verified", "level", "answered"),
    [
        (False, "", True),  # the caller never proved who they are
        (True, "none", True),  # the wizard named a citizen but every check failed
        (True, "full", False),  # a missed call
    ],
    ids=["unverified", "failed-checks", "missed"],
)
def test_no_summary_without_a_verified_caller_on_an_answered_call(
    database: Database, citizen: uuid.UUID, verified: bool, level: str, answered: bool
) -> None:
    tickets = TicketService(database, DESK)
    call = add_call(database, citizen if verified else None, level, answered)
    if answered:
        file_ticket(tickets, call, None)
        wrap_up(database, call, WrapUp.TICKET_CREATED)

    assert written(database, call) is None
    assert rows(database) == []
    assert written(database, uuid.uuid4()) is None  # a call this desk never logged


def test_writing_again_updates_the_one_row_as_the_ticket_moves(
    database: Database, citizen: uuid.UUID
) -> None:
    tickets = TicketService(database, DESK)
    call = add_call(database, citizen)
    ticket = file_ticket(tickets, call, citizen)
    tickets.escalate(ticket.id, TECH_DEPARTMENT, "нужен технический отдел").result(10)
    wrap_up(database, call, WrapUp.ESCALATED)
    first = written(database, call)
    assert first is not None and first.ticket_status == "escalated"
    (before,) = rows(database)

    assert written(database, call) == first  # nothing changed: the row is left alone
    (same,) = rows(database)
    assert same.version == before.version

    tickets.move(ticket.id, TicketStatus.RESOLVED).result(10)  # the department answered
    (after,) = rows(database)  # the summary followed the move by itself
    assert after.id == before.id and after.version == before.version + 1
    assert after.ticket_status == "resolved"

    again = written(database, call)
    assert rows(database)[0].version == after.version  # already up to date
    assert again is not None and again.ticket_status == "resolved"
    assert (again.next_step_ru, again.next_step_en) == (
        "Вопрос решён.",
        "Your question has been resolved.",
    )
    assert again.ticket_number == first.ticket_number


def test_a_summary_is_withdrawn_when_the_call_stops_qualifying(
    database: Database, citizen: uuid.UUID
) -> None:
    call = add_call(database, citizen)
    wrap_up(database, call, WrapUp.SOLVED_ON_CALL)
    assert written(database, call) is not None

    def unverify(session: Session) -> None:
        session.get_one(CallRecord, call).verification_level = "none"

    database.write_now(unverify)
    assert written(database, call) is None
    assert CallSummaries(database).get(call) is None
    (row,) = rows(database)
    assert row.deleted_at is not None  # soft-deleted, so the withdrawal reaches the portal
