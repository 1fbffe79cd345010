"""Starting the desk as a person would: the installed command, a real window, no keyring."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.crash import CrashReport, install_crash_handler, uninstall_crash_handler
from app.desk import Desk
from app.secrets import SecretName
from app.settings import Options, SipMode
from tests.cli import run_desk
from tests.services import XDisplay
from ui.bridge import GuiBridge
from ui.crash_dialog import crash_notifier
from ui.dialogs import RecordingDialogs
from ui.main_window import MainWindow


def _assert_real_rendering(png: Path) -> None:
    image = QImage(str(png))
    assert not image.isNull(), "not a PNG Qt can read"
    assert image.width() >= 1000 and image.height() >= 700
    # A real window has text, frames and disabled buttons: many distinct colours.
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20, f"looks blank: {len(colours)} colours"


def test_screenshot_from_the_installed_command(tmp_path: Path) -> None:
    png = tmp_path / "main.png"
    result = run_desk(tmp_path / "home", "--no-crash-dialog", "--screenshot", str(png))
    assert result.returncode == 0, result.stderr
    _assert_real_rendering(png)
    # The first start made and migrated the embedded database in the per-user directory.
    assert (tmp_path / "home" / "data" / "hotline-desk.sqlite3").exists()
    assert (tmp_path / "home" / "log" / "hotline-desk.log").exists()


@pytest.mark.service
def test_real_window_on_an_x_server(tmp_path: Path, xvfb_display: XDisplay) -> None:
    """The xcb platform plugin loads with the packages the README lists."""
    png = tmp_path / "x11.png"
    result = run_desk(
        tmp_path / "home",
        "--no-crash-dialog",
        "--language",
        "en",
        "--screenshot",
        str(png),
        DISPLAY=xvfb_display.name,
        QT_QPA_PLATFORM="xcb",
    )
    assert result.returncode == 0, result.stderr
    _assert_real_rendering(png)


def test_no_keyring_asks_for_the_password_for_this_run(
    qtbot: QtBot, desk: Desk, languages: object
) -> None:
    desk.settings.set(Options.SIP_MODE, SipMode.REGISTRAR)
    desk.settings.set(Options.SIP_USERNAME, "op1001")
    dialogs = RecordingDialogs(passwords=["секрет-на-смену"])
    window = MainWindow(desk, GuiBridge(), lambda _lang: None, dialogs)
    qtbot.addWidget(window)

    window.ask_missing_secrets()

    assert [kind for kind, _title, _text in dialogs.shown] == ["password"]
    assert "op1001" in dialogs.shown[0][2]
    assert desk.secrets.get(SecretName.SIP_PASSWORD, "op1001") == "секрет-на-смену"
    assert desk.secrets.is_session_only(SecretName.SIP_PASSWORD, "op1001")
    desk.settings.save()
    assert "секрет" not in desk.settings.path.read_text(encoding="utf-8")


def test_crash_dialog_is_shown_on_the_gui_thread_only(qtbot: QtBot, tmp_path: Path) -> None:
    shown_on: list[bool] = []

    class Recorder(RecordingDialogs):
        def error(self, parent: object, title: str, text: str, details: str = "") -> None:
            shown_on.append(threading.current_thread() is threading.main_thread())
            super().error(None, title, text, details)

    dialogs = Recorder()
    notify = crash_notifier(GuiBridge(), dialogs)
    report = CrashReport(
        path=tmp_path / "crash.txt",
        exc_type="RuntimeError",
        message="boom",
        thread_name="sync",
        is_main_thread=False,
    )
    worker = threading.Thread(target=notify, args=(report,))
    worker.start()
    worker.join(timeout=5)

    qtbot.waitUntil(lambda: len(dialogs.shown) == 1, timeout=5000)
    assert shown_on == [True]
    assert str(tmp_path / "crash.txt") in dialogs.shown[0][2]


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_writes_a_crash_file_and_tells_the_operator(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialogs = RecordingDialogs()
    install_crash_handler(tmp_path / "crashes", crash_notifier(GuiBridge(), dialogs))
    try:

        def broken_slot() -> None:
            raise RuntimeError("caller SNILS 112-233-445 95 broke the form")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: len(dialogs.shown) == 1, timeout=5000)
    finally:
        uninstall_crash_handler()

    files = list((tmp_path / "crashes").glob("crash-*.txt"))
    assert len(files) == 1
    text = files[0].read_text(encoding="utf-8")
    assert "RuntimeError" in text and "broken_slot" in text
    assert "112-233-445 95" not in text
    assert str(files[0]) in dialogs.shown[0][2]


def test_screenshot_of_a_ringing_demo_call(tmp_path: Path) -> None:
    """What a newcomer sees with `hotline-desk --demo-call`: the call rings on a fresh desk."""
    png = tmp_path / "demo.png"
    home = tmp_path / "home"
    home.mkdir()
    result = run_desk(home, "--no-crash-dialog", "--demo-call", "--screenshot", str(png))
    assert result.returncode == 0, result.stderr
    _assert_real_rendering(png)
    log_text = (home / "log" / "hotline-desk.log").read_text(encoding="utf-8")
    assert "-> ringing" in log_text
    with sqlite3.connect(home / "data" / "hotline-desk.sqlite3") as db:
        rows = db.execute("SELECT display_name, case_number FROM call_records").fetchall()
    assert rows == [("Ivan Petrov", "HD-20261125-0042")]
