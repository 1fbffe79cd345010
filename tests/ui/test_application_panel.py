"""The Application tab during the desk's own demo call, from the keyboard: a number as the
caller dictates it shows the stage and a late badge but nothing personal; once the caller
is verified, the reason and the guidance article; a late application escalated to its
department as a ticket; an application added to the ticket on the form. And the actions on
the caller card: what needs which verification, an appointment moved (after losing a slot
to another operator), the account blocked, each with its number to read back."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.demo_citizens import DEMO_CALLER, demo_citizens, demo_id
from app.db.models import AccountRequest, AccountRequestKind
from app.services.application_changes import moscow_today
from app.services.audit import AuditLog
from app.services.back_office import BackOffice
from app.telephony.model import CallState
from app.tickets.workflow import TicketStatus
from app.verification.session import Factor
from tests.appointments import verified
from tests.ui.test_call_flow import phone_window
from tests.ui.test_verification_wizard import enter, open_wizard, outbox_code, type_text
from ui.dialogs import RecordingDialogs
from ui.main_window import MainWindow
from ui.phone import Phone

__all__ = ["phone_window"]
SHOTS = os.environ.get("HOTLINE_DOCS_SCREENSHOTS")
ALT = Qt.KeyboardModifier.AltModifier


def answer_demo_call(
    qtbot: QtBot, window: MainWindow, phone: Phone, request: pytest.FixtureRequest
) -> None:
    """The desk's own demo caller rings; Ctrl+Enter answers."""
    window.calls.demo_action.trigger()
    request.addfinalizer(window.calls.stop_demo)
    qtbot.waitUntil(
        lambda: bool(phone.current()) and phone.current().state is CallState.RINGING,
        timeout=20000,
    )
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(phone.current()) and phone.current().state is CallState.CONNECTED)


def look_up(qtbot: QtBot, window: MainWindow, dictated: str) -> None:
    panel = window.applications
    panel.number.clear()
    enter(qtbot, panel.number, dictated)


def test_the_application_tab_inside_a_demo_call(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], request: pytest.FixtureRequest
) -> None:
    window, phone = phone_window
    answer_demo_call(qtbot, window, phone, request)
    qtbot.waitUntil(lambda: window.tickets.form.ticket is not None, timeout=5000)
    panel = window.applications

    qtbot.keyClick(window, Qt.Key.Key_4, ALT)  # the Application tab
    assert window.workspace.currentWidget() is panel
    look_up(qtbot, window, "№ 2031-877-405")
    assert panel.service_label.text() == "Замена паспорта гражданина РФ · № 2031 877 405"
    assert panel.state_label.text().startswith("Этап: На рассмотрении с ")
    assert panel.overdue_badge.isVisible() and panel.overdue_badge.text() == "Просрочена"
    assert [panel.timeline.item(i).text().split(" — ")[1] for i in range(3)] == [
        "Подана",
        "Зарегистрирована",
        "На рассмотрении",
    ]
    assert "только заявителю после проверки" in panel.reason_label.text()

    look_up(qtbot, window, "12 34")
    assert panel.message.text() == "Это не номер заявки: нужно от 6 до 20 цифр."

    # Verified by SNILS (partial): the caller's applications to pick, the reasons shown.
    wizard = open_wizard(qtbot, window)
    enter(qtbot, wizard.phone)  # the caller's number is already in the search
    assert wizard.results.count() == 1
    enter(qtbot, wizard.results)
    enter(qtbot, wizard.doc_edits[Factor.SNILS], DEMO_CALLER.snils)
    assert wizard.level_label.text() == "Проверка: проверен частично"
    assert len(panel.number.completer().model().stringList()) == 3  # type: ignore[attr-defined]
    qtbot.keyClick(window, Qt.Key.Key_4, ALT)
    look_up(qtbot, window, "2044 610 328")
    assert panel.reason_label.text().startswith("Причина: Не выполнены условия")
    assert "Доход семьи выше порога" in panel.reason_label.text()
    assert not panel.overdue_badge.isVisible()  # rejected: decided, not late
    qtbot.keyClick(panel.guidance_button, Qt.Key.Key_Space)
    assert window.knowledge.article is not None
    assert window.knowledge.article.slug == "application-rejected-reasons"

    look_up(qtbot, window, "2031877405")
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "application-panel.png"), "PNG")
    qtbot.keyClick(panel.escalate_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: panel.message.text().startswith("Обращение "), timeout=10000)
    number = panel.message.text().split()[1]
    escalated = window.desk.ticket_history.find_number(number)
    assert escalated is not None and escalated.status is TicketStatus.ESCALATED
    assert escalated.application_number == "2031877405"

    qtbot.keyClick(panel.add_button, Qt.Key.Key_Space)  # into the call's own ticket
    form = window.tickets.form
    assert window.workspace.currentWidget() is window.workspace.ticket_page
    assert form.category.currentText() == "Статус заявки"
    assert form.fields.text("application_number") == "2031 877 405"
    assert form.description.toPlainText().endswith("Заявка 2031 877 405: На рассмотрении")
    type_text(form.description, "")  # the form saves as usual


