"""The tickets half of the history view: one search box, a status and a period, and the list.

The box takes whatever the operator has: a ticket number read back by a caller (with or
without its dashes; a wrong check digit is said at once), a phone in any spelling, a SNILS,
or the beginning of a name. The list follows the typing (a quarter of a second after the
last key) and Enter searches at once; Enter or a double click on a row opens the ticket
with its whole story in the ticket tab. Overdue tickets are red, drafts marked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import moscow_time, utc_now
from app.services.ticket_search import SearchKind, TicketQuery, TicketRow, classify
from app.tickets.workflow import TicketStatus
from ui import ticket_texts as words

SEARCH_DELAY_MS = 250
OVERDUE = QColor("#b00020")
Search = Callable[[TicketQuery], list[TicketRow]]


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class _Table(QTableWidget):
    opened = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.opened.emit(self.currentRow())
            return
        super().keyPressEvent(event)


class TicketList(QWidget):
    ticket_chosen = Signal(object)  # uuid.UUID

    def __init__(self, search: Search, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketList")
        self._search = search
        self.rows: list[TicketRow] = []
        self.query_edit = QLineEdit(self)
        self.query_edit.setObjectName("ticketSearch")
        self.query_edit.setClearButtonEnabled(True)
        self.status = QComboBox(self)
        self.status.setObjectName("ticketStatusFilter")
        self.status.addItem("", "")
        for value in TicketStatus:
            self.status.addItem("", value.value)
        self.period = QCheckBox(self)
        self.period.setObjectName("ticketPeriod")
        today = moscow_time(utc_now()).date()
        self.since = self._date_edit("ticketSince", today - timedelta(days=30))
        self.until = self._date_edit("ticketUntil", today)
        filters = QHBoxLayout()
        filters.addWidget(self.query_edit, 3)
        filters.addWidget(self.status, 1)
        filters.addWidget(self.period)
        filters.addWidget(self.since)
        filters.addWidget(self.until)
        self.message = QLabel(self)
        self.message.setObjectName("ticketSearchMessage")
        self.table = _Table(0, 6, self)
        self.table.setObjectName("ticketTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.opened.connect(self._open)
        self.table.cellDoubleClicked.connect(lambda row, _column: self._open(row))
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

        self._connect()
        self.retranslate_ui()

    def _connect(self) -> None:
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(SEARCH_DELAY_MS)
        self._delay.timeout.connect(self.refresh)
        self.query_edit.textChanged.connect(lambda _t: self._delay.start())
        self.query_edit.returnPressed.connect(self.refresh)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.period.toggled.connect(self._period_toggled)
        self.since.dateChanged.connect(lambda _d: self.refresh())
        self.until.dateChanged.connect(lambda _d: self.refresh())
        self.since.setEnabled(False)
        self.until.setEnabled(False)

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy")
        return edit

    def _period_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.refresh()

    def query(self) -> TicketQuery:
        status = self.status.currentData()
        since: date | None = None
        until: date | None = None
        if self.period.isChecked():
            since = _day(self.since.date())
            until = _day(self.until.date())
        return TicketQuery(
            self.query_edit.text(), TicketStatus(status) if status else None, since, until
        )

    def refresh(self) -> None:
        self._delay.stop()
        query = self.query()
        kind, _value = classify(query.text)
        self.rows = [] if kind is SearchKind.BAD_NUMBER else self._search(query)
        self._show(kind)

    def _show(self, kind: SearchKind) -> None:
        now = utc_now()
        self.table.setRowCount(len(self.rows))
        for row, ticket in enumerate(self.rows):
            state = self.tr("draft") if ticket.is_draft else words.status(ticket.status)
            overdue = (
                not ticket.is_draft
                and ticket.status.is_open
                and ticket.status is not TicketStatus.WAITING
                and ticket.due_at is not None
                and ticket.due_at < now
            )
            if overdue:
                state = self.tr("%1, overdue").replace("%1", state)
            cells = (
                ticket.number,
                words.when(ticket.created_at),
                state,
                ticket.caller_number,
                ticket.citizen_name,
                ticket.description,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if overdue:
                    item.setForeground(QBrush(OVERDUE))
                self.table.setItem(row, column, item)
        if kind is SearchKind.BAD_NUMBER:
            text = self.tr(
                "That ticket number's check digit does not match: ask the caller to read it again."
            )
        elif not self.rows:
            text = self.tr("No tickets found.")
        else:
            text = self.tr("Tickets found: %1").replace("%1", str(len(self.rows)))
        self.message.setText(text)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.ticket_chosen.emit(self.rows[row].id)

    def retranslate_ui(self) -> None:
        self.query_edit.setPlaceholderText(
            self.tr("Ticket number, phone, SNILS or the beginning of a name")
        )
        self.status.setItemText(0, self.tr("Any status"))
        for index, value in enumerate(TicketStatus, start=1):
            self.status.setItemText(index, words.status(value))
        self.period.setText(self.tr("From – to:"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Number"),
                self.tr("Created (MSK)"),
                self.tr("Status"),
                self.tr("Caller"),
                self.tr("Citizen"),
                self.tr("Description"),
            ]
        )
        if self.rows:
            self._show(classify(self.query_edit.text())[0])

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self.refresh()  # tickets filed or moved since it was last looked at
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
