"""Two audio clocks on a simulated timeline: pjsua2 writes 20 ms frames of a sine, the sound
card reads on a clock that drifts. Used by the drift buffer's tests and its benchmark; no
waiting, so ten minutes of a call take a few seconds."""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from app.audio.playout import DriftBuffer

RATE = 16000
FRAME = 320  # pjsua2's 20 ms frames
TONE_HZ = 440.0
AMPLITUDE = 8000.0
#: The largest step between two samples a 440 Hz sine of this amplitude can make, with a
#: margin for the resampler's rounding; anything larger is a click.
MAX_STEP = AMPLITUDE * 2 * math.pi * TONE_HZ / RATE * 1.05 + 2


@dataclass
class Run:
    delays_ms: list[tuple[float, float]] = field(default_factory=list)  # (time s, delay ms)
    largest_step: float = 0.0
    clicks: int = 0  # steps larger than the sine can make
    underruns: int = 0
    overflows: int = 0

    def delays_between(self, start: float, end: float) -> list[float]:
        return [delay for t, delay in self.delays_ms if start <= t < end]


class Buffer(Protocol):
    underruns: int
    overflows: int

    def write(self, pcm: bytes) -> None: ...
    def read(self, size: int) -> bytes: ...
    @property
    def delay_ms(self) -> float: ...


def simulate(
    seconds: float,
    drift_ppm: float,
    *,
    buffer: Buffer | None = None,
    read_samples: int = 160,
    jitter_ms: float = 0.0,
    seed: int = 7,
) -> Run:
    """pjsua2 writes 20 ms frames on its clock; the sound card reads on one ``drift_ppm``
    faster (or slower, negative). Clicks are counted after the first second."""
    rng = random.Random(seed)
    buffer = buffer if buffer is not None else DriftBuffer(RATE)
    run = Run()
    card_period = read_samples / RATE / (1 + drift_ppm / 1e6)
    events: list[tuple[float, int, str]] = [(0.0, 0, "write"), (0.0, 1, "read")]
    written = frames = reads = 0
    previous: float | None = None
    while events:
        when, _, kind = heapq.heappop(events)
        if when > seconds:
            break
        if kind == "write":
            # A sample waits behind what is buffered when its frame arrives (half a frame
            # more on average): the delay the buffer adds.
            run.delays_ms.append((when, buffer.delay_ms + FRAME / 2 * 1000 / RATE))
            n = np.arange(written, written + FRAME)
            tone = AMPLITUDE * np.sin(2 * np.pi * TONE_HZ * n / RATE)
            buffer.write(np.rint(tone).astype("<i2").tobytes())
            written += FRAME
            frames += 1
            late = rng.uniform(0, jitter_ms) / 1000.0
            heapq.heappush(events, (frames * FRAME / RATE + late, 2 * frames, "write"))
        else:
            out = np.frombuffer(buffer.read(read_samples * 2), dtype="<i2").astype(np.float64)
            reads += 1
            if when >= 1.0:
                joined = out if previous is None else np.concatenate(([previous], out))
                steps = np.abs(np.diff(joined))
                run.largest_step = max(run.largest_step, float(np.max(steps)))
                run.clicks += int(np.count_nonzero(steps > MAX_STEP))
            previous = float(out[-1])
            heapq.heappush(events, (reads * card_period, 2 * reads + 1, "read"))
    run.underruns, run.overflows = buffer.underruns, buffer.overflows
    return run
