"""The Windows global hotkeys, driven through a fake user32 (Windows cannot run here).

The fake models what the backend relies on: a hotkey registered without a window belongs to
the thread that registered it, its WM_HOTKEY goes into that thread's message queue, only that
thread can unregister it, a thread has a queue once it called a message function, and a
combination can be registered once on the whole desktop (ERROR_HOTKEY_ALREADY_REGISTERED).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from app.hotkeys import BindingStatus, HotkeyAction
from app.hotkeys.spec import KEYS, KeyCombo, parse_combo
from app.hotkeys.windows import (
    ERROR_HOTKEY_ALREADY_REGISTERED,
    MOD_ALT,
    MOD_CONTROL,
    MOD_NOREPEAT,
    MOD_SHIFT,
    MOD_WIN,
    VIRTUAL_KEYS,
    WM_HOTKEY,
    WM_QUIT,
    WindowsHotkeys,
)

ANSWER, HANG_UP, MUTE = HotkeyAction.ANSWER, HotkeyAction.HANG_UP, HotkeyAction.TOGGLE_MUTE
TIMEOUT = 5.0
ERROR_INVALID_PARAMETER = 87
ERROR_HOTKEY_NOT_REGISTERED = 1419
ERROR_INVALID_THREAD_ID = 1444
OTHER_APPLICATION = -1  # the "thread" of hotkeys registered by another program


@dataclass(frozen=True)
class Registration:
    thread: int
    hotkey_id: int
    modifiers: int  # as passed, MOD_NOREPEAT included


class FakeUser32:
    """One desktop's hotkey table and per-thread message queues, behind user32's functions."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._errors = threading.local()
        self.queues: dict[int, queue.SimpleQueue[tuple[int, int, int]]] = {}
        self.hotkeys: dict[tuple[int, int], Registration] = {}  # (modifiers, vk) -> owner
        self.refused: dict[tuple[int, int], int] = {}  # (modifiers, vk) -> error to fail with
        self.posted: list[tuple[int, int]] = []  # (thread, message)

    def last_error(self) -> int:
        return int(getattr(self._errors, "code", 0))

    def _fail(self, code: int) -> int:
        self._errors.code = code
        return 0

    # --- what the other side of the desktop does ---

    def register_elsewhere(self, modifiers: int, vk: int) -> None:
        self.hotkeys[(modifiers, vk)] = Registration(OTHER_APPLICATION, 1, modifiers)

    def press(self, modifiers: int, vk: int) -> bool:
        """The person presses a combination: WM_HOTKEY to the owner's queue, if it is ours."""
        with self._lock:
            owner = self.hotkeys.get((modifiers, vk))
            if owner is None or owner.thread == OTHER_APPLICATION:
                return False
            self.queues[owner.thread].put((WM_HOTKEY, owner.hotkey_id, (vk << 16) | modifiers))
            return True

    def ours(self) -> dict[tuple[int, int], Registration]:
        with self._lock:
            return {k: r for k, r in self.hotkeys.items() if r.thread != OTHER_APPLICATION}

    # --- user32 ---

    def RegisterHotKey(self, hwnd: Any, hotkey_id: int, modifiers: int, vk: int, /) -> int:  # noqa: N802
        assert hwnd is None
        key = (modifiers & ~MOD_NOREPEAT, vk)
        with self._lock:
            if key in self.refused:
                return self._fail(self.refused[key])
            if key in self.hotkeys:
                return self._fail(ERROR_HOTKEY_ALREADY_REGISTERED)
            self.hotkeys[key] = Registration(threading.get_native_id(), hotkey_id, modifiers)
            return 1

    def UnregisterHotKey(self, hwnd: Any, hotkey_id: int, /) -> int:  # noqa: N802
        thread = threading.get_native_id()
        with self._lock:
            for key, owner in list(self.hotkeys.items()):
                if owner.thread == thread and owner.hotkey_id == hotkey_id:
                    del self.hotkeys[key]
                    return 1
        return self._fail(ERROR_HOTKEY_NOT_REGISTERED)

    def PeekMessageW(self, msg: Any, hwnd: Any, first: int, last: int, remove: int, /) -> int:  # noqa: N802
        with self._lock:
            self.queues.setdefault(threading.get_native_id(), queue.SimpleQueue())
        return 0

    def GetMessageW(self, msg: Any, hwnd: Any, first: int, last: int, /) -> int:  # noqa: N802
        with self._lock:
            inbox = self.queues.setdefault(threading.get_native_id(), queue.SimpleQueue())
        message, wparam, lparam = inbox.get(timeout=60)
        msg.contents.message, msg.contents.wParam, msg.contents.lParam = message, wparam, lparam
        return 0 if message == WM_QUIT else 1

    def PostThreadMessageW(self, thread_id: int, message: int, wparam: int, lparam: int, /) -> int:  # noqa: N802
        with self._lock:
            inbox = self.queues.get(thread_id)
            if inbox is None:
                return self._fail(ERROR_INVALID_THREAD_ID)
            self.posted.append((thread_id, message))
            inbox.put((message, wparam, lparam))
            return 1


