"""The knowledge-base pane as an operator uses it mid-call: Ctrl+K, a misspelled Russian
query answered with the correction said, arrows and Enter, the article with today's line
hours, Esc back, favourites and scripts, suggestions for the ticket on screen and the
article named in it; a supervisor edits (draft, publish, versions), an operator cannot."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.db.types import reference_id
from app.desk import Desk
from app.settings import Options
from tests.ui.test_verification_wizard import type_text
from ui.bridge import GuiBridge
from ui.dialogs import RecordingDialogs
from ui.i18n import LanguageManager
from ui.kb_pane import KnowledgePane
from ui.main_window import MainWindow

SHOTS = os.environ.get("HOTLINE_DOCS_SCREENSHOTS")


def search(qtbot: QtBot, window: MainWindow, text: str) -> KnowledgePane:
    pane = window.knowledge
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert pane.search.hasFocus()
    pane.search.clear()
    type_text(pane.search, text)
    qtbot.waitUntil(lambda: pane.results.count() > 0, timeout=5000)
    return pane


def titles(pane: KnowledgePane) -> list[str]:
    return [pane.results.item(i).toolTip() for i in range(pane.results.count())]


def test_a_misspelled_query_is_answered_and_the_correction_said(
    qtbot: QtBot, window: MainWindow
) -> None:
    pane = search(qtbot, window, "пороль не подходт")
    qtbot.waitUntil(pane.correction.isVisible, timeout=5000)
    assert pane.correction.text() == (
        "Показаны результаты для: пороль → пароль, подходт → подходить"
    )
    assert titles(pane)[0] == "Пароль не принимается при входе"
    first = pane.results.itemWidget(pane.results.item(0))
    assert "<b>" in first.text()  # the matched words stand out in the snippet
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "kb-pane.png"), "PNG")

    qtbot.keyClick(pane.search, Qt.Key.Key_Down)
    assert pane.results.currentRow() == 1
    qtbot.keyClick(pane.search, Qt.Key.Key_Up)
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)
    assert pane.stack.currentIndex() == 1
    assert pane.article_title.text() == "Пароль не принимается при входе"
    qtbot.keyClick(pane.viewer, Qt.Key.Key_Escape)
    assert pane.stack.currentIndex() == 0


def test_an_article_shows_the_hours_from_the_database_and_can_be_a_favourite(
    qtbot: QtBot, window: MainWindow
) -> None:
    pane = search(qtbot, window, "в выходные работаете")
    index = titles(pane).index("Линия для звонков по России")
    pane.results.setCurrentRow(index)
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)
    text = pane.viewer.toPlainText()
    assert "08:00–22:00 МСК" in text and "{{" not in text

    pane.favourite_button.click()  # saved on the writer; the list follows
    qtbot.waitUntil(lambda: pane.favourites.count() == 1, timeout=5000)
    assert pane.favourites.item(0).toolTip() == "Линия для звонков по России"
    assert pane.scripts.count() == 5  # the operator scripts, a list of their own


def test_the_ticket_on_screen_gets_suggestions_and_an_article_named_in_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    desk = window.desk
    draft = desk.tickets.open_draft().result(10)
    draft = desk.tickets.save_draft(
        draft.id,
        {
            "category_id": reference_id("category", "technical"),
            "subcategory_id": reference_id("category", "technical.double_charge"),
        },
    ).result(10)
    window.tickets.open_ticket(draft.id)
    window.tickets.suggest()
    pane = window.knowledge
    qtbot.waitUntil(lambda: "Двойное списание при оплате" in titles(pane), timeout=5000)

    pane.results.setCurrentRow(titles(pane).index("Двойное списание при оплате"))
    pane.search.setFocus()
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)
    pane.insert_button.click()
    description = window.tickets.form.description.toPlainText()
    assert "kb:tech-double-charge" in description
    qtbot.waitUntil(
        lambda: "kb:tech-double-charge" in desk.ticket_history.get(draft.id).description,
        timeout=3000,
    )


def test_a_supervisor_drafts_publishes_and_sees_versions(qtbot: QtBot, window: MainWindow) -> None:
    editor = window.edit_article(None)
    type_text(editor.slug, "vpn-help")
    type_text(editor.title_edit, "VPN мешает входу")
    type_text(editor.body, "Попросите отключить VPN и войти снова.")
    editor.save()  # a draft by default: operators do not find it
    qtbot.waitUntil(lambda: editor.versions.count() == 1, timeout=5000)

    def found() -> list[str]:
        return [h.article.slug for h in window.desk.kb.search("vpn", "ru").hits]

    assert "vpn-help" not in found()

    editor.status.setCurrentIndex(editor.status.findData("published"))
    editor.save()
    qtbot.waitUntil(lambda: editor.versions.count() == 2, timeout=5000)
    assert editor.message.text() == "Сохранено как версия 2."
    assert found()[0] == "vpn-help"  # its title says VPN: it comes first
    editor.preview_now()
    assert "Попросите отключить VPN" in editor.preview.toPlainText()


def test_an_operator_reads_but_does_not_edit(
    qtbot: QtBot, desk: Desk, languages: LanguageManager
) -> None:
    desk.settings.set(Options.OPERATOR_LOGIN, "ivanova")  # an operator in the demo data
    window = MainWindow(desk, GuiBridge(), languages.apply, RecordingDialogs())
    qtbot.addWidget(window)
    assert not desk.can_edit_knowledge
    assert window.new_article_action not in window.desk_menu.actions()
    article = desk.kb.articles("ru")[0]
    window.knowledge.open_article(article.id)
    assert window.knowledge.edit_button.isHidden()
    QApplication.processEvents()


def test_enter_right_after_typing_opens_what_was_typed_not_the_last_list(
    qtbot: QtBot, window: MainWindow
) -> None:
    pane = search(qtbot, window, "пароль не подходит")
    pane.search.clear()
    type_text(pane.search, "снилс уже занят")
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)  # before the search has even started
    qtbot.waitUntil(lambda: pane.stack.currentIndex() == 1, timeout=5000)
    best = window.desk.kb.search("снилс уже занят", "ru").hits[0].article.title
    assert pane.article_title.text() == best
    assert "ароль" not in best  # not the first result of the list that was on screen

    pane.suggest([])  # suggestions for a ticket arrive while the article is read …
    assert pane.stack.currentIndex() == 1  # … and leave the operator where they are
