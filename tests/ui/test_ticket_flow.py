"""The ticket during a real call, with the keyboard only: answering opens a draft linked to
the call, the category is found by typing, its form asks for the amount, Ctrl+Enter files,
Ctrl+Shift+E escalates with a reason, hanging up starts after-call work that keeps Ready
shut until a wrap-up code is chosen; a call back from the same number offers the ticket
again (Ctrl+R); a draft left unfiled comes back when the desk starts."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.db.models import CallRecord
from app.desk import Desk
from app.domain.states import OperatorState
from app.telephony.model import CallState
from app.tickets.workflow import EventKind, TicketStatus
from tests.peer import SipPeer, sip_peer
from tests.ui.test_call_flow import phone_window
from tests.ui.test_verification_wizard import type_text
from ui.bridge import GuiBridge
from ui.dialogs import RecordingDialogs
from ui.escalation_dialog import EscalationDialog
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.phone import Phone

__all__ = ["phone_window", "sip_peer"]
StartPeer = Callable[..., SipPeer]
CTRL = Qt.KeyboardModifier.ControlModifier
SHOTS = os.environ.get("HOTLINE_DOCS_SCREENSHOTS")  # a folder: the docs' pictures are made


def shoot(window: QWidget, name: str) -> None:
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / name), "PNG")


def ring(qtbot: QtBot, window: MainWindow, phone: Phone, caller: SipPeer) -> None:
    caller.send(
        {
            "cmd": "call",
            "uri": phone.contact,
            "display_name": "Петров Иван",
            "from_user": "89161234567",
            "headers": {"X-Line": "domestic", "X-Language": "ru"},
        }
    )
    qtbot.waitUntil(lambda: bool(phone.current()) and phone.current().state is CallState.RINGING)
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)  # answer
    qtbot.waitUntil(lambda: bool(phone.current()) and phone.current().state is CallState.CONNECTED)


def focused(qtbot: QtBot, widget: QWidget) -> QWidget:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=2000)
    return widget


def fill_in_a_double_charge(qtbot: QtBot, window: MainWindow) -> None:
    """Alt+2, the category by typing, the description, the payment form's amount."""
    form = window.tickets.form
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # the ticket tab
    assert window.workspace.currentWidget() is window.workspace.ticket_page
    line = form.category.lineEdit()
    assert line is not None
    type_text(focused(qtbot, line), "двойное")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert form.category.currentText() == "Технические сбои › Двойное списание оплаты"
    assert form.department.currentText() == "Платёжный модуль"  # suggested by the category
    assert list(form.fields.editors) == ["amount", "paid_on", "double_charge"]

    type_text(focused(qtbot, form.description), "Госпошлина за паспорт списана дважды")
    type_text(focused(qtbot, form.fields.editors["amount"]), "двести")
    assert form.fields.problems["amount"].text() == "это не сумма в рублях (например, 1500,00)"
    form.fields.editors["amount"].clear()  # type: ignore[attr-defined]
    type_text(form.fields.editors["amount"], "1 500,00")
    assert form.fields.problems["amount"].isHidden()
    shoot(window, "ticket-form.png")


def hang_up_wrap_up_and_go_ready(
    qtbot: QtBot, window: MainWindow, phone: Phone, number: str
) -> None:
    """Ctrl+E; the number large; F5 refused; SMS ticked; code 3 and Enter; F5."""
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)  # hang up
    qtbot.waitUntil(lambda: phone.current() is None, timeout=10000)
    panel = window.tickets.wrap_up
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    assert panel.number.text() == number
    assert window.status.operator_state() is OperatorState.AFTER_CALL_WORK
    shoot(window, "ticket-wrap-up.png")

    qtbot.keyClick(window, Qt.Key.Key_F5)  # Ready is refused until the wrap-up is chosen
    assert window.status.operator_state() is OperatorState.AFTER_CALL_WORK
    assert panel.codes.hasFocus()
    qtbot.keyClick(panel.sms, Qt.Key.Key_Space)  # the number goes to the caller by SMS
    qtbot.keyClick(panel.codes, Qt.Key.Key_3)  # "3  Передано в отдел"
    qtbot.keyClick(panel.codes, Qt.Key.Key_Return)
    qtbot.waitUntil(panel.isHidden, timeout=5000)
    outbox = window.desk.dirs.data / "sms-outbox.jsonl"
    qtbot.waitUntil(
        lambda: window.status.currentMessage() == "Номер обращения отправлен по SMS.",
        timeout=5000,
    )
    sms = json.loads(outbox.read_text(encoding="utf-8").splitlines()[-1])
    assert sms["phone"] == "+79161234567"
    assert sms["text"] == f"Your ticket number: {number}. Gosuslugi hotline"  # the line's tongue
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.status.operator_state() is OperatorState.READY


