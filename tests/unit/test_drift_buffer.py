"""The buffer between pjsua2's clock and the sound card's, on simulated clocks that drift.

Ten minutes of a call are simulated (the two clocks are numbers, not waits): the
added delay stays under the 60 ms target and does not creep up, and a sine going
through comes out without a single click (no step larger than the sine itself can
make), whichever clock is faster, with the clock thread's jitter, and with the
sound card reading in odd sizes.
"""

from __future__ import annotations

import numpy as np
import pytest

from app.audio.playout import DriftBuffer
from tests.audio_sim import FRAME, MAX_STEP, RATE, simulate


@pytest.mark.parametrize("drift_ppm", [-500.0, 300.0, 1000.0])
def test_ten_minutes_of_drift_add_under_60_ms_that_does_not_grow(drift_ppm: float) -> None:
    run = simulate(600, drift_ppm, jitter_ms=4.0)

    settled = run.delays_between(60, 600)
    first_minutes = run.delays_between(60, 120)
    last_minutes = run.delays_between(540, 600)
    assert max(settled) < 60.0
    assert abs(np.mean(last_minutes) - np.mean(first_minutes)) < 2.0  # no creeping delay
    assert run.underruns == 0
    assert run.overflows == 0
    assert run.largest_step < MAX_STEP  # not one click in ten minutes


def test_odd_read_sizes_from_the_sound_card_stay_click_free() -> None:
    """ui/audio_device.py hands the sound card at most 20 ms per read; 221 samples (13.8 ms)
    never line up with pjsua2's 320-sample frames."""
    run = simulate(30, 250.0, read_samples=221, jitter_ms=2.0)

    assert run.largest_step < MAX_STEP
    assert max(run.delays_between(5, 30)) < 60.0
    assert run.underruns == 0


def test_nothing_plays_until_the_reserve_is_there() -> None:
    buffer = DriftBuffer(RATE, reserve_ms=10)
    buffer.write(np.full(FRAME // 2, 1000, dtype="<i2").tobytes())  # 10 ms: not a read + reserve

    assert not any(np.frombuffer(buffer.read(320), dtype="<i2"))
    assert buffer.delay_ms == pytest.approx(10.0)


def test_when_the_writer_stops_the_sound_fades_out_instead_of_clicking() -> None:
    buffer = DriftBuffer(RATE, reserve_ms=10)
    buffer.write(np.full(3 * FRAME, 10000, dtype="<i2").tobytes())  # 60 ms of a loud level
    played = np.concatenate(
        [np.frombuffer(buffer.read(320), dtype="<i2") for _ in range(6)]
    ).astype(np.int32)

    assert buffer.underruns == 1
    assert played[-1] == 0
    steps = np.abs(np.diff(played))
    assert steps.max() < 10000 / (RATE * 5 / 1000) * 1.5  # the 5 ms ramps, no 10000 step


def test_a_stalled_reader_does_not_leave_old_speech_to_play_later() -> None:
    buffer = DriftBuffer(RATE, reserve_ms=10, max_ms=200)
    for _ in range(30):  # 600 ms written while nobody reads (the headset was unplugged)
        buffer.write(np.zeros(FRAME, dtype="<i2").tobytes())

    assert buffer.overflows >= 1
    assert buffer.delay_ms <= 200


def test_reset_forgets_what_was_buffered() -> None:
    buffer = DriftBuffer(RATE)
    buffer.write(np.full(4 * FRAME, 500, dtype="<i2").tobytes())
    buffer.reset()

    assert buffer.delay_ms == 0
    assert not any(np.frombuffer(buffer.read(320), dtype="<i2"))
