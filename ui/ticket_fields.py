"""The part of the ticket form that changes with the category: one editor per form field,
each with its problem shown under it as the operator types.

Text, dates, amounts and application numbers are line edits (typed the way the caller
dictates); a long answer is a plain-text box where Tab moves on; yes/no is a combo box.
Values the operator typed under another category are kept in memory, so switching the
category back and forth loses nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import moscow_time, utc_now
from app.tickets.fields import FieldKind, FormField, Problem, form_fields, parse_value, shown_value
from ui import ticket_texts as words

BAD_STYLE = "color: #b00020;"


def with_problem(parent: QWidget, editor: QWidget, name: str) -> tuple[QWidget, QLabel]:
    """The editor with its problem line under it (hidden until there is one)."""
    problem = QLabel(parent)
    problem.setObjectName(name)
    problem.setStyleSheet(BAD_STYLE)
    problem.hide()
    box = QWidget(parent)
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(editor)
    column.addWidget(problem)
    return box, problem


class FormFields(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketFormFields")
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.form = ""
        self.editors: dict[str, QWidget] = {}
        self.problems: dict[str, QLabel] = {}
        self._fields: dict[str, FormField] = {}
        self._kept: dict[str, str] = {}  # what was typed, by key, across category changes

    def show_form(self, form: str, values: dict[str, Any] | None = None) -> None:
        """Rebuild the editors for ``form``, filled from ``values`` (or what was typed)."""
        self._keep()
        if values is not None:
            self._kept = {}
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self.form = form
        self.editors, self.problems = {}, {}
        self._fields = {field.key: field for field in form_fields(form)}
        for field in self._fields.values():
            text = (
                shown_value(field, values.get(field.key))
                if values is not None
                else self._kept.get(field.key, "")
            )
            editor = self._editor(field, text)
            box, problem = with_problem(self, editor, f"ticketField_{field.key}_problem")
            label = words.field_label(field.key) + (" *" if field.required else "")
            self._layout.addRow(label, box)
            self.editors[field.key] = editor
            self.problems[field.key] = problem
        self.setVisible(bool(self._fields))

    def _editor(self, field: FormField, text: str) -> QWidget:
        editor: QWidget
        if field.kind is FieldKind.YES_NO:
            combo = QComboBox(self)
            combo.addItem("—", "")
            combo.addItem(self.tr("Yes"), "yes")
            combo.addItem(self.tr("No"), "no")
            combo.setCurrentIndex(max(0, combo.findData(text)))
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            editor = combo
        elif field.kind is FieldKind.LONG_TEXT:
            box = QPlainTextEdit(text, self)
            box.setTabChangesFocus(True)
            box.setFixedHeight(60)
            box.textChanged.connect(self.changed.emit)
            editor = box
        else:
            line = QLineEdit(text, self)
            line.setPlaceholderText(words.field_hint(field.key))
            line.textChanged.connect(lambda _t, key=field.key: self._typed(key))
            editor = line
        editor.setObjectName(f"ticketField_{field.key}")
        return editor

    def text(self, key: str) -> str:
        editor = self.editors.get(key)
        if isinstance(editor, QComboBox):
            return str(editor.currentData() or "")
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QLineEdit):
            return editor.text()
        return ""

    def values(self) -> dict[str, str]:
        return {key: self.text(key) for key in self.editors}

    def _keep(self) -> None:
        self._kept.update({k: v for k, v in self.values().items() if v})

    def _typed(self, key: str) -> None:
        """Inline check: a wrong date or amount is named at once; 'required' waits for filing."""
        _value, problem = parse_value(self._fields[key], self.text(key), _today())
        self.mark(key, problem if problem is not Problem.REQUIRED else None)
        self.changed.emit()

    def mark(self, key: str, problem: Problem | None) -> None:
        label = self.problems.get(key)
        if label is None:
            return
        label.setText(words.problem(problem) if problem else "")
        label.setVisible(problem is not None)

    def show_problems(self, problems: dict[str, Problem]) -> QWidget | None:
        """Mark every field with a problem; returns the first such editor, to focus."""
        first = None
        for key in self.editors:
            self.mark(key, problems.get(key))
            if key in problems and first is None:
                first = self.editors[key]
        return first


def _today() -> date:
    return moscow_time(utc_now()).date()
