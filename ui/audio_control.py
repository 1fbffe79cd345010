"""Keeps the sound path in step with the settings and the devices, and tells the operator.

Applies the audio settings (devices by name, microphone gain, earpiece and ringtone
volume) to the running desk without a restart; moves the ringtone when its device
changes; and puts the device notices (headset unplugged and replaced by the default,
headset back, no microphone at all) in the status bar and the tray, in their language.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from app.audio.devices import Notice, NoticeKind, Role
from app.settings import Options, Settings
from ui.audio_device import QtAudioDevice
from ui.audio_devices import SETTING
from ui.ringer import Ringer
from ui.status_bar import DeskStatusBar

log = logging.getLogger(__name__)

NOTICE_MS = 20000


class AudioControl(QObject):
    def __init__(
        self, status: DeskStatusBar, ringer: Ringer, sound: QtAudioDevice | None, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._status = status
        self._ringer = ringer
        self._sound = sound
        self.shown: list[str] = []  # what the operator was told, newest last
        if sound is not None:
            sound.devices.notice.connect(self.tell)
            sound.devices.changed.connect(self._device_changed)
            self._ringer.set_device(sound.devices.qt_device(Role.RINGTONE))
            for notice in sound.devices.last_notices:  # found before the window existed
                self.tell(notice)

    def apply(self, settings: Settings) -> None:
        self._ringer.set_volume(settings.get(Options.AUDIO_RINGTONE_VOLUME))
        if self._sound is None:
            return
        for role, option in SETTING.items():
            self._sound.devices.want(role, settings.get(option))
        self._sound.headset.set_mic_gain_db(settings.get(Options.AUDIO_MICROPHONE_GAIN_DB))
        self._sound.headset.set_ear_volume(settings.get(Options.AUDIO_EARPIECE_VOLUME))

    def _device_changed(self, role: str) -> None:
        if Role(role) is Role.RINGTONE and self._sound is not None:
            self._ringer.set_device(self._sound.devices.qt_device(Role.RINGTONE))

    def text(self, notice: Notice) -> str:
        roles = {
            Role.MICROPHONE: self.tr("microphone"),
            Role.EARPIECE: self.tr("earpiece"),
            Role.RINGTONE: self.tr("ringtone"),
        }
        role = roles[notice.role]
        if notice.kind is NoticeKind.FELL_BACK:
            template = self.tr("%1 is not connected: %2 is used as the %3 instead.")
        elif notice.kind is NoticeKind.TAKEN_BACK:
            template = self.tr("%1 is connected again and used as the %3.")
        else:
            template = self.tr("No device can serve as the %3: plug in a headset.")
        return (
            template.replace("%1", notice.wanted or self.tr("The chosen device"))
            .replace("%2", notice.using)
            .replace("%3", role)
        )

    def tell(self, notice: Notice) -> None:
        text = self.text(notice)
        self.shown.append(text)
        self._status.showMessage(text, NOTICE_MS)
        tray = self._ringer.tray
        if tray is not None and notice.kind is not NoticeKind.TAKEN_BACK:
            tray.showMessage(self.tr("Audio device"), text)
