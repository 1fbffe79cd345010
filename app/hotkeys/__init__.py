"""Global hotkeys: keys that answer, hang up, hold, mute and switch Ready while another
application (the operator's browser) has the keyboard focus.

The public API: the actions (:class:`HotkeyAction`), their default combinations
(:data:`DEFAULT_BINDINGS`, canonical text as stored in settings), whether this session can
have global hotkeys at all (:class:`HotkeySupport`), and :func:`open_backend`, which starts the
backend for this platform: ``x11.py`` (XGrabKey through python-xlib) on Linux with X11,
``windows.py`` (RegisterHotKey through ctypes) on Windows.

A backend calls ``on_action(action)`` on its own thread: the caller marshals it to wherever
the action is carried out (the UI posts it through its GUI-thread bridge).
:meth:`HotkeyBackend.bind` replaces every binding at once and reports, per action, whether the
combination is ours now (:class:`BindingStatus`): a combination another application already
holds is reported ``TAKEN`` and the other actions still work.

Wayland: the compositor does not let an application grab keys globally. Under XWayland an
X11 grab only sees key presses while an X11 window has the focus, so it would not work while
the operator types in a Wayland browser; :class:`HotkeySupport` says ``WAYLAND`` instead of
pretending. (The XDG "GlobalShortcuts" portal would be the way there; it is not used yet.)
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from app.hotkeys.spec import KeyCombo


class HotkeyAction(enum.StrEnum):
    """What a global hotkey does; the value is the settings key and the UI's identifier."""

    ANSWER = "answer"
    HANG_UP = "hang_up"
    TOGGLE_HOLD = "toggle_hold"
    TOGGLE_MUTE = "toggle_mute"
    TOGGLE_READY = "toggle_ready"
    ANSWER_OR_HANG_UP = "answer_or_hang_up"


#: Default combinations, canonical text. Ctrl+Shift+F-keys: layout independent, unused by
#: browsers and desktops (Ctrl+Alt+F-keys switch consoles on Linux, Ctrl+Alt+letter is AltGr
#: on many layouts). Pause alone answers or hangs up, a one-key shortcut on keyboards that have
#: it. Media keys (``XF86AudioPlay``) are left for the operator to choose: grabbing them takes
#: them from the music player for the whole session.
DEFAULT_BINDINGS: Mapping[HotkeyAction, str] = MappingProxyType(
    {
        HotkeyAction.ANSWER: "Ctrl+Shift+F9",
        HotkeyAction.HANG_UP: "Ctrl+Shift+F10",
        HotkeyAction.TOGGLE_HOLD: "Ctrl+Shift+F11",
        HotkeyAction.TOGGLE_MUTE: "Ctrl+Shift+F12",
        HotkeyAction.TOGGLE_READY: "Ctrl+Shift+F8",
        HotkeyAction.ANSWER_OR_HANG_UP: "Pause",
    }
)


class UnsupportedReason(enum.StrEnum):
    """Why this session cannot have global hotkeys; the UI shows it in settings."""

    WAYLAND = "wayland"  # a Wayland session: applications may not grab keys globally
    NO_DISPLAY = "no_display"  # Linux without an X display, or one that cannot be opened
    OTHER_PLATFORM = "other_platform"  # neither Windows nor Linux (macOS...)


class BindingStatus(enum.StrEnum):
    """What became of one binding; the UI shows it next to the combination."""

    ACTIVE = "active"  # the combination is ours: pressing it anywhere runs the action
    TAKEN = "taken"  # another application already holds this combination
    NO_SUCH_KEY = "no_such_key"  # this keyboard (or this system) has no such key
    FAILED = "failed"  # the system refused the combination for another reason (logged)


@dataclass(frozen=True)
class HotkeySupport:
    """Whether global hotkeys can work in this session; ``reason`` says why not."""

    reason: UnsupportedReason | None = None

    @property
    def supported(self) -> bool:
        return self.reason is None

    @classmethod
    def detect(
        cls, environ: Mapping[str, str] | None = None, platform: str | None = None
    ) -> HotkeySupport:
        """Judge from the platform and the session's environment variables (no connection).

        A Wayland session is recognised by ``XDG_SESSION_TYPE=wayland`` or a set
        ``WAYLAND_DISPLAY``, and wins over ``DISPLAY`` (which XWayland sets too).
        """
        env = os.environ if environ is None else environ
        platform = sys.platform if platform is None else platform
        if platform == "win32":
            return cls()
        if not platform.startswith("linux"):
            return cls(UnsupportedReason.OTHER_PLATFORM)
        if env.get("XDG_SESSION_TYPE", "").lower() == "wayland" or env.get("WAYLAND_DISPLAY"):
            return cls(UnsupportedReason.WAYLAND)
        if not env.get("DISPLAY"):
            return cls(UnsupportedReason.NO_DISPLAY)
        return cls()


class HotkeysUnavailable(Exception):
    """Global hotkeys cannot be started here; ``reason`` says why."""

    def __init__(self, reason: UnsupportedReason) -> None:
        super().__init__(reason.value)
        self.reason = reason


#: Called on the backend's thread with the action whose combination was pressed.
OnAction = Callable[[HotkeyAction], None]


class HotkeyBackend(Protocol):
    """A running set of global hotkeys."""

    def bind(self, bindings: Mapping[HotkeyAction, KeyCombo]) -> dict[HotkeyAction, BindingStatus]:
        """Replace every binding with ``bindings``; return what became of each one.

        Actions left out are unbound. Combinations are released before the new ones are
        taken, so moving a combination from one action to another works.
        """
        ...

    def close(self) -> None:
        """Release every combination and stop the thread; idempotent."""
        ...


def require_distinct(bindings: Mapping[HotkeyAction, KeyCombo]) -> None:
    """Raise ValueError when two actions share one combination (a backend's precondition).

    People see this problem earlier, as ``CONFLICT`` from :func:`app.hotkeys.spec.check_bindings`.
    """
    seen: dict[KeyCombo, HotkeyAction] = {}
    for action, combo in bindings.items():
        other = seen.setdefault(combo, action)
        if other is not action:
            raise ValueError(f"{combo.text} is bound to both {other.value} and {action.value}")


def open_backend(
    on_action: OnAction,
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> HotkeyBackend:
    """Start the global hotkeys of this platform and session, with nothing bound yet.

    Raises :class:`HotkeysUnavailable` when the session cannot have them (see
    :class:`HotkeySupport`) or when the X display named by ``DISPLAY`` cannot be opened.
    """
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    support = HotkeySupport.detect(env, platform)
    if support.reason is not None:
        raise HotkeysUnavailable(support.reason)
    if platform == "win32":
        from app.hotkeys.windows import WindowsHotkeys  # noqa: PLC0415 - ctypes user32

        return WindowsHotkeys(on_action)
    from app.hotkeys.x11 import X11Hotkeys  # noqa: PLC0415 - python-xlib is Linux-only

    return X11Hotkeys(on_action, env["DISPLAY"])
