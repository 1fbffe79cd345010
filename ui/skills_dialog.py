"""Supervisors edit who takes which portal requests: for each operator, the topics (ticket
categories; a category covers its subcategories) and the languages they speak. Saved where
requests are routed (app/services/skills.py); a refusal is said in the dialog and changes
nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from app.services.reference import CategoryInfo
from app.services.skills import OperatorSkills, Problem, SkillsRefused, SkillsService


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's first line (a password never appears in it)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class SkillsDialog(QDialog):
    def __init__(
        self,
        skills: SkillsService,
        categories: list[CategoryInfo],
        parent: QWidget | None = None,
        after_save: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("skillsDialog")
        self.skills = skills
        self._categories = categories
        self._after_save = after_save
        self.people: list[OperatorSkills] = []
        self.operators = QListWidget(self)
        self.operators.setObjectName("skillOperators")
        self.languages_label = QLabel(self)
        self.languages = QLineEdit(self)
        self.languages.setObjectName("skillLanguages")
        self.topics_label = QLabel(self)
        self.topics = QListWidget(self)
        self.topics.setObjectName("skillTopics")
        self.message = QLabel(self)
        self.message.setObjectName("skillsMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        right = QVBoxLayout()
        for widget in (self.languages_label, self.languages, self.topics_label, self.topics):
            right.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.operators, 1)
        row.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.operators.currentRowChanged.connect(self._show)
        self.retranslate_ui()
        self.load()
        self.resize(760, 520)

    def _name(self, category: CategoryInfo) -> str:
        return category.name_en if QLocale().name().startswith("en") else category.name_ru

    def load(self) -> None:
        try:
            self.people = self.skills.operators()
        except SQLAlchemyError as exc:
            self.message.setText(
                self.tr("The operators cannot be read: %1").replace("%1", _reason(exc))
            )
            return
        row = max(self.operators.currentRow(), 0)
        self.operators.clear()
        for person in self.people:
            self.operators.addItem(person.full_name)
        if self.people:
            self.operators.setCurrentRow(min(row, len(self.people) - 1))

    def _show(self, row: int) -> None:
        self.topics.clear()
        if not 0 <= row < len(self.people):
            return
        person = self.people[row]
        self.languages.setText(", ".join(person.languages))
        tops = [c for c in self._categories if c.parent_id is None]
        for top in tops:
            self._topic(top, person, indent="")
            for sub in (c for c in self._categories if c.parent_id == top.id):
                self._topic(sub, person, indent="    ")

    def _topic(self, category: CategoryInfo, person: OperatorSkills, indent: str) -> None:
        item = QListWidgetItem(indent + self._name(category), self.topics)
        item.setData(Qt.ItemDataRole.UserRole, category.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        held = category.id in person.topics
        item.setCheckState(Qt.CheckState.Checked if held else Qt.CheckState.Unchecked)

    def chosen(self) -> set[uuid.UUID]:
        return {
            self.topics.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.topics.count())
            if self.topics.item(row).checkState() is Qt.CheckState.Checked
        }

    def save(self) -> None:
        row = self.operators.currentRow()
        if not 0 <= row < len(self.people):
            return
        person = self.people[row]
        try:
            self.skills.save(person.operator_id, self.chosen(), self.languages.text())
        except SkillsRefused as refusal:
            self.message.setText(self.tr("Not saved: %1").replace("%1", self._problem(refusal)))
            return
        except SQLAlchemyError as exc:
            self.message.setText(
                self.tr("Not saved: the database said %1").replace("%1", _reason(exc))
            )
            return
        self.message.setText(self.tr("Saved: %1.").replace("%1", person.full_name))
        self.load()
        if self._after_save is not None:
            self._after_save()

    def _problem(self, refusal: SkillsRefused) -> str:
        texts = {
            Problem.LANGUAGE: self.tr("these are not two-letter language codes: %1"),
            Problem.NO_LANGUAGE: self.tr("name at least one language"),
            Problem.TOPIC: self.tr("a topic is no longer a ticket category"),
            Problem.OPERATOR: self.tr("the operator is no longer there"),
        }
        return texts[refusal.problem].replace("%1", refusal.detail)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Operators' skills for portal requests"))
        self.languages_label.setText(self.tr("Languages they speak (codes, e.g. ru, en):"))
        self.topics_label.setText(self.tr("Topics they take requests on:"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
