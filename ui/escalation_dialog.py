"""Escalating a ticket: the department (the category's own is chosen already) and the reason,
which the department reads first. Enter in the reason field escalates; the button stays
disabled until there is a reason."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from app.services.reference import DepartmentInfo


class EscalationDialog(QDialog):
    """After acceptance: ``department_id`` and ``reason``."""

    def __init__(
        self,
        departments: list[DepartmentInfo],
        suggested: uuid.UUID | None,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("escalationDialog")
        self.setWindowTitle(self.tr("Escalate the ticket"))
        self.department = QComboBox(self)
        self.department.setObjectName("escalationDepartment")
        for department in departments:
            self.department.addItem(department.name(language), str(department.id))
        self.department.setCurrentIndex(
            max(0, self.department.findData(str(suggested) if suggested else None))
        )
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("escalationReason")
        self.reason_edit.setPlaceholderText(
            self.tr("Why the line cannot solve it, and what has been tried")
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Escalate"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._update)
        self.reason_edit.returnPressed.connect(self._accept)
        form = QFormLayout(self)
        form.addRow(self.tr("Department"), self.department)
        form.addRow(self.tr("Reason"), self.reason_edit)
        form.addRow(self.buttons)
        self.reason_edit.setFocus()
        self._update()

    @property
    def department_id(self) -> uuid.UUID | None:
        value = self.department.currentData()
        return uuid.UUID(value) if value else None

    @property
    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason) and self.department_id is not None)

    def _accept(self) -> None:
        if self.ok_button.isEnabled():
            self.accept()
