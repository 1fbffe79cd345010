"""The central sync as the operator sees it, on a real PostgreSQL behind a relay the test
cuts: the status bar says in step, then offline with what waits and that nothing is lost,
then — after "Sync now" (F9) — in step again with nothing waiting; a large pull shows its
progress."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.db.database import Database
from app.db.ticket_models import Ticket
from app.desk import Desk, open_desk
from app.paths import HOME_ENV, AppDirs
from app.secrets import SecretStore
from app.settings import DatabaseMode, Options, Settings, SslMode
from app.sync.worker import Link, SyncStatus
from app.tickets.workflow import EventKind
from tests.netcut import NetCut
from ui import ticket_texts
from ui.bridge import GuiBridge
from ui.dialogs import RecordingDialogs
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.sync_status import SyncIndicator

SHOTS = os.environ.get("HOTLINE_DOCS_SCREENSHOTS")


@pytest.fixture
def central_desk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, central: Database, relay: NetCut
) -> Iterator[Desk]:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    dirs = AppDirs.default().ensure()
    settings = Settings.load(dirs.settings_file)
    settings.set(Options.DB_MODE, DatabaseMode.CENTRAL)
    settings.set(Options.DB_HOST, "127.0.0.1")
    settings.set(Options.DB_PORT, relay.port)
    settings.set(Options.DB_NAME, str(make_url(central.engine.url).database))
    settings.set(Options.DB_USER, "postgres")
    settings.set(Options.DB_SSLMODE, SslMode.DISABLE)
    settings.save()
    desk = open_desk(dirs, secrets=SecretStore(backend=fail.Keyring()))
    yield desk
    desk.close()


def shoot(window: MainWindow, name: str) -> None:
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / name), "PNG")


@pytest.mark.service
def test_the_status_bar_follows_an_outage_and_the_recovery(
    qtbot: QtBot,
    central_desk: Desk,
    central: Database,
    relay: NetCut,
    languages: LanguageManager,
) -> None:
    window = MainWindow(central_desk, GuiBridge(), languages.apply, RecordingDialogs())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    indicator = window.status.sync_indicator
    assert indicator.isVisible() and not window.status.db_label.isVisible()
    window.start_sync()
    qtbot.waitUntil(lambda: indicator.status.link is Link.ONLINE, timeout=30000)
    assert "синхронизировано" in indicator.label.text()

    relay.cut()
    for n in range(3):
        draft = central_desk.tickets.open_draft().result(10)
        central_desk.tickets.save_draft(draft.id, {"description": f"Без связи {n}"}).result(10)
    qtbot.keyClick(window, Qt.Key.Key_F9)  # Sync now
    qtbot.waitUntil(lambda: indicator.status.link is Link.OFFLINE, timeout=30000)
    text = indicator.label.text()
    assert "нет связи" in text and "к отправке: 6" in text
    assert "Ничего не потеряно" in indicator.label.toolTip()
    shoot(window, "sync-offline.png")

    relay.restore()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(
        lambda: indicator.status.link is Link.ONLINE and indicator.status.pending == 0,
        timeout=30000,
    )
    assert "к отправке" not in indicator.label.text()
    shoot(window, "sync-recovered.png")
    on_server = central.read(lambda s: s.scalar(select(func.count(Ticket.id))))
    assert on_server == 3


def test_a_long_pull_shows_its_progress_and_a_refusal_is_flagged(
    qtbot: QtBot, languages: LanguageManager
) -> None:
    indicator = SyncIndicator()
    qtbot.addWidget(indicator)
    indicator.show()
    assert "подключение" in indicator.label.text()  # nothing heard from the worker yet

    indicator.show_status(SyncStatus(Link.SYNCING, progress=(40000, 100000)))
    assert indicator.progress.isVisible()
    assert indicator.progress.text() == "40000 из 100000"

    last = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    indicator.show_status(SyncStatus(Link.ONLINE, pending=2, refused=1, last_sync=last))
    assert not indicator.progress.isVisible()
    text = indicator.label.text()
    assert "отклонено: 1" in text and "к отправке: 2" in text
    assert "администратор" in indicator.label.toolTip()
    assert "b00020" in indicator.label.styleSheet()  # a refusal is shown in red


def test_a_merged_ticket_says_in_its_log_what_was_not_taken(languages: LanguageManager) -> None:
    conflict = {
        "description": {"kept": "уточнено на A", "lost": "уточнено на B"},
        "priority": {"kept": "high", "lost": "normal"},
    }
    line = ticket_texts.event(EventKind.FIELD_CHANGED, {"conflict": conflict}, {})
    assert line.startswith("Правки с двух рабочих мест")
    assert line.endswith("Не принято: Описание «уточнено на B»; Приоритет")
