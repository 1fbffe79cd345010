"""`hotline-desk self-test`: checks every part the desk needs and says which one is broken.

The core checks what it owns (Python, pjsua2, the database, the keyring);
the Qt layer adds its own checks (Qt, platform plugin, audio devices) through
the ``hotline_desk.selftest`` entry point, so this module never imports Qt.
"""

from __future__ import annotations

import enum
import logging
import platform
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

from app.db.engine import DatabaseUnavailable, current_revision, head_revision, open_engine
from app.db.engine import sqlite_url as _sqlite_url
from app.paths import AppDirs, resource_path
from app.secrets import SecretStore
from app.settings import Settings

log = logging.getLogger(__name__)

SUPPORTED_PYTHON = ((3, 11), (3, 12))


class Status(enum.StrEnum):
    OK = "ok"
    WARNING = "warning"
    FAILED = "FAILED"


@dataclass(frozen=True)
class Check:
    """One line of the report. ``FAILED`` means a required part is broken."""

    name: str
    status: Status
    detail: str


def check_python() -> Check:
    version = sys.version_info[:2]
    detail = f"{platform.python_version()} ({platform.python_implementation()}, {sys.platform})"
    if SUPPORTED_PYTHON[0] <= version <= SUPPORTED_PYTHON[1]:
        return Check("Python", Status.OK, detail)
    return Check("Python", Status.FAILED, detail + "; 3.11 or 3.12 is needed")


def check_pjsua2() -> Check:
    try:
        import pjsua2  # noqa: PLC0415 - imported here so a broken binding is reported, not fatal

        version = pjsua2.Endpoint().libVersion().full
    except Exception as exc:  # noqa: BLE001 - any failure of the native module is the finding
        return Check("pjsua2", Status.FAILED, f"cannot load the SIP engine: {exc}")
    return Check("pjsua2", Status.OK, f"pjsip {version}")


def check_sip_tls() -> Check:
    """SIP over TLS: a TLS transport is made on the loopback and taken down. It needs the
    OpenSSL digests the pjsua2 package sets up from the libcrypto it ships beside itself, so
    an installer that leaves that folder out breaks TLS (and only TLS): this says so."""
    try:
        import pjsua2 as pj  # noqa: PLC0415 - as above

        package = Path(pj.__file__).resolve().parent
        found = [
            path
            for folder in (package, package.parent / "pjsua2_python.libs")
            for path in folder.glob("libcrypto*")
        ]
        if not found:
            return Check("SIP over TLS", Status.WARNING, f"no libcrypto beside {package}")
        endpoint = pj.Endpoint()
        endpoint.libCreate()
        try:
            config = pj.EpConfig()
            config.logConfig.level = config.logConfig.consoleLevel = 0
            config.uaConfig.threadCnt = 0
            config.uaConfig.mainThreadOnly = True
            endpoint.libInit(config)
            transport = pj.TransportConfig()
            transport.port = 0
            transport.boundAddress = "127.0.0.1"
            endpoint.transportCreate(pj.PJSIP_TRANSPORT_TLS, transport)
        finally:
            endpoint.libDestroy()
    except Exception as exc:  # noqa: BLE001 - any failure is the finding
        reason = exc.info() if hasattr(exc, "info") else str(exc)
        return Check("SIP over TLS", Status.WARNING, f"unavailable: {reason}")
    return Check("SIP over TLS", Status.OK, "a TLS transport can be made")


def check_database(dirs: AppDirs, url: str | None = None) -> Check:
    """The local file opens (with its key, when encrypted) and is at the latest revision."""
    path = dirs.database_file
    if not path.exists():
        return Check("database", Status.WARNING, f"{path} not created yet (made at first start)")
    engine = open_engine(url or _sqlite_url(path))
    try:
        current = current_revision(engine)
    except DatabaseUnavailable as exc:
        return Check("database", Status.FAILED, f"{path}: {exc.reason}")
    finally:
        engine.dispose()
    head = head_revision()
    if current == head:
        return Check("database", Status.OK, f"{path} at revision {current} (latest)")
    return Check(
        "database",
        Status.WARNING,
        f"{path} at revision {current}, latest is {head}: run 'hotline-desk db upgrade'",
    )


def check_keyring(store: SecretStore) -> Check:
    name = store.backend_name()
    if store.is_available():
        return Check("keyring", Status.OK, name)
    return Check(
        "keyring",
        Status.WARNING,
        f"{name}: no OS keyring, passwords are asked for each run "
        "(Linux: install gnome-keyring or another Secret Service)",
    )


def check_translations() -> Check:
    folder = resource_path("translations")
    built = sorted(p.name for p in folder.glob("*.qm"))
    if built:
        return Check("translations", Status.OK, ", ".join(built))
    return Check(
        "translations", Status.WARNING, "no .qm files: run 'make translations' (UI in English)"
    )


def plugin_checks() -> list[Check]:
    """Checks contributed by installed front ends (the Qt layer)."""
    results: list[Check] = []
    for entry in entry_points(group="hotline_desk.selftest"):
        try:
            provider: Callable[[], Iterable[Check]] = entry.load()
            results.extend(provider())
        except Exception as exc:  # noqa: BLE001 - a broken front end is a finding, not a crash
            results.append(Check(entry.name, Status.FAILED, f"{type(exc).__name__}: {exc}"))
    if not results:
        results.append(Check("Qt", Status.FAILED, "the Qt front end is not installed"))
    return results


def _local_url(dirs: AppDirs, store: SecretStore) -> str | None:
    from app.desk import local_url  # noqa: PLC0415 - the desk's rules, without its start-up

    try:
        return local_url(dirs, Settings.load(dirs.settings_file), store, convert=False)
    except (OSError, ValueError):
        return None


def run_checks(dirs: AppDirs, store: SecretStore) -> list[Check]:
    return [
        check_python(),
        check_pjsua2(),
        check_sip_tls(),
        *plugin_checks(),
        check_database(dirs, _local_url(dirs, store)),
        check_keyring(store),
        check_translations(),
    ]


def format_report(checks: list[Check]) -> str:
    width = max(len(check.name) for check in checks)
    lines = [f"{check.name:<{width}}  {check.status.value:<7}  {check.detail}" for check in checks]
    failed = [check.name for check in checks if check.status is Status.FAILED]
    lines.append("")
    lines.append("broken: " + ", ".join(failed) if failed else "all required parts work")
    return "\n".join(lines)
