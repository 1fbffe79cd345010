"""The X11 global hotkeys against a real X server (Xvfb), typed on through XTEST.

A second X connection plays the operator's keyboard (``Xlib.ext.xtest.fake_input``), a third
plays another application that grabs keys too. Where a key must *not* run an action, the test
presses it first and a bound key after it: events arrive in order, so when the bound key's
action has arrived, anything the first key caused would have arrived before it.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from collections.abc import Iterator

import pytest
import Xlib.error
from Xlib import XK, X, display

from app.hotkeys import BindingStatus, HotkeyAction, HotkeysUnavailable, open_backend
from app.hotkeys.spec import KEYS, KeyCombo, parse_combo
from app.hotkeys.x11 import X11Hotkeys, keysym_of
from tests.services import XDisplay, require_service, wait_until
from tests.xkeys import Keyboard

pytestmark = pytest.mark.service

ANSWER, HANG_UP, MUTE = HotkeyAction.ANSWER, HotkeyAction.HANG_UP, HotkeyAction.TOGGLE_MUTE
TIMEOUT = 5.0


class Actions:
    """``on_action`` that records what arrived, and on which thread."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.seen: list[HotkeyAction] = []
        self.threads: set[str] = set()

    def __call__(self, action: HotkeyAction) -> None:
        with self._cond:
            self.seen.append(action)
            self.threads.add(threading.current_thread().name)
            self._cond.notify_all()

    def wait_for(self, count: int) -> list[HotkeyAction]:
        """The actions seen once there are ``count`` of them; TimeoutError after 5 s."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.seen) >= count, TIMEOUT):
                raise TimeoutError(f"waited for {count} actions, got {self.seen}")
            return list(self.seen)


class OtherApplication:
    """Another X client grabbing keys on the root window, as a desktop tool would."""

    def __init__(self, name: str) -> None:
        self.display = display.Display(name)
        self.root = self.display.screen().root

    def grab(self, keycode: int, modifiers: int) -> bool:
        """Grab ``keycode`` with ``modifiers``; False when a client already holds it."""
        caught = Xlib.error.CatchError(Xlib.error.BadAccess)
        self.root.grab_key(keycode, modifiers, False, X.GrabModeAsync, X.GrabModeAsync, caught)
        self.display.sync()
        return caught.get_error() is None

    def received_key_press(self) -> bool:
        while self.display.pending_events():
            if self.display.next_event().type == X.KeyPress:
                return True
        return False


@pytest.fixture(scope="module")
def x_server(xvfb_display: XDisplay) -> Iterator[XDisplay]:
    """The session's Xvfb, with one connection held open while this module runs.

    Xvfb started without ``-noreset`` resets itself whenever its last client leaves, and a
    client connecting during that reset is thrown out ("Connection reset by peer").
    """
    keep_alive = display.Display(xvfb_display.name)
    try:
        yield xvfb_display
    finally:
        keep_alive.close()


@pytest.fixture
def actions() -> Actions:
    return Actions()


@pytest.fixture
def hotkeys(x_server: XDisplay, actions: Actions) -> Iterator[X11Hotkeys]:
    backend = X11Hotkeys(actions, x_server.name)
    try:
        yield backend
    finally:
        backend.close()


@pytest.fixture
def keyboard(x_server: XDisplay) -> Iterator[Keyboard]:
    typist = Keyboard(x_server.name)
    try:
        yield typist
    finally:
        typist.display.close()


@pytest.fixture
def other_app(x_server: XDisplay) -> Iterator[OtherApplication]:
    other = OtherApplication(x_server.name)
    try:
        yield other
    finally:
        other.display.close()


def combos(**texts: str) -> dict[HotkeyAction, KeyCombo]:
    return {HotkeyAction(name): parse_combo(text) for name, text in texts.items()}


def test_a_bound_combination_runs_its_action_on_the_hotkey_thread(
    hotkeys: X11Hotkeys, keyboard: Keyboard, actions: Actions
) -> None:
    status = hotkeys.bind(combos(answer="Ctrl+Alt+A", hang_up="Ctrl+Shift+F10"))
    assert status == {ANSWER: BindingStatus.ACTIVE, HANG_UP: BindingStatus.ACTIVE}

    keyboard.tap("Ctrl+Shift+F10")
    keyboard.tap("Ctrl+Alt+A")

    assert actions.wait_for(2) == [HANG_UP, ANSWER]
    assert actions.threads == {"hotkeys-x11"}


def test_a_media_key_alone_runs_its_action(
    hotkeys: X11Hotkeys, keyboard: Keyboard, actions: Actions
) -> None:
    assert hotkeys.bind(combos(answer_or_hang_up="XF86AudioPlay")) == {
        HotkeyAction.ANSWER_OR_HANG_UP: BindingStatus.ACTIVE
    }

    keyboard.tap("XF86AudioPlay")

    assert actions.wait_for(1) == [HotkeyAction.ANSWER_OR_HANG_UP]


@pytest.mark.parametrize("lock", ["Num_Lock", "Caps_Lock"])
def test_the_hotkey_fires_with_a_lock_key_on(
    hotkeys: X11Hotkeys, keyboard: Keyboard, actions: Actions, lock: str
) -> None:
    hotkeys.bind(combos(answer="Ctrl+Alt+A"))
    before = keyboard.modifier_state()
    keyboard.tap_keysym(lock)
    try:
        assert keyboard.modifier_state() != before  # the lock is on now

        keyboard.tap("Ctrl+Alt+A")

        assert actions.wait_for(1) == [ANSWER]
    finally:
        keyboard.tap_keysym(lock)
    assert keyboard.modifier_state() == before


def test_combinations_that_are_not_bound_do_nothing(
    hotkeys: X11Hotkeys, keyboard: Keyboard, actions: Actions
) -> None:
    hotkeys.bind(combos(answer="Ctrl+Alt+A", hang_up="Ctrl+Shift+F10"))

    keyboard.tap("Ctrl+Alt+B")  # another key
    keyboard.tap("Ctrl+Shift+A")  # the key with other modifiers
    keyboard.tap("Ctrl+Alt+Shift+A")  # the modifiers and one more
    keyboard.tap("Ctrl+F10")  # some of the modifiers
    keyboard.tap("Ctrl+Shift+F10")

    assert actions.wait_for(1) == [HANG_UP]


def test_a_combination_another_application_holds_is_reported_taken(
    hotkeys: X11Hotkeys, keyboard: Keyboard, actions: Actions, other_app: OtherApplication
) -> None:
    taken = parse_combo("Ctrl+Alt+T")
    assert other_app.grab(keyboard.keycode(keysym_of("T")), X.ControlMask | X.Mod1Mask)

    status = hotkeys.bind({ANSWER: parse_combo("Ctrl+Alt+A"), HANG_UP: taken})

    assert status == {ANSWER: BindingStatus.ACTIVE, HANG_UP: BindingStatus.TAKEN}
    # The lock-state variants we did get for the taken binding were let go again.
    key_t = keyboard.keycode(keysym_of("T"))
    assert other_app.grab(key_t, X.ControlMask | X.Mod1Mask | X.Mod2Mask | X.LockMask)
    keyboard.tap("Ctrl+Alt+T")
    wait_until(other_app.received_key_press, TIMEOUT, "the other application's key press")
    keyboard.tap("Ctrl+Alt+A")
    assert actions.wait_for(1) == [ANSWER]


def test_rebinding_releases_the_old_combination(
    hotkeys: X11Hotkeys, keyboard: Keyboard, actions: Actions, other_app: OtherApplication
) -> None:
    hotkeys.bind(combos(answer="Ctrl+Alt+A"))

    status = hotkeys.bind(combos(answer="Ctrl+Alt+B", hang_up="Ctrl+Shift+F10"))

    assert status == {ANSWER: BindingStatus.ACTIVE, HANG_UP: BindingStatus.ACTIVE}
    keyboard.tap("Ctrl+Alt+A")
    keyboard.tap("Ctrl+Alt+B")
    assert actions.wait_for(1) == [ANSWER]
    # Nothing of ours is left on the old key: any modifiers, any lock state.
    assert other_app.grab(keyboard.keycode(keysym_of("A")), X.AnyModifier)


def test_moving_a_combination_to_another_action(
    hotkeys: X11Hotkeys, keyboard: Keyboard, actions: Actions
) -> None:
    hotkeys.bind(combos(answer="Ctrl+Alt+A", hang_up="Ctrl+Alt+B"))

    status = hotkeys.bind(combos(toggle_mute="Ctrl+Alt+A"))

    assert status == {MUTE: BindingStatus.ACTIVE}
    keyboard.tap("Ctrl+Alt+B")
    keyboard.tap("Ctrl+Alt+A")
    assert actions.wait_for(1) == [MUTE]


def test_close_releases_every_combination(
    x_server: XDisplay, keyboard: Keyboard, actions: Actions, other_app: OtherApplication
) -> None:
    hotkeys = X11Hotkeys(actions, x_server.name)
    hotkeys.bind(combos(answer="Ctrl+Alt+A", answer_or_hang_up="XF86AudioPlay"))
    key_a = keyboard.keycode(keysym_of("A"))
    assert not other_app.grab(key_a, X.AnyModifier)  # ours while we run

    hotkeys.close()

    assert not hotkeys.running
    assert other_app.grab(key_a, X.AnyModifier)
    for keycode, _index in other_app.display.keysym_to_keycodes(keysym_of("XF86AudioPlay")):
        assert other_app.grab(keycode, X.AnyModifier)
    hotkeys.close()  # a second close changes nothing
    with pytest.raises(RuntimeError):
        hotkeys.bind(combos(answer="Ctrl+Alt+A"))


def test_a_held_key_runs_its_action_once(
    hotkeys: X11Hotkeys,
    keyboard: Keyboard,
    actions: Actions,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="app.hotkeys.x11")
    hotkeys.bind(combos(answer="Ctrl+Shift+F9", hang_up="Ctrl+Shift+F10"))

    keyboard.hold("Ctrl+Shift+F9")
    try:
        # The X server repeats a held key after its auto-repeat delay (660 ms on Xvfb).
        wait_until(lambda: "auto-repeat" in caplog.text, TIMEOUT, "the key to repeat")
    finally:
        keyboard.release("Ctrl+Shift+F9")
    keyboard.tap("Ctrl+Shift+F10")

    assert actions.wait_for(2) == [ANSWER, HANG_UP]


def test_a_failing_action_handler_does_not_stop_the_hotkeys(
    x_server: XDisplay, keyboard: Keyboard, actions: Actions
) -> None:
    def on_action(action: HotkeyAction) -> None:
        actions(action)
        if action is ANSWER:
            raise RuntimeError("the handler broke")

    hotkeys = X11Hotkeys(on_action, x_server.name)
    try:
        hotkeys.bind(combos(answer="Ctrl+Alt+A", hang_up="Ctrl+Alt+B"))
        keyboard.tap("Ctrl+Alt+A")
        keyboard.tap("Ctrl+Alt+B")
        assert actions.wait_for(2) == [ANSWER, HANG_UP]
    finally:
        hotkeys.close()


def test_the_hotkey_fires_in_the_second_keyboard_layout(
    x_server: XDisplay, hotkeys: X11Hotkeys, keyboard: Keyboard, actions: Actions
) -> None:
    """Operators switch between the Russian and the English layout all day."""
    setxkbmap = shutil.which("setxkbmap")
    if setxkbmap is None:
        require_service("setxkbmap not found: apt install x11-xkb-utils")

    def layout(*args: str) -> None:
        subprocess.run([setxkbmap, "-display", x_server.name, *args], check=True, timeout=10)

    hotkeys.bind(combos(answer="Ctrl+Alt+A", hang_up="Ctrl+Shift+F10"))
    layout("-layout", "us,ru", "-option", "grp:caps_toggle")
    try:
        keyboard.tap_keysym("Caps_Lock")  # switches to the Russian group
        assert keyboard.modifier_state() & 0x6000  # the group bits of the state

        keyboard.tap("Ctrl+Shift+F10")
        keyboard.tap("Ctrl+Alt+A")

        assert actions.wait_for(2) == [HANG_UP, ANSWER]
    finally:
        layout("-layout", "us", "-option", "")
    keyboard.tap("Ctrl+Alt+A")  # still bound after the mapping changed back
    assert actions.wait_for(3) == [HANG_UP, ANSWER, ANSWER]


def test_a_key_moved_by_a_new_keyboard_mapping_still_runs_its_action(
    hotkeys: X11Hotkeys,
    keyboard: Keyboard,
    actions: Actions,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="app.hotkeys.x11")
    hotkeys.bind(combos(answer="Ctrl+Alt+A"))
    mapper = keyboard.display
    key_a = keyboard.keycode(keysym_of("A"))
    low, high = mapper.display.info.min_keycode, mapper.display.info.max_keycode
    spare = next(
        code
        for code, syms in enumerate(mapper.get_keyboard_mapping(low, high - low + 1), low)
        if not any(syms)
    )
    symbols_of_a = list(mapper.get_keyboard_mapping(key_a, 1)[0])
    try:
        # The A key's symbols move to a key that had none: a layout with another key order.
        mapper.change_keyboard_mapping(spare, [symbols_of_a])
        mapper.change_keyboard_mapping(key_a, [[X.NoSymbol] * len(symbols_of_a)])
        mapper.sync()
        wait_until(lambda: "taking the global hotkeys again" in caplog.text, TIMEOUT, "a regrab")

        keyboard.tap_keycode(key_a, "Control_L Alt_L")  # no longer A
        keyboard.tap_keycode(spare, "Control_L Alt_L")

        assert actions.wait_for(1) == [ANSWER]
    finally:
        mapper.change_keyboard_mapping(key_a, [symbols_of_a])
        mapper.change_keyboard_mapping(spare, [[X.NoSymbol] * len(symbols_of_a)])
        mapper.sync()


def test_every_key_has_its_x_keysym() -> None:
    keysyms = {key: keysym_of(key) for key in KEYS}
    assert all(keysyms.values())  # XK.NoSymbol is 0
    assert len(set(keysyms.values())) == len(keysyms)  # no two keys share a keysym
    assert keysyms["A"] == XK.XK_a
    assert keysyms["PageUp"] == XK.XK_Prior
    assert keysyms["XF86AudioPlay"] == 0x1008FF14


def test_open_backend_starts_the_x11_hotkeys(x_server: XDisplay, actions: Actions) -> None:
    backend = open_backend(actions, environ={"DISPLAY": x_server.name}, platform="linux")
    try:
        assert isinstance(backend, X11Hotkeys)
        assert backend.running
    finally:
        backend.close()


@pytest.mark.parametrize("name", ["nowhere", ":65000"])
def test_a_display_that_cannot_be_opened_is_reported(actions: Actions, name: str) -> None:
    with pytest.raises(HotkeysUnavailable) as raised:
        open_backend(actions, environ={"DISPLAY": name}, platform="linux")
    assert raised.value.reason == "no_display"
