"""Global hotkeys in the running desk, on a real X server: while another program has the
keyboard, Ctrl+Shift+F8 makes the operator Ready, Ctrl+Shift+F9 answers the ringing call,
Ctrl+Shift+F12 mutes, Pause hangs up. The settings page names a bad combination and a
clash, refuses to save them, and says plainly when the session is Wayland."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import Xlib.error
from keyring.backends import fail
from pytestqt.qtbot import QtBot
from Xlib import XK, X, display

from app.desk import Desk
from app.domain.states import OperatorState
from app.hotkeys import BindingStatus, HotkeyAction, UnsupportedReason
from app.secrets import SecretStore
from app.settings import Options, Settings
from app.telephony.audio import InMemoryAudioDevice
from app.telephony.config import EngineConfig
from app.telephony.model import CallState
from tests.peer import SipPeer, free_port, sip_peer
from tests.services import XDisplay
from tests.xkeys import Keyboard
from ui.bridge import GuiBridge
from ui.dialogs import RecordingDialogs
from ui.hotkeys import GlobalHotkeys
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.phone import Phone
from ui.settings_dialog import SettingsDialog

__all__ = ["sip_peer"]
StartPeer = Callable[..., SipPeer]


@pytest.fixture
def desk_on_x(
    qtbot: QtBot,
    desk: Desk,
    languages: LanguageManager,
    xvfb_display: XDisplay,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[MainWindow, Phone, Keyboard]]:
    monkeypatch.setenv("DISPLAY", xvfb_display.name)  # hotkeys only: widgets stay offscreen
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    bridge = GuiBridge()
    phone = Phone(
        desk, bridge, InMemoryAudioDevice(), EngineConfig(port=free_port(), rtp_port=free_port())
    )
    window = MainWindow(desk, bridge, languages.apply, RecordingDialogs(), phone)
    qtbot.addWidget(window)
    keyboard = Keyboard(xvfb_display.name)
    with qtbot.waitSignal(phone.engine_started, timeout=10000):
        phone.start()
    try:
        yield window, phone, keyboard
    finally:
        window.calls.hotkeys.close()
        phone.stop()
        keyboard.display.close()


def state(phone: Phone) -> CallState | None:
    call = phone.current()
    return call.state if call else None


def test_hotkeys_make_ready_answer_mute_and_hang_up_from_another_program(
    qtbot: QtBot, desk_on_x: tuple[MainWindow, Phone, Keyboard], sip_peer: StartPeer
) -> None:
    window, phone, keyboard = desk_on_x
    hotkeys = window.calls.hotkeys
    assert hotkeys.statuses[HotkeyAction.ANSWER] is BindingStatus.ACTIVE

    keyboard.tap("Ctrl+Shift+F8")
    qtbot.waitUntil(lambda: window.status.operator_state() is OperatorState.READY)

    caller = sip_peer()
    caller.send({"cmd": "call", "uri": phone.contact})
    qtbot.waitUntil(lambda: state(phone) is CallState.RINGING, timeout=10000)
    keyboard.tap("Ctrl+Shift+F9")
    qtbot.waitUntil(lambda: state(phone) is CallState.CONNECTED, timeout=10000)
    caller.wait_event("state", state="CONFIRMED")

    keyboard.tap("Ctrl+Shift+F12")
    qtbot.waitUntil(lambda: bool(phone.current() and phone.current().muted), timeout=5000)

    keyboard.tap("Pause")
    qtbot.waitUntil(lambda: phone.current() is None, timeout=10000)
    caller.wait_event("state", state="DISCONNECTED")


def other_program_grabs(display_name: str, key: str) -> bool:
    """Whether another X client can take Ctrl+Shift+``key`` (False: someone holds it)."""
    other = display.Display(display_name)
    try:
        caught = Xlib.error.CatchError(Xlib.error.BadAccess)
        keycode = other.keysym_to_keycode(XK.string_to_keysym(key))
        mask = X.ControlMask | X.ShiftMask
        other.screen().root.grab_key(
            keycode, mask, False, X.GrabModeAsync, X.GrabModeAsync, onerror=caught
        )
        other.sync()
        return caught.get_error() is None
    finally:
        other.close()


def test_turning_hotkeys_off_releases_them_to_other_programs(
    desk_on_x: tuple[MainWindow, Phone, Keyboard], xvfb_display: XDisplay
) -> None:
    window, _phone, _keyboard = desk_on_x
    assert not other_program_grabs(xvfb_display.name, "F8")  # the desk holds it

    window.desk.settings.set(Options.HOTKEYS_ENABLED, False)
    window.calls.hotkeys.apply(window.desk.settings)

    assert not window.calls.hotkeys.running
    assert other_program_grabs(xvfb_display.name, "F8")


def _dialog(
    qtbot: QtBot, tmp_path: Path, hotkeys: GlobalHotkeys | None
) -> tuple[SettingsDialog, Settings]:
    settings = Settings.load(tmp_path / "settings.json")
    store = SecretStore(backend=fail.Keyring())
    dialog = SettingsDialog(settings, store, tmp_path / "db.sqlite3", print, hotkeys=hotkeys)
    qtbot.addWidget(dialog)
    return dialog, settings


def test_a_bad_combination_and_a_clash_are_named_and_not_saved(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog, settings = _dialog(qtbot, tmp_path, None)
    page = dialog.hotkeys
    page.edits[HotkeyAction.ANSWER].setText("Ctrl+Shift+Foo")
    page.edits[HotkeyAction.HANG_UP].setText("Ctrl+Shift+F11")  # hold's combination

    dialog.save()

    errors = dialog.error_label.text()
    assert "Answer: no key is called “Foo”" in errors
    assert "the same combination as “Hold / resume”" in errors
    assert "Foo" in page.states[HotkeyAction.ANSWER].text()
    assert not settings.path.exists()


def test_combinations_are_saved_in_their_canonical_form(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, settings = _dialog(qtbot, tmp_path, None)
    dialog.hotkeys.edits[HotkeyAction.TOGGLE_MUTE].setText("shift + ctrl + m")

    dialog.save()

    assert Settings.load(settings.path).get(Options.HOTKEY_MUTE) == "Ctrl+Shift+M"


def test_on_wayland_the_page_says_global_hotkeys_cannot_work(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    hotkeys = GlobalHotkeys(GuiBridge())
    hotkeys.apply(Settings.load(tmp_path / "settings.json"))
    dialog, _ = _dialog(qtbot, tmp_path, hotkeys)

    assert hotkeys.unavailable is UnsupportedReason.WAYLAND
    assert not dialog.hotkeys.support.isHidden()
    assert "Wayland" in dialog.hotkeys.support.text()
