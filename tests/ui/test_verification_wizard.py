"""The verification wizard driven from the keyboard, on the demo citizens: the demo caller
verified in full (SNILS and the answer), an SMS code read from the demo outbox, three wrong
codes, an expired code, the lockout that follows three failures, a caller not found, and
the inline message while a document is typed; a central desk whose server is gone."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, select

from app.db.database import Database
from app.db.demo_citizens import DEMO_CALLER, demo_id
from app.db.models import AccountRequest, AccountRequestKind, CallRecord
from app.sync.citizens import CentralCitizens
from app.verification.session import Factor
from app.verification.sms_codes import CodeKeeper
from app.verification.sms_gateway import OutboxSmsGateway
from tests.peer import SipPeer, sip_peer
from tests.ui.test_call_flow import phone_window
from ui.dialogs import RecordingDialogs
from ui.main_window import MainWindow
from ui.phone import Phone
from ui.verification_panel import VerificationPanel

__all__ = ["phone_window", "sip_peer"]
StartPeer = Callable[..., SipPeer]


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying any text (QTest's keyClicks accepts ASCII only: Cyrillic aborts)."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def enter(qtbot: QtBot, widget: QWidget, text: str = "") -> None:
    if text:
        type_text(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def press(qtbot: QtBot, button: QWidget) -> None:
    qtbot.keyClick(button, Qt.Key.Key_Space)


def open_wizard(qtbot: QtBot, window: MainWindow) -> VerificationPanel:
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    panel = window.verification
    assert window.workspace.currentWidget() is window.workspace.verification_page
    return panel


def find_demo_caller(qtbot: QtBot, panel: VerificationPanel) -> None:
    enter(qtbot, panel.phone, "8 916 123-45-67")
    assert panel.results.count() == 1
    assert panel.results.item(0).text().startswith("Петров Иван Сергеевич, 14.03.1985")
    enter(qtbot, panel.results)
    assert panel.stack.currentWidget() is panel.docs_page


def outbox_code(window: MainWindow) -> str:
    lines = (window.desk.dirs.data / "sms-outbox.jsonl").read_text().splitlines()
    text = json.loads(lines[-1])["text"]
    return next(
        word for word in text.replace(".", " ").split() if word.isdigit() and len(word) == 6
    )


def test_a_document_and_the_security_answer_verify_the_caller_in_full(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = open_wizard(qtbot, window)
    find_demo_caller(qtbot, panel)
    assert "СНИЛС ***-***-*45 95" in panel.citizen_label.text()

    enter(qtbot, panel.doc_edits[Factor.SNILS], "112 233 445-95")
    assert panel.doc_results[Factor.SNILS].text() == "совпадает"
    assert panel.level_label.text() == "Проверка: проверен частично"
    press(qtbot, panel.next_button)
    assert panel.question.text() == "Кличка первого питомца?"
    enter(qtbot, panel.answer, "мурка")

    assert panel.answer_result.text() == "совпадает"
    assert panel.level_label.text() == "Проверка: проверен полностью"
    assert window.call_panel.verified.text() == "Проверка: проверен полностью"


def test_a_fully_verified_caller_gets_a_password_reset_and_a_new_phone_on_the_card(
    qtbot: QtBot, window: MainWindow, dialogs: RecordingDialogs
) -> None:
    panel = open_wizard(qtbot, window)
    find_demo_caller(qtbot, panel)
    actions = window.tickets.actions
    contacts = actions.contacts
    enter(qtbot, panel.doc_edits[Factor.SNILS], "11223344595")
    assert not actions.reset_button.isEnabled()  # partial verification changes no account
    assert not contacts.phone.number.isEnabled()
    panel.stack.setCurrentWidget(panel.answer_page)
    enter(qtbot, panel.answer, "Мурка")
    assert "карточке звонящего" in panel.message.text()  # the wizard says where to go on
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert actions.reset_button.isEnabled()
    assert not actions.unblock_button.isEnabled()  # the account is not blocked
    assert actions.unblock_button.toolTip() == "Учётная запись не заблокирована."

    press(qtbot, actions.reset_button)
    assert dialogs.shown[-1][0] == "confirm"
    qtbot.waitUntil(lambda: actions.result_label.text().startswith("Готово: запрос "))

    actions.sections.setCurrentWidget(contacts)
    type_text(contacts.phone.number, "8 903 111-22-33")
    assert not contacts.phone_button.isEnabled()  # not before the new number is confirmed
    press(qtbot, contacts.phone.send_button)
    qtbot.waitUntil(lambda: contacts.state.text().startswith("Код отправлен"), timeout=5000)
    enter(qtbot, contacts.phone.code, outbox_code(window))
    assert contacts.phone_button.isEnabled()
    done = actions.result_label.text()
    press(qtbot, contacts.phone_button)
    assert "+79031112233" in dialogs.shown[-1][2]  # the confirmation names the new number
    qtbot.waitUntil(lambda: actions.result_label.text() != done, timeout=5000)
    number = actions.result_label.text().split()[2].rstrip(".")
    stored = window.desk.database.read(
        lambda s: s.scalar(select(AccountRequest).where(AccountRequest.number == number))
    )
    assert stored is not None and stored.kind is AccountRequestKind.CHANGE_PHONE
    assert stored.new_value == "+79031112233"

    contacts.phone.number.clear()
    type_text(contacts.phone.number, "8 903 111-22-44")  # another number is not confirmed
    assert not contacts.phone_button.isEnabled()
    type_text(contacts.new_email, "not an address")
    enter(qtbot, contacts.new_email)
    assert contacts.state.text() == "Это не адрес электронной почты."


def test_an_sms_code_from_the_outbox_verifies_and_a_wrong_one_does_not(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = open_wizard(qtbot, window)
    find_demo_caller(qtbot, panel)
    enter(qtbot, panel.doc_edits[Factor.PASSPORT], "45 10 123456")
    for _ in range(2):
        press(qtbot, panel.next_button)
    assert panel.stack.currentWidget() is panel.sms_page

    press(qtbot, panel.send_button)
    qtbot.waitUntil(lambda: panel.sms_state.text().startswith("Код отправлен"), timeout=5000)
    assert not panel.send_button.isEnabled()  # a new one only after the cooldown
    enter(qtbot, panel.code, "000000" if outbox_code(window) != "000000" else "111111")
    assert panel.code_result.text() == "неверный код; осталось попыток: 2"
    panel.code.clear()
    enter(qtbot, panel.code, outbox_code(window))

    assert panel.code_result.text() == "код верный"
    assert panel.level_label.text() == "Проверка: проверен полностью"


def test_three_wrong_codes_end_the_code_and_three_failures_lock_verification(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = open_wizard(qtbot, window)
    find_demo_caller(qtbot, panel)
    panel.stack.setCurrentWidget(panel.sms_page)
    press(qtbot, panel.send_button)
    qtbot.waitUntil(lambda: panel.sms_state.text().startswith("Код отправлен"), timeout=5000)
    wrong = "000000" if outbox_code(window) != "000000" else "111111"
    for _ in range(3):
        panel.code.clear()
        enter(qtbot, panel.code, wrong)
    assert panel.code_result.text() == "три неверных кода: отправьте новый"
    assert panel.level_label.text() == "Проверка: не проверен"

    panel.start(None, "")  # the caller rings again
    find_demo_caller_blocked = panel
    enter(qtbot, find_demo_caller_blocked.phone, "+79161234567")
    enter(qtbot, panel.results)
    assert "Проверка по телефону заблокирована: 3" in panel.message.text()
    assert panel.stack.currentWidget() is panel.find_page


def test_an_expired_code_is_refused(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    clock = [1000.0]
    panel = open_wizard(qtbot, window)
    panel.codes = CodeKeeper(OutboxSmsGateway(tmp_path / "outbox.jsonl"), now=lambda: clock[0])
    find_demo_caller(qtbot, panel)
    panel.stack.setCurrentWidget(panel.sms_page)
    press(qtbot, panel.send_button)
    qtbot.waitUntil(lambda: panel.sms_state.text().startswith("Код отправлен"), timeout=5000)
    text = json.loads((tmp_path / "outbox.jsonl").read_text().splitlines()[-1])["text"]
    code = next(w for w in text.replace(".", " ").split() if w.isdigit() and len(w) == 6)

    clock[0] += 301  # five minutes and a second later
    enter(qtbot, panel.code, code)

    assert panel.code_result.text() == "срок кода истёк: отправьте новый"


def test_a_caller_not_found_and_a_mistyped_snils_are_said_at_once(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = open_wizard(qtbot, window)
    enter(qtbot, panel.snils_find, "001-001-999 00")
    assert panel.results.count() == 0
    assert panel.message.text().startswith("Учётная запись не найдена")

    panel.snils_find.clear()
    type_text(panel.name, "Ивaнов")  # a Latin "a" in a Cyrillic name
    assert panel.find_hint.text() == "в одном слове смешаны латиница и кириллица"
    panel.name.clear()
    type_text(panel.phone, "8 916 12")
    assert panel.find_hint.text() == "слишком мало цифр"
    panel.phone.clear()
    find_demo_caller(qtbot, panel)
    type_text(panel.doc_edits[Factor.SNILS], "112 233 445 96")
    assert panel.doc_results[Factor.SNILS].text() == (
        "контрольное число не сходится: попросите повторить"
    )
    qtbot.keyClick(panel.doc_edits[Factor.SNILS], Qt.Key.Key_Return)
    assert panel.level_label.text() == "Проверка: не проверен"  # nothing was checked


def test_inside_a_real_call_the_wizard_starts_with_the_callers_number_and_keeps_the_outcome(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], sip_peer: StartPeer
) -> None:
    window, phone = phone_window
    caller = sip_peer()
    qtbot.keyClick(window, Qt.Key.Key_F5)  # Ready
    caller.send({"cmd": "call", "uri": phone.contact, "from_user": "89161234567"})
    qtbot.waitUntil(lambda: phone.current() is not None, timeout=10000)
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # answer
    qtbot.waitUntil(lambda: window.verification.phone.text() == "+79161234567", timeout=10000)
    call_id = phone.current().id  # type: ignore[union-attr]

    panel = open_wizard(qtbot, window)
    enter(qtbot, panel.phone)  # the number is already there
    enter(qtbot, panel.results)
    enter(qtbot, panel.doc_edits[Factor.INN], "5001 0073 2259")
    panel.stack.setCurrentWidget(panel.answer_page)
    enter(qtbot, panel.answer, "мурка")
    assert window.call_panel.verified.text() == "Проверка: проверен полностью"
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # hang up
    qtbot.waitUntil(lambda: phone.current() is None, timeout=10000)

    database = window.desk.database
    database.write_now(lambda s: None)
    record = database.read(lambda s: s.get(CallRecord, call_id))
    assert record is not None
    assert record.verification_level == "full"
    assert record.citizen_id == demo_id(DEMO_CALLER.snils)


@contextlib.contextmanager
def server_gone(database: Database) -> Iterator[CentralCitizens]:
    """A central desk's look-ups aimed at a port nobody listens on (the server is gone)."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        gone = create_engine(
            f"postgresql+psycopg://olga@127.0.0.1:{holder.getsockname()[1]}/hotline",
            connect_args={"connect_timeout": 2},
        )
        try:
            yield CentralCitizens(gone, database)
        finally:
            gone.dispose()


def test_a_central_desk_without_its_server_says_the_caller_cannot_be_looked_up(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = open_wizard(qtbot, window)
    with server_gone(window.desk.database) as directory:
        panel.service.directory = directory
        enter(qtbot, panel.phone, "8 916 123-45-67")
        assert panel.message.text() == "Поиск заявителя в центральной базе…"
        qtbot.waitUntil(lambda: "не отвечает" in panel.message.text(), timeout=20000)
    assert panel.results.count() == 0
    assert panel.message.text().endswith("предложите перезвонить.")


def test_a_central_desk_without_its_server_says_the_application_cannot_be_looked_up(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = window.applications
    with server_gone(window.desk.database) as directory:
        panel.service.directory = directory
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
        enter(qtbot, panel.number, "2031 877 405")
        assert panel.message.text() == "Поиск заявки в центральной базе…"
        qtbot.waitUntil(lambda: "не отвечает" in panel.message.text(), timeout=20000)
    assert panel.shown is None