def test_the_caller_actions_inside_a_demo_call(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], request: pytest.FixtureRequest
) -> None:
    window, phone = phone_window
    dialogs = window.dialogs
    assert isinstance(dialogs, RecordingDialogs)
    answer_demo_call(qtbot, window, phone, request)
    actions = window.tickets.actions
    assert not actions.block_button.isEnabled()
    assert actions.why_label.text() == "Сначала проверьте личность звонящего (вкладка «Проверка»)."

    wizard = open_wizard(qtbot, window)
    enter(qtbot, wizard.phone)
    enter(qtbot, wizard.results)
    enter(qtbot, wizard.doc_edits[Factor.SNILS], DEMO_CALLER.snils)  # partly verified
    qtbot.keyClick(window, Qt.Key.Key_2, ALT)
    assert actions.block_button.isEnabled() and not actions.reset_button.isEnabled()
    assert actions.why_label.text().startswith("Проверен частично")
    assert actions.appointment_label.text().startswith("Запись в МФЦ: МФЦ района Тверской, ")

    # Another operator takes the first free slot while this one is about to move there.
    actions.offices.setCurrentIndex(actions.offices.findText("МФЦ района Арбат"))
    first = actions.slots.item(0).data(Qt.ItemDataRole.UserRole)
    other = BackOffice(window.desk.database, AuditLog(window.desk.database))
    somebody = demo_id(next(p for i, p in enumerate(demo_citizens()) if i == 7).snils)
    other.book(verified(somebody), uuid.UUID(first)).result(10)
    qtbot.keyClick(actions.move_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "другой оператор" in actions.result_label.text(), timeout=5000)
    assert actions.slots.item(0).data(Qt.ItemDataRole.UserRole) != first  # the list is fresh

    second = actions.slots.item(0).text()
    qtbot.keyClick(actions.move_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: actions.result_label.text().startswith("Готово"), timeout=5000)
    assert dialogs.shown[-1][2].startswith("Запись на ")  # the confirmation said what moves
    assert actions.appointment_label.text() == f"Запись в МФЦ: МФЦ района Арбат, {second}"

    moved = actions.result_label.text()
    qtbot.keyClick(actions.block_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: actions.result_label.text() not in ("", moved), timeout=5000)
    assert actions.result_label.text().startswith("Готово: запрос ")
    assert "войти не сможет никто" in dialogs.shown[-1][2]
    number = actions.result_label.text().split()[2].rstrip(".")
    stored = window.desk.database.read(
        lambda s: s.scalar(select(AccountRequest).where(AccountRequest.number == number))
    )
    assert stored is not None and stored.kind is AccountRequestKind.BLOCK
    if SHOTS:
        actions.sections.setCurrentIndex(2)  # the appointment after the move
        window.grab().save(str(Path(SHOTS) / "caller-actions.png"), "PNG")


def test_an_application_changed_inside_a_demo_call(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], request: pytest.FixtureRequest
) -> None:
    window, phone = phone_window
    dialogs = window.dialogs
    assert isinstance(dialogs, RecordingDialogs)
    answer_demo_call(qtbot, window, phone, request)
    wizard = open_wizard(qtbot, window)
    enter(qtbot, wizard.phone)
    enter(qtbot, wizard.results)
    enter(qtbot, wizard.doc_edits[Factor.SNILS], DEMO_CALLER.snils)  # partly verified
    qtbot.keyClick(window, Qt.Key.Key_4, ALT)
    look_up(qtbot, window, "2031 877 405")
    change = window.applications.change
    assert change is not None and not change.isHidden()
    assert not change.request_button.isEnabled()
    assert change.state.text() == "Для изменения заявки заявитель должен пройти полную проверку."

    wizard = open_wizard(qtbot, window)
    wizard.stack.setCurrentWidget(wizard.answer_page)
    enter(qtbot, wizard.answer, "Мурка")  # fully verified
    qtbot.keyClick(window, Qt.Key.Key_4, ALT)
    assert change.state.text() == ""
    names = [change.parameter.itemText(i) for i in range(change.parameter.count())]
    assert names[0] == f"контактный телефон ({DEMO_CALLER.phone})"
    assert names[1].startswith("день визита (")

    change.parameter.setCurrentIndex(1)
    enter(qtbot, change.value, "01.01.2020")
    assert change.state.text() == "День визита — с завтрашнего дня и не дальше месяца вперёд."
    day = moscow_today() + timedelta(days=5)
    change.value.clear()
    enter(qtbot, change.value, f"{day:%d.%m.%Y}")
    assert dialogs.shown[-1][2].startswith("В заявке 2031 877 405 изменится день визита: было ")
    qtbot.waitUntil(lambda: change.state.text().startswith("Готово: запрос "), timeout=5000)
    stored = stored_request(window, change.state.text())
    assert stored.kind is AccountRequestKind.CHANGE_APPLICATION
    assert stored.new_value == day.isoformat()

    change.parameter.setCurrentIndex(0)  # the phone: proved by a code first
    assert not change.request_button.isEnabled()
    type_text(change.phone.number, "+7 903 555 44 33")
    qtbot.keyClick(change.phone.send_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: change.state.text().startswith("Код отправлен"), timeout=5000)
    enter(qtbot, change.phone.code, outbox_code(window))
    assert change.request_button.isEnabled()
    qtbot.keyClick(change.request_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: change.state.text().startswith("Готово: запрос "), timeout=5000)
    assert stored_request(window, change.state.text()).new_value == "+79035554433"
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "application-change.png"), "PNG")


def stored_request(window: MainWindow, said: str) -> AccountRequest:
    number = said.split()[2].rstrip(".")
    stored = window.desk.database.read(
        lambda s: s.scalar(select(AccountRequest).where(AccountRequest.number == number))
    )
    assert stored is not None
    return stored
