"""Uncaught exceptions leave a masked crash file, a log line and a notifier call: checked in child
processes for the real hooks, and in process for installing, restoring and failure paths."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest

import app
from app.crash import CrashReport, install_crash_handler, uninstall_crash_handler

REPO = Path(__file__).resolve().parents[2]
SNILS = "112-233-445 95"

# A child process: the desk's logging and crash handler, then one uncaught exception.
CHILD = """
import json, sys, threading
from pathlib import Path
from app.crash import install_crash_handler
from app.logs import setup_logging

crash_dir, log_dir, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
setup_logging(log_dir)

def notify(report):
    print("NOTIFY " + json.dumps({
        "path": str(report.path), "exc_type": report.exc_type, "message": report.message,
        "thread_name": report.thread_name, "is_main_thread": report.is_main_thread,
        "notifier_thread": threading.current_thread().name,
    }), flush=True)
    if mode.endswith("-bad-notifier"):
        raise RuntimeError("dialog failed for o.sidorova@example.com")

install_crash_handler(crash_dir, notify)

def work():
    raise ValueError("SNILS 112-233-445 95 does not match the account")

if mode.startswith("main"):
    work()
elif mode == "thread":
    worker = threading.Thread(target=work, name="sync-worker")
    worker.start()
    worker.join()
    print("MAIN CONTINUES", flush=True)
elif mode == "keyboard":
    raise KeyboardInterrupt
