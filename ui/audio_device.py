"""The headset as Qt Multimedia sees it: the system's default microphone and earpiece.

Implements app.telephony.audio.AudioDevice. pjmedia's clock thread calls
:meth:`capture` and :meth:`play`, which only touch locked byte rings; the Qt
audio objects are created, started and stopped on the GUI thread. The ring
before the earpiece is capped (``MAX_EAR_MS``) so delay cannot grow without
bound when the sound card's clock runs slower than pjsua2's.
(Device choice, hot-plug and drift correction are the headset issue's work.)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QIODevice
from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink, QAudioSource, QMediaDevices

log = logging.getLogger(__name__)

MAX_EAR_MS = 120
MAX_MIC_MS = 120


class ByteRing:
    """A byte FIFO with a cap; the oldest bytes go first when it is full."""

    def __init__(self, limit: int) -> None:
        self._data = bytearray()
        self._limit = limit
        self._lock = threading.Lock()
        self.dropped = 0

    def write(self, data: bytes) -> None:
        with self._lock:
            self._data += data
            extra = len(self._data) - self._limit
            if extra > 0:
                extra += extra % 2  # keep 16-bit samples whole
                del self._data[:extra]
                self.dropped += extra

    def read(self, size: int) -> bytes:
        with self._lock:
            chunk = bytes(self._data[:size])
            del self._data[:size]
            return chunk

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)


class _RingReader(QIODevice):
    """What QAudioSink pulls from: the earpiece ring, silence when it is empty."""

    def __init__(self, ring: ByteRing) -> None:
        super().__init__()
        self._ring = ring

    def readData(self, maxlen: int) -> bytes:  # noqa: N802 - Qt override
        size = min(maxlen, 640) - (min(maxlen, 640) % 2)
        data = self._ring.read(size)
        return data + bytes(size - len(data))

    def writeData(self, data: bytes | bytearray | memoryview, size: int) -> int:  # noqa: N802
        return -1

    def bytesAvailable(self) -> int:  # noqa: N802 - Qt override
        return 640 + super().bytesAvailable()


class QtAudioDevice:
    """Default input and output through Qt Multimedia; ``run_on_gui`` marshals to the GUI."""

    def __init__(self, run_on_gui: Callable[[Callable[[], None]], None]) -> None:
        self._run_on_gui = run_on_gui
        self._sample_rate = 16000
        self.mic = ByteRing(self._ms(MAX_MIC_MS))
        self.ear = ByteRing(self._ms(MAX_EAR_MS))
        self._sink: QAudioSink | None = None
        self._source: QAudioSource | None = None
        self._reader: _RingReader | None = None
        # Qt's own device for the microphone: PySide6 6.12 hands a Python QIODevice's
        # writeData a str cut at the first NUL byte (seen here), so PCM cannot pass through one.
        self._mic_io: QIODevice | None = None
        self.problem = ""

    def _ms(self, ms: int) -> int:
        return self._sample_rate * 2 * ms // 1000

    # AudioDevice, from the engine and clock threads
    def start(self, sample_rate: int, frame_bytes: int) -> None:
        self._run_on_gui(self._open)

    def stop(self) -> None:
        self._run_on_gui(self._close)

    def capture(self, size: int) -> bytes:
        data = self.mic.read(size)
        return data + bytes(size - len(data))

    def play(self, data: bytes) -> None:
        self.ear.write(data)

    # GUI thread
    def _format(self) -> QAudioFormat:
        fmt = QAudioFormat()
        fmt.setSampleRate(self._sample_rate)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        return fmt

    def _open(self) -> None:
        self._close()
        self.ear.read(len(self.ear))  # nothing of the previous call may play in this one
        self.mic.read(len(self.mic))
        output = QMediaDevices.defaultAudioOutput()
        microphone = QMediaDevices.defaultAudioInput()
        problems = []
        if output.isNull():
            problems.append("no audio output")
        else:
            self._reader = _RingReader(self.ear)
            self._reader.open(QIODevice.OpenModeFlag.ReadOnly)
            self._sink = QAudioSink(output, self._format())
            self._sink.setBufferSize(self._ms(60))
            self._sink.start(self._reader)
        if microphone.isNull():
            problems.append("no microphone")
        else:
            self._source = QAudioSource(microphone, self._format())
            self._source.setBufferSize(self._ms(40))
            self._mic_io = self._source.start()
            self._mic_io.readyRead.connect(self._drain_microphone)
        self.problem = ", ".join(problems)
        if self.problem:
            log.warning("call audio: %s", self.problem)

    def _drain_microphone(self) -> None:
        if self._mic_io is not None:
            self.mic.write(bytes(self._mic_io.readAll().data()))

    def _close(self) -> None:
        self._mic_io = None
        for device in (self._sink, self._source):
            if device is not None and device.state() != QAudio.State.StoppedState:
                device.stop()
        self._sink = self._source = None
        if self._reader is not None:
            self._reader.close()
        self._reader = None
