"""The headset bridge's drift buffer against the plain FIFO it replaced, over ten minutes of a
call on simulated clocks (the sound card 300 ppm fast, then 300 ppm slow; the clock thread
4 ms jittery): added delay, clicks, and the CPU each 20 ms of audio costs. A fast card drains
a plain FIFO (underruns: clicks); a slow one fills it to its cap (old speech, then drops)."""

from __future__ import annotations

import statistics
import threading
import time

import numpy as np
import pytest

from app.audio.playout import DriftBuffer
from tests.audio_sim import RATE, Run, simulate
from tests.bench.conftest import NOTES, record

pytestmark = pytest.mark.bench

SECONDS = 600


class PlainFifo:
    """What ui/audio_device.py had before: a byte FIFO capped at 120 ms, silence when empty,
    the oldest bytes dropped when full."""

    def __init__(self, cap_ms: int = 120) -> None:
        self._data = bytearray()
        self._limit = RATE * 2 * cap_ms // 1000
        self._lock = threading.Lock()
        self.underruns = 0
        self.overflows = 0

    def write(self, pcm: bytes) -> None:
        with self._lock:
            self._data += pcm
            extra = len(self._data) - self._limit
            if extra > 0:
                del self._data[: extra + extra % 2]
                self.overflows += 1

    def read(self, size: int) -> bytes:
        with self._lock:
            chunk = bytes(self._data[:size])
            del self._data[:size]
        if len(chunk) < size:
            self.underruns += 1
        return chunk + bytes(size - len(chunk))

    @property
    def delay_ms(self) -> float:
        return len(self._data) * 1000 / 2 / RATE


def _timed(buffer: object, drift_ppm: float) -> tuple[Run, float]:
    started = time.process_time()
    run = simulate(SECONDS, drift_ppm, jitter_ms=4.0, buffer=buffer)  # type: ignore[arg-type]
    return run, time.process_time() - started


@pytest.mark.parametrize("drift_ppm", [300.0, -300.0])
def test_drift_buffer_against_a_plain_fifo_over_ten_minutes(drift_ppm: float) -> None:
    ours, ours_cpu = _timed(DriftBuffer(RATE), drift_ppm)
    plain, plain_cpu = _timed(PlainFifo(), drift_ppm)
    settled = [d for t, d in ours.delays_ms if t >= 60]
    plain_settled = [d for t, d in plain.delays_ms if t >= 60]
    record(
        f"bridge delay added, mean over 10 min at {drift_ppm:+g} ppm",
        statistics.mean(settled),
        "plain 120 ms FIFO",
        statistics.mean(plain_settled),
        "ms",
    )
    record(
        f"bridge delay added, max at {drift_ppm:+g} ppm",
        max(settled),
        "plain 120 ms FIFO, max",
        max(plain_settled),
        "ms",
    )
    frames = SECONDS * 50
    record(
        f"bridge CPU per 20 ms of audio (simulation included), {drift_ppm:+g} ppm",
        ours_cpu / frames * 1e6,
        "plain FIFO, same simulation",
        plain_cpu / frames * 1e6,
        "µs",
    )
    NOTES.append(
        f"drift buffer over {SECONDS} s at {drift_ppm:+g} ppm: clicks {ours.clicks}, "
        f"underruns {ours.underruns}, overflows {ours.overflows}; plain FIFO: clicks "
        f"{plain.clicks}, underruns {plain.underruns}, overflows {plain.overflows}; "
        f"mean delay in the last minute {np.mean([d for t, d in ours.delays_ms if t >= 540]):.1f}"
        f" ms vs {np.mean([d for t, d in plain.delays_ms if t >= 540]):.1f} ms"
    )
