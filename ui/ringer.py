"""Ringing the operator: a ringtone on its own device, a tray message, the window brought forward.

The ringtone plays on the device chosen for it (usually the speakers, so the operator
hears a call with the headset off) at its own volume, apart from the call's audio.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QAudioDevice, QSoundEffect
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

from app.audio.sounds import write_ringtone

log = logging.getLogger(__name__)


class Ringer(QObject):
    """Rings while a call waits for the operator; quiet otherwise."""

    def __init__(self, window: QWidget, cache_dir: Path) -> None:
        super().__init__(window)
        self._window = window
        self.sound = QSoundEffect(self)
        self.sound.setSource(QUrl.fromLocalFile(str(write_ringtone(cache_dir / "ring.wav"))))
        self.sound.setLoopCount(QSoundEffect.Loop.Infinite.value)
        self.set_volume(80)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.show()
        self.ringing = False

    def set_device(self, device: QAudioDevice) -> None:
        """Ring on ``device`` from now on (a null device: the system default)."""
        self.sound.setAudioDevice(device)

    def set_volume(self, percent: int) -> None:
        self.sound.setVolume(max(0, min(100, percent)) / 100)

    def ring(self, title: str, text: str) -> None:
        if self.ringing:
            return
        self.ringing = True
        self.sound.play()
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10000)
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
        QApplication.alert(self._window)

    def stop(self) -> None:
        if self.ringing:
            self.ringing = False
            self.sound.stop()
