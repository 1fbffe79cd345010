""" "Test audio" in settings: a tone in the earpiece, then the microphone played back.

The operator presses one button and hears, in the headset: one second of a 1 kHz tone
(the earpiece works and is loud enough), then, after they have spoken for three
seconds, their own voice (the microphone works and sounds right). Driven entirely by
the sound card's reads and writes, so it keeps the card's own timing: no timers.
"""

from __future__ import annotations

import enum
import threading

import numpy as np

TONE_HZ = 1000.0
TONE_LEVEL = 0.25  # -12 dBFS: clearly audible, never painful
TONE_SECONDS = 1.0
RECORD_SECONDS = 3.0


class CheckStage(enum.StrEnum):
    TONE = "tone"
    RECORDING = "recording"
    PLAYBACK = "playback"
    DONE = "done"


class AudioCheck:
    """One run of the sound check; read :attr:`stage` to show where it is."""

    def __init__(self, rate: int = 16000) -> None:
        self.rate = rate
        self._lock = threading.Lock()
        self._tone_left = int(TONE_SECONDS * rate)
        self._tone_n = 0
        self._recorded = bytearray()
        self._record_bytes = int(RECORD_SECONDS * rate) * 2
        self._played = 0
        self.stage = CheckStage.TONE
        self.done = threading.Event()

    def earpiece(self, size: int) -> bytes:
        """What the earpiece plays now (silence while recording)."""
        count = size // 2
        with self._lock:
            if self.stage is CheckStage.TONE:
                return self._tone(count)
            if self.stage is CheckStage.PLAYBACK:
                chunk = bytes(self._recorded[self._played : self._played + count * 2])
                self._played += len(chunk)
                if self._played >= len(self._recorded):
                    self._finish()
                return chunk + bytes(count * 2 - len(chunk))
        return bytes(count * 2)

    def microphone(self, data: bytes) -> None:
        with self._lock:
            if self.stage is not CheckStage.RECORDING:
                return
            self._recorded += data[: self._record_bytes - len(self._recorded)]
            if len(self._recorded) >= self._record_bytes:
                self.stage = CheckStage.PLAYBACK

    def _tone(self, count: int) -> bytes:
        take = min(count, self._tone_left)
        n = np.arange(self._tone_n, self._tone_n + take)
        samples = TONE_LEVEL * 32767 * np.sin(2 * np.pi * TONE_HZ * n / self.rate)
        self._tone_n += take
        self._tone_left -= take
        if self._tone_left == 0:
            self.stage = CheckStage.RECORDING
        pcm = np.rint(samples).astype("<i2").tobytes()
        return pcm + bytes((count - take) * 2)

    def _finish(self) -> None:
        self.stage = CheckStage.DONE
        self.done.set()

    @property
    def recorded_seconds(self) -> float:
        with self._lock:
            return len(self._recorded) / 2 / self.rate
