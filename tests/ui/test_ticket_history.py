"""The history view's tickets: found by what the caller has at hand (a number read back
without dashes, a phone, the start of a name), a misread number said at once, overdue
tickets in red, and Enter opening the ticket with its whole story in the ticket tab."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.db.demo_citizens import DEMO_CALLER, demo_id
from app.db.ticket_models import Ticket
from app.db.types import reference_id
from app.desk import Desk
from app.domain.clock import utc_now
from app.services.tickets import TicketView
from app.tickets.workflow import TicketStatus
from tests.records import add_call
from tests.ui.test_verification_wizard import type_text
from ui.main_window import MainWindow
from ui.ticket_list import OVERDUE

SHOTS = os.environ.get("HOTLINE_DOCS_SCREENSHOTS")


def filed(desk: Desk, description: str, category: str = "sign_in", **fields: object) -> TicketView:
    draft = desk.tickets.open_draft(caller_number=DEMO_CALLER.phone).result(10)
    desk.tickets.save_draft(
        draft.id,
        {"category_id": reference_id("category", category), "description": description, **fields},
    ).result(10)
    return desk.tickets.file(draft.id).result(10)


def open_tickets(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    window.workspace.history_tabs.setCurrentWidget(window.tickets.list)
    qtbot.waitUntil(window.tickets.list.isVisible, timeout=2000)


def test_a_number_read_back_without_dashes_opens_the_ticket_and_its_story(
    qtbot: QtBot, window: MainWindow
) -> None:
    desk = window.desk
    first = filed(desk, "Не приходит SMS с кодом")
    filed(desk, "Заблокирована учётная запись", "account_locked")
    desk.tickets.move(first.id, TicketStatus.WAITING, "ждём скриншот").result(10)
    open_tickets(qtbot, window)
    tickets = window.tickets.list
    assert tickets.table.rowCount() == 2  # nothing typed: the newest

    type_text(tickets.query_edit, first.number.replace("-", ""))
    qtbot.keyClick(tickets.query_edit, Qt.Key.Key_Return)
    assert [r.number for r in tickets.rows] == [first.number]
    assert tickets.table.item(0, 2).text() == "Ждём ответа заявителя"
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "ticket-history.png"), "PNG")

    tickets.table.setFocus()
    tickets.table.selectRow(0)
    qtbot.keyClick(tickets.table, Qt.Key.Key_Return)
    assert window.workspace.currentWidget() is window.workspace.ticket_page
    form = window.tickets.form
    assert form.number_label.text() == first.number
    story = [form.events_list.item(i).text() for i in range(form.events_list.count())]
    assert story[0].endswith("Создано")
    assert story[-1].endswith("Статус: Новое → Ждём ответа заявителя (ждём скриншот)")


def test_a_misread_number_is_said_at_once_and_a_name_finds_the_citizens_tickets(
    qtbot: QtBot, window: MainWindow
) -> None:
    desk = window.desk
    ticket = filed(desk, "Ошибка 500", "technical", details={"error": "500"})
    desk.tickets.save_draft(ticket.id, {"citizen_id": demo_id(DEMO_CALLER.snils)}).result(10)
    open_tickets(qtbot, window)
    tickets = window.tickets.list

    wrong = ticket.number[:-1] + str((int(ticket.number[-1]) + 1) % 10)
    type_text(tickets.query_edit, wrong)
    qtbot.keyClick(tickets.query_edit, Qt.Key.Key_Return)
    assert tickets.table.rowCount() == 0
    assert "контрольная цифра" in tickets.message.text()

    tickets.query_edit.clear()
    type_text(tickets.query_edit, "петров ив")
    qtbot.keyClick(tickets.query_edit, Qt.Key.Key_Return)
    assert [r.number for r in tickets.rows] == [ticket.number]
    assert tickets.table.item(0, 4).text() == DEMO_CALLER.full_name

    tickets.query_edit.clear()
    type_text(tickets.query_edit, "'; DROP TABLE tickets; --%_")
    qtbot.keyClick(tickets.query_edit, Qt.Key.Key_Return)
    assert tickets.rows == []
    assert tickets.message.text() == "Обращения не найдены."


def test_an_overdue_ticket_stands_out_in_red(qtbot: QtBot, window: MainWindow) -> None:
    desk = window.desk
    late = filed(desk, "Жалоба на отделение МФЦ")
    on_time = filed(desk, "Вопрос о статусе")

    def past_due(session: Session) -> None:
        session.get_one(Ticket, late.id).due_at = utc_now() - timedelta(days=1)

    desk.database.write_now(past_due)
    open_tickets(qtbot, window)
    table = window.tickets.list.table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert table.item(rows[late.number], 2).text() == "Новое, просрочено"
    assert table.item(rows[late.number], 0).foreground().color() == OVERDUE
    assert table.item(rows[on_time.number], 2).text() == "Новое"


def test_the_calls_of_one_caller_and_enter_on_a_call_opens_its_ticket(
    qtbot: QtBot, window: MainWindow
) -> None:
    desk = window.desk
    call = add_call(desk.database, DEMO_CALLER.phone)
    add_call(desk.database, "+79031234567")
    ticket = desk.tickets.open_draft(call, DEMO_CALLER.phone).result(10)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    window.refresh_history()
    table = window.workspace.history_table
    assert table.rowCount() == 2

    type_text(window.workspace.calls_filter, "8 916 123-45-67")
    assert table.rowCount() == 1
    assert table.item(0, 2).text() == DEMO_CALLER.phone

    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.workspace.currentWidget() is window.workspace.ticket_page
    assert window.tickets.form.number_label.text() == ticket.number

    window.workspace.calls_filter.clear()
    type_text(window.workspace.calls_filter, "not a phone")
    assert table.rowCount() == 0
