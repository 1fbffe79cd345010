"""The installed `hotline-desk` command as an operator or admin runs it: database upkeep, the
self-test report (and what it says when a part is broken), errors without passwords, --version."""

from __future__ import annotations

import platform
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from app import __version__
from app.db.engine import head_revision
from app.paths import HOME_ENV, AppDirs, resource_path
from tests.cli import run_desk

REPORT_LINE = re.compile(
    r"^(?P<name>\S.*?)\s{2,}(?P<status>ok|warning|FAILED)\s{2,}(?P<detail>.*)$"
)


def run(
    home: Path, *args: str, command: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_desk(home, *args, command=command)


def home_dirs(home: Path, monkeypatch: pytest.MonkeyPatch) -> AppDirs:
    """The directories the command uses when HOTLINE_DESK_HOME is ``home``."""
    monkeypatch.setenv(HOME_ENV, str(home))
    return AppDirs.default()


def report(stdout: str) -> dict[str, tuple[str, str]]:
    """The self-test report as {check name: (status, detail)}."""
    found = {}
    for line in stdout.splitlines():
        match = REPORT_LINE.match(line)
        if match:
            found[match["name"]] = (match["status"], match["detail"])
    return found


@pytest.fixture
def refused_port() -> Iterator[int]:
    """A port on 127.0.0.1 held bound but not listening: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def test_db_upgrade_creates_and_migrates_the_embedded_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database_file = home_dirs(tmp_path, monkeypatch).database_file
    assert not database_file.exists()

    upgraded = run(tmp_path, "db", "upgrade")

    assert upgraded.returncode == 0, upgraded.stderr
    assert database_file.exists()
    assert f"empty -> {head_revision()}" in upgraded.stdout
    status = run(tmp_path, "db", "status")
    assert status.returncode == 0, status.stderr
    assert f"{head_revision()} (latest)" in status.stdout
    assert str(database_file) in status.stdout


def test_self_test_reports_every_part_and_passes(tmp_path: Path) -> None:
    result = run(tmp_path, "self-test")

    assert result.returncode == 0, result.stdout + result.stderr
    checks = report(result.stdout)
    assert set(checks) >= {
        "Python",
        "pjsua2",
        "Qt",
        "audio devices",
        "database",
        "keyring",
        "translations",
    }
    assert checks["Python"][0] == "ok"
    assert platform.python_version() in checks["Python"][1]
    pjsip = ".".join(version("pjsua2-python").split(".")[:2])
    assert checks["pjsua2"][0] == "ok"
    assert re.search(rf"pjsip {re.escape(pjsip)}\b", checks["pjsua2"][1])
    assert checks["SIP over TLS"] == ("ok", "a TLS transport can be made")
    assert checks["Qt"][0] == "ok"
    assert version("PySide6") in checks["Qt"][1]
    assert checks["audio devices"][0] in {"ok", "warning"}
    assert checks["database"][0] == "warning"  # not created before the first start
    assert "not created yet" in checks["database"][1]
    assert checks["keyring"][0] == "warning"
    assert "gnome-keyring" in checks["keyring"][1]
    translations = sorted(p.name for p in resource_path("translations").glob("*.qm"))
    assert translations, "the translations are built"
    assert checks["translations"] == ("ok", ", ".join(translations))
    assert result.stdout.rstrip().endswith("all required parts work")


def test_self_test_names_a_broken_database_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database_file = home_dirs(tmp_path, monkeypatch).database_file
    database_file.parent.mkdir(parents=True)
    garbage = bytes(range(256)) * 64
    database_file.write_bytes(garbage)

    result = run(tmp_path, "self-test")

    assert result.returncode == 1
    checks = report(result.stdout)
    assert checks["database"][0] == "FAILED"
    assert str(database_file) in checks["database"][1]
    assert result.stdout.rstrip().endswith("broken: database")
    assert database_file.read_bytes() == garbage  # the self-test does not touch the user's data
    assert "Traceback" not in result.stderr


def test_unreachable_postgres_fails_clearly_without_showing_the_password(
    tmp_path: Path, refused_port: int
) -> None:
    password = "Zx9-hotline-S3cret"
    url = f"postgresql+psycopg://desk:{password}@127.0.0.1:{refused_port}/hotline"

    result = run(tmp_path, "db", "upgrade", "--url", url)

    assert result.returncode == 1
    assert "cannot be used" in result.stderr
    assert f"desk:***@127.0.0.1:{refused_port}/hotline" in result.stderr
    assert "Traceback" not in result.stderr
    assert password not in result.stdout + result.stderr
    log_files = [path for path in (tmp_path / "log").rglob("*") if path.is_file()]
    assert log_files, "the command keeps a log file"
    for log_file in log_files:
        assert password not in log_file.read_text(errors="replace"), log_file


def test_version_prints_the_package_version(tmp_path: Path) -> None:
    result = run(tmp_path, "--version")

    assert result.returncode == 0
    assert result.stdout.split() == ["hotline-desk", __version__]


def test_python_dash_m_app_is_the_same_command(tmp_path: Path) -> None:
    result = run(tmp_path, "--version", command=[sys.executable, "-m", "app"])

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["hotline-desk", __version__]
