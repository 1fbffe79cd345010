"""Typed, versioned desk settings, each option declared once with its default (Picard's model).

Settings live in a JSON file in the per-user config directory. The file carries
a schema version; :data:`UPGRADES` turns an older file into the current shape
step by step. Secrets never live here: they go through :mod:`app.secrets`.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from app.hotkeys import DEFAULT_BINDINGS, HotkeyAction
from app.paths import machine_settings_path

log = logging.getLogger(__name__)

T = TypeVar("T")

SCHEMA_VERSION = 2


class Language(enum.StrEnum):
    RUSSIAN = "ru"
    ENGLISH = "en"


class SipMode(enum.StrEnum):
    """Direct: the desk listens for SIP calls itself. Registrar: it registers with a PBX."""

    DIRECT = "direct"
    REGISTRAR = "registrar"


class SipTransport(enum.StrEnum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


class DatabaseMode(enum.StrEnum):
    """Embedded: the local SQLite file only. Central: also sync with PostgreSQL."""

    EMBEDDED = "embedded"
    CENTRAL = "central"


class SslMode(enum.StrEnum):
    DISABLE = "disable"
    PREFER = "prefer"
    REQUIRE = "require"
    VERIFY_CA = "verify-ca"
    VERIFY_FULL = "verify-full"


class SettingsError(ValueError):
    """A value that does not fit its option; ``key`` names the option."""

    def __init__(self, key: str, value: object) -> None:
        super().__init__(f"invalid value for {key}: {value!r}")
        self.key = key
        self.value = value


@dataclass(frozen=True)
class Option(Generic[T]):
    """One setting: its key (``section.name``), type and default, and optional bounds."""

    key: str
    default: T
    minimum: int | None = None
    maximum: int | None = None

    def coerce(self, value: object) -> T:
        """The value in this option's type, or :class:`SettingsError`."""
        kind: Any = type(self.default)
        try:
            if isinstance(self.default, enum.Enum):
                result: Any = kind(value)
            elif isinstance(self.default, bool):
                if not isinstance(value, bool):
                    raise TypeError
                result = value
            elif isinstance(self.default, int):
                if isinstance(value, bool) or not isinstance(value, int | str):
                    raise TypeError
                result = int(value)
            elif isinstance(self.default, str):
                if not isinstance(value, str):
                    raise TypeError
                result = value.strip()
            else:  # pragma: no cover - every declared option has one of the types above
                raise TypeError
        except (TypeError, ValueError):
            raise SettingsError(self.key, value) from None
        if isinstance(result, int) and not isinstance(result, bool):
            if self.minimum is not None and result < self.minimum:
                raise SettingsError(self.key, value)
            if self.maximum is not None and result > self.maximum:
                raise SettingsError(self.key, value)
        return cast(T, result)