def test_a_demo_call_answer_ticket_escalation_wrap_up_and_ready_with_the_keyboard(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], request: pytest.FixtureRequest
) -> None:
    window, phone = phone_window
    form = window.tickets.form
    window.calls.demo_action.trigger()  # Call menu, "Demo call": the operator is made Ready
    request.addfinalizer(window.calls.stop_demo)  # the simulated caller's process
    qtbot.waitUntil(
        lambda: bool(phone.current()) and phone.current().state is CallState.RINGING,
        timeout=20000,
    )
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)  # answer
    qtbot.waitUntil(lambda: bool(phone.current()) and phone.current().state is CallState.CONNECTED)
    call = phone.current()
    assert call is not None

    # Answering opened a draft linked to the call; the number is on top, to read back.
    qtbot.waitUntil(lambda: form.ticket is not None, timeout=5000)
    assert form.ticket is not None
    number = form.ticket.number
    assert form.number_label.text() == number
    assert form.state_label.text() == "Черновик"
    assert window.tickets.card.who.text() == "+79161234567"

    fill_in_a_double_charge(qtbot, window)
    qtbot.keyClick(form.fields.editors["amount"], Qt.Key.Key_Return, CTRL)  # file
    qtbot.waitUntil(form.state_label.isHidden, timeout=5000)  # no longer a draft
    assert form.status_box.currentText() == "Новое"
    ticket = window.desk.ticket_history.get(form.ticket.id)
    assert not ticket.is_draft and ticket.details["amount"] == "1500.00"
    assert ticket.due_at is not None

    qtbot.keyClick(form.description, Qt.Key.Key_E, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = form.findChild(EscalationDialog)
    assert dialog is not None and dialog.department.currentText() == "Платёжный модуль"
    type_text(dialog.reason_edit, "Нужен возврат второго платежа")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.status_box.currentText() == "Передано в отдел", timeout=5000)
    events = window.desk.ticket_history.events(ticket.id)
    assert events[-1].kind is EventKind.ESCALATED
    assert (
        form.events_list.item(form.events_list.count() - 1)
        .text()
        .endswith("Передано: Платёжный модуль — Нужен возврат второго платежа")
    )

    hang_up_wrap_up_and_go_ready(qtbot, window, phone, number)
    assert window.desk.ticket_history.get(ticket.id).status is TicketStatus.ESCALATED

    def wrap_up_stored() -> tuple[str, int | None]:
        record = window.desk.database.read(lambda s: s.get_one(CallRecord, call.id))
        return record.wrap_up, record.after_call_seconds

    qtbot.waitUntil(lambda: wrap_up_stored()[0] == "escalated", timeout=5000)
    assert wrap_up_stored()[1] is not None  # the after-call seconds, for the supervisor


