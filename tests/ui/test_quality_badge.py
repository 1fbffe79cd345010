"""The call panel's quality word follows the E-model estimate: good, fair, poor, in the
operator's language and colour, with the figures on hover; it goes away with the call."""

from __future__ import annotations

import uuid

import pytest
from pytestqt.qtbot import QtBot

from app.telephony.model import CallQuality
from app.telephony.quality import QualitySummary, estimate
from ui.i18n import LanguageManager
from ui.quality_badge import COLOURS, QualityBadge


def quality(loss_pct: float, jitter_ms: float, rtt_ms: float = 40.0) -> CallQuality:
    sample = estimate(rtt_ms, jitter_ms, loss_pct, "PCMA")
    return CallQuality(uuid.uuid4(), sample, QualitySummary().add(sample))


@pytest.mark.parametrize(
    ("line", "word", "colour"),
    [
        ((0.0, 1.0), "хороший", COLOURS["good"]),
        ((5.0, 40.0), "средний", COLOURS["fair"]),
        ((15.0, 60.0), "плохой", COLOURS["poor"]),
    ],
)
def test_the_word_and_colour_follow_the_estimate(
    qtbot: QtBot, languages: LanguageManager, line: tuple[float, float], word: str, colour: str
) -> None:
    badge = QualityBadge()
    qtbot.addWidget(badge)
    loss, jitter = line
    event = quality(loss, jitter)

    badge.show_quality(event)

    assert badge.text() == f"● Звук: {word}"
    assert colour in badge.styleSheet()
    assert f"MOS {event.sample.mos:.2f}" in badge.toolTip()
    assert f"потери {loss:.1f} %" in badge.toolTip()


def test_clearing_for_another_call_keeps_the_current_measurement(qtbot: QtBot) -> None:
    badge = QualityBadge()
    qtbot.addWidget(badge)
    event = quality(0.0, 1.0)
    badge.show_quality(event)

    badge.clear(uuid.uuid4())
    assert badge.latest is event
    badge.clear(event.call_id)
    assert badge.latest is None
    assert badge.text() == ""
