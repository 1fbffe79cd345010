"""Making window actions and buttons the same way everywhere: a name, a shortcut
(window-wide), what a click does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget


def window_action(
    parent: QWidget, name: str, shortcut: str | QKeySequence.StandardKey = ""
) -> QAction:
    action = QAction(parent)
    action.setObjectName(name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    parent.addAction(action)
    return action


def push_button(parent: QWidget, name: str, slot: Callable[[], object]) -> QPushButton:
    """A button with an object name (tests and style sheets find it) doing ``slot``."""
    button = QPushButton(parent)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


def set_texts(actions: dict[QAction, str]) -> None:
    """Text and a tooltip naming the shortcut, for each action."""
    for action, text in actions.items():
        action.setText(text)
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text} ({shortcut})" if shortcut else text)