class Options:
    """Every option the desk has, declared once."""

    LANGUAGE = Option("ui.language", Language.RUSSIAN)
    OPERATOR_LOGIN = Option("ui.operator_login", "")

    SIP_MODE = Option("sip.mode", SipMode.DIRECT)
    SIP_LISTEN_ADDRESS = Option("sip.listen_address", "127.0.0.1")
    SIP_LOCAL_PORT = Option("sip.local_port", 5070, minimum=1, maximum=65535)
    SIP_REGISTRAR = Option("sip.registrar", "")
    SIP_USERNAME = Option("sip.username", "")
    SIP_DISPLAY_NAME = Option("sip.display_name", "")
    SIP_TRANSPORT = Option("sip.transport", SipTransport.UDP)
    SIP_SRTP = Option("sip.srtp", False)
    SIP_NOT_READY_CODE = Option("sip.not_ready_code", 486, minimum=480, maximum=486)
    SIP_AUTO_ANSWER_SECONDS = Option("sip.auto_answer_seconds", -1, minimum=-1, maximum=60)
    SIP_CALL_WAITING = Option("sip.call_waiting", True)

    AUDIO_MICROPHONE = Option("audio.microphone", "")
    AUDIO_EARPIECE = Option("audio.earpiece", "")
    AUDIO_RINGTONE = Option("audio.ringtone", "")
    AUDIO_RINGTONE_VOLUME = Option("audio.ringtone_volume", 80, minimum=0, maximum=100)
    AUDIO_EARPIECE_VOLUME = Option("audio.earpiece_volume", 100, minimum=0, maximum=100)
    AUDIO_MICROPHONE_GAIN_DB = Option("audio.microphone_gain_db", 0, minimum=-20, maximum=20)

    #: The thresholds the report definitions name (docs/kpi.md).
    REPORT_SERVICE_LEVEL_SECONDS = Option(
        "reports.service_level_seconds", 20, minimum=1, maximum=600
    )
    REPORT_SHORT_ABANDON_SECONDS = Option("reports.short_abandon_seconds", 5, minimum=0, maximum=60)
    REPORT_REPEAT_WINDOW_DAYS = Option("reports.repeat_window_days", 7, minimum=1, maximum=90)

    #: Portal requests (issue 11): the call-back is due within this many working hours of
    #: the line for the request's language; an unclaimed request goes to the supervisors
    #: after this many working minutes; this many unanswered attempts, this far apart.
    PORTAL_CALLBACK_HOURS = Option("portal.callback_hours", 4, minimum=1, maximum=72)
    PORTAL_ESCALATE_MINUTES = Option("portal.escalate_minutes", 30, minimum=5, maximum=1440)
    PORTAL_ATTEMPTS = Option("portal.attempts", 3, minimum=1, maximum=10)
    PORTAL_RETRY_MINUTES = Option("portal.retry_minutes", 60, minimum=5, maximum=1440)

    RECORDING_ENABLED = Option("recording.enabled", False)
    RECORDING_NOTICE = Option("recording.notice", True)  # the caller hears that it is recorded
    RECORDING_RETENTION_DAYS = Option("recording.retention_days", 90, minimum=1, maximum=3650)

    #: The verification level at which a caller hears their application's details (why it
    #: was rejected, what to bring) and the list of their applications: partial or full.
    APPLICATIONS_DETAIL_LEVEL = Option("applications.detail_level", "partial")
    SMS_GATEWAY_URL = Option("verification.sms_gateway_url", "")  # '' = the demo outbox file
    #: Failed checks of one citizen within 24 hours before verification by phone is refused.
    VERIFICATION_FAILURES_PER_DAY = Option(
        "verification.failures_per_day", 3, minimum=1, maximum=20
    )
    #: Full verification needs a document and the answer or a code; with this on, both.
    VERIFICATION_ANSWER_AND_CODE = Option("verification.answer_and_code", False)

    #: This desktop's ticket desk number (1-999, app/tickets/numbers.py); 0 = not assigned
    #: yet: a number derived from the installation id stands in (unique only by luck).
    TICKETS_DESK_NUMBER = Option("tickets.desk_number", 0, minimum=0, maximum=999)
    TICKETS_INSTALLATION_ID = Option("tickets.installation_id", "")  # made once, never shown
    CALLBACK_WINDOW_MINUTES = Option("tickets.callback_window_minutes", 30, minimum=1, maximum=240)

    HEADSET_BUTTONS = Option("audio.headset_buttons", True)
    HEADSET_BUTTONS_DEVICE = Option("audio.headset_buttons_device", "")  # '' = the first found

    HOTKEYS_ENABLED = Option("hotkeys.enabled", True)
    HOTKEY_ANSWER = Option("hotkeys.answer", DEFAULT_BINDINGS[HotkeyAction.ANSWER])
    HOTKEY_HANG_UP = Option("hotkeys.hang_up", DEFAULT_BINDINGS[HotkeyAction.HANG_UP])
    HOTKEY_HOLD = Option("hotkeys.toggle_hold", DEFAULT_BINDINGS[HotkeyAction.TOGGLE_HOLD])
    HOTKEY_MUTE = Option("hotkeys.toggle_mute", DEFAULT_BINDINGS[HotkeyAction.TOGGLE_MUTE])
    HOTKEY_READY = Option("hotkeys.toggle_ready", DEFAULT_BINDINGS[HotkeyAction.TOGGLE_READY])
    HOTKEY_ANSWER_OR_HANG_UP = Option(
        "hotkeys.answer_or_hang_up", DEFAULT_BINDINGS[HotkeyAction.ANSWER_OR_HANG_UP]
    )

    DB_MODE = Option("database.mode", DatabaseMode.EMBEDDED)
    DB_HOST = Option("database.host", "")
    DB_PORT = Option("database.port", 5432, minimum=1, maximum=65535)
    DB_NAME = Option("database.name", "hotline")
    DB_USER = Option("database.user", "")
    DB_SSLMODE = Option("database.sslmode", SslMode.PREFER)

    LOG_SIP_TRACE = Option("logging.sip_trace", False)

    @classmethod
    def all(cls) -> Iterator[Option[Any]]:
        for value in vars(cls).values():
            if isinstance(value, Option):
                yield value

    @classmethod
    def hotkey(cls, action: HotkeyAction) -> Option[str]:
        """The option holding ``action``'s combination (canonical text, '' for none)."""
        option: Option[str] = cls.by_key(f"hotkeys.{action.value}")
        return option

    @classmethod
    def by_key(cls, key: str) -> Option[Any]:
        for option in cls.all():
            if option.key == key:
                return option
        raise KeyError(key)


