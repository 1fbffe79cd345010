"""The wallboard window (ui/wallboard.py) on a desk's real database: the tiles and the table
filled from the operators' published states, a refresh of its own showing a change, and a
database that stops answering (a server on a port nobody listens on) said plainly while the
last figures stay; a board on a tab, in the window's language, reading only while shown."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QTabWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, create_engine

from app.db.database import Database
from app.db.report_models import PresenceState
from app.db.types import reference_id
from app.desk import Desk
from app.domain.clock import utc_now
from app.reports.wallboard import Wallboard, wallboard
from app.services.presence import Presence
from app.settings import Language
from ui.bridge import GuiBridge
from ui.i18n import LanguageManager
from ui.wallboard import WallboardWindow, clock_text, moscow_time

IVANOVA = reference_id("operator", "ivanova")
PETROV = reference_id("operator", "petrov")


def tile(board: WallboardWindow, name: str) -> str:
    return board.tiles[name].value.text()


def table(board: WallboardWindow) -> list[tuple[str, str]]:
    rows = []
    for row in range(board.table.rowCount()):
        name, state = board.table.item(row, 0), board.table.item(row, 1)
        assert name is not None and state is not None
        rows.append((name.text(), state.text()))
    return rows


@pytest.fixture
def floor(desk: Desk) -> tuple[Presence, Presence]:
    """Two operators at work: Иванова ready, Петров in a call whose caller began to wait
    (queue included) 65 s ago."""
    ivanova = Presence(desk.database, lambda: IVANOVA)
    petrov = Presence(desk.database, lambda: PETROV)
    ivanova.set_state(PresenceState.READY).result(5)
    petrov.set_state(PresenceState.IN_CALL, utc_now() - timedelta(seconds=65)).result(5)
    return ivanova, petrov


def open_board(
    qtbot: QtBot, read: Callable[[], Wallboard], level: Callable[[], float | None]
) -> WallboardWindow:
    board = WallboardWindow(read, GuiBridge(), level, refresh_ms=100)
    qtbot.addWidget(board)
    board.show()
    return board


def test_the_tiles_and_the_table_follow_the_floor(
    qtbot: QtBot, desk: Desk, floor: tuple[Presence, Presence]
) -> None:
    board = open_board(qtbot, lambda: wallboard(desk.database, utc_now()), lambda: 0.873)

    qtbot.waitUntil(lambda: tile(board, "callsTile") == "1", timeout=5000)
    assert tile(board, "readyTile") == "1"
    assert tile(board, "inCallTile") == "1"
    assert tile(board, "notReadyTile") == "0"
    assert tile(board, "afterCallTile") == "0"
    assert tile(board, "longestWaitTile").startswith("01:")  # 65 s and counting
    assert tile(board, "serviceLevelTile") == "87\u00a0%"
    assert table(board) == [("Анна Иванова", "Ready"), ("Сергей Петров", "In a call")]
    assert not board.notice.isVisible()

    ivanova, _petrov = floor
    ivanova.set_state(PresenceState.IN_CALL, utc_now() - timedelta(seconds=3)).result(5)

    qtbot.waitUntil(lambda: tile(board, "callsTile") == "2", timeout=5000)
    assert tile(board, "readyTile") == "0"
    assert tile(board, "inCallTile") == "2"
    assert tile(board, "longestWaitTile").startswith("01:")  # still Петров's caller
    assert table(board) == [("Анна Иванова", "In a call"), ("Сергей Петров", "In a call")]


@pytest.fixture
def gone_engine() -> Iterator[Engine]:
    """A PostgreSQL server on a port nobody listens on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        gone = create_engine(
            f"postgresql+psycopg://olga@127.0.0.1:{holder.getsockname()[1]}/hotline",
            connect_args={"connect_timeout": 2},
        )
        yield gone
        gone.dispose()


def test_a_database_that_does_not_answer_is_said_and_the_last_figures_stay(
    qtbot: QtBot, desk: Desk, floor: tuple[Presence, Presence], gone_engine: Engine
) -> None:
    source: list[Engine | Database] = [desk.database]
    board = open_board(qtbot, lambda: wallboard(source[0], utc_now()), lambda: None)
    qtbot.waitUntil(lambda: tile(board, "callsTile") == "1", timeout=5000)
    assert tile(board, "serviceLevelTile") == "—"  # not computed: a dash, never 0 %

    source[0] = gone_engine  # the server goes away
    qtbot.waitUntil(board.notice.isVisible, timeout=10000)
    assert board.notice.text().startswith("The database does not answer (OperationalError).")
    assert "The figures below are from" in board.notice.text()
    assert tile(board, "callsTile") == "1"  # what was last known stays, with its time

    source[0] = desk.database  # back
    qtbot.waitUntil(lambda: not board.notice.isVisible(), timeout=10000)


def test_a_board_whose_first_read_fails_says_so(qtbot: QtBot, gone_engine: Engine) -> None:
    board = open_board(qtbot, lambda: wallboard(gone_engine, utc_now()), lambda: None)
    qtbot.waitUntil(board.notice.isVisible, timeout=10000)
    assert board.notice.text().endswith("Trying again every few seconds.")
    assert tile(board, "callsTile") == "—"
    assert board.table.rowCount() == 0


def test_the_board_speaks_the_window_language_and_reads_only_while_shown(
    qtbot: QtBot, desk: Desk, languages: LanguageManager
) -> None:
    reports = QTabWidget()  # as a tab of the supervisor's reports window
    qtbot.addWidget(reports)
    board = WallboardWindow(lambda: wallboard(desk.database, utc_now()), GuiBridge())
    reports.addTab(QWidget(), "Отчёт")
    reports.addTab(board, board.windowTitle())
    assert board.windowTitle() == "Табло"
    assert board.tiles["callsTile"].caption.text() == "Звонков сейчас"
    reports.show()
    assert not board.refreshing  # on the other tab

    reports.setCurrentWidget(board)
    assert board.refreshing
    qtbot.waitUntil(lambda: tile(board, "callsTile") == "0", timeout=5000)
    assert board.updated.text().startswith("Обновлено в ")
    assert board.updated.text().endswith(" МСК")

    languages.apply(Language.ENGLISH)
    qtbot.waitUntil(lambda: board.tiles["callsTile"].caption.text() == "Calls in progress")
    reports.setCurrentIndex(0)
    assert not board.refreshing


def test_durations_read_as_a_clock() -> None:
    assert clock_text(None) == "—"
    assert clock_text(timedelta(seconds=65)) == "01:05"
    assert clock_text(timedelta(hours=1, minutes=2, seconds=3)) == "1:02:03"
    assert clock_text(timedelta(seconds=-4)) == "00:00"  # a desk's clock a little ahead


NOVOSIBIRSK = ZoneInfo("Asia/Novosibirsk")


def test_times_on_the_board_are_moscow_times_whatever_the_desks_zone() -> None:
    """A desk in Novosibirsk shows the hotline's time, as the reports do."""
    assert moscow_time(datetime(2026, 11, 26, 9, 0, 5, tzinfo=UTC)) == "12:00:05"
    assert moscow_time(datetime(2026, 11, 26, 16, 0, 5, tzinfo=NOVOSIBIRSK)) == "12:00:05"
