"""The centre of the window: verification, the ticket, and the caller's history, as tabs."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import moscow_time
from app.services.calls import CallSummary


def _placeholder(name: str, parent: QWidget) -> tuple[QWidget, QLabel]:
    page = QWidget(parent)
    page.setObjectName(name)
    label = QLabel(page)
    label.setObjectName(f"{name}Hint")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    QVBoxLayout(page).addWidget(label)
    return page, label


class Workspace(QTabWidget):
    """Tabs the operator moves between during a call (Alt+1…Alt+3, set by the window)."""

    call_opened = Signal(int)  # a row of the calls list, to show its ticket

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.verification_page, self.verification_hint = _placeholder("verificationPage", self)
        self.ticket_page, self.ticket_hint = _placeholder("ticketPage", self)
        self.history_page = QWidget(self)
        self.history_page.setObjectName("historyPage")
        self.history_tabs = QTabWidget(self.history_page)
        self.history_tabs.setObjectName("historyTabs")
        self.calls_page = QWidget(self.history_tabs)
        self.history_table = QTableWidget(0, 4, self.calls_page)
        self.history_table.setObjectName("historyTable")
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.history_table.verticalHeader().setVisible(False)
        self.history_empty = QLabel(self.calls_page)
        self.history_empty.setObjectName("historyEmptyLabel")
        self.calls_filter = QLineEdit(self.calls_page)
        self.calls_filter.setObjectName("callsFilter")
        self.calls_filter.setClearButtonEnabled(True)
        for keys in ("Return", "Enter"):  # Enter opens the call's ticket; a double click calls
            shortcut = QShortcut(QKeySequence(keys), self.history_table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(
                lambda: self.call_opened.emit(self.history_table.currentRow())
            )
        calls_layout = QVBoxLayout(self.calls_page)
        calls_layout.addWidget(self.calls_filter)
        calls_layout.addWidget(self.history_empty)
        calls_layout.addWidget(self.history_table, 1)
        self.history_tabs.addTab(self.calls_page, "")
        QVBoxLayout(self.history_page).addWidget(self.history_tabs)
        self.addTab(self.verification_page, "")
        self.addTab(self.ticket_page, "")
        self.addTab(self.history_page, "")
        self._calls: list[CallSummary] = []
        self.retranslate_ui()

    def use_verification(self, panel: QWidget) -> None:
        """Put the verification wizard where its placeholder was."""
        self.verification_hint.hide()
        layout = self.verification_page.layout()
        assert layout is not None
        layout.addWidget(panel)

    def use_ticket(self, page: QWidget) -> None:
        """Put the ticket form (with the caller card) where its placeholder was."""
        self.ticket_hint.hide()
        layout = self.ticket_page.layout()
        assert layout is not None
        layout.addWidget(page)

    def use_application(self, panel: QWidget) -> None:
        """The application look-up, a tab of its own (Alt+4)."""
        self.application_page = panel
        self.addTab(panel, "")
        self.retranslate_ui()

    def use_inbox(self, inbox: QWidget) -> None:
        """The portal requests, a tab of their own after the application (Alt+5)."""
        self.inbox_page = inbox
        self.addTab(inbox, "")
        self.retranslate_ui()

    def use_ticket_list(self, tickets: QWidget) -> None:
        """The tickets beside the calls in the history tab."""
        self.history_tabs.addTab(tickets, "")
        self.retranslate_ui()

    def show_calls(self, calls: list[CallSummary]) -> None:
        self._calls = calls
        self.history_table.setRowCount(len(calls))
        for row, call in enumerate(calls):
            duration = (
                f"{call.duration_seconds // 60:02d}:{call.duration_seconds % 60:02d}"
                if call.duration_seconds is not None
                else self.tr("missed")
            )
            cells = [
                moscow_time(call.offered_at).strftime("%d.%m %H:%M"),
                call.line_code,
                call.caller_number,
                duration,
            ]
            for column, text in enumerate(cells):
                self.history_table.setItem(row, column, QTableWidgetItem(text))
        self.history_empty.setVisible(not calls)

    def retranslate_ui(self) -> None:
        texts = (self.tr("Verification"), self.tr("Ticket"), self.tr("History"))
        named = (*texts, self.tr("Application"), self.tr("Portal requests"))
        for index, text in enumerate(named[: self.count()]):
            self.setTabText(index, text)
            self.setTabToolTip(index, f"Alt+{index + 1}")
        self.verification_hint.setText(
            self.tr(
                "Caller verification (full name, SNILS, INN, passport, security question)"
                " will be done here during a call."
            )
        )
        self.ticket_hint.setText(
            self.tr(
                "The ticket form will be here: the case, its category and the number"
                " you dictate to the caller."
            )
        )
        self.history_table.setHorizontalHeaderLabels(
            [self.tr("Time (MSK)"), self.tr("Line"), self.tr("Caller"), self.tr("Duration")]
        )
        self.history_empty.setText(self.tr("No calls yet on this desk."))
        self.calls_filter.setPlaceholderText(
            self.tr("Phone number: that caller's calls (Enter on a call opens its ticket)")
        )
        self.history_tabs.setTabText(0, self.tr("Calls"))
        if self.history_tabs.count() > 1:
            self.history_tabs.setTabText(1, self.tr("Tickets"))
        self.show_calls(self._calls)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
