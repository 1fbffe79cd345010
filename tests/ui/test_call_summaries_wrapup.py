"""Choosing the wrap-up writes the caller's own record of the call for the portal, off the
GUI thread: a verified caller's ticket solved on the call is summarised as solved."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.db.demo_citizens import demo_id
from app.db.models import CallDirection, CallRecord
from app.db.types import reference_id
from app.domain.clock import utc_now
from app.domain.states import OperatorState
from ui.main_window import MainWindow

PETROV = demo_id("112-233-445 95")  # the demo caller, verified on the call


def test_the_wrap_up_writes_the_callers_summary(qtbot: QtBot, window: MainWindow) -> None:
    desk, tickets = window.desk, window.tickets
    call_id = uuid.uuid4()
    answered = utc_now() - timedelta(minutes=5)

    def add_call(session: Session) -> None:
        session.add(
            CallRecord(
                id=call_id,
                sip_call_id=str(call_id),
                direction=CallDirection.INBOUND,
                caller_number="+79161234567",
                offered_at=answered - timedelta(seconds=20),
                answered_at=answered,
                ended_at=utc_now(),
                citizen_id=PETROV,
                verification_level="full",
            )
        )

    desk.database.write_now(add_call)
    draft = desk.tickets.open_draft(call_id, "+79161234567").result(10)
    fields = {"category_id": reference_id("category", "sign_in"), "description": "Не входит"}
    desk.tickets.save_draft(draft.id, fields).result(10)
    # As a hang-up leaves it: the call's ticket known, its after-call work open.
    tickets.call_tickets[call_id] = draft
    tickets.gate.call_ended(call_id, time.monotonic())
    window.set_operator_state(OperatorState.AFTER_CALL_WORK)
    tickets.wrap_up.start(draft.number, can_sms=False)

    qtbot.keyClick(tickets.wrap_up.codes, Qt.Key.Key_1)  # "1  Решено во время звонка"
    qtbot.keyClick(tickets.wrap_up.codes, Qt.Key.Key_Return)
    qtbot.waitUntil(tickets.wrap_up.isHidden, timeout=5000)  # the operator is never held up

    def summary_status() -> str:
        summary = desk.call_summaries.get(call_id)
        return summary.ticket_status if summary else ""

    qtbot.waitUntil(lambda: summary_status() == "resolved", timeout=5000)
    summary = desk.call_summaries.get(call_id)
    assert summary is not None
    assert (summary.topic_ru, summary.ticket_number) == ("Вход и пароли", draft.number)
    assert summary.next_step_ru == "Вопрос решён во время звонка."
    assert summary.citizen_id == PETROV and summary.occurred_at == answered
