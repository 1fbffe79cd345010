"""The headset's buttons and lights in the running desk, with a real call: the Jabra rings
when a call rings, its hook switch answers and hangs up, its lights follow the call, and a
headset the system will not open is explained to the operator. Only hidapi is fake (no USB
headset can be plugged in here): it plays the descriptor recorded from a Jabra Link 380."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.desk import Desk
from app.headset.hid_headset import HidHeadset, LedState
from app.headset.hid_service import HeadsetConnection, HeadsetStatus
from app.telephony.audio import InMemoryAudioDevice
from app.telephony.config import EngineConfig
from app.telephony.model import CallState
from tests.hidfake import FakeDevice, FakeHidapi, jabra
from tests.peer import SipPeer, free_port, sip_peer
from ui.bridge import GuiBridge
from ui.dialogs import RecordingDialogs
from ui.headset_buttons import HeadsetButtons
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.phone import Phone

__all__ = ["sip_peer"]
StartPeer = Callable[..., SipPeer]
HOOK_OFF, HOOK_ON = "020100", "020000"  # Jabra Link 380: report 2, Hook Switch bit


@pytest.fixture
def desk_with_jabra(
    qtbot: QtBot, desk: Desk, languages: LanguageManager
) -> Iterator[tuple[MainWindow, Phone, FakeDevice, FakeHidapi]]:
    bridge = GuiBridge()
    phone = Phone(
        desk, bridge, InMemoryAudioDevice(), EngineConfig(port=free_port(), rtp_port=free_port())
    )
    window = MainWindow(desk, bridge, languages.apply, RecordingDialogs(), phone)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    headset, bus = jabra(), FakeHidapi()
    bus.plug(headset)
    window.calls.headset = HeadsetButtons(bridge, window.calls, hidapi=bus)
    window.calls.headset.apply(desk.settings)
    with qtbot.waitSignal(phone.engine_started, timeout=10000):
        phone.start()
    try:
        yield window, phone, headset, bus
    finally:
        window.calls.headset.close()
        phone.stop()


def state(phone: Phone) -> CallState | None:
    call = phone.current()
    return call.state if call else None


def lights(device: FakeDevice, leds: LedState) -> list[bytes]:
    return HidHeadset.from_descriptor(device.descriptor).led_reports(leds)


def test_the_hook_switch_answers_and_hangs_up_and_the_lights_follow(
    qtbot: QtBot,
    desk_with_jabra: tuple[MainWindow, Phone, FakeDevice, FakeHidapi],
    sip_peer: StartPeer,
) -> None:
    window, phone, headset, _bus = desk_with_jabra
    qtbot.waitUntil(
        lambda: window.calls.headset.connection.status is HeadsetStatus.CONNECTED, timeout=5000
    )
    assert "Jabra Link 380" in window.status.currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_F5)  # Ready
    caller = sip_peer()
    caller.send({"cmd": "call", "uri": phone.contact})

    qtbot.waitUntil(lambda: state(phone) is CallState.RINGING, timeout=10000)
    ringing = lights(headset, LedState(ringing=True))
    qtbot.waitUntil(lambda: all(r in headset.writes for r in ringing), timeout=5000)

    headset.press(HOOK_OFF)  # the operator presses the headset's call button
    qtbot.waitUntil(lambda: state(phone) is CallState.CONNECTED, timeout=10000)
    caller.wait_event("state", state="CONFIRMED")
    talking = lights(headset, LedState(off_hook=True))
    qtbot.waitUntil(lambda: headset.writes[-len(talking) :] == talking, timeout=5000)

    headset.press(HOOK_ON)
    qtbot.waitUntil(lambda: phone.current() is None, timeout=10000)
    caller.wait_event("state", state="DISCONNECTED")
    idle = lights(headset, LedState())
    qtbot.waitUntil(lambda: headset.writes[-len(idle) :] == idle, timeout=5000)


def test_a_headset_the_system_will_not_open_is_explained(
    desk_with_jabra: tuple[MainWindow, Phone, FakeDevice, FakeHidapi],
) -> None:
    window = desk_with_jabra[0]

    window.calls.headset.connected(HeadsetConnection(HeadsetStatus.PERMISSION_DENIED))

    message = window.status.currentMessage()
    assert "udev" in message
    assert "администратор" in message
