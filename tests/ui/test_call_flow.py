"""The operator's call flow in the window, with a real engine and real callers."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.desk import Desk
from app.telephony.audio import InMemoryAudioDevice
from app.telephony.config import EngineConfig
from app.telephony.model import CallState, EndReason
from tests.peer import SipPeer, free_port, sip_peer
from ui.bridge import GuiBridge
from ui.dialogs import RecordingDialogs
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.phone import Phone

__all__ = ["sip_peer"]
StartPeer = Callable[..., SipPeer]


@pytest.fixture
def phone_window(
    qtbot: QtBot, desk: Desk, languages: LanguageManager
) -> Iterator[tuple[MainWindow, Phone]]:
    bridge = GuiBridge()
    config = EngineConfig(port=free_port(), rtp_port=free_port())
    phone = Phone(desk, bridge, InMemoryAudioDevice(), config=config)
    window = MainWindow(desk, bridge, languages.apply, RecordingDialogs(), phone)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(phone.engine_started, timeout=10000):
        phone.start()
    yield window, phone
    phone.stop()


def _state(phone: Phone) -> CallState | None:
    call = phone.current()
    return call.state if call else None


def test_ring_answer_hold_transfer_and_history(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], sip_peer: StartPeer
) -> None:
    window, phone = phone_window
    caller, department = sip_peer(), sip_peer("--auto-answer")
    qtbot.keyClick(window, Qt.Key.Key_F5)  # Ready
    caller.send(
        {
            "cmd": "call",
            "uri": phone.contact,
            "display_name": "Ольга Смирнова",
            "from_user": "89031234567",
            "headers": {"X-Line": "domestic", "X-Language": "ru"},
        }
    )

    qtbot.waitUntil(lambda: _state(phone) is CallState.RINGING, timeout=10000)
    panel = window.call_panel
    assert panel.caller_label.text() == "Ольга Смирнова"
    assert panel.line_badge.text() == "Линия по России"
    assert panel.state_label.text() == "Входящий звонок"
    assert window.calls.answer_action.isEnabled()
    qtbot.waitUntil(lambda: panel.history_label.text() == "Первый звонок с этого номера")

    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _state(phone) is CallState.CONNECTED, timeout=10000)
    assert panel.state_label.text() == "Разговор"
    caller.wait_event("state", state="CONFIRMED")

    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _state(phone) is CallState.ON_HOLD, timeout=10000)
    assert window.calls.hold_action.isChecked()
    caller.wait_event("media", hold="remote")

    dialog = window.calls.open_transfer()
    assert dialog.directory.count() == 7  # the demo departments, with their extensions
    dialog.number.setText(f"dept@127.0.0.1:{department.sip_port}")
    dialog.blind_button.click()

    department.wait_event("incoming", timeout=15)
    qtbot.waitUntil(lambda: phone.current() is None, timeout=15000)
    ended = window.calls.last_ended
    assert ended is not None and ended.end_reason is EndReason.TRANSFERRED
    qtbot.waitUntil(lambda: window.workspace.history_table.rowCount() == 1, timeout=5000)
    assert window.workspace.history_table.item(0, 2).text() == "+79031234567"


def test_not_ready_operator_gets_no_ringing_call(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], sip_peer: StartPeer
) -> None:
    window, phone = phone_window
    caller = sip_peer()
    caller.send({"cmd": "call", "uri": phone.contact})

    caller.wait_event("state", state="DISCONNECTED", code=486)
    qtbot.waitUntil(lambda: phone.current() is None, timeout=5000)
    assert window.calls.ringer is not None and not window.calls.ringer.ringing


def test_a_headsets_media_keys_answer_and_hang_up(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], sip_peer: StartPeer
) -> None:
    window, phone = phone_window
    caller = sip_peer()
    qtbot.keyClick(window, Qt.Key.Key_F5)  # Ready
    caller.send({"cmd": "call", "uri": phone.contact})
    qtbot.waitUntil(lambda: _state(phone) is CallState.RINGING, timeout=10000)

    qtbot.keyClick(window, Qt.Key.Key_MediaTogglePlayPause)
    qtbot.waitUntil(lambda: _state(phone) is CallState.CONNECTED, timeout=10000)
    qtbot.keyClick(window, Qt.Key.Key_MicMute)
    qtbot.waitUntil(lambda: bool(phone.current() and phone.current().muted), timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_MediaTogglePlayPause)
    qtbot.waitUntil(lambda: phone.current() is None, timeout=10000)
    caller.wait_event("state", state="DISCONNECTED")


def test_a_call_in_talk_shows_how_it_sounds(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], sip_peer: StartPeer
) -> None:
    window, phone = phone_window
    citizen = sip_peer("--auto-answer")
    window.call_panel.dial_field.setText(f"citizen@127.0.0.1:{citizen.sip_port}")
    qtbot.keyClick(window.call_panel.dial_field, Qt.Key.Key_Return)
    badge = window.call_panel.quality

    qtbot.waitUntil(lambda: _state(phone) is CallState.CONNECTED, timeout=10000)
    qtbot.waitUntil(badge.isVisible, timeout=8000)  # the first estimate after 2 s of talk
    assert badge.text() == "● Звук: хороший"
    assert "MOS 4." in badge.toolTip()
    assert badge.toolTip().endswith("PCMA")  # the desk offers G.711 A-law first

    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: phone.current() is None, timeout=10000)
    qtbot.waitUntil(lambda: not badge.isVisible(), timeout=5000)


def test_keyboard_dial_and_hang_up(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], sip_peer: StartPeer
) -> None:
    window, phone = phone_window
    citizen = sip_peer("--auto-answer")
    window.call_panel.dial_field.setText(f"citizen@127.0.0.1:{citizen.sip_port}")
    qtbot.keyClick(window.call_panel.dial_field, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: _state(phone) is CallState.CONNECTED, timeout=10000)
    assert window.call_panel.dial_field.text() == ""
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: phone.current() is None, timeout=10000)
    citizen.wait_event("state", state="DISCONNECTED")


def test_a_number_that_cannot_be_dialled_is_explained(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone]
) -> None:
    window, _phone = phone_window
    window.call_panel.dial_field.setText("8 916 123-45-67")
    window.calls.dial_from_field()
    dialogs = window.dialogs
    assert isinstance(dialogs, RecordingDialogs)
    assert dialogs.shown[-1][0] == "error"
    assert "8 916 123-45-67" in dialogs.shown[-1][2]
    assert window.call_panel.dial_field.text() == "8 916 123-45-67"  # nothing lost