class Actions:
    def __init__(self) -> None:
        self.queue: queue.SimpleQueue[tuple[HotkeyAction, int]] = queue.SimpleQueue()

    def __call__(self, action: HotkeyAction) -> None:
        self.queue.put((action, threading.get_native_id()))

    def next(self) -> tuple[HotkeyAction, int]:
        return self.queue.get(timeout=TIMEOUT)


@pytest.fixture
def user32() -> FakeUser32:
    return FakeUser32()


@pytest.fixture
def actions() -> Actions:
    return Actions()


@pytest.fixture
def hotkeys(user32: FakeUser32, actions: Actions) -> Iterator[WindowsHotkeys]:
    backend = WindowsHotkeys(actions, user32=user32, last_error=user32.last_error)
    try:
        yield backend
    finally:
        backend.close()


def combos(**texts: str) -> dict[HotkeyAction, KeyCombo]:
    return {HotkeyAction(name): parse_combo(text) for name, text in texts.items()}


VK_F9, VK_F10, VK_PAUSE, VK_MEDIA_PLAY_PAUSE = 0x78, 0x79, 0x13, 0xB3


def test_bindings_are_registered_on_the_hotkey_thread_without_repeat(
    hotkeys: WindowsHotkeys, user32: FakeUser32
) -> None:
    status = hotkeys.bind(
        combos(
            answer="Ctrl+Shift+F9",
            hang_up="Pause",
            toggle_mute="XF86AudioPlay",
            toggle_ready="Super+Alt+R",
        )
    )

    assert set(status.values()) == {BindingStatus.ACTIVE}
    ours = user32.ours()
    assert {key: owner.modifiers for key, owner in ours.items()} == {
        (MOD_CONTROL | MOD_SHIFT, VK_F9): MOD_CONTROL | MOD_SHIFT | MOD_NOREPEAT,
        (0, VK_PAUSE): MOD_NOREPEAT,
        (0, VK_MEDIA_PLAY_PAUSE): MOD_NOREPEAT,
        (MOD_WIN | MOD_ALT, ord("R")): MOD_WIN | MOD_ALT | MOD_NOREPEAT,
    }
    threads = {owner.thread for owner in ours.values()}
    assert len(threads) == 1
    assert threading.get_native_id() not in threads  # not the caller's thread


def test_a_pressed_hotkey_runs_its_action_on_the_hotkey_thread(
    hotkeys: WindowsHotkeys, user32: FakeUser32, actions: Actions
) -> None:
    hotkeys.bind(combos(answer="Ctrl+Shift+F9", hang_up="Ctrl+Shift+F10"))

    assert user32.press(MOD_CONTROL | MOD_SHIFT, VK_F10)
    assert user32.press(MOD_CONTROL | MOD_SHIFT, VK_F9)

    (first, thread), (second, _) = actions.next(), actions.next()
    assert (first, second) == (HANG_UP, ANSWER)
    assert thread == user32.ours()[(MOD_CONTROL | MOD_SHIFT, VK_F9)].thread


def test_a_combination_another_application_registered_is_reported_taken(
    hotkeys: WindowsHotkeys, user32: FakeUser32, actions: Actions
) -> None:
    user32.register_elsewhere(MOD_CONTROL | MOD_SHIFT, VK_F10)

    status = hotkeys.bind(combos(answer="Ctrl+Shift+F9", hang_up="Ctrl+Shift+F10"))

    assert status == {ANSWER: BindingStatus.ACTIVE, HANG_UP: BindingStatus.TAKEN}
    assert user32.press(MOD_CONTROL | MOD_SHIFT, VK_F9)
    assert actions.next()[0] == ANSWER


