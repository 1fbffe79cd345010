"""A sound card for HeadsetAudio tests: whether it is open, as ui/audio_device.py would keep it,
and the fixtures that give a test a headset on it (import them to use them)."""

from __future__ import annotations

import pytest

from app.audio.headset import HeadsetAudio

RATE = 16000


class Card:
    def __init__(self) -> None:
        self.open = False

    def opened(self) -> None:
        self.open = True

    def closed(self) -> None:
        self.open = False


@pytest.fixture
def card() -> Card:
    return Card()


@pytest.fixture
def headset(card: Card) -> HeadsetAudio:
    return HeadsetAudio(card.opened, card.closed, RATE)
