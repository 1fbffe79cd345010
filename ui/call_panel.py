"""The call strip at the top of the window: who is calling, on which line, for how long."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import moscow_time, utc_now
from app.telephony.model import CallSnapshot, Direction
from app.telephony.screenpop import CallerHistory
from ui import texts
from ui.quality_badge import QualityBadge

_BADGE = (
    "QLabel {{ border-radius: 4px; padding: 4px 8px; font-weight: bold;"
    " color: white; background: {colour}; }}"
)
_LINE_COLOURS = {"domestic": "#1f5fa8", "international": "#7b3fa0", None: "#6b6b6b"}


def _duration(seconds: float) -> str:
    whole = max(0, int(seconds))
    return (
        f"{whole // 60:02d}:{whole % 60:02d}"
        if whole < 3600
        else (f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}")
    )


class CallPanel(QFrame):
    """Caller, line and language badges, the call timer, the controls and the dial field."""

    def __init__(self, actions: list[QAction], dial_action: QAction, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("callPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.call: CallSnapshot | None = None
        self.history: CallerHistory | None = None
        self.telephony_ready = False
        self._build_labels()
        self.dial_field = QLineEdit(self)
        self.dial_field.setObjectName("dialField")
        self.dial_field.setClearButtonEnabled(True)
        self.dial_field.setMinimumWidth(200)
        self.dial_field.returnPressed.connect(dial_action.trigger)
        self._build_layout(actions, dial_action)
        self._ticker = QTimer(self)
        self._ticker.setInterval(500)
        self._ticker.timeout.connect(self._tick)
        self.retranslate_ui()

    def _build_labels(self) -> None:
        self.line_badge = QLabel(self)
        self.line_badge.setObjectName("lineBadge")
        self.line_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.line_badge.setMinimumWidth(130)
        self.language_badge = QLabel(self)
        self.language_badge.setObjectName("languageBadge")
        self.language_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caller_label = QLabel(self)
        self.caller_label.setObjectName("callerLabel")
        font = self.caller_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.caller_label.setFont(font)
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("callDetailLabel")
        self.history_label = QLabel(self)
        self.history_label.setObjectName("callerHistoryLabel")
        self.state_label = QLabel(self)
        self.state_label.setObjectName("callStateLabel")
        self.quality = QualityBadge(self)
        self.verified = QLabel(self)
        self.verified.setObjectName("callVerificationLabel")
        self.timer_label = QLabel("00:00", self)
        self.timer_label.setObjectName("callTimerLabel")
        timer_font = self.timer_label.font()
        timer_font.setPointSizeF(timer_font.pointSizeF() * 1.6)
        timer_font.setFamily("monospace")
        self.timer_label.setFont(timer_font)

    def _build_layout(self, actions: list[QAction], dial_action: QAction) -> None:
        who = QVBoxLayout()
        who.addWidget(self.caller_label)
        who.addWidget(self.detail_label)
        who.addWidget(self.history_label)
        badges = QVBoxLayout()
        badges.addWidget(self.line_badge)
        badges.addWidget(self.language_badge)
        clock = QVBoxLayout()
        clock.addWidget(self.timer_label, 0, Qt.AlignmentFlag.AlignRight)
        clock.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignRight)
        clock.addWidget(self.quality, 0, Qt.AlignmentFlag.AlignRight)
        clock.addWidget(self.verified, 0, Qt.AlignmentFlag.AlignRight)
        top = QHBoxLayout()
        top.addLayout(badges)
        top.addLayout(who, 1)
        top.addLayout(clock)
        controls = QHBoxLayout()
        self.buttons: list[QToolButton] = []
        for action in [*actions, dial_action]:
            button = QToolButton(self)
            button.setObjectName(f"{action.objectName()}Button")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumWidth(84)
            if action is dial_action:
                controls.addStretch(1)
                controls.addWidget(self.dial_field)
            controls.addWidget(button)
            self.buttons.append(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(controls)

    # what it shows ---------------------------------------------------------------------------
    def show_verification(self, text: str, full: bool) -> None:
        """The caller's verification level, all through the call."""
        self.verified.setText(text)
        self.verified.setStyleSheet("color: #1b7f3a; font-weight: bold;" if full else "")

    def show_call(self, call: CallSnapshot | None, history: CallerHistory | None = None) -> None:
        if call is None or not call.is_live or (self.call is not None and self.call.id != call.id):
            self.quality.clear()
        self.call = call
        self.history = history if (history and call and history.call_id == call.id) else None
        if call is not None and call.is_live:
            self._ticker.start()
        else:
            self._ticker.stop()
        self.retranslate_ui()

    def _tick(self, now: datetime | None = None) -> None:
        call = self.call
        if call is None:
            self.timer_label.setText("00:00")
            return
        moment = now or utc_now()
        start = call.answered_at or call.offered_at
        end = call.ended_at or moment
        self.timer_label.setText(_duration((end - start).total_seconds()))

    def _line_text(self, call: CallSnapshot | None) -> tuple[str, str | None]:
        if call is None:
            return self.tr("No call"), None
        line = call.context.line
        if line == "domestic":
            return self.tr("Domestic line"), line
        if line == "international":
            return self.tr("International line"), line
        return (
            self.tr("Outgoing") if call.direction is Direction.OUTBOUND else self.tr("Direct")
        ), None

    def retranslate_ui(self) -> None:
        call = self.call
        text, line = self._line_text(call)
        self.line_badge.setText(text)
        self.line_badge.setStyleSheet(_BADGE.format(colour=_LINE_COLOURS[line]))
        self.line_badge.setToolTip(self.tr("The line the call came in on"))
        language = call.context.language if call else None
        self.language_badge.setVisible(language is not None)
        self.language_badge.setText((language or "").upper())
        self.language_badge.setStyleSheet(
            _BADGE.format(colour="#b35c00" if language == "en" else "#2e7d32")
        )
        self.language_badge.setToolTip(self.tr("The language the caller chose in the voice menu"))
        self.dial_field.setPlaceholderText(self.tr("Number or SIP address"))
        self.timer_label.setToolTip(self.tr("Call duration"))
        if call is None:
            self.caller_label.setText(self.tr("Waiting for a call"))
            self.detail_label.setText(
                self.tr("Go Ready (F5) to take calls from the queue.")
                if self.telephony_ready
                else self.tr("The phone is starting…")
            )
            self.history_label.setText("")
            self.state_label.setText("")
            self._tick()
            return
        self.caller_label.setText(call.display_name or call.number or self.tr("Unknown caller"))
        details = []
        if call.display_name and call.number:
            details.append(call.number)
        if call.context.case_number:
            details.append(self.tr("case %1").replace("%1", call.context.case_number))
        if call.context.queue_wait_seconds is not None:
            details.append(
                self.tr("waited %1 in the queue").replace(
                    "%1", _duration(call.context.queue_wait_seconds)
                )
            )
        if call.muted:
            details.append(self.tr("microphone muted"))
        if call.remote_hold:
            details.append(self.tr("the caller put you on hold"))
        self.detail_label.setText(" · ".join(details))
        self.history_label.setText(self._history_text())
        self.state_label.setText(texts.call_state(call))
        self._tick()

    def _history_text(self) -> str:
        history = self.history
        if history is None:
            return ""
        if not history.calls:
            return self.tr("First call from this number")
        last = moscow_time(history.calls[0].offered_at).strftime("%d.%m.%Y %H:%M")
        return (
            self.tr("Earlier calls: %1, the last on %2 MSK")
            .replace("%1", str(len(history.calls)))
            .replace("%2", last)
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
