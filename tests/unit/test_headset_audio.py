"""The headset between pjsua2 and the sound card: audio passes both ways at the set gain and
volume, the meters move with it, and the sound check plays a tone, records, plays back -
but never while a call holds the headset."""

from __future__ import annotations

import numpy as np
import pytest

from app.audio.check import TONE_HZ, AudioCheck, CheckStage
from app.audio.headset import SILENCE_DB, HeadsetAudio, level_db
from tests.soundcard import Card, card, headset

RATE = 16000
__all__ = ["card", "headset"]


def tone(hz: float, amplitude: float, samples: int = 320) -> bytes:
    n = np.arange(samples)
    return np.rint(amplitude * np.sin(2 * np.pi * hz * n / RATE)).astype("<i2").tobytes()


def peak(pcm: bytes) -> int:
    return int(np.max(np.abs(np.frombuffer(pcm, dtype="<i2"))))


def strongest_hz(pcm: bytes) -> float:
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / RATE)[np.argmax(spectrum)])


def test_a_call_opens_the_sound_card_and_closing_the_call_closes_it(
    headset: HeadsetAudio, card: Card
) -> None:
    headset.start(RATE, 640)
    assert card.open
    headset.stop()
    assert not card.open


def test_the_earpiece_gets_the_callers_audio_at_the_set_volume(headset: HeadsetAudio) -> None:
    headset.start(RATE, 640)
    headset.set_ear_volume(50)
    for _ in range(10):
        headset.play(tone(440, 10000))

    heard = b"".join(headset.card_read(320) for _ in range(8))

    assert peak(heard) == pytest.approx(5000, rel=0.05)
    assert strongest_hz(heard[-1280:]) == pytest.approx(440, abs=15)
    assert headset.ear_level > -30


def test_the_microphone_reaches_the_call_with_its_gain(headset: HeadsetAudio) -> None:
    headset.start(RATE, 640)
    headset.set_mic_gain_db(6)  # twice as loud
    for _ in range(6):
        headset.card_write(tone(700, 4000, samples=160))

    sent = b"".join(headset.capture(640) for _ in range(2))

    assert peak(sent[-640:]) == pytest.approx(8000, rel=0.05)
    assert headset.mic_level > -20


def test_a_loud_microphone_with_gain_is_clipped_not_wrapped(headset: HeadsetAudio) -> None:
    headset.start(RATE, 640)
    headset.set_mic_gain_db(20)
    for _ in range(6):
        headset.card_write(tone(300, 20000, samples=160))

    sent = np.frombuffer(b"".join(headset.capture(640) for _ in range(2)), dtype="<i2")

    assert sent.max() == 32767
    assert sent.min() == -32768


def test_levels_read_silence_as_the_floor_and_a_full_sine_near_minus_3_db() -> None:
    assert level_db(bytes(640)) == SILENCE_DB
    assert level_db(b"") == SILENCE_DB
    assert level_db(tone(1000, 32767, samples=1600)) == pytest.approx(-3.0, abs=0.2)


def test_the_sound_check_plays_a_tone_records_and_plays_the_voice_back(
    headset: HeadsetAudio, card: Card
) -> None:
    check = AudioCheck(RATE)
    assert headset.begin_check(check)
    assert card.open

    first_second = b"".join(headset.card_read(320) for _ in range(100))  # 100 × 10 ms
    assert strongest_hz(first_second) == pytest.approx(TONE_HZ, abs=15)
    assert check.stage is CheckStage.RECORDING

    voice = tone(300, 6000, samples=160)  # three whole periods: a continuous tone
    while check.stage is CheckStage.RECORDING:
        assert peak(headset.card_read(320)) == 0  # nothing plays while they speak
        headset.card_write(voice)
    assert check.recorded_seconds == pytest.approx(3.0)

    played_back = b"".join(headset.card_read(320) for _ in range(300))
    assert strongest_hz(played_back[:32000]) == pytest.approx(300, abs=15)
    assert check.done.is_set()

    headset.end_check()
    assert not card.open


def test_a_call_ends_the_sound_check_and_a_check_cannot_start_during_a_call(
    headset: HeadsetAudio, card: Card
) -> None:
    headset.begin_check(AudioCheck(RATE))
    headset.start(RATE, 640)

    assert headset.checking is None
    assert not headset.begin_check(AudioCheck(RATE))
    headset.end_check()
    assert card.open  # the call keeps its headset