def test_any_other_refusal_is_reported_failed(hotkeys: WindowsHotkeys, user32: FakeUser32) -> None:
    user32.refused[(0, 0x7B)] = ERROR_INVALID_PARAMETER  # F12 alone: kept for debuggers

    status = hotkeys.bind(combos(answer="F12", hang_up="F11"))

    assert status == {ANSWER: BindingStatus.FAILED, HANG_UP: BindingStatus.ACTIVE}


def test_a_key_windows_has_no_virtual_key_for_is_reported_missing(
    hotkeys: WindowsHotkeys, user32: FakeUser32
) -> None:
    status = hotkeys.bind(combos(toggle_mute="XF86AudioMicMute", answer="Ctrl+Shift+F9"))

    assert status == {MUTE: BindingStatus.NO_SUCH_KEY, ANSWER: BindingStatus.ACTIVE}
    assert list(user32.ours()) == [(MOD_CONTROL | MOD_SHIFT, VK_F9)]


def test_rebinding_unregisters_the_old_combinations(
    hotkeys: WindowsHotkeys, user32: FakeUser32, actions: Actions
) -> None:
    hotkeys.bind(combos(answer="Ctrl+Shift+F9", hang_up="Ctrl+Shift+F10"))

    status = hotkeys.bind(combos(toggle_mute="Ctrl+Shift+F9", answer="Pause"))

    assert status == {MUTE: BindingStatus.ACTIVE, ANSWER: BindingStatus.ACTIVE}
    assert set(user32.ours()) == {(MOD_CONTROL | MOD_SHIFT, VK_F9), (0, VK_PAUSE)}
    assert not user32.press(MOD_CONTROL | MOD_SHIFT, VK_F10)
    assert user32.press(MOD_CONTROL | MOD_SHIFT, VK_F9)  # moved from answer to mute
    assert actions.next()[0] == MUTE


def test_close_posts_quit_and_unregisters_everything(user32: FakeUser32, actions: Actions) -> None:
    hotkeys = WindowsHotkeys(actions, user32=user32, last_error=user32.last_error)
    hotkeys.bind(combos(answer="Ctrl+Shift+F9", hang_up="Pause"))
    assert len(user32.ours()) == 2

    hotkeys.close()

    assert not hotkeys.running
    assert user32.ours() == {}
    assert user32.posted[-1][1] == WM_QUIT
    hotkeys.close()  # a second close changes nothing
    assert [m for _, m in user32.posted].count(WM_QUIT) == 1
    with pytest.raises(RuntimeError):
        hotkeys.bind(combos(answer="Ctrl+Shift+F9"))


def test_a_failing_action_handler_does_not_stop_the_hotkeys(
    user32: FakeUser32, actions: Actions
) -> None:
    def on_action(action: HotkeyAction) -> None:
        actions(action)
        if action is ANSWER:
            raise RuntimeError("the handler broke")

    hotkeys = WindowsHotkeys(on_action, user32=user32, last_error=user32.last_error)
    try:
        hotkeys.bind(combos(answer="Ctrl+Shift+F9", hang_up="Pause"))
        user32.press(MOD_CONTROL | MOD_SHIFT, VK_F9)
        user32.press(0, VK_PAUSE)
        assert [actions.next()[0], actions.next()[0]] == [ANSWER, HANG_UP]
    finally:
        hotkeys.close()


def test_two_actions_on_one_combination_are_refused_before_any_call(
    hotkeys: WindowsHotkeys, user32: FakeUser32
) -> None:
    same = parse_combo("Ctrl+Shift+F9")
    with pytest.raises(ValueError, match="Ctrl\\+Shift\\+F9"):
        hotkeys.bind({ANSWER: same, HANG_UP: same})
    assert user32.ours() == {}


def test_every_key_has_its_virtual_key() -> None:
    assert set(VIRTUAL_KEYS) == set(KEYS)
    assert VIRTUAL_KEYS["A"] == 0x41
    assert VIRTUAL_KEYS["7"] == 0x37
    assert VIRTUAL_KEYS["F1"] == 0x70
    assert VIRTUAL_KEYS["F24"] == 0x87
    missing = {name for name, vk in VIRTUAL_KEYS.items() if vk is None}
    assert missing == {"XF86AudioPause", "XF86AudioMicMute"}
    codes = [vk for vk in VIRTUAL_KEYS.values() if vk is not None]
    assert len(codes) == len(set(codes))  # no two keys share a code