def test_a_caller_who_calls_back_gets_the_earlier_ticket_with_one_key(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], sip_peer: StartPeer
) -> None:
    window, phone = phone_window
    desk, tickets = window.desk, window.tickets
    qtbot.keyClick(window, Qt.Key.Key_F5)
    caller = sip_peer()
    ring(qtbot, window, phone, caller)
    qtbot.waitUntil(lambda: tickets.form.ticket is not None, timeout=5000)
    assert tickets.form.ticket is not None
    first = tickets.form.ticket
    type_text(focused(qtbot, tickets.form.description), "Не приходит SMS, звонок оборвался")
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(tickets.wrap_up.isVisible, timeout=10000)
    qtbot.keyClick(tickets.wrap_up.codes, Qt.Key.Key_Return)  # nothing chosen yet: no wrap-up
    assert tickets.wrap_up.isVisible() and not tickets.may_go_ready
    qtbot.keyClick(tickets.wrap_up.codes, Qt.Key.Key_7)  # "7  Звонок оборвался"
    qtbot.keyClick(tickets.wrap_up.codes, Qt.Key.Key_Return)
    qtbot.keyClick(tickets.wrap_up.codes, Qt.Key.Key_Return)  # a second Enter is harmless
    qtbot.waitUntil(tickets.wrap_up.isHidden, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F5)

    ring(qtbot, window, phone, caller)
    qtbot.waitUntil(tickets.banner.isVisible, timeout=5000)
    assert first.number in tickets.banner.label.text()
    qtbot.waitUntil(lambda: tickets.form.ticket is not None and tickets.form.ticket.id != first.id)
    fresh = tickets.form.ticket
    assert fresh is not None and fresh.id != first.id

    type_text(focused(qtbot, tickets.form.description), "Перезвонил")  # and at once Ctrl+R:
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL)
    assert tickets.banner.isHidden()
    assert tickets.form.number_label.text() == first.number
    assert tickets.form.description.toPlainText() == "Не приходит SMS, звонок оборвался"
    # The fresh draft had words in it: saved before the switch, so it is kept, not dropped.
    desk.database.write(lambda _session: None).result(10)  # after the save and the drop
    assert {d.id for d in desk.tickets.drafts()} == {first.id, fresh.id}
    assert desk.ticket_history.get(fresh.id).description == "Перезвонил"
    qtbot.waitUntil(
        lambda: any("call" in e.details for e in desk.ticket_history.events(first.id)[1:]),
        timeout=5000,
    )
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: phone.current() is None, timeout=10000)


def test_what_is_typed_reaches_the_database_within_a_second(
    qtbot: QtBot, window: MainWindow
) -> None:
    form = window.tickets.form
    draft = window.desk.tickets.open_draft().result(10)
    form.show_ticket(draft)
    type_text(focused(qtbot, form.description), "Не грузится страница оплаты")

    def stored() -> str:
        return window.desk.ticket_history.get(draft.id).description

    qtbot.waitUntil(lambda: stored() == "Не грузится страница оплаты", timeout=1000)


def test_an_attachment_is_listed_and_a_program_is_refused_in_words(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    form = window.tickets.form
    form.show_ticket(window.desk.tickets.open_draft().result(10))
    log = tmp_path / "ошибка.log"
    log.write_text("HTTP 500 Internal Server Error при загрузке скана паспорта\n", "utf-8")
    form.attach(log)
    qtbot.waitUntil(lambda: form.attachments_list.count() == 1, timeout=5000)
    assert form.attachments_list.item(0).text() == "ошибка.log (1 КБ)"

    program = tmp_path / "screenshot.png"
    program.write_bytes(b"MZ\x90\x00" + bytes(200))  # a Windows program named as a picture
    form.attach(program)
    assert window.status.currentMessage() == (
        "Прикрепить можно только изображения (PNG, JPEG, GIF, WebP), PDF и текстовые журналы."
    )
    assert form.attachments_list.count() == 1


def test_a_draft_left_by_a_crash_is_back_in_the_form_at_start(
    qtbot: QtBot, desk: Desk, languages: LanguageManager
) -> None:
    draft = desk.tickets.open_draft(caller_number="+79161234567").result(10)
    desk.tickets.save_draft(draft.id, {"description": "Ошибка 500 при загрузке"}).result(10)

    window = MainWindow(desk, GuiBridge(), languages.apply, RecordingDialogs())
    qtbot.addWidget(window)
    assert window.tickets.form.number_label.text() == draft.number
    assert window.tickets.form.description.toPlainText() == "Ошибка 500 при загрузке"
    assert draft.number in window.status.currentMessage()
    QApplication.processEvents()


def test_the_pbxs_x_case_brings_up_that_ticket_from_any_number(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], sip_peer: StartPeer
) -> None:
    window, phone = phone_window
    earlier = window.desk.tickets.open_draft(caller_number="+79990001122").result(10)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    sip_peer().send(
        {
            "cmd": "call",
            "uri": phone.contact,
            "from_user": "84951234567",  # another phone: the IVR asked for the ticket number
            "headers": {"X-Case": earlier.number.replace("-", "")},
        }
    )
    qtbot.waitUntil(lambda: bool(phone.current()) and phone.current().state is CallState.RINGING)
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    banner = window.tickets.banner
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert banner.label.text() == f"АТС сообщает: звонок по обращению {earlier.number}."
    shoot(window, "ticket-call-back.png")
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL)
    assert window.tickets.form.number_label.text() == earlier.number
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: phone.current() is None, timeout=10000)
