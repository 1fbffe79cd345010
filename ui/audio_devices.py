"""The system's audio devices as the desk uses them: one choice per role, kept current.

Wraps app.audio.devices.DeviceChooser around QMediaDevices: lists the devices by
name, follows hot-plug (QMediaDevices' change signals), and tells the rest of the ui
which role's device changed (reopen it) and what the operator should be told.
GUI thread only.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices

from app.audio.devices import Device, DeviceChooser, Notice, Role
from app.settings import Options, Settings

log = logging.getLogger(__name__)

SETTING = {
    Role.MICROPHONE: Options.AUDIO_MICROPHONE,
    Role.EARPIECE: Options.AUDIO_EARPIECE,
    Role.RINGTONE: Options.AUDIO_RINGTONE,
}


def _device(qt: QAudioDevice) -> Device:
    return Device(bytes(qt.id().data()).decode(errors="replace"), qt.description(), qt.isDefault())


class AudioDevices(QObject):
    """``changed(role)`` when a role's device changed; ``notice(Notice)`` for the operator."""

    changed = Signal(str)
    notice = Signal(object)

    def __init__(self, settings: Settings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        wanted = {role: settings.get(opt) if settings else "" for role, opt in SETTING.items()}
        self.chooser = DeviceChooser(wanted)
        self._media = QMediaDevices(self)
        self._media.audioInputsChanged.connect(self.refresh)
        self._media.audioOutputsChanged.connect(self.refresh)
        self.last_notices: list[Notice] = []
        self.refresh()

    @staticmethod
    def inputs() -> list[Device]:
        return [_device(qt) for qt in QMediaDevices.audioInputs()]

    @staticmethod
    def outputs() -> list[Device]:
        return [_device(qt) for qt in QMediaDevices.audioOutputs()]

    def refresh(self) -> None:
        """Look at the devices present now (also called when a stream lost its device)."""
        before = {role: self.chooser.choice(role) for role in Role}
        notices = self.chooser.update(self.inputs(), self.outputs())
        self.last_notices = notices
        for notice in notices:
            log.info("audio device %s: %s", notice.role.value, notice.kind.value)
            self.notice.emit(notice)
        for role in Role:
            if self.chooser.changed(role, before[role]):
                self.changed.emit(role.value)

    def want(self, role: Role, name: str) -> None:
        """The operator chose ``name`` (or '' for the system default) in settings."""
        before = self.chooser.choice(role)
        self.chooser.want(role, name)
        if self.chooser.changed(role, before):
            self.changed.emit(role.value)

    def qt_device(self, role: Role) -> QAudioDevice:
        """The Qt device for ``role`` now (a null QAudioDevice when there is none)."""
        chosen = self.chooser.choice(role).device
        if chosen is not None:
            listed = QMediaDevices.audioInputs() if role.is_input else QMediaDevices.audioOutputs()
            for qt in listed:
                if _device(qt).id == chosen.id:
                    return qt
        return QAudioDevice()
