"""The Audio page of the settings dialog: devices by name, levels, volumes, the sound check.

Devices are listed by the names the system gives them (a missing one stays in the
list, marked); the meters show the microphone and earpiece levels live; "Test audio"
plays a tone in the earpiece, records three seconds of the microphone and plays them
back. Values are saved by the dialog through :meth:`AudioPage.save`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from app.audio.check import AudioCheck, CheckStage
from app.audio.headset import SILENCE_DB, HeadsetAudio
from app.settings import Options, Settings

METER_FLOOR_DB = -60


def _slider(name: str, parent: QWidget, low: int, high: int) -> QSlider:
    slider = QSlider(Qt.Orientation.Horizontal, parent)
    slider.setObjectName(name)
    slider.setRange(low, high)
    return slider


def _meter(name: str, parent: QWidget) -> QProgressBar:
    meter = QProgressBar(parent)
    meter.setObjectName(name)
    meter.setRange(METER_FLOOR_DB, 0)
    meter.setTextVisible(False)
    meter.setValue(METER_FLOOR_DB)
    return meter


class AudioPage(QWidget):
    """``headset`` is the desk's sound path (None when telephony has no audio device)."""

    def __init__(self, headset: HeadsetAudio | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audioPage")
        self._headset = headset
        self._check: AudioCheck | None = None
        self.microphone = QComboBox(self)
        self.microphone.setObjectName("audioMicrophone")
        self.earpiece = QComboBox(self)
        self.earpiece.setObjectName("audioEarpiece")
        self.ringtone = QComboBox(self)
        self.ringtone.setObjectName("audioRingtone")
        self.ringtone_volume = _slider("audioRingtoneVolume", self, 0, 100)
        self.earpiece_volume = _slider("audioEarpieceVolume", self, 0, 100)
        self.microphone_gain = _slider("audioMicrophoneGain", self, -20, 20)
        self.headset_buttons = QCheckBox(self)
        self.headset_buttons.setObjectName("audioHeadsetButtons")
        self.headset_name = QLineEdit(self)
        self.headset_name.setObjectName("audioHeadsetName")
        self.recording = QCheckBox(self)
        self.recording.setObjectName("recordingEnabled")
        self.recording_notice = QCheckBox(self)
        self.recording_notice.setObjectName("recordingNotice")
        self.recording_days = QSpinBox(self)
        self.recording_days.setObjectName("recordingRetentionDays")
        self.recording_days.setRange(1, 3650)
        self.recording.toggled.connect(self._recording_toggled)
        self.mic_meter = _meter("audioMicrophoneLevel", self)
        self.ear_meter = _meter("audioEarpieceLevel", self)
        self.test_button = QPushButton(self)
        self.test_button.setObjectName("audioTest")
        self.test_button.setEnabled(headset is not None)
        self.test_button.clicked.connect(self.toggle_check)
        self.test_status = QLabel(self)
        self.test_status.setObjectName("audioTestStatus")
        self.hint = QLabel(self)
        self.hint.setObjectName("audioHint")
        self.hint.setWordWrap(True)
        self._lay_out()
        self.microphone_gain.valueChanged.connect(self._gain_moved)
        self.earpiece_volume.valueChanged.connect(self._volume_moved)
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._saved_gain = 0
        self._saved_volume = 100

    def _lay_out(self) -> None:
        meters = QWidget(self)
        row = QHBoxLayout(meters)
        row.setContentsMargins(0, 0, 0, 0)
        self.meter_labels = [QLabel(meters), QLabel(meters)]
        for label, meter in zip(self.meter_labels, (self.mic_meter, self.ear_meter), strict=True):
            row.addWidget(label)
            row.addWidget(meter, 1)
        test_row = QWidget(self)
        test_layout = QHBoxLayout(test_row)
        test_layout.setContentsMargins(0, 0, 0, 0)
        test_layout.addWidget(self.test_button)
        test_layout.addWidget(self.test_status, 1)
        self.form = QFormLayout(self)
        self.labels: list[QLabel] = []
        for field in (
            self.microphone,
            self.microphone_gain,
            self.earpiece,
            self.earpiece_volume,
            self.ringtone,
            self.ringtone_volume,
            self.headset_buttons,
            self.headset_name,
            self.recording,
            self.recording_notice,
            self.recording_days,
            meters,
        ):
            label = QLabel(self)
            label.setBuddy(field)
            self.form.addRow(label, field)
            self.labels.append(label)
        self.form.addRow(test_row)
        self.form.addRow(self.hint)

    # values ----------------------------------------------------------------------------------
    def _fill(self, combo: QComboBox, names: list[str], chosen: str) -> None:
        combo.clear()
        combo.addItem("", "")  # the system default; its text is set in retranslate_ui()
        for name in names:
            combo.addItem(name, name)
        if chosen and combo.findData(chosen) < 0:
            combo.addItem(self.tr("%1 (not connected)").replace("%1", chosen), chosen)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))

    def load(self, settings: Settings) -> None:
        inputs = [device.description() for device in QMediaDevices.audioInputs()]
        outputs = [device.description() for device in QMediaDevices.audioOutputs()]
        self._fill(self.microphone, inputs, settings.get(Options.AUDIO_MICROPHONE))
        self._fill(self.earpiece, outputs, settings.get(Options.AUDIO_EARPIECE))
        self._fill(self.ringtone, outputs, settings.get(Options.AUDIO_RINGTONE))
        self._saved_gain = settings.get(Options.AUDIO_MICROPHONE_GAIN_DB)
        self._saved_volume = settings.get(Options.AUDIO_EARPIECE_VOLUME)
        self.microphone_gain.setValue(self._saved_gain)
        self.earpiece_volume.setValue(self._saved_volume)
        self.ringtone_volume.setValue(settings.get(Options.AUDIO_RINGTONE_VOLUME))
        self.headset_buttons.setChecked(settings.get(Options.HEADSET_BUTTONS))
        self.headset_name.setText(settings.get(Options.HEADSET_BUTTONS_DEVICE))
        self.recording.setChecked(settings.get(Options.RECORDING_ENABLED))
        self.recording_notice.setChecked(settings.get(Options.RECORDING_NOTICE))
        self.recording_days.setValue(settings.get(Options.RECORDING_RETENTION_DAYS))
        self._recording_toggled(self.recording.isChecked())

    def save(self, settings: Settings) -> None:
        settings.set(Options.AUDIO_MICROPHONE, self.microphone.currentData())
        settings.set(Options.AUDIO_EARPIECE, self.earpiece.currentData())
        settings.set(Options.AUDIO_RINGTONE, self.ringtone.currentData())
        settings.set(Options.AUDIO_MICROPHONE_GAIN_DB, self.microphone_gain.value())
        settings.set(Options.AUDIO_EARPIECE_VOLUME, self.earpiece_volume.value())
        settings.set(Options.AUDIO_RINGTONE_VOLUME, self.ringtone_volume.value())
        settings.set(Options.HEADSET_BUTTONS, self.headset_buttons.isChecked())
        settings.set(Options.HEADSET_BUTTONS_DEVICE, self.headset_name.text())
        settings.set(Options.RECORDING_ENABLED, self.recording.isChecked())
        settings.set(Options.RECORDING_NOTICE, self.recording_notice.isChecked())
        settings.set(Options.RECORDING_RETENTION_DAYS, self.recording_days.value())
        self._saved_gain = self.microphone_gain.value()
        self._saved_volume = self.earpiece_volume.value()

    def discard(self) -> None:
        """The dialog was cancelled: stop the check and put gain and volume back."""
        self.stop_check()
        if self._headset is not None:
            self._headset.set_mic_gain_db(self._saved_gain)
            self._headset.set_ear_volume(self._saved_volume)

    def _recording_toggled(self, on: bool) -> None:
        self.recording_notice.setEnabled(on)
        self.recording_days.setEnabled(on)

    # live -------------------------------------------------------------------------------------
    def _gain_moved(self, value: int) -> None:
        if self._headset is not None:  # heard at once, in a call or in the check
            self._headset.set_mic_gain_db(value)

    def _volume_moved(self, value: int) -> None:
        if self._headset is not None:
            self._headset.set_ear_volume(value)

    def toggle_check(self) -> None:
        if self._check is not None:
            self.stop_check()
            return
        if self._headset is None:
            return
        check = AudioCheck(self._headset.rate)
        if not self._headset.begin_check(check):
            self.test_status.setText(self.tr("Not during a call: the headset is in use."))
            return
        self._check = check
        self._show_check()

    def stop_check(self) -> None:
        if self._check is not None and self._headset is not None:
            self._headset.end_check()
        self._check = None
        self._show_check()

    def _tick(self) -> None:
        if self._headset is not None:
            for meter, level in (
                (self.mic_meter, self._headset.mic_level),
                (self.ear_meter, self._headset.ear_level),
            ):
                meter.setValue(int(max(METER_FLOOR_DB, level if level > SILENCE_DB else -99)))
        if self._check is not None:
            if self._check.stage is CheckStage.DONE:
                self.stop_check()
                self.test_status.setText(self.tr("Done. Did you hear the tone and your voice?"))
            else:
                self._show_check()

    def _show_check(self) -> None:
        stage = self._check.stage if self._check is not None else None
        texts = {
            CheckStage.TONE: self.tr("Playing a tone in the earpiece…"),
            CheckStage.RECORDING: self.tr("Speak now: recording three seconds…"),
            CheckStage.PLAYBACK: self.tr("Playing back what the microphone heard…"),
        }
        if stage in texts:
            self.test_status.setText(texts[stage])
        self.test_button.setText(self.tr("Stop") if stage else self.tr("Test audio"))

    # texts ------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        texts = [
            self.tr("Microphone:"),
            self.tr("Microphone gain (dB):"),
            self.tr("Earpiece:"),
            self.tr("Earpiece volume:"),
            self.tr("Ringtone on:"),
            self.tr("Ringtone volume:"),
            self.tr("Headset buttons:"),
            self.tr("Headset for the buttons:"),
            self.tr("Call recording:"),
            self.tr("Notice to the caller:"),
            self.tr("Keep recordings for:"),
            self.tr("Levels:"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.headset_buttons.setText(self.tr("answer, hang up, mute and hold from the headset"))
        self.headset_name.setPlaceholderText(self.tr("the first headset found"))
        self.recording.setText(self.tr("record every answered call (a WAV file per call)"))
        self.recording_notice.setText(
            self.tr("the caller hears a notice that the call is recorded")
        )
        self.recording_days.setSuffix(self.tr(" days"))
        self.meter_labels[0].setText(self.tr("microphone"))
        self.meter_labels[1].setText(self.tr("earpiece"))
        for combo in (self.microphone, self.earpiece, self.ringtone):
            combo.setItemText(0, self.tr("System default"))
        self.hint.setText(
            self.tr(
                "Devices are remembered by name. If one is unplugged the system default"
                " stands in and you are told; when it comes back it is used again."
            )
        )
        if self._headset is None:
            self.test_status.setText(self.tr("The sound check needs telephony to be running."))
        self._show_check()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
