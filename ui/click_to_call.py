"""What a later launch asks the running desk (ui/single_instance.py): to come forward, or
to call a ``tel:``/``sip:`` link. The link's number goes into the dial field and the
operator is asked before anything is dialled; a link with no number in it is said so."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt

from app.click_to_call import dial_target

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)


class ClickToCall(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def wish(self, message: dict[str, Any]) -> None:
        """A later launch's message: ``{"cmd": "show"}`` or ``{"cmd": "dial", "target": …}``."""
        self.bring_forward()
        if message.get("cmd") == "dial" and isinstance(message.get("target"), str):
            self.call(message["target"])

    def bring_forward(self) -> None:
        window = self.window
        if window.isMinimized():
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()

    def call(self, link: str) -> bool:
        """The link's number in the dial field; dialled once the operator says yes."""
        window = self.window
        target = dial_target(link)
        if target is None:
            window.dialogs.error(
                window,
                self.tr("Call"),
                self.tr("The link %1 has no number or SIP address to call.").replace("%1", link),
            )
            return False
        window.call_panel.dial_field.setText(target)
        asked = self.tr("Call %1?").replace("%1", target)
        if not window.dialogs.confirm(window, self.tr("Call"), asked):
            return False
        log.info("dialling a clicked link")  # the number is personal data: not logged
        return window.calls.dial(target)
