"""The main window as an operator meets it: layout, shortcuts, state changes, clock."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.desk import Desk
from app.domain.states import OperatorState
from ui.main_window import MainWindow

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QTabWidget,
    QAbstractItemView,
)


def _interactive_widgets(root: QWidget) -> list[QWidget]:
    found = [w for w in root.findChildren(QWidget) if isinstance(w, INTERACTIVE)]
    # Qt's own internals (the tab bar's scroll buttons, a combo's popup view) are not ours.
    return [w for w in found if not w.objectName().startswith("qt_") and w.isVisibleTo(root)]


def test_every_interactive_widget_has_an_object_name(window: MainWindow) -> None:
    nameless = [
        f"{type(w).__name__} in {type(w.parent()).__name__}"
        for w in _interactive_widgets(window)
        if not w.objectName()
    ]
    assert nameless == []
    assert all(action.objectName() for action in window.actions())


def test_every_settings_widget_has_an_object_name(window: MainWindow) -> None:
    dialog = window.open_settings()
    widgets = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, INTERACTIVE)
        and not w.objectName().startswith("qt_")
        and w.window() is dialog  # a combo box's popup list is Qt's own window
    ]
    assert len(widgets) > 20
    assert [f"{type(w).__name__}" for w in widgets if not w.objectName()] == []
    dialog.reject()


def test_window_has_the_operator_areas(window: MainWindow) -> None:
    for name in (
        "callPanel",
        "workspace",
        "knowledgePane",
        "statusBar",
        "knowledgeSearch",
        "operatorStateCombo",
        "sipStateLabel",
        "databaseStateLabel",
        "clockLabel",
    ):
        assert window.findChild(QWidget, name) is not None, name
    tabs = [window.workspace.tabText(i) for i in range(window.workspace.count())]
    assert tabs == ["Проверка", "Обращение", "История", "Заявка", "Запросы с портала"]


def test_call_controls_are_disabled_without_a_phone(window: MainWindow) -> None:
    buttons = window.call_panel.buttons
    assert [b.objectName() for b in buttons] == [
        "answerActionButton",
        "hangupActionButton",
        "holdActionButton",
        "muteActionButton",
        "transferActionButton",
        "completeTransferActionButton",
        "keypadActionButton",
        "dialActionButton",
    ]
    assert not any(button.isEnabled() for button in buttons)


def test_ready_shortcut_sets_state_and_records_it(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F5)

    assert window.status.operator_state() is OperatorState.READY
    assert window.status.state_combo.currentText() == "Готов"
    qtbot.waitUntil(
        lambda: ("operator_state", {"from": "not_ready", "to": "ready"}) in desk.audit.recent(),
        timeout=5000,
    )


def test_choosing_a_state_in_the_status_bar_records_it(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    combo = window.status.state_combo
    combo.setCurrentIndex(combo.findData(OperatorState.AFTER_CALL_WORK.value))
    combo.activated.emit(combo.currentIndex())

    qtbot.waitUntil(
        lambda: (
            ("operator_state", {"from": "not_ready", "to": "after_call_work"})
            in desk.audit.recent()
        ),
        timeout=5000,
    )


def test_search_shortcut_focuses_the_knowledge_search(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.workspace.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(window.knowledge.search.hasFocus, timeout=2000)


def test_alt_digits_switch_the_centre_tabs(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.workspace.currentIndex() == 1
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.workspace.currentIndex() == 2


def test_clock_shows_moscow_time_beside_local_time(window: MainWindow) -> None:
    window.status.tick(datetime(2026, 1, 15, 9, 30, 5, tzinfo=UTC))

    text = window.status.clock_label.text()
    assert text.startswith("МСК 12:30:05")
    local = datetime(2026, 1, 15, 9, 30, 5, tzinfo=UTC).astimezone().strftime("%H:%M:%S")
    assert text.endswith(local)


def test_line_hours_come_from_the_database(window: MainWindow) -> None:
    text = window.knowledge.hours_label.text()
    assert "115: 08:00–22:00" in text
    assert "+7 800 555-35-35: 09:00–21:00" in text


def test_history_is_empty_on_a_new_desk(window: MainWindow) -> None:
    assert window.workspace.history_table.rowCount() == 0
    assert not window.workspace.history_empty.isHidden()
