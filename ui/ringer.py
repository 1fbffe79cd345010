"""Ringing the operator: a ringtone on its own device, a tray message, the window brought forward.

The ringtone plays on the device chosen for it (usually the speakers, so the operator
hears a call with the headset off) at its own volume, apart from the call's audio.
"""

from __future__ import annotations

import array
import logging
import math
import wave
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QAudioDevice, QSoundEffect
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

log = logging.getLogger(__name__)

RATE = 16000


def write_ringtone(path: Path) -> Path:
    """A classic two-tone ring (1 s) followed by 2 s of silence, as a WAV the desk owns."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    samples = array.array("h")
    for n in range(RATE * 3):
        t = n / RATE
        on = t < 1.0 and (t % 0.2) < 0.17
        value = 0.25 * (math.sin(2 * math.pi * 425 * t) + math.sin(2 * math.pi * 480 * t))
        samples.append(int(32767 * value) if on else 0)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return path


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
