"""The Qt binding itself must be fit for a shift: no reference to None may leak per call.

PySide6 6.12.0 drops one reference to None each time a method that returns nothing is called
(QLabel.setText, QProgressBar.setValue, processEvents...). On Python 3.11, where None is an
ordinary object, the desk aborted with "Fatal Python error: none_dealloc" after about 6000
ticks of its status-bar clock - an hour and a half into a shift. pyproject.toml keeps that
version out; this test fails if such a binding comes back. (On Python 3.12 None is immortal
and its count never moves, so the test passes there by construction.)
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QProgressBar
from pytestqt.qtbot import QtBot

from ui.status_bar import DeskStatusBar

CALLS = 2000


def test_thousands_of_widget_updates_keep_every_reference_to_none(qtbot: QtBot) -> None:
    label, meter, bar = QLabel(), QProgressBar(), DeskStatusBar()
    for widget in (label, meter, bar):
        qtbot.addWidget(widget)
    before = sys.getrefcount(None)

    for n in range(CALLS):
        label.setText(str(n))
        meter.setValue(n % 100)
        bar.tick()

    assert sys.getrefcount(None) >= before - 100  # noise, not one per call
