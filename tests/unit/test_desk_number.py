"""The ticket desk number: the administrator's when assigned, else one derived from an
installation id that is made once and kept, so the desk's numbers stay its own across starts."""

from __future__ import annotations

from pathlib import Path

from app.desk import desk_number
from app.settings import Options, Settings
from app.tickets.numbers import DESK_MAX, DESK_MIN


def test_an_assigned_desk_number_is_used(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    settings.set(Options.TICKETS_DESK_NUMBER, 42)
    assert desk_number(settings) == 42


def test_without_one_the_derived_number_is_the_same_on_every_start(tmp_path: Path) -> None:
    first = desk_number(Settings.load(tmp_path / "settings.json"))
    again = desk_number(Settings.load(tmp_path / "settings.json"))

    assert DESK_MIN <= first <= DESK_MAX
    assert first == again
    assert Settings.load(tmp_path / "settings.json").get(Options.TICKETS_INSTALLATION_ID)
