"""The live call-quality indicator in the call panel: a coloured word, the numbers on hover.

Fed with app.telephony.model.CallQuality events (every 2 s while the call is in talk). The
word follows the E-model's MOS (good at 4.0 and above, fair from 3.6, poor below); the
tooltip gives the figures a technician asks for: MOS, loss, jitter, round trip, codec.
Hidden when there is no measurement for the call shown.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from app.telephony.model import CallQuality

GOOD_MOS = 4.0
FAIR_MOS = 3.6
COLOURS = {"good": "#1b7f3a", "fair": "#b36b00", "poor": "#b00020"}


def grade(mos: float) -> str:
    return "good" if mos >= GOOD_MOS else "fair" if mos >= FAIR_MOS else "poor"


class QualityBadge(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callQualityBadge")
        self.latest: CallQuality | None = None
        self.hide()

    def show_quality(self, event: CallQuality) -> None:
        self.latest = event
        self._render()

    def clear(self, call_id: uuid.UUID | None = None) -> None:
        """Forget the measurement (of ``call_id`` only, when given)."""
        if call_id is None or (self.latest is not None and self.latest.call_id == call_id):
            self.latest = None
            self._render()

    def _render(self) -> None:
        event = self.latest
        if event is None:
            self.hide()
            self.setText("")
            self.setToolTip("")
            return
        sample = event.sample
        level = grade(sample.mos)
        words = {"good": self.tr("good"), "fair": self.tr("fair"), "poor": self.tr("poor")}
        self.setText(self.tr("● Sound: %1").replace("%1", words[level]))
        self.setStyleSheet(f"color: {COLOURS[level]}; font-weight: bold;")
        rtt = f"{sample.rtt_ms:.0f}" if sample.rtt_ms else "—"
        self.setToolTip(
            self.tr(
                "MOS %1 (lowest in this call %2) · loss %3 % · jitter %4 ms · round trip %5 ms · %6"
            )
            .replace("%1", f"{sample.mos:.2f}")
            .replace("%2", f"{event.summary.mos_min or sample.mos:.2f}")
            .replace("%3", f"{sample.loss_pct:.1f}")
            .replace("%4", f"{sample.jitter_ms:.0f}")
            .replace("%5", rtt)
            .replace("%6", sample.codec or "?")
        )
        self.show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)
