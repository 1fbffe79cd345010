"""The call strip at the top of the window: who is calling, on which line, for how long."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget


class CallPanel(QFrame):
    """Caller, line badge, call timer and the call controls (bound to the window's actions)."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.line_badge = QLabel(self)
        self.line_badge.setObjectName("lineBadge")
        self.line_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.line_badge.setMinimumWidth(120)
        self.line_badge.setStyleSheet(
            "QLabel#lineBadge { border-radius: 4px; padding: 4px 8px;"
            " background: palette(mid); color: palette(base); font-weight: bold; }"
        )
        self.caller_label = QLabel(self)
        self.caller_label.setObjectName("callerLabel")
        font = self.caller_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.caller_label.setFont(font)
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("callDetailLabel")
        self.timer_label = QLabel("00:00", self)
        self.timer_label.setObjectName("callTimerLabel")
        timer_font = self.timer_label.font()
        timer_font.setPointSizeF(timer_font.pointSizeF() * 1.6)
        timer_font.setFamily("monospace")
        self.timer_label.setFont(timer_font)

        who = QVBoxLayout()
        who.addWidget(self.caller_label)
        who.addWidget(self.detail_label)
        layout = QHBoxLayout(self)
        layout.addWidget(self.line_badge)
        layout.addLayout(who, 1)
        layout.addWidget(self.timer_label)
        self.buttons: list[QToolButton] = []
        for action in actions:
            button = QToolButton(self)
            button.setObjectName(f"{action.objectName()}Button")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setMinimumWidth(84)
            layout.addWidget(button)
            self.buttons.append(button)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.line_badge.setText(self.tr("No call"))
        self.line_badge.setToolTip(self.tr("The line the call came in on"))
        self.caller_label.setText(self.tr("Waiting for a call"))
        self.detail_label.setText(
            self.tr("Telephony is not connected in this version: calls cannot be taken yet.")
        )
        self.timer_label.setToolTip(self.tr("Call duration"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
