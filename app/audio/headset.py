"""The headset as the SIP engine sees it: the AudioDevice between pjsua2 and the sound card.

pjsua2's clock thread calls :meth:`HeadsetAudio.capture` and :meth:`HeadsetAudio.play`
with 20 ms frames; the sound card side (ui/audio_device.py, Qt Multimedia) calls
:meth:`card_read` when the earpiece wants audio and :meth:`card_write` when the
microphone has some. Between the two clocks sit :class:`~app.audio.playout.DriftBuffer`
s, one each way. On the way it applies the microphone gain and the earpiece volume and
measures both levels for the meters. When no call holds the device, an
:class:`~app.audio.check.AudioCheck` may use it instead ("test audio" in settings).

``open_card`` / ``close_card`` are how the engine's start() and stop() reach the
sound card: the ui's functions, which must hand the work to the GUI thread.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

import numpy as np

from app.audio.check import AudioCheck
from app.audio.playout import DriftBuffer

SILENCE_DB = -90.0


def level_db(pcm: bytes) -> float:
    """The loudness of 16-bit PCM as RMS in dBFS (-90 for silence)."""
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float64)
    if not len(samples):
        return SILENCE_DB
    rms = math.sqrt(float(np.mean(samples * samples))) / 32768.0
    return max(SILENCE_DB, 20 * math.log10(rms)) if rms > 0 else SILENCE_DB


def scale(pcm: bytes, factor: float) -> bytes:
    """``pcm`` multiplied by ``factor``, clipped to 16 bits."""
    if factor == 1.0:
        return pcm
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float32)
    return np.clip(np.rint(samples * factor), -32768, 32767).astype("<i2").tobytes()


class HeadsetAudio:
    """Implements app.telephony.audio.AudioDevice on top of a sound card the ui drives."""

    def __init__(
        self,
        open_card: Callable[[], None] = lambda: None,
        close_card: Callable[[], None] = lambda: None,
        rate: int = 16000,
    ) -> None:
        self._open_card = open_card
        self._close_card = close_card
        self.rate = rate
        self.ear = DriftBuffer(rate)
        self.mic = DriftBuffer(rate)
        self._lock = threading.Lock()
        self._in_call = False
        self._check: AudioCheck | None = None
        self.mic_gain = 1.0
        self.ear_volume = 1.0
        self.mic_level = SILENCE_DB
        self.ear_level = SILENCE_DB

    # ------------------------------------------------------------- settings (any thread)
    def set_mic_gain_db(self, gain_db: float) -> None:
        self.mic_gain = 10 ** (gain_db / 20)

    def set_ear_volume(self, percent: int) -> None:
        self.ear_volume = max(0, min(100, percent)) / 100

    # ------------------------------------------------------------- AudioDevice (engine side)
    def start(self, sample_rate: int, frame_bytes: int) -> None:
        with self._lock:
            self._in_call = True
            self._check = None  # a call always wins over a sound check
        self.ear.reset()
        self.mic.reset()
        self._open_card()

    def stop(self) -> None:
        with self._lock:
            self._in_call = False
        self._close_card()
        self.mic_level = self.ear_level = SILENCE_DB

    def capture(self, size: int) -> bytes:
        data = self.mic.read(size)
        self.mic_level = level_db(data)
        return data

    def play(self, data: bytes) -> None:
        self.ear.write(data)

    # ------------------------------------------------------------- sound card side
    def card_read(self, size: int) -> bytes:
        """Earpiece audio for the sound card (its own thread or the GUI thread)."""
        check = self._check
        data = check.earpiece(size) if check is not None else self.ear.read(size)
        data = scale(data, self.ear_volume)
        self.ear_level = level_db(data)
        return data

    def card_write(self, data: bytes) -> None:
        """Microphone audio from the sound card."""
        data = scale(data, self.mic_gain)
        check = self._check
        if check is not None:
            check.microphone(data)
            self.mic_level = level_db(data)
        else:
            self.mic.write(data)

    # ------------------------------------------------------------- the sound check
    def begin_check(self, check: AudioCheck) -> bool:
        """Run ``check`` on the devices; refused (False) while a call uses them."""
        with self._lock:
            if self._in_call:
                return False
            self._check = check
        self._open_card()
        return True

    def end_check(self) -> None:
        with self._lock:
            if self._check is None:
                return
            self._check = None
            in_call = self._in_call
        if not in_call:
            self._close_card()
            self.mic_level = self.ear_level = SILENCE_DB

    @property
    def checking(self) -> AudioCheck | None:
        return self._check
