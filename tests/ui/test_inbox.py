"""The Portal requests tab driven as an operator would, on the embedded desk with the demo
requests and a real SIP engine: nothing is offered until Ready; the badge counts what is;
the request page shows the text, the screenshot inline and opens the document; Enter takes
the request (a ticket with both files); Ctrl+Shift+B calls the citizen back at once (a real
call to the test caller's process), an unanswered call schedules the next attempt inside
the citizen's window, and an answered one is recorded as done."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app.db.demo_portal import seed_portal_requests
from app.desk import Desk
from app.paths import resource_path
from app.telephony.audio import InMemoryAudioDevice
from app.telephony.config import EngineConfig
from app.telephony.model import CallState
from tests.peer import SipPeer, free_port, sip_peer
from ui.bridge import GuiBridge
from ui.dialogs import RecordingDialogs
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.phone import Phone

__all__ = ["sip_peer"]
StartPeer = Callable[..., SipPeer]
SHOTS = os.environ.get("HOTLINE_DOCS_SCREENSHOTS")


@pytest.fixture
def citizen(sip_peer: StartPeer) -> SipPeer:
    """The citizen's phone: the test caller's process, which answers when told."""
    return sip_peer()


def phone_window(
    qtbot: QtBot, desk: Desk, languages: LanguageManager, config: EngineConfig
) -> Iterator[tuple[MainWindow, Phone]]:
    """The window on the demo requests with a running SIP engine of ``config``."""
    desk.database.write_now(seed_portal_requests)
    bridge = GuiBridge()
    phone = Phone(desk, bridge, InMemoryAudioDevice(), config=config)
    window = MainWindow(desk, bridge, languages.apply, RecordingDialogs(), phone)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(phone.engine_started, timeout=10000):
        phone.start()
    yield window, phone
    window.close()  # a demo citizen's process ends with the window
    phone.stop()


@pytest.fixture
def inbox_window(
    qtbot: QtBot, desk: Desk, languages: LanguageManager, citizen: SipPeer
) -> Iterator[tuple[MainWindow, Phone]]:
    """Numbers go to "the PBX", here the citizen's process: +7916… reaches it."""
    registrar = f"127.0.0.1:{citizen.sip_port}"
    config = EngineConfig(port=free_port(), rtp_port=free_port(), registrar=registrar)
    yield from phone_window(qtbot, desk, languages, config)


def _rows(table: object) -> list[str]:
    return [table.item(r, 0).text() for r in range(table.rowCount())]  # type: ignore[attr-defined]


def test_a_request_taken_and_called_back(
    qtbot: QtBot, inbox_window: tuple[MainWindow, Phone], citizen: SipPeer
) -> None:
    window, phone = inbox_window
    inbox, badge = window.inbox, window.status.requests_badge_label()
    qtbot.waitUntil(lambda: inbox.lists is not None, timeout=10000)
    assert inbox.offers.rowCount() == 0 and not badge.isVisible()  # Not ready: none offered
    assert inbox.notice.text().startswith("Вы не готовы")

    qtbot.keyClick(window, Qt.Key.Key_F5)  # Ready
    qtbot.waitUntil(lambda: inbox.offers.rowCount() == 3, timeout=10000)
    assert badge.isVisible() and badge.text() == "Запросы с портала: 3"
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert window.workspace.currentWidget() is inbox

    inbox.offers.setFocus()
    inbox.offers.selectRow(0)  # the oldest: the failed upload, with a screenshot and a scan
    page = inbox.page
    qtbot.waitUntil(lambda: len(page.details.files) == 2, timeout=10000)
    assert "ошибка 500" in page.text.toPlainText()
    (image,) = [w for w in page.file_widgets if isinstance(w, QLabel)]
    assert image.pixmap().width() == 280  # shown inline, scaled to the page
    (document,) = [w for w in page.file_widgets if isinstance(w, QPushButton)]
    opened: list[Path] = []
    page._open_file = opened.append
    document.click()
    assert (
        opened
        and opened[0].read_bytes() == resource_path("demo", "portal-statement.pdf").read_bytes()
    )
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "inbox.png"), "PNG")

    qtbot.keyClick(inbox.offers, Qt.Key.Key_Return)  # one key takes it
    qtbot.waitUntil(lambda: inbox.held.rowCount() == 1, timeout=10000)
    assert page.result.text().startswith("Запрос ваш. Обращение ")
    assert page.result.text().endswith("файлов сохранено: 2.")
    qtbot.waitUntil(lambda: badge.text() == "Запросы с портала: 2", timeout=10000)

    inbox.held.selectRow(0)
    qtbot.waitUntil(page.call_button.isVisible, timeout=10000)
    assert page.call_button.text() == "Перезвонить на +79161234567 (Ctrl+Shift+B)"
    qtbot.waitUntil(lambda: page.offer is not None and page.offer.request.ticket_id is not None)
    qtbot.waitUntil(lambda: len(page.file_widgets) == 2 and page.file_widgets[0].isVisible())
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "request-page.png"), "PNG")

    # The first call-back: the citizen does not pick up (declines while it rings).
    qtbot.keyClick(
        page, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    citizen.wait_event("incoming", timeout=10)
    citizen.send({"cmd": "hangup"})
    qtbot.waitUntil(lambda: page.result.text().startswith("Не ответили. Попытка 1"), timeout=10000)
    assert "следующая" in page.result.text()
    qtbot.waitUntil(lambda: inbox.held.item(0, 1).text() == "1", timeout=10000)

    # The second: answered, then the operator hangs up.
    qtbot.keyClick(
        page, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    citizen.wait_event("incoming", timeout=10, since=1)
    citizen.send({"cmd": "answer"})
    qtbot.waitUntil(
        lambda: phone.current() is not None and phone.current().state is CallState.CONNECTED,
        timeout=10000,
    )  # type: ignore[union-attr]
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: page.result.text() == "Разговор состоялся, звонок записан.", timeout=10000
    )
    qtbot.waitUntil(lambda: inbox.held.item(0, 1).text() == "2", timeout=10000)


@pytest.fixture
def demo_window(
    qtbot: QtBot, desk: Desk, languages: LanguageManager
) -> Iterator[tuple[MainWindow, Phone]]:
    """The desk `make run` opens: no PBX, the demo requests."""
    config = EngineConfig(port=free_port(), rtp_port=free_port())
    yield from phone_window(qtbot, desk, languages, config)


def test_with_no_pbx_the_call_back_reaches_the_demo_citizen(
    qtbot: QtBot, demo_window: tuple[MainWindow, Phone]
) -> None:
    window, phone = demo_window
    inbox = window.inbox
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: inbox.offers.rowCount() == 3, timeout=10000)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    inbox.offers.setFocus()
    inbox.offers.selectRow(0)
    qtbot.keyClick(inbox.offers, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: inbox.held.rowCount() == 1, timeout=10000)
    inbox.held.selectRow(0)
    qtbot.waitUntil(inbox.page.call_button.isVisible, timeout=10000)
    inbox.page.call_button.click()
    assert (
        window.status.currentMessage() == "АТС не настроена: звоним демонстрационному гражданину."
    )
    qtbot.waitUntil(
        lambda: phone.current() is not None and phone.current().state is CallState.CONNECTED,
        timeout=15000,
    )  # type: ignore[union-attr]
    assert window.portal.demo_citizen is not None and window.portal.demo_citizen.running
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: inbox.page.result.text() == "Разговор состоялся, звонок записан.", timeout=10000
    )
    window.close()
    assert window.portal.demo_citizen is not None and not window.portal.demo_citizen.running
