"""The DTMF keypad: twelve keys for the voice menus of the departments a call is passed to."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QToolButton, QVBoxLayout, QWidget

KEYS = "123456789*0#"
_NAMES = {"*": "Star", "#": "Hash"}


class Keypad(QDialog):
    """Clicks and typed digits both send tones; ``digit_pressed`` carries each one."""

    digit_pressed = Signal(str)  # one of 0-9, *, #

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keypadDialog")
        self.sent = QLabel(self)
        self.sent.setObjectName("keypadSent")
        grid = QGridLayout()
        for index, key in enumerate(KEYS):
            button = QToolButton(self)
            button.setObjectName(f"keypad{_NAMES.get(key, key)}")
            button.setText(key)
            button.setMinimumSize(56, 44)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(button, index // 3, index % 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sent)
        layout.addLayout(grid)
        self.retranslate_ui()

    def press(self, key: str) -> None:
        self.sent.setText((self.sent.text() + key)[-24:])
        self.digit_pressed.emit(key)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        text = event.text()
        if text and text in KEYS:
            self.press(text)
            return
        super().keyPressEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Keypad"))
        self.sent.setToolTip(self.tr("Tones sent in this call"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
