"""Message boxes behind one small service, so tests can answer them without timers (Picard)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


class DialogService:
    """Shows modal messages; tests substitute a recorder with the same methods."""

    def information(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def error(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(
            QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent
        )
        box.setObjectName("errorDialog")
        if details:
            box.setDetailedText(details)
        box.exec()

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        """Yes or no; No is the default, so Enter alone changes nothing."""
        answer = QMessageBox.question(
            parent,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_password(self, parent: QWidget | None, title: str, text: str) -> str | None:
        """A masked input; None when the person cancels."""
        value, ok = QInputDialog.getText(parent, title, text, QLineEdit.EchoMode.Password)
        return value if ok and value else None

    def save_file(
        self, parent: QWidget | None, title: str, suggested: str, kinds: str
    ) -> Path | None:
        """Where to save a file (``kinds``: "CSV (*.csv)"); None when the person cancels."""
        chosen, _kind = QFileDialog.getSaveFileName(parent, title, suggested, kinds)
        return Path(chosen) if chosen else None


class RecordingDialogs(DialogService):
    """For tests and smoke runs: remembers every message instead of showing it.

    ``passwords`` are the answers :meth:`ask_password` gives, in order (None: cancelled), and
    ``confirms`` those :meth:`confirm` gives.
    """

    def __init__(
        self, passwords: list[str | None] | None = None, confirms: list[bool] | None = None
    ) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.passwords = list(passwords or [])
        self.confirms = list(confirms or [])  # answers to confirm(); yes when run out
        self.saves: list[Path | None] = []  # answers to save_file(); None when run out

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.shown.append(("confirm", title, text))
        return self.confirms.pop(0) if self.confirms else True

    def ask_password(self, parent: QWidget | None, title: str, text: str) -> str | None:
        self.shown.append(("password", title, text))
        return self.passwords.pop(0) if self.passwords else None

    def information(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("information", title, text))

    def save_file(
        self, parent: QWidget | None, title: str, suggested: str, kinds: str
    ) -> Path | None:
        self.shown.append(("save", title, suggested))
        return self.saves.pop(0) if self.saves else None

    def error(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        self.shown.append(("error", title, text))
