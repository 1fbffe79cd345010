"""Fixtures for widget tests: a desk on a temporary database, the language manager, the window."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.desk import Desk, open_desk
from app.headset import hid_service
from app.paths import HOME_ENV, AppDirs
from app.secrets import SecretStore
from app.settings import Language
from ui.bridge import GuiBridge
from ui.dialogs import RecordingDialogs
from ui.i18n import LanguageManager, catalogue_path
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def collect_between_tests() -> Iterator[None]:
    """What a test left (closed windows, their phones and workers) is collected when it
    ends, as a desk's window collects at start-up (ui/application.settle_heap). In the full
    suite a collection in the middle of a later test, while that test's worker ran SQL on
    another thread, crashed the process (four CI runs, always in test_reports_view's first
    report; never with tests/ui alone): which finaliser is unsafe is not found yet."""
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def no_real_headset(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows in tests never open the developer's USB headset: the headset-button service
    finds no hidapi (tests that want a headset give it a fake one)."""
    monkeypatch.setattr(hid_service, "load_hidapi", lambda: None)


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    opened = open_desk(AppDirs.default(), secrets=SecretStore(backend=fail.Keyring()))
    yield opened
    opened.close()


@pytest.fixture
def languages(qapp: QApplication) -> Iterator[LanguageManager]:
    if not catalogue_path(Language.RUSSIAN).exists():
        pytest.fail("the Russian catalogue is not built: run 'make translations'", pytrace=False)
    manager = LanguageManager(qapp)
    manager.apply(Language.RUSSIAN)
    yield manager
    manager.apply(Language.ENGLISH)


@pytest.fixture
def dialogs() -> RecordingDialogs:
    return RecordingDialogs()


@pytest.fixture
def window(
    qtbot: QtBot, desk: Desk, languages: LanguageManager, dialogs: RecordingDialogs
) -> MainWindow:
    main = MainWindow(desk, GuiBridge(), languages.apply, dialogs)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main
