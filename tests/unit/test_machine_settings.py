"""The machine-wide settings file an administrator fills (/etc/hotline-desk/settings.json,
%ProgramData%): its values win over the operator's and cannot be changed from the desk; a
broken one is reported and left where it is; a desk with its own home reads none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.paths import HOME_ENV, MACHINE_ENV, machine_settings_path
from app.settings import Options, Settings


def write(path: Path, values: dict[str, object]) -> Path:
    path.write_text(json.dumps({"version": 2, "values": values}), encoding="utf-8")
    return path


def test_the_administrators_values_win_and_stay(tmp_path: Path) -> None:
    locked = {"sip.registrar": "pbx.hotline.local:5060", "database.host": "db.hotline.local"}
    machine = write(tmp_path / "machine.json", locked)
    own = {"sip.registrar": "127.0.0.1:5080", "database.port": 6432}
    mine = write(tmp_path / "settings.json", own)
    settings = Settings.load(mine, machine)
    assert settings.get(Options.SIP_REGISTRAR) == "pbx.hotline.local:5060"
    assert settings.get(Options.DB_PORT) == 6432  # not locked: the operator's
    assert settings.is_locked(Options.DB_HOST) and not settings.is_locked(Options.DB_PORT)
    assert settings.machine_path == machine

    settings.set(Options.SIP_REGISTRAR, "elsewhere:5060")
    settings.set(Options.DB_PORT, 5433)
    settings.save()
    again = Settings.load(mine, machine)
    assert again.get(Options.SIP_REGISTRAR) == "pbx.hotline.local:5060"
    assert again.get(Options.DB_PORT) == 5433
    assert Settings.load(mine, None).get(Options.SIP_REGISTRAR) == "127.0.0.1:5080"


def test_a_broken_machine_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    machine = tmp_path / "machine.json"
    machine.write_text("{ not json", encoding="utf-8")
    mine = write(tmp_path / "settings.json", {"database.host": "mine.local"})
    settings = Settings.load(mine, machine)
    assert settings.get(Options.DB_HOST) == "mine.local"
    assert not settings.is_locked(Options.DB_HOST)
    assert any("machine settings" in problem for problem in settings.problems)
    assert machine.read_text(encoding="utf-8") == "{ not json"  # the administrator's file


def test_where_the_machine_file_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(MACHINE_ENV, raising=False)
    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    assert machine_settings_path() is None  # a test's or a portable desk
    monkeypatch.delenv(HOME_ENV)
    assert machine_settings_path() == Path("/etc/hotline-desk/settings.json")
    monkeypatch.setenv(MACHINE_ENV, str(tmp_path / "m.json"))
    assert machine_settings_path() == tmp_path / "m.json"