"""


def _run_child(tmp_path: Path, mode: str) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    crash_dir, log_dir = tmp_path / "crashes", tmp_path / "log"
    # A script file rather than ``-c``, so the traceback quotes the source line (with the SNILS).
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, str(script), str(crash_dir), str(log_dir), mode],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    return result, crash_dir, log_dir / "hotline-desk.log"


def _notifications(stdout: str) -> list[dict[str, object]]:
    prefix = "NOTIFY "
    return [
        json.loads(line[len(prefix) :]) for line in stdout.splitlines() if line.startswith(prefix)
    ]


def _single_crash_file(crash_dir: Path) -> Path:
    files = sorted(crash_dir.glob("crash-*.txt"))
    assert len(files) == 1, files
    assert files[0].name.startswith("crash-")
    return files[0]


def _assert_crash_file(path: Path, thread_name: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert SNILS not in text
    assert "Traceback (most recent call last)" in text
    assert "ValueError: SNILS [snils] does not match the account" in text
    assert 'raise ValueError("SNILS [snils] does not match the account")' in text
    assert f"Version: {app.__version__}" in text
    assert f"Python: {sys.version.split()[0]}" in text
    assert "Platform: " in text
    assert f"Thread: {thread_name}" in text
    return text


def test_main_thread_crash(tmp_path: Path) -> None:
    result, crash_dir, log_file = _run_child(tmp_path, "main")
    assert result.returncode == 1
    path = _single_crash_file(crash_dir)
    _assert_crash_file(path, "MainThread")
    assert [n["is_main_thread"] for n in _notifications(result.stdout)] == [True]
    (note,) = _notifications(result.stdout)
    assert note["path"] == str(path)
    assert note["exc_type"] == "ValueError"
    assert note["message"] == "SNILS [snils] does not match the account"
    assert note["thread_name"] == "MainThread"
    log_text = log_file.read_text(encoding="utf-8")
    assert "CRITICAL" in log_text
    assert "Uncaught ValueError in thread MainThread" in log_text
    assert SNILS not in log_text
    assert SNILS not in result.stderr


def test_worker_thread_crash(tmp_path: Path) -> None:
    result, crash_dir, log_file = _run_child(tmp_path, "thread")
    assert result.returncode == 0, result.stderr
    assert "MAIN CONTINUES" in result.stdout
    path = _single_crash_file(crash_dir)
    _assert_crash_file(path, "sync-worker")
    (note,) = _notifications(result.stdout)
    assert note["is_main_thread"] is False
    assert note["thread_name"] == "sync-worker"
    assert note["notifier_thread"] == "sync-worker"  # the GUI's notifier marshals it itself
    assert "Uncaught ValueError in thread sync-worker" in log_file.read_text(encoding="utf-8")
    assert SNILS not in result.stderr


def test_keyboard_interrupt_goes_to_the_previous_hook(tmp_path: Path) -> None:
    result, crash_dir, _ = _run_child(tmp_path, "keyboard")
    assert result.returncode != 0
    assert "KeyboardInterrupt" in result.stderr  # the default hook printed it
    assert not crash_dir.exists() or not any(crash_dir.iterdir())
    assert _notifications(result.stdout) == []


def test_failing_notifier_keeps_the_crash_file(tmp_path: Path) -> None:
    result, crash_dir, log_file = _run_child(tmp_path, "main-bad-notifier")
    assert len(_notifications(result.stdout)) == 1
    _assert_crash_file(_single_crash_file(crash_dir), "MainThread")
    log_text = log_file.read_text(encoding="utf-8")
    assert "The crash notifier failed" in log_text
    assert "RuntimeError: dialog failed for [email]" in log_text
    assert "o.sidorova@example.com" not in log_text
    assert "o.sidorova@example.com" not in result.stderr


# --- in process -------------------------------------------------------------------------------


@pytest.fixture
def restore_hooks() -> Iterator[None]:
    before = (sys.excepthook, threading.excepthook)
    yield
    uninstall_crash_handler()
    sys.excepthook, threading.excepthook = before


def _exc_info(error: BaseException) -> tuple[type[BaseException], BaseException, TracebackType]:
    try:
        raise error
    except BaseException as caught:  # noqa: BLE001 - re-packaged for the hook
        assert caught.__traceback__ is not None
        return type(caught), caught, caught.__traceback__


def test_install_and_uninstall_restore_the_previous_hooks(restore_hooks: None) -> None:
    calls: list[type[BaseException]] = []

    def previous(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        calls.append(exc_type)

    sys.excepthook = previous
    threading_before = threading.excepthook
    install_crash_handler(Path("unused"))
    install_crash_handler(Path("unused-again"))  # a second call keeps the original hooks
    assert sys.excepthook is not previous
    assert threading.excepthook is not threading_before

    sys.excepthook(*_exc_info(KeyboardInterrupt()))
    assert calls == [KeyboardInterrupt]

    uninstall_crash_handler()
    assert sys.excepthook is previous
    assert threading.excepthook is threading_before
    uninstall_crash_handler()  # harmless when not installed
    assert sys.excepthook is previous


def test_in_process_hooks_write_and_notify(
    tmp_path: Path, restore_hooks: None, caplog: pytest.LogCaptureFixture
) -> None:
    reports: list[CrashReport] = []
    install_crash_handler(tmp_path, reports.append)

    sys.excepthook(*_exc_info(LookupError(f"no account for {SNILS}")))

    def fail() -> None:
        raise OSError("e-mail ivan.petrov@example.ru bounced")

    worker = threading.Thread(target=fail, name="mailer")
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive()

    assert [(r.exc_type, r.is_main_thread, r.thread_name) for r in reports] == [
        ("LookupError", True, "MainThread"),
        ("OSError", False, "mailer"),
    ]
    assert reports[0].message == "no account for [snils]"
    assert reports[1].message == "e-mail [email] bounced"
    paths = [r.path for r in reports]
    assert all(p is not None and p.parent == tmp_path for p in paths)
    assert len(set(paths)) == 2  # two crashes in the same second get two files
    assert all(SNILS not in record.getMessage() for record in caplog.records)
    assert any(
        record.levelno == logging.CRITICAL and "Uncaught OSError" in record.getMessage()
        for record in caplog.records
    )


def test_unwritable_crash_dir_still_notifies(
    tmp_path: Path, restore_hooks: None, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    reports: list[CrashReport] = []
    install_crash_handler(blocker / "crashes", reports.append)
    sys.excepthook(*_exc_info(RuntimeError("boom")))
    assert len(reports) == 1
    assert reports[0].path is None
    assert any("Could not write a crash report" in r.getMessage() for r in caplog.records)


def test_crash_report_is_frozen() -> None:
    report = CrashReport(None, "ValueError", "m", "MainThread", is_main_thread=True)
    with pytest.raises(AttributeError):
        report.thread_name = "other"  # type: ignore[misc]
