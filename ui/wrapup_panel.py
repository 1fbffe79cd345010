"""After-call work on screen: the ticket number large enough to read back, the after-call
timer, and the wrap-up codes the operator must pick from before going Ready again.

The codes are a list with the focus: a digit or the arrows pick one, Enter confirms. The
"send the number by SMS" box sends the ticket number to the caller's mobile through the
SMS gateway when the code is confirmed.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.tickets.wrapup import WrapUp
from ui import ticket_texts as words


class _Codes(QListWidget):
    """The codes; Enter confirms only a code the operator picked (a digit, an arrow, a
    click): the list taking the focus must not pick one for them."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picked = False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.picked and self.currentItem():
                self.chosen.emit(self.currentItem().data(Qt.ItemDataRole.UserRole))
            return
        super().keyPressEvent(event)
        self.picked = self.currentItem() is not None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mousePressEvent(event)
        self.picked = self.currentItem() is not None

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        if not self.picked:
            self.setCurrentRow(-1)  # Qt makes the first row current on focus


class WrapUpPanel(QFrame):
    """Shown from hang-up until a wrap-up code is confirmed."""

    chosen = Signal(str, bool)  # WrapUp value, send the number by SMS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wrapUpPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#wrapUpPanel { background: #fff8e1; }")
        self.title = QLabel(self)
        self.number = QLabel(self)
        self.number.setObjectName("wrapUpNumber")
        self.number.setStyleSheet("font-size: 28pt; font-weight: bold; letter-spacing: 2px;")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timer_label = QLabel(self)
        self.timer_label.setObjectName("wrapUpTimer")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.sms = QCheckBox(self)
        self.sms.setObjectName("wrapUpSms")
        self.codes = _Codes(self)
        self.codes.setObjectName("wrapUpCodes")
        self.codes.chosen.connect(lambda value: self.chosen.emit(value, self.sms.isChecked()))
        self.codes.itemActivated.connect(
            lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole), self.sms.isChecked())
        )
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.number)
        left.addWidget(self.timer_label)
        left.addWidget(self.sms)
        left.addWidget(self.hint)
        left.addStretch(1)
        row = QHBoxLayout(self)
        row.addLayout(left, 1)
        row.addWidget(self.codes, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._started = 0.0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_time)
        self.retranslate_ui()
        self.hide()

    def start(self, number: str, can_sms: bool) -> None:
        self.number.setText(number or "—")
        self.sms.setChecked(False)
        self.sms.setEnabled(bool(number) and can_sms)
        self._started = time.monotonic()
        self._show_time()
        self._tick.start()
        self.codes.picked = False
        self.codes.setCurrentRow(-1)  # nothing chosen: an Enter meant for the form does nothing
        self.show()
        self.codes.setFocus(Qt.FocusReason.OtherFocusReason)

    def finish(self) -> None:
        self._tick.stop()
        self.hide()

    def set_number(self, number: str) -> None:
        self.number.setText(number or "—")

    def _show_time(self) -> None:
        seconds = int(time.monotonic() - self._started)
        self.timer_label.setText(
            self.tr("After-call work: %1").replace("%1", f"{seconds // 60:02d}:{seconds % 60:02d}")
        )

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Ticket number for the caller"))
        self.sms.setText(self.tr("Send the number to the caller by SMS"))
        self.hint.setText(
            self.tr("Pick how the call ended (digit or arrows, then Enter); then F5 for Ready.")
        )
        current = self.codes.currentRow()
        self.codes.clear()
        for index, code in enumerate(WrapUp, start=1):
            item = QListWidgetItem(f"{index}  {words.wrap_up(code)}")
            item.setData(Qt.ItemDataRole.UserRole, code.value)
            self.codes.addItem(item)
        self.codes.setCurrentRow(current)
        rows = self.codes.count() * self.codes.sizeHintForRow(0) + 2 * self.codes.frameWidth()
        self.codes.setFixedHeight(rows + 4)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
