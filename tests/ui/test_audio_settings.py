"""The Audio page and the operator's audio notices: volumes and gain take effect as they move
and are saved, cancelling puts them back, "Test audio" runs its tone-record-playback cycle
(never during a call), the meters move with the sound, and an unplugged headset is
announced in the operator's language."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from app.audio.devices import Notice, NoticeKind, Role
from app.audio.headset import HeadsetAudio
from app.settings import Options, Settings
from tests.soundcard import Card, card, headset
from ui.audio_control import AudioControl
from ui.audio_settings import METER_FLOOR_DB, AudioPage
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.ringer import Ringer

RATE = 16000
__all__ = ["card", "headset"]


@pytest.fixture
def page(qtbot: QtBot, headset: HeadsetAudio, tmp_path: Path) -> AudioPage:
    widget = AudioPage(headset)
    qtbot.addWidget(widget)
    widget.load(Settings.load(tmp_path / "settings.json"))
    widget.retranslate_ui()
    return widget


def loud(samples: int = 160) -> bytes:
    n = np.arange(samples)
    return np.rint(12000 * np.sin(2 * np.pi * 300 * n / RATE)).astype("<i2").tobytes()


def test_volume_and_gain_are_heard_at_once_and_saved(
    page: AudioPage, headset: HeadsetAudio, tmp_path: Path
) -> None:
    page.earpiece_volume.setValue(40)
    page.microphone_gain.setValue(6)
    page.ringtone_volume.setValue(25)

    assert headset.ear_volume == pytest.approx(0.4)
    assert headset.mic_gain == pytest.approx(2.0, rel=0.01)
    settings = Settings.load(tmp_path / "settings.json")
    page.save(settings)
    settings.save()
    again = Settings.load(tmp_path / "settings.json")
    assert again.get(Options.AUDIO_EARPIECE_VOLUME) == 40
    assert again.get(Options.AUDIO_MICROPHONE_GAIN_DB) == 6
    assert again.get(Options.AUDIO_RINGTONE_VOLUME) == 25


def test_call_recording_is_off_by_default_and_saved_with_its_retention(
    page: AudioPage, tmp_path: Path
) -> None:
    assert not page.recording.isChecked()
    assert not page.recording_days.isEnabled()  # nothing to keep while nothing is recorded
    page.recording.setChecked(True)
    page.recording_days.setValue(30)
    settings = Settings.load(tmp_path / "settings.json")

    page.save(settings)

    assert settings.get(Options.RECORDING_ENABLED)
    assert settings.get(Options.RECORDING_NOTICE)  # the caller is told unless turned off
    assert settings.get(Options.RECORDING_RETENTION_DAYS) == 30


def test_headset_buttons_can_be_turned_off_and_pinned_to_one_headset(
    page: AudioPage, tmp_path: Path
) -> None:
    assert page.headset_buttons.isChecked()  # on by default
    page.headset_buttons.setChecked(False)
    page.headset_name.setText("Jabra Link 380")
    settings = Settings.load(tmp_path / "settings.json")

    page.save(settings)

    assert not settings.get(Options.HEADSET_BUTTONS)
    assert settings.get(Options.HEADSET_BUTTONS_DEVICE) == "Jabra Link 380"


def test_cancelling_puts_the_saved_volume_and_gain_back(
    page: AudioPage, headset: HeadsetAudio
) -> None:
    page.earpiece_volume.setValue(10)
    page.microphone_gain.setValue(-12)

    page.discard()

    assert headset.ear_volume == pytest.approx(1.0)
    assert headset.mic_gain == pytest.approx(1.0)


def test_test_audio_plays_a_tone_records_plays_back_and_closes_the_card(
    qtbot: QtBot, page: AudioPage, headset: HeadsetAudio, card: Card
) -> None:
    page.test_button.click()
    assert card.open
    qtbot.waitUntil(lambda: "tone" in page.test_status.text(), timeout=2000)

    for _ in range(100):  # the sound card takes one second of the tone
        headset.card_read(320)
    qtbot.waitUntil(lambda: "Speak" in page.test_status.text(), timeout=2000)
    for _ in range(300):  # three seconds of the operator speaking
        headset.card_write(loud())
    qtbot.waitUntil(lambda: "back" in page.test_status.text(), timeout=2000)
    for _ in range(300):
        headset.card_read(320)

    qtbot.waitUntil(lambda: page.test_status.text().startswith("Done"), timeout=2000)
    assert page.test_button.text() == "Test audio"
    assert not card.open


def test_test_audio_is_refused_during_a_call(page: AudioPage, headset: HeadsetAudio) -> None:
    headset.start(RATE, 640)

    page.test_button.click()

    assert "during a call" in page.test_status.text()
    assert page.test_button.text() == "Test audio"


def test_meters_follow_the_microphone_and_the_earpiece(
    qtbot: QtBot, page: AudioPage, headset: HeadsetAudio
) -> None:
    headset.start(RATE, 640)
    for _ in range(6):
        headset.card_write(loud())
        headset.play(loud(320))
    headset.capture(640)
    for _ in range(8):
        headset.card_read(320)

    qtbot.waitUntil(lambda: page.mic_meter.value() > -20, timeout=2000)
    qtbot.waitUntil(lambda: page.ear_meter.value() > -20, timeout=2000)
    headset.stop()
    qtbot.waitUntil(lambda: page.mic_meter.value() == METER_FLOOR_DB, timeout=2000)


def test_an_unplugged_headset_is_announced_in_russian(
    window: MainWindow, languages: LanguageManager
) -> None:
    ringer = Ringer(window, window.desk.dirs.cache)
    control = AudioControl(window.status, ringer, None, window)

    control.tell(
        Notice(NoticeKind.FELL_BACK, Role.EARPIECE, "Jabra Evolve2 40", "Встроенный динамик")
    )

    message = window.status.currentMessage()
    assert "Jabra Evolve2 40 не подключено" in message
    assert "«наушники»" in message
    assert "Встроенный динамик" in message


def test_the_ringtone_volume_follows_the_settings(window: MainWindow) -> None:
    ringer = Ringer(window, window.desk.dirs.cache)
    control = AudioControl(window.status, ringer, None, window)
    window.desk.settings.set(Options.AUDIO_RINGTONE_VOLUME, 30)

    control.apply(window.desk.settings)

    assert ringer.sound.volume() == pytest.approx(0.3, abs=0.01)
