"""The supervisor's Reports window from the keyboard: Ctrl+Shift+R opens it, the filters
ask the database again, the tiles show the hand-computed day (moved back a year and a bit,
where no demo data lives), a bar of the failure chart lists its tickets and one opens on
the main window, a table goes to CSV; an operator has no reports at all; a database that
does not answer is said so."""

from __future__ import annotations

import os
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.db.demo_reports import seed_report_month
from app.db.report_models import OperatorPresence, PresenceState
from app.db.types import reference_id
from app.desk import Desk
from app.domain.clock import utc_now
from app.services.presence import presence_id
from app.settings import Options
from tests.reports_day import DAY, write_day, write_tickets
from ui.bridge import GuiBridge
from ui.dialogs import RecordingDialogs
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.reports_view import ReportsView

SHOTS = os.environ.get("HOTLINE_DOCS_SCREENSHOTS")
SHIFT = timedelta(days=-420)
SHOWN = DAY + SHIFT


def set_day(view: ReportsView, edit_name: str, day: date) -> None:
    edit = view.start if edit_name == "start" else view.end
    edit.setDate(QDate(day.year, day.month, day.day))


def open_reports(qtbot: QtBot, window: MainWindow) -> ReportsView:
    qtbot.keyClick(
        window,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.reports is not None and window.reports.isVisible()
    view = window.reports.view
    set_day(view, "start", SHOWN)
    set_day(view, "end", SHOWN)
    qtbot.waitUntil(
        lambda: view.report is not None and view.report.filters.period.start == SHOWN, timeout=10000
    )
    return view


def test_the_day_in_the_reports_window(
    qtbot: QtBot, window: MainWindow, dialogs: RecordingDialogs, tmp_path: Path
) -> None:
    database = window.desk.database
    database.write_now(partial(write_day, shift=SHIFT))
    database.write_now(partial(write_tickets, shift=SHIFT))
    assert "Отчёты и табло…" in [a.text() for a in window.view_menu.actions()]
    view = open_reports(qtbot, window)

    tiles = view.tiles.tiles
    assert tiles["offered"].value.text() == "9"
    assert tiles["offered"].change.text() == "▲ 8"  # one call the day before
    assert tiles["service_level"].value.text() == "50,0 %"
    assert tiles["asa"].value.text() == "0:12"
    assert tiles["first_contact_resolution"].value.text() == "33,3 %"
    assert view.tables["operators"].grid.rowCount() == 2

    technical = reference_id("category", "technical").hex
    view.drill_into(view.failure_keys.sets.index(technical), 0)
    qtbot.waitUntil(lambda: view.drill.count() == 2, timeout=5000)
    assert view.drill.item(0).text().startswith("100-000003-3")
    view.drill.itemActivated.emit(view.drill.item(0))
    assert window.tickets.form.ticket is not None
    assert window.tickets.form.ticket.number == "100-000003-3"

    dialogs.saves.append(tmp_path / "languages.csv")
    qtbot.keyClick(view.tables["languages"].csv_button, Qt.Key.Key_Space)
    saved = (tmp_path / "languages.csv").read_text(encoding="utf-8-sig").splitlines()
    assert saved[0].startswith("Строка;Звонков поступило;Отвечено")
    assert view.message.text().startswith("Сохранено: ")

    view.language.setCurrentIndex(view.language.findData("en"))
    qtbot.waitUntil(lambda: view.tiles.tiles["offered"].value.text() == "1", timeout=10000)


def test_an_operator_has_no_reports(
    qtbot: QtBot, desk: Desk, languages: LanguageManager, dialogs: RecordingDialogs
) -> None:
    desk.settings.set(Options.OPERATOR_LOGIN, "petrov")  # an operator in the demo reference
    main = MainWindow(desk, GuiBridge(), languages.apply, dialogs)
    qtbot.addWidget(main)
    assert not main.reports_action.isEnabled()
    assert main.reports_action not in main.view_menu.actions()
    main.open_reports()
    assert main.reports is None


def test_a_database_that_does_not_answer_is_said_so(qtbot: QtBot, window: MainWindow) -> None:
    view = open_reports(qtbot, window)

    def dead(*_args: object) -> object:
        raise OSError("connection refused")

    view._read = dead  # the database behind the view is gone
    view.refresh()
    qtbot.waitUntil(lambda: view.message.text().startswith("База данных не отвечает"), timeout=5000)
    assert "connection refused" in view.message.text()


def test_the_demo_month_in_the_reports_window(qtbot: QtBot, window: MainWindow) -> None:
    window.desk.database.write_now(seed_report_month)
    qtbot.keyClick(
        window,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.reports is not None
    view = window.reports.view
    qtbot.waitUntil(lambda: view.report is not None, timeout=20000)
    assert view.report is not None
    offered = view.report.calls.offered
    assert offered > 3000  # thirty days of a busy line
    assert view.tiles.tiles["offered"].value.text() == f"{offered:,}".replace(",", "\u202f")
    assert view.report.rising, "the demo month has a failure on the rise"
    assert view.failure_keys.columns  # weeks on the failure chart
    (days,) = view.over_time_view.chart().axes(Qt.Orientation.Horizontal)
    assert days.count() == 30 and days.labelsAngle() == -90  # side by side Qt cut them
    if SHOTS:
        window.reports.grab().save(str(Path(SHOTS) / "reports-view.png"), "PNG")
        view.tabs.setCurrentIndex(1)
        window.reports.grab().save(str(Path(SHOTS) / "reports-failures.png"), "PNG")
        window.desk.database.write_now(four_at_work)
        window.reports.tabs.setCurrentIndex(1)
        board = window.reports.wallboard
        board.refresh()
        qtbot.waitUntil(lambda: board.tiles["readyTile"].value.text() == "1", timeout=10000)
        window.reports.grab().save(str(Path(SHOTS) / "wallboard.png"), "PNG")


def four_at_work(session: Session) -> None:
    """The demo operators as the wallboard would see them in the middle of a shift."""
    now = utc_now()
    states = (
        ("ivanova", PresenceState.IN_CALL, 4, 95),
        ("petrov", PresenceState.READY, 1, None),
        ("sokolova", PresenceState.AFTER_CALL_WORK, 1, None),
        ("kuznetsov", PresenceState.NOT_READY, 12, None),
    )
    for login, state, minutes, waited in states:
        operator = reference_id("operator", login)
        session.add(
            OperatorPresence(
                id=presence_id(operator),
                operator_id=operator,
                state=state,
                since=now - timedelta(minutes=minutes),
                caller_waiting_since=now - timedelta(seconds=waited) if waited else None,
                heartbeat_at=now,
            )
        )
