"""The knowledge-base pane beside the case: a search box, results, and the lines' hours."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import utc_now
from app.services.reference import LineInfo


class KnowledgePane(QWidget):
    """Search field and results (articles arrive with the knowledge-base feature)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("knowledgePane")
        self._lines: list[LineInfo] = []
        self._language = "ru"
        self.title = QLabel(self)
        self.title.setObjectName("knowledgeTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.search = QLineEdit(self)
        self.search.setObjectName("knowledgeSearch")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("knowledgeResults")
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("knowledgeEmptyLabel")
        self.empty_label.setWordWrap(True)
        self.hours_box = QGroupBox(self)
        self.hours_box.setObjectName("lineHoursBox")
        self.hours_label = QLabel(self.hours_box)
        self.hours_label.setObjectName("lineHoursLabel")
        self.hours_label.setWordWrap(True)
        QVBoxLayout(self.hours_box).addWidget(self.hours_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hours_box)
        self.retranslate_ui()

    def show_lines(self, lines: list[LineInfo], language: str, now: datetime | None = None) -> None:
        self._lines = lines
        self._language = language
        moment = now or utc_now()
        rows = []
        for line in lines:
            state = self.tr("open") if line.is_open(moment) else self.tr("closed")
            hours = f"{line.opens_at:%H:%M}–{line.closes_at:%H:%M}"
            rows.append(
                self.tr("%1, %2: %3 MSK, %4")
                .replace("%1", line.name(language))
                .replace("%2", line.phone_number)
                .replace("%3", hours)
                .replace("%4", state)
            )
        self.hours_label.setText("\n".join(rows) if rows else self.tr("No lines configured"))

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Knowledge base"))
        self.search.setPlaceholderText(self.tr("Search articles (Ctrl+K)"))
        self.empty_label.setText(
            self.tr("The knowledge base is empty: articles are not installed yet.")
        )
        self.hours_box.setTitle(self.tr("Line hours"))
        self.show_lines(self._lines, self._language)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
