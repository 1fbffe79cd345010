"""The desk's own short sounds, made as WAV files on first use (the ringtone), and the
recording warning tone's pitch. One function builds a tone pattern for every such file."""

from __future__ import annotations

import wave
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

RATE = 16000


def write_tones(
    path: Path,
    seconds: float,
    frequencies: Sequence[float],
    sounding: Callable[[np.ndarray], np.ndarray],
    level: float,
) -> Path:
    """A 16 kHz mono WAV at ``path`` (kept if it is already there): the sum of sines at
    ``frequencies``, each at ``level`` of full scale, where ``sounding(t)`` is true."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(RATE * seconds)) / RATE
    wave_sum = sum(np.sin(2 * np.pi * hz * t) for hz in frequencies)
    samples = np.where(sounding(t), level * 32767 * wave_sum, 0.0)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.rint(samples).astype("<i2").tobytes())
    return path


def write_ringtone(path: Path) -> Path:
    """A classic two-tone ring (425 + 480 Hz, 1 s in 0.2 s bursts), then 2 s of silence."""
    return write_tones(path, 3.0, (425, 480), lambda t: (t < 1.0) & (t % 0.2 < 0.17), 0.25)


#: The recording warning tone (recording.py plays it with pjsua2's tone generator).
NOTICE_HZ = 1400
