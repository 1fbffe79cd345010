"""Passing the call on: pick a department (or type a number), then transfer now or consult first."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.reference import DepartmentInfo


class TransferDialog(QDialog):
    """After ``exec()``: ``target`` (extension or number) and ``attended`` (consult first)."""

    def __init__(
        self, departments: list[DepartmentInfo], language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.target = ""
        self.attended = False
        self.hint = QLabel(self)
        self.hint.setObjectName("transferHint")
        self.hint.setWordWrap(True)
        self.directory = QListWidget(self)
        self.directory.setObjectName("transferDirectory")
        for department in departments:
            if not department.extension:
                continue
            item = QListWidgetItem(f"{department.name(language)} — {department.extension}")
            item.setData(Qt.ItemDataRole.UserRole, department.extension)
            self.directory.addItem(item)
        self.directory.currentItemChanged.connect(self._picked)
        self.directory.itemDoubleClicked.connect(lambda _item: self._finish(False))
        self.number = QLineEdit(self)
        self.number.setObjectName("transferNumber")
        self.number.textChanged.connect(self._update_buttons)
        self.blind_button = QPushButton(self)
        self.blind_button.setObjectName("transferNowButton")
        self.blind_button.clicked.connect(lambda: self._finish(False))
        self.consult_button = QPushButton(self)
        self.consult_button.setObjectName("transferConsultButton")
        self.consult_button.clicked.connect(lambda: self._finish(True))
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("transferCancelButton")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.blind_button)
        buttons.addWidget(self.consult_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.directory, 1)
        layout.addWidget(self.number)
        layout.addLayout(buttons)
        self.retranslate_ui()
        self._update_buttons()
        self.resize(460, 380)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.number.setText(str(item.data(Qt.ItemDataRole.UserRole)))

    def _update_buttons(self) -> None:
        has_target = bool(self.number.text().strip())
        self.blind_button.setEnabled(has_target)
        self.consult_button.setEnabled(has_target)

    def _finish(self, attended: bool) -> None:
        target = self.number.text().strip()
        if not target:
            return
        self.target = target
        self.attended = attended
        self.accept()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Transfer the call"))
        self.hint.setText(self.tr("Choose the department to pass the caller to, or type a number."))
        self.number.setPlaceholderText(self.tr("Extension or number"))
        self.blind_button.setText(self.tr("Transfer now"))
        self.blind_button.setToolTip(self.tr("The caller goes straight to the department"))
        self.consult_button.setText(self.tr("Talk to them first"))
        self.consult_button.setToolTip(
            self.tr("The caller waits on hold while you explain the case, then you hand over")
        )
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
