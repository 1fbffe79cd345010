"""Global hotkeys in the running desk: the backend started from settings, its presses
brought to the GUI thread, and what became of each binding for the settings page.

app.hotkeys does the grabbing (X11 or Windows) on a thread of its own; a press comes
back here through the GUI bridge as :attr:`GlobalHotkeys.fired`. Where the session
cannot have global hotkeys (Wayland, no display), :attr:`unavailable` says why and the
desk keeps its in-window shortcuts only.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from app.hotkeys import (
    BindingStatus,
    HotkeyAction,
    HotkeyBackend,
    HotkeysUnavailable,
    UnsupportedReason,
    open_backend,
)
from app.hotkeys.spec import BindingProblem, check_bindings
from app.settings import Options, Settings
from ui.bridge import GuiBridge

log = logging.getLogger(__name__)


class GlobalHotkeys(QObject):
    """``fired(action value)`` on the GUI thread when a global combination is pressed."""

    fired = Signal(str)

    def __init__(self, bridge: GuiBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._backend: HotkeyBackend | None = None
        self.unavailable: UnsupportedReason | None = None
        self.statuses: dict[HotkeyAction, BindingStatus] = {}
        self.problems: dict[HotkeyAction, BindingProblem[HotkeyAction]] = {}

    def _pressed(self, action: HotkeyAction) -> None:  # the backend's thread
        self._bridge.post(lambda: self.fired.emit(action.value))

    def apply(self, settings: Settings) -> None:
        """Bind what the settings say (or release everything when hotkeys are off)."""
        if not settings.get(Options.HOTKEYS_ENABLED):
            self.close()
            return
        if self._backend is None:
            try:
                self._backend = open_backend(self._pressed)
                self.unavailable = None
            except HotkeysUnavailable as exc:
                self.unavailable = exc.reason
                log.info("global hotkeys unavailable: %s", exc.reason.value)
                return
        checked = check_bindings({a: settings.get(Options.hotkey(a)) for a in HotkeyAction})
        self.problems = checked.problems
        self.statuses = self._backend.bind(checked.combos)
        for action, status in self.statuses.items():
            if status is not BindingStatus.ACTIVE:
                log.warning("global hotkey for %s: %s", action.value, status.value)

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
        self._backend = None
        self.statuses = {}

    @property
    def running(self) -> bool:
        return self._backend is not None
