"""One desk per user: a second launch hands over to the running desk and ends. A real second
process started with a tel: link (as a browser or the desktop starts it) puts the number in
the running desk's dial field and the operator is asked before anything is dialled; a plain
second launch brings the window forward; a link with no number is said so; a socket left
by a crashed desk is taken over."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer
from pytestqt.qtbot import QtBot

from app.paths import HOME_ENV, AppDirs
from ui.dialogs import RecordingDialogs
from ui.main_window import MainWindow
from ui.single_instance import InstanceServer, hand_over, instance_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def listening(qtbot: QtBot, window: MainWindow) -> InstanceServer:
    """The running desk listens, as ui/application.py sets it up."""
    server = InstanceServer(instance_name(AppDirs.default().data), window)
    assert server.listen()
    server.wished.connect(window.links.wish)
    return server


def second_launch(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", HOME_ENV: os.environ[HOME_ENV]}
    return subprocess.run(
        [sys.executable, "-m", "app", "--no-crash-dialog", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_a_tel_link_reaches_the_running_desk_which_asks_first(
    qtbot: QtBot, window: MainWindow, listening: InstanceServer
) -> None:
    dialogs = window.dialogs
    assert isinstance(dialogs, RecordingDialogs)
    dialogs.confirms = [False]  # the operator says no: nothing is dialled
    ended = second_launch("tel:+7-916-123-45-67")
    assert ended.returncode == 0, ended.stderr
    qtbot.waitUntil(lambda: window.call_panel.dial_field.text() == "+79161234567", timeout=10000)
    assert dialogs.shown[-1][:3] == ("confirm", "Звонок", "Позвонить на +79161234567?")


def test_a_second_plain_launch_brings_the_window_forward(
    qtbot: QtBot, window: MainWindow, listening: InstanceServer
) -> None:
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=5000)
    assert second_launch().returncode == 0
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=10000)


def test_a_link_without_a_number_is_said_so(
    qtbot: QtBot, window: MainWindow, listening: InstanceServer
) -> None:
    with qtbot.waitSignal(listening.wished, timeout=10000):
        assert hand_over(listening.name, {"cmd": "dial", "target": "tel:12"})
    dialogs = window.dialogs
    assert isinstance(dialogs, RecordingDialogs)
    assert dialogs.shown[-1][0] == "error" and "tel:12" in dialogs.shown[-1][2]
    assert window.call_panel.dial_field.text() == ""


def test_nobody_listening_means_this_launch_is_the_desk(qtbot: QtBot, tmp_path: Path) -> None:
    name = instance_name(tmp_path)
    assert not hand_over(name, {"cmd": "show"}, timeout_ms=500)
    stale = QLocalServer()  # a desk that crashed left its socket behind
    assert stale.listen(name)
    stale.close()
    server = InstanceServer(name)
    assert server.listen()
    with qtbot.waitSignal(server.wished, timeout=5000) as heard:
        assert hand_over(name, {"cmd": "show"})
    assert heard.args == [{"cmd": "show"}]
    server.close()
