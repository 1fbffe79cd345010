"""Desk settings on disk: defaults, round trips of every kind of option, bad values and broken
files (never a crash at start-up), the upgrade of old files, atomic saves, and no secrets."""

from __future__ import annotations

import enum
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.secrets import SecretName
from app.settings import (
    SCHEMA_VERSION,
    Language,
    Option,
    Options,
    Settings,
    SettingsError,
    SipTransport,
    SslMode,
)

INT_OPTIONS = [option for option in Options.all() if type(option.default) is int]
BOUNDED_INT_OPTIONS = [
    option for option in INT_OPTIONS if option.minimum is not None or option.maximum is not None
]


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


def write_json(path: Path, payload: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload), encoding="utf-8")


def test_missing_file_gives_every_default_and_creates_nothing(settings_file: Path) -> None:
    settings = Settings.load(settings_file)

    for option in Options.all():
        assert settings.get(option) == option.default, option.key
    assert settings.problems == []
    assert not settings_file.exists()


def test_saved_values_of_every_kind_come_back(settings_file: Path) -> None:
    settings = Settings.load(settings_file)
    settings.set(Options.LANGUAGE, Language.ENGLISH)  # enum, given as a member
    settings.set(Options.SIP_TRANSPORT, "tls")  # enum, given as its value
    settings.set(Options.DB_SSLMODE, SslMode.VERIFY_FULL)
    settings.set(Options.SIP_LOCAL_PORT, 5080)  # int
    settings.set(Options.DB_PORT, "6432")  # int, typed into a text field
    settings.set(Options.SIP_SRTP, True)  # bool
    settings.set(Options.SIP_REGISTRAR, "  pbx.hotline.example.ru ")  # str, trimmed
    settings.set(Options.SIP_DISPLAY_NAME, "Анна Иванова")  # Cyrillic text
    settings.save()

    loaded = Settings.load(settings_file)

    assert loaded.problems == []
    assert loaded.get(Options.LANGUAGE) is Language.ENGLISH
    assert loaded.get(Options.SIP_TRANSPORT) is SipTransport.TLS
    assert loaded.get(Options.DB_SSLMODE) is SslMode.VERIFY_FULL
    assert loaded.get(Options.SIP_LOCAL_PORT) == 5080
    assert loaded.get(Options.DB_PORT) == 6432
    assert loaded.get(Options.SIP_SRTP) is True
    assert loaded.get(Options.SIP_REGISTRAR) == "pbx.hotline.example.ru"
    assert loaded.get(Options.SIP_DISPLAY_NAME) == "Анна Иванова"
    # Options never set keep their defaults.
    assert loaded.get(Options.SIP_USERNAME) == Options.SIP_USERNAME.default
    # The file is readable by a person: current version, enums as their values.
    on_disk = json.loads(settings_file.read_text(encoding="utf-8"))
    assert on_disk["version"] == SCHEMA_VERSION
    assert on_disk["values"]["ui.language"] == "en"
    assert on_disk["values"]["database.sslmode"] == "verify-full"


def test_reset_returns_an_option_to_its_default(settings_file: Path) -> None:
    settings = Settings.load(settings_file)
    settings.set(Options.SIP_LOCAL_PORT, 5090)
    settings.save()

    loaded = Settings.load(settings_file)
    loaded.reset(Options.SIP_LOCAL_PORT)
    loaded.save()

    assert Settings.load(settings_file).get(Options.SIP_LOCAL_PORT) == (
        Options.SIP_LOCAL_PORT.default
    )


def test_invalid_stored_values_fall_back_to_defaults_and_are_named(settings_file: Path) -> None:
    write_json(
        settings_file,
        {
            "version": SCHEMA_VERSION,
            "values": {
                "ui.language": "de",  # not a language the desk has
                "sip.local_port": 70000,  # above the maximum
                "database.port": "five thousand",  # not a number
                "sip.srtp": "yes",  # not a JSON boolean
                "sip.username": 1001,  # not text
                "sip.registrar": "pbx.example.ru",  # fine
                "sip.no_such_option": 1,  # unknown: ignored, not a problem
            },
        },
    )

    settings = Settings.load(settings_file)

    bad = {
        Options.LANGUAGE,
        Options.SIP_LOCAL_PORT,
        Options.DB_PORT,
        Options.SIP_SRTP,
        Options.SIP_USERNAME,
    }
    assert sorted(settings.problems) == sorted(option.key for option in bad)
    for option in bad:
        assert settings.get(option) == option.default, option.key
    assert settings.get(Options.SIP_REGISTRAR) == "pbx.example.ru"


@pytest.mark.parametrize("option", BOUNDED_INT_OPTIONS, ids=lambda option: option.key)
def test_set_refuses_a_value_outside_the_bounds_naming_the_key(option: Option[int]) -> None:
    settings = Settings(Path("never-saved.json"))
    assert option.maximum is not None
    kept = option.maximum

    settings.set(option, kept)
    for outside in (option.maximum + 1, (option.minimum or 0) - 1):
        with pytest.raises(SettingsError, match=re.escape(option.key)) as refused:
            settings.set(option, outside)
        assert refused.value.key == option.key

    assert settings.get(option) == kept  # a refused value changes nothing


