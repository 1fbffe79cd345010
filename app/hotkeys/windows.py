"""Global hotkeys on Windows: ``RegisterHotKey`` on a thread of our own, through ctypes.

Windows delivers a hotkey registered without a window (``hWnd`` NULL) as a ``WM_HOTKEY``
message to the message queue of the thread that registered it, so one dedicated thread does
everything: it creates its message queue (``PeekMessageW``), then loops on ``GetMessageW``.
``WM_HOTKEY`` calls ``on_action(action)`` *on that thread* (the caller marshals it, e.g.
through the UI's GUI-thread bridge). :meth:`WindowsHotkeys.bind` queues its work and wakes the
loop with a private thread message; :meth:`WindowsHotkeys.close` posts ``WM_QUIT``, and the
loop unregisters every hotkey before it ends (``UnregisterHotKey`` too must run on the
registering thread).

Every hotkey carries ``MOD_NOREPEAT``: holding the key down runs the action once. A
combination another application registered fails with ``ERROR_HOTKEY_ALREADY_REGISTERED`` and
is reported ``TAKEN``; the other bindings stay.

The ``user32`` object (and the function returning the thread's last error) can be handed in:
the tests, which cannot run Windows, drive this layer with a fake user32.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import queue
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from ctypes import wintypes
from types import MappingProxyType
from typing import Any, Protocol, cast

from app.hotkeys import (
    BindingStatus,
    HotkeyAction,
    HotkeysUnavailable,
    OnAction,
    UnsupportedReason,
    require_distinct,
)
from app.hotkeys.spec import KEYS, KeyCombo, KeyKind, Modifier

log = logging.getLogger(__name__)

#: How long bind(), close() and starting the thread may take before giving up.
COMMAND_TIMEOUT = 10.0

WM_QUIT = 0x0012
WM_HOTKEY = 0x0312
WM_USER = 0x0400
WM_APP = 0x8000
#: Our thread message: "commands are waiting in the queue".
WM_RUN_COMMANDS = WM_APP + 1
PM_NOREMOVE = 0x0000

MOD_ALT = 0x0001
MOD_CONTROL = 0x0002
MOD_SHIFT = 0x0004
MOD_WIN = 0x0008
MOD_NOREPEAT = 0x4000

ERROR_HOTKEY_ALREADY_REGISTERED = 1409

#: Hotkey ids of an application must lie in 0x0000-0xBFFF.
_LAST_ID = 0xBFFF

_MODIFIER_FLAGS = {
    Modifier.CTRL: MOD_CONTROL,
    Modifier.ALT: MOD_ALT,
    Modifier.SHIFT: MOD_SHIFT,
    Modifier.SUPER: MOD_WIN,
}


def _build_virtual_keys() -> dict[str, int | None]:
    keys: dict[str, int | None] = {}
    for name, kind in KEYS.items():
        if len(name) == 1:  # letters and digits: VK_A..VK_Z, VK_0..VK_9 are their ASCII codes
            keys[name] = ord(name)
        elif kind is KeyKind.FUNCTION:
            keys[name] = 0x70 + int(name[1:]) - 1  # VK_F1 = 0x70 ... VK_F24 = 0x87
    keys.update(
        {
            "Space": 0x20,
            "Enter": 0x0D,
            "Tab": 0x09,
            "Backspace": 0x08,
            "Escape": 0x1B,
            "Insert": 0x2D,
            "Delete": 0x2E,
            "Home": 0x24,
            "End": 0x23,
            "PageUp": 0x21,
            "PageDown": 0x22,
            "Left": 0x25,
            "Up": 0x26,
            "Right": 0x27,
            "Down": 0x28,
            "Pause": 0x13,
            "ScrollLock": 0x91,
            "XF86AudioPlay": 0xB3,  # VK_MEDIA_PLAY_PAUSE
            "XF86AudioStop": 0xB2,
            "XF86AudioPrev": 0xB1,
            "XF86AudioNext": 0xB0,
            "XF86AudioMute": 0xAD,
            "XF86AudioLowerVolume": 0xAE,
            "XF86AudioRaiseVolume": 0xAF,
            "XF86AudioPause": None,  # Windows has one play/pause key only
            "XF86AudioMicMute": None,  # no virtual key for it
        }
    )
    return keys


#: The virtual-key code of every key in :data:`app.hotkeys.spec.KEYS`; None: Windows has none.
VIRTUAL_KEYS: Mapping[str, int | None] = MappingProxyType(_build_virtual_keys())


def modifier_flags(combo: KeyCombo) -> int:
    """The ``fsModifiers`` of ``combo`` for RegisterHotKey, ``MOD_NOREPEAT`` included."""
    flags = MOD_NOREPEAT
    for modifier in combo.modifiers:
        flags |= _MODIFIER_FLAGS[modifier]
    return flags


class User32(Protocol):
    """The user32.dll functions this backend calls, with their C argument order."""

    def RegisterHotKey(self, hwnd: Any, hotkey_id: int, modifiers: int, vk: int, /) -> int: ...  # noqa: N802

    def UnregisterHotKey(self, hwnd: Any, hotkey_id: int, /) -> int: ...  # noqa: N802

    def GetMessageW(self, msg: Any, hwnd: Any, first: int, last: int, /) -> int: ...  # noqa: N802

    def PeekMessageW(  # noqa: N802
        self, msg: Any, hwnd: Any, first: int, last: int, remove: int, /
    ) -> int: ...

    def PostThreadMessageW(  # noqa: N802
        self, thread_id: int, message: int, wparam: int, lparam: int, /
    ) -> int: ...


def load_user32() -> tuple[User32, Callable[[], int]]:
    """The real user32.dll with argument types set, and the function reading its last error."""
    if sys.platform != "win32":
        raise HotkeysUnavailable(UnsupportedReason.OTHER_PLATFORM)
    dll = ctypes.WinDLL("user32", use_last_error=True)
    msg_pointer = ctypes.POINTER(wintypes.MSG)
    signatures = {
        "RegisterHotKey": (wintypes.HWND, ctypes.c_int, wintypes.UINT, wintypes.UINT),
        "UnregisterHotKey": (wintypes.HWND, ctypes.c_int),
        "GetMessageW": (msg_pointer, wintypes.HWND, wintypes.UINT, wintypes.UINT),
        "PeekMessageW": (msg_pointer, wintypes.HWND, wintypes.UINT, wintypes.UINT, wintypes.UINT),
        "PostThreadMessageW": (wintypes.DWORD, wintypes.UINT, wintypes.WPARAM, wintypes.LPARAM),
    }
    for name, argtypes in signatures.items():
        function = getattr(dll, name)
        function.argtypes = argtypes
        function.restype = wintypes.BOOL
    return cast(User32, dll), ctypes.get_last_error


class WindowsHotkeys:
    """Global hotkeys through RegisterHotKey; see the module docstring for the threading rules."""

    def __init__(
        self,
        on_action: OnAction,
        *,
        user32: User32 | None = None,
        last_error: Callable[[], int] | None = None,
    ) -> None:
        """Start the hotkey thread (nothing bound yet); ``user32`` defaults to the real DLL."""
        if user32 is None:
            user32, real_last_error = load_user32()
            last_error = last_error or real_last_error
        if last_error is None:
            raise ValueError("a user32 handed in needs its last_error function too")
        self._user32 = user32
        self._last_error = last_error
        self._on_action = on_action
        self._ids: dict[int, HotkeyAction] = {}
        self._next_id = 1
        self._commands: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]]
        self._commands = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._thread_id = 0
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hotkeys-windows", daemon=True)
        self._thread.start()
        if not self._ready.wait(COMMAND_TIMEOUT):
            raise RuntimeError("the hotkey thread did not start")

    # --- the public side -----------------------------------------------------------------------

    def bind(self, bindings: Mapping[HotkeyAction, KeyCombo]) -> dict[HotkeyAction, BindingStatus]:
        """Replace every binding; see :meth:`app.hotkeys.HotkeyBackend.bind`."""
        require_distinct(bindings)
        wanted = dict(bindings)
        return dict(self._call(lambda: self._apply(wanted)))

    def close(self) -> None:
        """Unregister every hotkey and end the thread (WM_QUIT); idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            posted = self._user32.PostThreadMessageW(self._thread_id, WM_QUIT, 0, 0)
        if not posted:
            log.warning(
                "could not post WM_QUIT to the hotkey thread (error %d)", self._last_error()
            )
        elif threading.current_thread() is not self._thread:
            self._thread.join(COMMAND_TIMEOUT)

    @property
    def running(self) -> bool:
        """True while the hotkey thread runs its message loop."""
        return self._thread.is_alive()

    def _call(self, work: Callable[[], Any]) -> Any:
        if threading.current_thread() is self._thread:
            return work()
        future: Future[Any] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the global hotkeys are closed")
            self._commands.put((work, future))
            posted = self._user32.PostThreadMessageW(self._thread_id, WM_RUN_COMMANDS, 0, 0)
        if not posted:
            future.cancel()
            raise RuntimeError(f"cannot reach the hotkey thread (error {self._last_error()})")
        return future.result(timeout=COMMAND_TIMEOUT)

    # --- the hotkey thread ---------------------------------------------------------------------

    def _run(self) -> None:
        msg = wintypes.MSG()
        msg_pointer = ctypes.pointer(msg)
        # A thread has no message queue until it calls a message function: make it now, so
        # PostThreadMessageW from bind() and close() cannot fail for want of one.
        self._user32.PeekMessageW(msg_pointer, None, WM_USER, WM_USER, PM_NOREMOVE)
        self._thread_id = threading.get_native_id()  # GetCurrentThreadId on Windows
        self._ready.set()
        try:
            while True:
                result = self._user32.GetMessageW(msg_pointer, None, 0, 0)
                if result == 0:  # WM_QUIT
                    break
                if result == -1:
                    log.error("GetMessageW failed (error %d): hotkeys stop", self._last_error())
                    break
                if msg.message == WM_HOTKEY:
                    self._fire(int(msg.wParam))
                elif msg.message == WM_RUN_COMMANDS:
                    self._run_commands()
        finally:
            with self._lock:
                self._closed = True
            self._unregister_all()
            self._fail_waiting()

    def _fire(self, hotkey_id: int) -> None:
        action = self._ids.get(hotkey_id)
        if action is None:  # a message for a hotkey unregistered since
            return
        log.debug("hotkey pressed: %s", action.value)
        try:
            self._on_action(action)
        except Exception:  # a failing listener must not stop the hotkeys
            log.exception("error handling the hotkey action %s", action.value)

    def _run_commands(self) -> None:
        while True:
            try:
                work, future = self._commands.get_nowait()
            except queue.Empty:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(work())
            except Exception as exc:  # noqa: BLE001 - handed to the caller waiting on it
                future.set_exception(exc)

    def _fail_waiting(self) -> None:
        while True:
            try:
                _, future = self._commands.get_nowait()
            except queue.Empty:
                return
            with contextlib.suppress(Exception):
                if future.set_running_or_notify_cancel():
                    future.set_exception(RuntimeError("the global hotkeys are closed"))

    def _unregister_all(self) -> None:
        for hotkey_id, action in self._ids.items():
            if not self._user32.UnregisterHotKey(None, hotkey_id):
                log.warning(
                    "UnregisterHotKey failed for %s (error %d)", action.value, self._last_error()
                )
        self._ids.clear()

    def _new_id(self) -> int:
        """A fresh id, so a WM_HOTKEY still queued for an old binding cannot run a new one."""
        hotkey_id = self._next_id
        self._next_id = 1 if hotkey_id >= _LAST_ID else hotkey_id + 1
        return hotkey_id

    def _apply(self, bindings: dict[HotkeyAction, KeyCombo]) -> dict[HotkeyAction, BindingStatus]:
        self._unregister_all()
        status: dict[HotkeyAction, BindingStatus] = {}
        for action, combo in bindings.items():
            vk = VIRTUAL_KEYS.get(combo.key)
            if vk is None:
                log.info("hotkey %s: Windows has no virtual key for %s", action.value, combo.key)
                status[action] = BindingStatus.NO_SUCH_KEY
                continue
            hotkey_id = self._new_id()
            if self._user32.RegisterHotKey(None, hotkey_id, modifier_flags(combo), vk):
                self._ids[hotkey_id] = action
                status[action] = BindingStatus.ACTIVE
                continue
            error = self._last_error()
            if error == ERROR_HOTKEY_ALREADY_REGISTERED:
                log.info("hotkey %s: %s is taken by another application", action.value, combo)
                status[action] = BindingStatus.TAKEN
            else:
                log.warning("hotkey %s: RegisterHotKey failed (error %d)", action.value, error)
                status[action] = BindingStatus.FAILED
        return status
