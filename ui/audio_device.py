"""The headset on the sound card: Qt Multimedia streams on the devices the operator chose.

Implements app.telephony.audio.AudioDevice by handing the engine's side to
:class:`app.audio.headset.HeadsetAudio` (drift-correcting buffers, gain, meters, the
sound check) and pumping the sound card's side here: QAudioSink pulls the earpiece
through a small QIODevice, QAudioSource's own device pushes the microphone. The
streams open on the devices :class:`ui.audio_devices.AudioDevices` chose; when one
is unplugged (a stream fails, or QMediaDevices says so) the stream reopens on the
fallback at once and the call goes on; when it comes back it is taken back.
pjmedia's clock thread only touches HeadsetAudio; Qt objects live on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QIODevice
from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink, QAudioSource

from app.audio.devices import Role
from app.audio.headset import HeadsetAudio
from ui.audio_devices import AudioDevices

log = logging.getLogger(__name__)

#: What the sound card may take per read: 20 ms (the drift buffer's reserve follows it).
MAX_READ_BYTES = 640
EAR_BUFFER_MS = 40
MIC_BUFFER_MS = 20


class _EarpieceReader(QIODevice):
    """What QAudioSink pulls from: the headset's earpiece side."""

    def __init__(self, headset: HeadsetAudio) -> None:
        super().__init__()
        self._headset = headset

    def readData(self, maxlen: int) -> bytes:  # noqa: N802 - Qt override
        size = min(maxlen, MAX_READ_BYTES)
        return self._headset.card_read(size - size % 2)

    def writeData(self, data: bytes | bytearray | memoryview, size: int) -> int:  # noqa: N802
        return -1

    def bytesAvailable(self) -> int:  # noqa: N802 - Qt override
        return MAX_READ_BYTES + super().bytesAvailable()


class QtAudioDevice:
    """The call's audio on the chosen devices; ``run_on_gui`` marshals to the GUI thread."""

    def __init__(
        self,
        run_on_gui: Callable[[Callable[[], None]], None],
        devices: AudioDevices | None = None,
        rate: int = 16000,
    ) -> None:
        self._run_on_gui = run_on_gui
        self._rate = rate
        self.devices = devices or AudioDevices()
        self.headset = HeadsetAudio(self._open_soon, self._close_soon, rate)
        self._sink: QAudioSink | None = None
        self._source: QAudioSource | None = None
        self._reader: _EarpieceReader | None = None
        # Qt's own device for the microphone: PySide6 6.12 hands a Python QIODevice's
        # writeData a str cut at the first NUL byte (seen here), so PCM cannot pass through one.
        self._mic_io: QIODevice | None = None
        self._open = False
        self.problem = ""
        self.reopened = 0  # streams moved to another device while open (hot-plug)
        self.devices.changed.connect(self._device_changed)

    # AudioDevice, from the engine and clock threads: HeadsetAudio does the work
    def start(self, sample_rate: int, frame_bytes: int) -> None:
        self.headset.start(sample_rate, frame_bytes)

    def stop(self) -> None:
        self.headset.stop()

    def capture(self, size: int) -> bytes:
        return self.headset.capture(size)

    def play(self, data: bytes) -> None:
        self.headset.play(data)

    # GUI thread
    def _open_soon(self) -> None:
        self._run_on_gui(self._open_streams)

    def _close_soon(self) -> None:
        self._run_on_gui(self._close_streams)

    def _format(self) -> QAudioFormat:
        fmt = QAudioFormat()
        fmt.setSampleRate(self._rate)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        return fmt

    def _bytes(self, ms: int) -> int:
        return self._rate * 2 * ms // 1000

    def _open_streams(self) -> None:
        self._close_streams()
        self._open = True
        self._open_earpiece()
        self._open_microphone()
        self._update_problem()

    def _open_earpiece(self) -> None:
        output = self.devices.qt_device(Role.EARPIECE)
        if output.isNull():
            return
        self._reader = _EarpieceReader(self.headset)
        self._reader.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink = QAudioSink(output, self._format())
        self._sink.setBufferSize(self._bytes(EAR_BUFFER_MS))
        self._sink.stateChanged.connect(self._stream_state)
        self._sink.start(self._reader)

    def _open_microphone(self) -> None:
        microphone = self.devices.qt_device(Role.MICROPHONE)
        if microphone.isNull():
            return
        self._source = QAudioSource(microphone, self._format())
        self._source.setBufferSize(self._bytes(MIC_BUFFER_MS))
        self._source.stateChanged.connect(self._stream_state)
        self._mic_io = self._source.start()
        self._mic_io.readyRead.connect(self._drain_microphone)

    def _update_problem(self) -> None:
        problems = []
        if self._sink is None:
            problems.append("no audio output")
        if self._source is None:
            problems.append("no microphone")
        self.problem = ", ".join(problems)
        if self.problem:
            log.warning("call audio: %s", self.problem)

    def _drain_microphone(self) -> None:
        if self._mic_io is not None:
            self.headset.card_write(bytes(self._mic_io.readAll().data()))

    def _stream_state(self, _state: QAudio.State) -> None:
        """A stream that stops with an error while open lost its device: look again."""
        for stream in (self._sink, self._source):
            if stream is not None and stream.error() != QAudio.Error.NoError and self._open:
                log.warning("audio stream failed (%s): looking for devices", stream.error().name)
                self.devices.refresh()
                return

    def _device_changed(self, role: str) -> None:
        if not self._open:
            return
        self.reopened += 1
        if Role(role) is Role.EARPIECE:
            self._close_earpiece()
            self._open_earpiece()
        elif Role(role) is Role.MICROPHONE:
            self._close_microphone()
            self._open_microphone()
        self._update_problem()

    def _close_earpiece(self) -> None:
        if self._sink is not None:
            self._sink.stateChanged.disconnect(self._stream_state)
            if self._sink.state() != QAudio.State.StoppedState:
                self._sink.stop()
        self._sink = None
        if self._reader is not None:
            self._reader.close()
        self._reader = None

    def _close_microphone(self) -> None:
        self._mic_io = None
        if self._source is not None:
            self._source.stateChanged.disconnect(self._stream_state)
            if self._source.state() != QAudio.State.StoppedState:
                self._source.stop()
        self._source = None

    def _close_streams(self) -> None:
        self._open = False
        self._close_earpiece()
        self._close_microphone()