@pytest.mark.parametrize(
    ("option", "value"),
    [
        (Options.LANGUAGE, "de"),
        (Options.SIP_SRTP, "true"),
        (Options.SIP_LOCAL_PORT, True),
        (Options.SIP_LOCAL_PORT, 5060.5),
        (Options.SIP_USERNAME, None),
    ],
    ids=lambda item: item.key if isinstance(item, Option) else repr(item),
)
def test_set_refuses_a_value_of_the_wrong_kind(option: Option[Any], value: object) -> None:
    settings = Settings(Path("never-saved.json"))

    with pytest.raises(SettingsError) as refused:
        settings.set(option, value)

    assert refused.value.key == option.key
    assert settings.get(option) == option.default


@given(
    option=st.sampled_from(INT_OPTIONS),
    value=st.integers(min_value=-(2**20), max_value=2**20),
)
def test_int_options_accept_exactly_the_values_within_their_bounds(
    option: Option[int], value: int
) -> None:
    settings = Settings(Path("never-saved.json"))
    low = option.minimum if option.minimum is not None else -(2**63)
    high = option.maximum if option.maximum is not None else 2**63

    if low <= value <= high:
        settings.set(option, value)
        assert settings.get(option) == value
    else:
        with pytest.raises(SettingsError):
            settings.set(option, value)
        assert settings.get(option) == option.default


@pytest.mark.parametrize(
    "content",
    [
        b'{"version": 2, "values": {"ui.language": ',  # cut off mid-write
        b"[1, 2, 3]",  # JSON, but not an object
        b"\xff\xfe\x00garbage",  # not even text
    ],
    ids=["truncated", "not-an-object", "binary"],
)
def test_unreadable_file_is_kept_aside_and_defaults_are_used(
    settings_file: Path, content: bytes
) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_bytes(content)

    settings = Settings.load(settings_file)

    kept = settings_file.with_name("settings.broken.json")
    assert kept.read_bytes() == content  # nothing the user had is lost
    assert not settings_file.exists()
    assert settings.get(Options.LANGUAGE) == Options.LANGUAGE.default
    assert any(kept.name in problem for problem in settings.problems)

    settings.set(Options.SIP_LOCAL_PORT, 5099)
    settings.save()  # the desk carries on with a fresh file
    assert Settings.load(settings_file).get(Options.SIP_LOCAL_PORT) == 5099
    assert kept.read_bytes() == content


@pytest.mark.parametrize(
    "payload",
    [
        {"version": SCHEMA_VERSION, "values": ["ui.language", "en"]},
        {"version": SCHEMA_VERSION, "values": None},
        {"version": str(SCHEMA_VERSION), "values": {}},
        {"version": 0},
    ],
    ids=["values-a-list", "values-null", "version-a-string", "version-zero"],
)
def test_misshapen_file_is_kept_aside_instead_of_crashing(
    settings_file: Path, payload: dict[str, Any]
) -> None:
    write_json(settings_file, payload)

    settings = Settings.load(settings_file)

    assert settings_file.with_name("settings.broken.json").exists()
    assert settings.get(Options.LANGUAGE) == Options.LANGUAGE.default


def test_version_one_file_is_upgraded(settings_file: Path) -> None:
    # Version 1 had no version key and kept the language at the top level.
    write_json(settings_file, {"language": "en", "sip.local_port": 5072})

    settings = Settings.load(settings_file)

    assert settings.problems == []
    assert settings.get(Options.LANGUAGE) is Language.ENGLISH
    assert settings.get(Options.SIP_LOCAL_PORT) == 5072

    settings.save()
    on_disk = json.loads(settings_file.read_text(encoding="utf-8"))
    assert on_disk == {
        "version": SCHEMA_VERSION,
        "values": {"sip.local_port": 5072, "ui.language": "en"},
    }


def test_saving_leaves_no_temporary_files(settings_file: Path) -> None:
    settings = Settings.load(settings_file)
    for port in (5061, 5062, 5063):
        settings.set(Options.SIP_LOCAL_PORT, port)
        settings.save()

    assert [path.name for path in settings_file.parent.iterdir()] == [settings_file.name]
    assert Settings.load(settings_file).get(Options.SIP_LOCAL_PORT) == 5063


def test_failed_save_raises_and_leaves_no_temporary_file(settings_file: Path) -> None:
    # A directory where the file should be makes the final rename fail.
    settings_file.mkdir(parents=True)
    settings = Settings(settings_file)
    settings.set(Options.SIP_SRTP, True)

    with pytest.raises(OSError):
        settings.save()

    assert [path.name for path in settings_file.parent.iterdir()] == [settings_file.name]


def test_no_option_holds_a_secret() -> None:
    keys = [option.key for option in Options.all()]
    assert Options.SIP_USERNAME.key in keys  # the list is the real one

    secretive = re.compile(r"pass|pwd|secret|token|credential|private|pin\b", re.IGNORECASE)
    assert [key for key in keys if secretive.search(key)] == []
    # Nothing the keyring holds has a namesake in the settings file either.
    names = {key.split(".")[-1].replace("_", "-") for key in keys}
    assert names.isdisjoint({secret.value for secret in SecretName})


def test_every_option_default_is_valid_for_its_own_option() -> None:
    for option in Options.all():
        value = option.default
        assert option.coerce(value.value if isinstance(value, enum.Enum) else value) == value
