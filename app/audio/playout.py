"""A buffer between two audio clocks that keeps the delay small and steady, without clicks.

pjsua2's conference bridge runs on the null device's clock; the headset runs on the
sound card's. The two never agree exactly (a few hundred parts per million is usual),
so a plain FIFO between them either grows without bound or runs dry and clicks.

:class:`DriftBuffer` keeps a small reserve and reads it out through a linear-interpolation
resampler whose ratio follows that reserve. What it watches is the *low-water mark*: the
least audio left just after a read, over the last half second or so. A plain average
would depend on how the two sides chunk their audio (20 ms frames in, 10 or 27 ms reads
out); the low-water mark is the true safety margin whatever the chunking. It is held at
one read's worth (in case a write comes late) plus ``reserve_ms``, so the delay stays as
small as the chunk sizes allow. The ratio moves
at most ``MAX_CORRECTION`` from 1.0 (inaudible), so drift is absorbed by a continuous
change of rate, never by dropping or repeating samples: a sine stays a sine. Playing
starts once two reads' worth plus the reserve is there, with a fade-in; if the writer
stops, what is left plays out and fades to silence, and the buffer waits to refill.

Thread-safe: one side writes, the other reads, each from its own thread.
"""

from __future__ import annotations

import math
import threading

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.float32]

#: The resampling ratio stays within 1 ± this (1 %: far beyond any sound card's drift).
MAX_CORRECTION = 0.01
#: Proportional gain per second: ratio - 1 = GAIN × (low-water mark - reserve) in seconds.
#: A time constant of 2 s against the mark's half-second window settles without ringing;
#: 1000 ppm of drift leaves the mark 2 ms above the reserve.
GAIN = 0.5
#: The low-water mark is the least of this window and the one before it.
WINDOW_MS = 500
FADE_MS = 5


class DriftBuffer:
    """PCM (16-bit mono) in at one clock, out at another, with a ``reserve_ms`` safety margin."""

    def __init__(self, rate: int = 16000, reserve_ms: float = 10.0, max_ms: float = 200.0):
        self.rate = rate
        self.reserve = rate * reserve_ms / 1000.0
        self.limit = int(rate * max_ms / 1000.0)
        self._fade = max(1, rate * FADE_MS // 1000)
        self._window = rate * WINDOW_MS // 1000
        self._lock = threading.Lock()
        self._buffer: Samples = np.zeros(0, dtype=np.float32)
        self._phase = 0.0  # where the next output sample falls in _buffer (fractional)
        self._playing = False
        self._last = 0.0  # the last sample given out, for a click-free fade-out
        self._low_now = math.inf  # the low-water mark of the current window...
        self._low_before = math.inf  # ...and of the one before it
        self._window_out = 0
        self._chunk_now = self._chunk_before = 0  # the largest read in each window
        self.ratio = 1.0
        self.underruns = 0
        self.overflows = 0

    # ------------------------------------------------------------------ writer side
    def write(self, pcm: bytes) -> None:
        incoming = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float32)
        with self._lock:
            self._buffer = np.concatenate((self._buffer, incoming))
            if len(self._buffer) > self.limit:
                # The reader has stalled (a device gone, a hung sound server): keep only the
                # newest reserve rather than play seconds-old speech when it comes back.
                self._buffer = self._buffer[-int(2 * self.reserve) :]
                self._phase = 0.0
                self._playing = False  # start again with a fade-in, not a jump
                self.overflows += 1

    # ------------------------------------------------------------------ reader side
    def read(self, size: int) -> bytes:
        """Exactly ``size`` bytes (rounded down to whole samples) of PCM."""
        count = size // 2
        with self._lock:
            out = self._read(count)
        return np.clip(np.rint(out), -32768, 32767).astype("<i2").tobytes()

    def _read(self, count: int) -> Samples:
        available = len(self._buffer) - self._phase
        if not self._playing:
            if available < 2 * count + self.reserve + 2:
                return np.zeros(count, dtype=np.float32)
            self._playing = True
            self._low_now = self._low_before = math.inf
            out = self._resample(count, fade_in=True)
        else:
            low = min(self._low_now, self._low_before)
            if low != math.inf:
                # Enough must stay for one more read, should the next write come late.
                chunk = max(self._chunk_now, self._chunk_before)
                error = GAIN * (low - chunk - self.reserve) / self.rate
                self.ratio = 1.0 + max(-MAX_CORRECTION, min(MAX_CORRECTION, error))
            if len(self._buffer) < self._phase + self.ratio * (count - 1) + 2:
                return self._run_dry(count)
            out = self._resample(count)
        self._low_now = min(self._low_now, len(self._buffer) - self._phase)
        self._chunk_now = max(self._chunk_now, count)
        self._window_out += count
        if self._window_out >= self._window:
            self._low_before, self._low_now, self._window_out = self._low_now, math.inf, 0
            self._chunk_before, self._chunk_now = self._chunk_now, 0
        return out

    def _resample(self, count: int, fade_in: bool = False) -> Samples:
        positions = self._phase + self.ratio * np.arange(count, dtype=np.float64)
        index = positions.astype(np.int64)
        frac = (positions - index).astype(np.float32)
        buffer = self._buffer
        out = buffer[index] + frac * (buffer[index + 1] - buffer[index])
        if fade_in:
            ramp = min(self._fade, count)
            out[:ramp] *= np.linspace(0.0, 1.0, ramp, endpoint=False, dtype=np.float32)
        self._phase += self.ratio * count
        used = int(self._phase)
        self._buffer = buffer[used:]
        self._phase -= used
        self._last = float(out[-1])
        return out

    def _run_dry(self, count: int) -> Samples:
        """The writer fell silent: play out what is left, fade to silence, wait to refill."""
        self.underruns += 1
        self._playing = False
        self.ratio = 1.0
        left = max(0, int(len(self._buffer) - self._phase) - 1)
        take = min(left, count)
        start = int(self._phase)
        out = np.empty(count, dtype=np.float32)
        out[:take] = self._buffer[start : start + take]
        out[take:] = out[take - 1] if take else self._last  # hold the last level...
        ramp = min(self._fade, count)
        begin = max(0, min(take, count - ramp))  # ...and fade it out, inside this read
        envelope = np.zeros(count, dtype=np.float32)
        envelope[:begin] = 1.0
        envelope[begin : begin + ramp] = np.linspace(1.0, 0.0, ramp, dtype=np.float32)
        out *= envelope
        self._buffer = np.zeros(0, dtype=np.float32)
        self._phase = 0.0
        self._last = 0.0
        return out

    # ------------------------------------------------------------------ both
    @property
    def delay_ms(self) -> float:
        """Audio waiting in the buffer now: the delay it adds."""
        with self._lock:
            return (len(self._buffer) - self._phase) * 1000.0 / self.rate

    def reset(self) -> None:
        """Forget everything buffered (a new call, a device reopened)."""
        with self._lock:
            self._buffer = np.zeros(0, dtype=np.float32)
            self._phase = 0.0
            self._playing = False
            self._low_now = self._low_before = math.inf
            self._last = 0.0
            self.ratio = 1.0
