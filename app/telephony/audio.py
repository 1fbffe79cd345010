"""The audio device port the headset bridge talks to, and an in-memory device for tests.

The engine's bridge asks a device for microphone frames and hands it earpiece
frames, 20 ms of 16-bit mono PCM at a time, on pjmedia's clock thread: a device
must only touch thread-safe buffers in :meth:`capture` and :meth:`play`. The Qt
Multimedia device lives in ui/; this module stays free of Qt.
"""

from __future__ import annotations

import array
import math
import threading
from collections.abc import Callable
from typing import Protocol

SAMPLE_RATE = 16000
FRAME_MS = 20
FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS // 1000
FRAME_BYTES = FRAME_SAMPLES * 2


class AudioDevice(Protocol):
    """A headset: a microphone to read from and an earpiece to write to."""

    def start(self, sample_rate: int, frame_bytes: int) -> None:
        """Open the device; called on the engine thread when a call's media starts."""

    def stop(self) -> None:
        """Close the device; called when no call needs audio any more."""

    def capture(self, size: int) -> bytes:
        """``size`` bytes of microphone audio; silence when none is ready."""
        ...

    def play(self, data: bytes) -> None:
        """Queue earpiece audio."""


def silence(size: int) -> bytes:
    return bytes(size)


def tone(frequency: float, amplitude: float = 0.3) -> Callable[[int], float]:
    """A sine at ``frequency`` Hz as a function of the sample index."""
    step = 2 * math.pi * frequency / SAMPLE_RATE
    return lambda n: amplitude * math.sin(step * n)


class InMemoryAudioDevice:
    """A headset in memory: the microphone plays ``source``, the earpiece keeps what it got."""

    def __init__(self, source: Callable[[int], float] | None = None, keep_seconds: float = 30.0):
        self._source = source
        self._lock = threading.Lock()
        self._received = bytearray()
        self._limit = int(keep_seconds * SAMPLE_RATE * 2)
        self._n = 0
        self.started = threading.Event()
        self.stopped = threading.Event()
        self.frames_played = 0
        self.frames_captured = 0

    def start(self, sample_rate: int, frame_bytes: int) -> None:
        self.stopped.clear()
        self.started.set()

    def stop(self) -> None:
        self.started.clear()
        self.stopped.set()

    def capture(self, size: int) -> bytes:
        self.frames_captured += 1
        if self._source is None:
            return silence(size)
        count = size // 2
        samples = array.array("h", (int(32767 * self._source(self._n + i)) for i in range(count)))
        self._n += count
        return samples.tobytes()

    def play(self, data: bytes) -> None:
        with self._lock:
            self._received += data
            if len(self._received) > self._limit:
                del self._received[: len(self._received) - self._limit]
            self.frames_played += 1

    def received(self) -> bytes:
        with self._lock:
            return bytes(self._received)

    def clear(self) -> None:
        with self._lock:
            self._received.clear()
