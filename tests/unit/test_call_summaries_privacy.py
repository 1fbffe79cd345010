"""What the caller's record of a call must never hold: distinctive values planted in the
ticket, its comments and details, the call record and the citizen's account are looked for
in every string column of the summary; another citizen's ticket on the call is not shown; a
failed write is logged by its kind only and never raises."""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import CallDirection, CallRecord, Citizen
from app.db.report_models import CallSummary
from app.db.sync_models import SyncOutbox
from app.domain.validators import make_snils
from app.services.call_summaries import CallSummaries
from app.services.tickets import TicketService
from app.tickets.wrapup import WrapUp
from tests.unit.test_call_summaries import (
    ANSWERED,
    CALLER_NUMBER,
    DESCRIPTION,
    DESK,
    DISPLAY_NAME,
    EMAIL,
    FULL_NAME,
    INN,
    PASSPORT,
    SNILS,
    TECH_DEPARTMENT,
    TECHNICAL,
    UPLOAD_500,
    add_call,
    citizen,
    database,
    file_ticket,
    rows,
    wrap_up,
    written,
)

__all__ = ["citizen", "database"]  # the fixtures
COMMENT = "Оператор: звонящая раздражена, говорит про соседку Пелагею"
DETAIL_ERROR = "ERR-Пелагея-500-при-загрузке"
SERVICE = "Услуга-Маркер-Бузина"
ESCALATION_REASON = "Причина-Маркер-Крыжовник"


def test_nothing_personal_reaches_any_column(database: Database, citizen: uuid.UUID) -> None:
    tickets = TicketService(database, DESK)
    call = add_call(database, citizen)
    ticket = file_ticket(
        tickets,
        call,
        citizen,
        {
            "category_id": TECHNICAL,
            "subcategory_id": UPLOAD_500,
            "service": SERVICE,
            "details": {"error": DETAIL_ERROR, "steps": f"{FULL_NAME}, {SNILS}"},
        },
    )
    tickets.comment(ticket.id, COMMENT).result(10)
    tickets.escalate(ticket.id, TECH_DEPARTMENT, ESCALATION_REASON).result(10)
    wrap_up(database, call, WrapUp.ESCALATED)

    assert written(database, call) is not None
    (row,) = rows(database)
    forbidden = [
        CALLER_NUMBER,
        CALLER_NUMBER.removeprefix("+"),
        CALLER_NUMBER[2:],  # the number without the country code
        DISPLAY_NAME,
        FULL_NAME,
        *FULL_NAME.split(),
        SNILS,
        SNILS.replace("-", "").replace(" ", ""),
        INN,
        EMAIL,
        *PASSPORT,
        DESCRIPTION,
        "Qwerty",
        COMMENT,
        "Пелагея",
        DETAIL_ERROR,
        SERVICE,
        ESCALATION_REASON,
        "Мария Соколова",  # the operator
        "sokolova",
        "Девичья",
        "full",  # the verification level
    ]
    strings = {
        column.name: getattr(row, column.key)
        for column in CallSummary.__table__.columns
        if isinstance(getattr(row, column.key), str)
    }
    assert {"topic_ru", "topic_en", "ticket_number", "next_step_ru"} <= set(strings)
    for name, value in strings.items():
        for secret in forbidden:
            assert secret.casefold() not in value.casefold(), (name, secret)
    # Every other column is a key, a time or a number: none of them is personal.
    others = {
        c.name: getattr(row, c.key) for c in CallSummary.__table__.columns if c.name not in strings
    }
    assert all(isinstance(v, uuid.UUID | datetime | int | None) for v in others.values())
    assert {c.name for c in CallSummary.__table__.columns if "id" in c.name.split("_")} == {
        "id",
        "call_id",
        "citizen_id",
        "operator_id",
    }


def test_another_citizens_ticket_on_the_call_is_not_shown(
    database: Database, citizen: uuid.UUID
) -> None:
    tickets = TicketService(database, DESK)
    call = add_call(database, citizen)
    someone_else = uuid.uuid4()

    def add(session: Session) -> None:
        session.add(
            Citizen(
                id=someone_else,
                full_name="Другой Человек",
                birth_date=date(1990, 1, 1),
                snils=make_snils("123123123"),
            )
        )

    database.write_now(add)
    file_ticket(tickets, call, someone_else)  # a call back on a number that was not theirs
    wrap_up(database, call, WrapUp.TICKET_CREATED)

    summary = written(database, call)

    assert (
        summary is not None and summary.ticket_number == "" and summary.topic_ru == "Консультация"
    )


def test_a_failed_write_is_logged_without_personal_data_and_never_raises(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    call = uuid.uuid4()
    unknown_citizen = uuid.uuid4()  # not in this desk's file: the summary's key cannot hold

    def add(connection: Connection) -> None:
        connection.execute(
            insert(CallRecord),
            {
                "id": call,
                "sip_call_id": "x",
                "direction": CallDirection.INBOUND,
                "caller_number": CALLER_NUMBER,
                "display_name": DISPLAY_NAME,
                "offered_at": ANSWERED,
                "answered_at": ANSWERED,
                "citizen_id": unknown_citizen,
                "verification_level": "full",
                "created_at": ANSWERED,
                "updated_at": ANSWERED,
                "version": 1,
            },
        )

    database.write_unchecked(add).result(10)
    with caplog.at_level(logging.ERROR, logger="app.services.call_summaries"):
        future = CallSummaries(database).publish(call)
        assert future is not None
        assert future.exception(10) is not None
        database.write(lambda _session: None).result(10)  # the callback ran before this

    (record,) = caplog.records
    message = record.getMessage()
    assert message == f"call summary not written for call {call}: IntegrityError"
    assert CALLER_NUMBER not in message and DISPLAY_NAME not in message
    assert record.exc_info is None


def test_a_summary_is_queued_for_the_central_database(
    database: Database, citizen: uuid.UUID
) -> None:
    call = add_call(database, citizen)
    wrap_up(database, call, WrapUp.SOLVED_ON_CALL)
    written(database, call)

    queued = database.read(
        lambda s: s.scalars(
            select(SyncOutbox.table_name).where(SyncOutbox.table_name == "call_summaries")
        ).all()
    )
    assert queued == ["call_summaries"]
