"""Making window actions the same way everywhere: a name, a shortcut, window-wide."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


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


def set_texts(actions: dict[QAction, str]) -> None:
    """Text and a tooltip naming the shortcut, for each action."""
    for action, text in actions.items():
        action.setText(text)
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text} ({shortcut})" if shortcut else text)
