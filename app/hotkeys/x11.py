"""Global hotkeys on Linux with X11: passive key grabs on the root window (python-xlib).

Each binding is an ``XGrabKey`` on the root window for every keycode that carries the key's
keysym, once for each combination of the lock modifiers (Caps Lock, Num Lock, Scroll Lock when
the keyboard maps it to a modifier): a grab matches the modifier state exactly, so without the
variants a hotkey would stop working as soon as Num Lock is on. Keycodes are found through
the keysym, so a layout with another order of keys still works; keyboard mapping changes
(``MappingNotify``) re-take the grabs when the keycodes or modifier masks moved.

One thread owns the X connection: it waits on the connection's socket and on a wake-up pipe,
reads ``KeyPress`` events and calls ``on_action(action)`` *on that thread* (the caller
marshals it, e.g. through the UI's GUI-thread bridge). :meth:`X11Hotkeys.bind` and
:meth:`X11Hotkeys.close` hand their work to that thread and wait for it.

Grab errors arrive asynchronously: every grab request of a binding carries its own error
collector, and one ``sync`` later ``BadAccess`` (another client already grabbed the
combination) marks *that* binding ``TAKEN``; its variants that did succeed are released, and
the other bindings stay. A key held down repeats as KeyRelease/KeyPress pairs with the same
server time; such a KeyPress is ignored, so holding a key runs its action once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import select
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import Xlib.error
from Xlib import XK, X, display
from Xlib.keysymdef import xf86

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

#: How long bind() and close() wait for the hotkey thread before giving up.
COMMAND_TIMEOUT = 10.0

_NAMED_KEYSYMS = {
    "Space": "space",
    "Enter": "Return",
    "Tab": "Tab",
    "Backspace": "BackSpace",
    "Escape": "Escape",
    "Insert": "Insert",
    "Delete": "Delete",
    "Home": "Home",
    "End": "End",
    "PageUp": "Prior",
    "PageDown": "Next",
    "Up": "Up",
    "Down": "Down",
    "Left": "Left",
    "Right": "Right",
    "Pause": "Pause",
    "ScrollLock": "Scroll_Lock",
}


def keysym_of(key: str) -> int:
    """The X keysym of a key named in :data:`app.hotkeys.spec.KEYS`."""
    if KEYS[key] is KeyKind.MEDIA:  # "XF86AudioPlay" -> Xlib's XK_XF86_AudioPlay
        return int(getattr(xf86, "XK_XF86_" + key.removeprefix("XF86")))
    if len(key) == 1:
        return int(XK.string_to_keysym(key.lower()))
    return int(XK.string_to_keysym(_NAMED_KEYSYMS.get(key, key)))


@dataclass(frozen=True)
class _Masks:
    """Modifier masks as this server maps them (Alt and Super live on Mod1..Mod5)."""

    alt: int
    super: int
    locks: tuple[int, ...]  # Caps Lock, Num Lock, Scroll Lock: whatever their state, fire

    @property
    def relevant(self) -> int:
        return X.ShiftMask | X.ControlMask | self.alt | self.super

    def of(self, modifiers: frozenset[Modifier]) -> int:
        value = {
            Modifier.CTRL: X.ControlMask,
            Modifier.ALT: self.alt,
            Modifier.SHIFT: X.ShiftMask,
            Modifier.SUPER: self.super,
        }
        mask = 0
        for modifier in modifiers:
            mask |= value[modifier]
        return mask

    def variants(self) -> list[int]:
        """Every combination of the lock masks, 0 (no lock on) first."""
        result = [0]
        for lock in self.locks:
            result += [variant | lock for variant in result]
        return result


@dataclass(frozen=True)
class _Plan:
    """The grabs one binding needs: these keycodes with this modifier mask."""

    keycodes: tuple[int, ...]
    modifiers: int


class _Errors:
    """An ``onerror`` handler for python-xlib requests that keeps every error it is handed."""

    def __init__(self) -> None:
        self.errors: list[Xlib.error.XError] = []

    def __call__(self, error: Xlib.error.XError, request: Any) -> None:
        self.errors.append(error)


class X11Hotkeys:
    """Global hotkeys on one X display; see the module docstring for the threading rules."""

    def __init__(self, on_action: OnAction, display_name: str | None = None) -> None:
        """Connect to ``display_name`` (``$DISPLAY`` when None) and start the hotkey thread.

        Raises :class:`HotkeysUnavailable` (``NO_DISPLAY``) when the display cannot be opened.
        """
        try:
            self._display = display.Display(display_name)
        except (
            Xlib.error.DisplayError,
            Xlib.error.ConnectionClosedError,
            OSError,
            OverflowError,  # a display number too large for a TCP port
        ) as exc:
            log.warning("cannot open the X display for global hotkeys: %s", exc)
            raise HotkeysUnavailable(UnsupportedReason.NO_DISPLAY) from exc
        self._on_action = on_action
        self._root = self._display.screen().root
        self._masks = self._read_masks()
        self._requested: dict[HotkeyAction, KeyCombo] = {}
        self._grabbed: dict[HotkeyAction, _Plan] = {}
        self._by_key: dict[tuple[int, int], HotkeyAction] = {}
        self._last_release: dict[int, int] = {}  # keycode -> server time of its last KeyRelease
        self._repeating: set[int] = set()
        self._commands: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]]
        self._commands = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._stop = False
        self._wake_read, self._wake_write = os.pipe()
        self._thread = threading.Thread(target=self._run, name="hotkeys-x11", daemon=True)
        self._thread.start()

    # --- the public side: hand work to the thread ---------------------------------------------

    def bind(self, bindings: Mapping[HotkeyAction, KeyCombo]) -> dict[HotkeyAction, BindingStatus]:
        """Replace every binding; see :meth:`app.hotkeys.HotkeyBackend.bind`."""
        require_distinct(bindings)
        wanted = dict(bindings)
        return dict(self._call(lambda: self._apply(wanted)))

    def close(self) -> None:
        """Release every grab, close the connection and end the thread; idempotent."""
        if threading.current_thread() is self._thread:
            self._stop = True  # called from on_action: the loop ends after the callback
            return
        with contextlib.suppress(RuntimeError):
            self._call(self._request_stop)
        self._thread.join(COMMAND_TIMEOUT)

    @property
    def running(self) -> bool:
        """True while the hotkey thread runs (False after close or a lost X connection)."""
        return self._thread.is_alive()

    def _call(self, work: Callable[[], Any]) -> Any:
        if threading.current_thread() is self._thread:
            return work()
        future: Future[Any] = Future()
        with self._lock:  # the thread closes the pipe under this lock once _closed is set
            if self._closed:
                raise RuntimeError("the global hotkeys are closed")
            self._commands.put((work, future))
            os.write(self._wake_write, b"!")
        return future.result(timeout=COMMAND_TIMEOUT)

    def _request_stop(self) -> None:
        self._stop = True

    # --- the hotkey thread ---------------------------------------------------------------------

    def _run(self) -> None:
        failure: BaseException | None = None
        try:
            connection = self._display.fileno()
            while not self._stop:
                self._run_commands()
                while not self._stop and self._display.pending_events():
                    self._handle(self._display.next_event())
                if self._stop:
                    break
                readable, _, _ = select.select([connection, self._wake_read], [], [])
                if self._wake_read in readable:
                    os.read(self._wake_read, 4096)
        except (Xlib.error.ConnectionClosedError, OSError) as exc:
            failure = exc
            log.warning("the X connection of the global hotkeys was lost: %s", exc)
        finally:
            with self._lock:
                self._closed = True
            self._shut_down(failure)

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
            except Exception as exc:
                future.set_exception(exc)
                if isinstance(exc, Xlib.error.ConnectionClosedError | OSError):
                    raise

    def _shut_down(self, failure: BaseException | None) -> None:
        if failure is None:
            try:
                self._ungrab_all()
                self._display.close()
            except (Xlib.error.ConnectionClosedError, OSError) as exc:
                log.warning("releasing the global hotkeys failed: %s", exc)
        else:
            with contextlib.suppress(Xlib.error.ConnectionClosedError, OSError):
                self._display.close()
        while True:  # anyone still waiting learns the hotkeys are gone
            try:
                _, future = self._commands.get_nowait()
            except queue.Empty:
                break
            if future.set_running_or_notify_cancel():
                future.set_exception(RuntimeError("the global hotkeys are closed"))
        with self._lock:
            os.close(self._wake_read)
            os.close(self._wake_write)

    def _handle(self, event: Any) -> None:
        if event.type == X.KeyPress:
            action = self._by_key.get((event.detail, event.state & self._masks.relevant))
            if action is None:
                return
            if self._last_release.get(event.detail) == event.time:  # auto-repeat
                if event.detail not in self._repeating:
                    self._repeating.add(event.detail)
                    log.debug("hotkey for %s held down: ignoring its auto-repeat", action.value)
                return
            self._repeating.discard(event.detail)
            log.debug("hotkey pressed: %s", action.value)
            try:
                self._on_action(action)
            except Exception:  # a failing listener must not stop the hotkeys
                log.exception("error handling the hotkey action %s", action.value)
        elif event.type == X.KeyRelease:
            self._last_release[event.detail] = event.time
        elif event.type == X.MappingNotify:
            self._display.refresh_keyboard_mapping(event)
            self._remap()

    # --- grabs (on the hotkey thread only) -----------------------------------------------------

    def _read_masks(self) -> _Masks:
        mapping = self._display.get_modifier_mapping()

        def mask_of(*names: str) -> int:
            codes = {
                keycode
                for name in names
                for keycode, _index in self._display.keysym_to_keycodes(XK.string_to_keysym(name))
            }
            for index in range(X.Mod1MapIndex, X.Mod5MapIndex + 1):
                if codes & {keycode for keycode in mapping[index] if keycode}:
                    return 1 << index
            return 0

        alt = mask_of("Alt_L", "Alt_R") or X.Mod1Mask
        super_ = mask_of("Super_L", "Super_R") or X.Mod4Mask
        locks = [X.LockMask, mask_of("Num_Lock"), mask_of("Scroll_Lock")]
        unique = tuple(dict.fromkeys(m for m in locks if m and not m & (alt | super_)))
        return _Masks(alt=alt, super=super_, locks=unique)

    def _plan(self, combo: KeyCombo) -> _Plan | None:
        keysym = keysym_of(combo.key)
        keycodes = sorted({code for code, _index in self._display.keysym_to_keycodes(keysym)})
        if not keycodes:
            return None
        return _Plan(tuple(keycodes), self._masks.of(combo.modifiers))

    def _grab_requests(self, plan: _Plan) -> list[tuple[int, int]]:
        return [
            (code, plan.modifiers | lock)
            for code in plan.keycodes
            for lock in self._masks.variants()
        ]

    def _ungrab_all(self) -> None:
        for plan in self._grabbed.values():
            for keycode, modifiers in self._grab_requests(plan):
                self._root.ungrab_key(keycode, modifiers)
        self._grabbed.clear()
        self._by_key.clear()
        self._display.sync()

    def _apply(self, bindings: dict[HotkeyAction, KeyCombo]) -> dict[HotkeyAction, BindingStatus]:
        self._ungrab_all()
        self._requested = bindings
        status: dict[HotkeyAction, BindingStatus] = {}
        attempts: dict[HotkeyAction, tuple[_Plan, _Errors]] = {}
        for action, combo in bindings.items():
            plan = self._plan(combo)
            if plan is None:
                log.info("hotkey %s: this keyboard has no %s key", action.value, combo.key)
                status[action] = BindingStatus.NO_SUCH_KEY
                continue
            errors = _Errors()
            for keycode, modifiers in self._grab_requests(plan):
                self._root.grab_key(
                    keycode, modifiers, False, X.GrabModeAsync, X.GrabModeAsync, onerror=errors
                )
            attempts[action] = (plan, errors)
        self._display.sync()  # every error of the grabs above has reached its collector now
        failed = False
        for action, (plan, errors) in attempts.items():
            if not errors.errors:
                status[action] = BindingStatus.ACTIVE
                self._grabbed[action] = plan
                for keycode in plan.keycodes:
                    self._by_key[(keycode, plan.modifiers)] = action
                continue
            failed = True
            if all(isinstance(error, Xlib.error.BadAccess) for error in errors.errors):
                status[action] = BindingStatus.TAKEN
                log.info(
                    "hotkey %s: %s is taken by another application",
                    action.value,
                    bindings[action].text,
                )
            else:
                status[action] = BindingStatus.FAILED
                log.warning(
                    "hotkey %s: the X server refused the grab: %s", action.value, errors.errors[0]
                )
            for keycode, modifiers in self._grab_requests(plan):  # only releases our own grabs
                self._root.ungrab_key(keycode, modifiers)
        if failed:
            self._display.sync()
        return status

    def _remap(self) -> None:
        """After a keyboard mapping change: grab again if any binding's keycodes moved."""
        masks = self._read_masks()
        if masks == self._masks and all(
            self._plan(self._requested[action]) == plan for action, plan in self._grabbed.items()
        ):
            return
        log.info("keyboard mapping changed: taking the global hotkeys again")
        self._ungrab_all()  # with the old masks and keycodes
        self._masks = masks
        self._apply(self._requested)