def _upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept the interface language as ``language`` at the top level."""
    if "language" in data:
        data["ui.language"] = data.pop("language")
    return data


#: ``UPGRADES[n]`` turns a version-n file into version n+1.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _upgrade_1_to_2}


def _read(path: Path) -> dict[str, Any]:
    """A settings file's values, brought up to the current schema; ValueError if broken."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError("not a JSON object")
    version = raw.pop("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError(f"unknown settings version {version!r}")
    values = raw.get("values", raw) if version >= 2 else raw
    if not isinstance(values, dict):
        raise ValueError("the values are not a JSON object")
    values = dict(values)
    while version < SCHEMA_VERSION:
        values = UPGRADES[version](values)
        version += 1
    return values


class Settings:
    """The settings of one desk, loaded from and saved to one JSON file; values an
    administrator set in the machine-wide file (app.paths.machine_settings_path) win and
    cannot be changed here."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._values: dict[str, Any] = {}
        self._locked: dict[str, Any] = {}  # from the machine-wide file
        self.machine_path: Path | None = None
        self.problems: list[str] = []

    @property
    def path(self) -> Path:
        return self._path

    @classmethod
    def load(cls, path: Path, machine: Path | bool | None = True) -> Settings:
        """Read the file; a missing file gives the defaults; a broken one is kept aside.
        ``machine``: the machine-wide file whose values are locked (True: the system's,
        app.paths.machine_settings_path); an administrator's file is never moved."""
        settings = cls(path)
        if machine is True:
            machine = machine_settings_path()
        if isinstance(machine, Path) and machine.exists():
            settings.machine_path = machine
            try:
                settings._locked = settings._coerced(_read(machine))
            except (OSError, ValueError) as exc:
                log.warning("machine settings file %s unreadable (%s): not used", machine, exc)
                settings.problems.append(f"unreadable machine settings file {machine}")
        if not path.exists():
            return settings
        try:
            values = _read(path)
        except (OSError, ValueError) as exc:
            broken = path.with_suffix(".broken.json")
            log.warning("settings file unreadable (%s); kept as %s, defaults used", exc, broken)
            os.replace(path, broken)
            settings.problems.append(f"unreadable settings file kept as {broken.name}")
            return settings
        settings._values = settings._coerced(values)
        return settings

    def _coerced(self, values: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in values.items():
            try:
                option = Options.by_key(key)
                found[key] = option.coerce(value)
            except KeyError:
                log.info("unknown setting %s ignored", key)
            except SettingsError:
                self.problems.append(key)
                log.warning("setting %s has an invalid value; default used", key)
        return found

    def is_locked(self, option: Option[Any]) -> bool:
        """Whether the machine-wide file sets ``option`` (the desk cannot change it)."""
        return option.key in self._locked

    def get(self, option: Option[T]) -> T:
        if option.key in self._locked:
            return cast(T, self._locked[option.key])
        return cast(T, self._values.get(option.key, option.default))

    def set(self, option: Option[T], value: object) -> None:
        """Change ``option``; a locked one stays as the machine file says (nothing stored)."""
        coerced = option.coerce(value)
        if option.key in self._locked:
            return
        self._values[option.key] = coerced

    def reset(self, option: Option[Any]) -> None:
        self._values.pop(option.key, None)

    def save(self) -> None:
        """Write atomically: a crash mid-write never leaves a half file."""
        self._path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "version": SCHEMA_VERSION,
            "values": {
                key: (value.value if isinstance(value, enum.Enum) else value)
                for key, value in sorted(self._values.items())
            },
        }
        fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False, indent=2)
            os.replace(tmp, self._path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
