"""A supervisor gives an operator other topics and languages in the skills dialog (View →
Operators' skills…): what is saved routes the portal requests at once; a wrong language
code is said in the dialog and changes nothing; operators have no such menu entry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.types import reference_id
from app.desk import Desk
from app.services.portal_store import LocalRequests
from app.settings import Options
from tests.portal import OFFERED, PEOPLE, write_requests
from ui.bridge import GuiBridge
from ui.dialogs import RecordingDialogs
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.skills_dialog import SkillsDialog

ANNA = PEOPLE["anna"]


def offered(desk: Desk) -> list[str]:
    return [r.number for r in LocalRequests(desk.database).offered(ANNA)]


def tick(dialog: SkillsDialog, code: str, checked: bool) -> None:
    wanted = reference_id("category", code)
    for row in range(dialog.topics.count()):
        item = dialog.topics.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == wanted:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            return
    raise AssertionError(code)


def test_a_supervisor_moves_an_operator_to_other_topics(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    desk.database.write_now(lambda session: write_requests(session, PEOPLE))
    assert offered(desk) == OFFERED["anna"]
    dialog = window.open_skills()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Навыки операторов для запросов с портала"
    names = [dialog.operators.item(row).text() for row in range(dialog.operators.count())]
    dialog.operators.setCurrentRow(names.index("Анна Иванова"))
    assert dialog.languages.text() == "ru"

    dialog.languages.setText("ru, english")
    tick(dialog, "sign_in", False)
    tick(dialog, "technical", True)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.message.text() == "Не сохранено: это не двухбуквенные коды языков: english"
    assert offered(desk) == OFFERED["anna"]  # nothing changed

    dialog.languages.setText("ru, en")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.message.text() == "Сохранено: Анна Иванова."
    assert offered(desk) == ["П-2611-0002"]


def test_operators_have_no_skills_menu(
    qtbot: QtBot, desk: Desk, languages: LanguageManager
) -> None:
    desk.settings.set(Options.OPERATOR_LOGIN, "petrov")
    main = MainWindow(desk, GuiBridge(), languages.apply, RecordingDialogs())
    qtbot.addWidget(main)
    assert main.skills_action not in main.view_menu.actions()
    assert main.open_skills() is None
