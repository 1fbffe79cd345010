"""Who is calling, beside the ticket: the number, the citizen once verified, their recent
calls and tickets (Enter or a double click opens a ticket), and the call-back banner when
the call looks like the continuation of one that was cut off."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.calls import CallSummary
from app.services.ticket_history import TicketBrief
from app.tickets.callback import Callback
from ui import ticket_texts as words


class CallBackBanner(QFrame):
    reopen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callBackBanner")
        self.setStyleSheet("#callBackBanner { background: #e3f2fd; }")
        self.label = QLabel(self)
        self.label.setObjectName("callBackLabel")
        self.label.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.setObjectName("callBackButton")
        self.button.clicked.connect(self.reopen.emit)
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.callback: Callback | None = None
        self.hide()

    def offer(self, callback: Callback) -> None:
        self.callback = callback
        if callback.reason == "case_header":
            text = self.tr("The PBX says this call is about ticket %1.")
        elif callback.minutes_ago is not None:
            text = self.tr(
                "Call interrupted? This number called %2 min ago; previous ticket %1."
            ).replace("%2", str(callback.minutes_ago))
        else:
            text = self.tr("Call interrupted? Previous ticket %1.")
        self.label.setText(text.replace("%1", callback.ticket_number or "—"))
        self.button.setText(
            self.tr("Open ticket %1 (Ctrl+R)").replace("%1", callback.ticket_number)
        )
        self.button.setEnabled(callback.ticket_id is not None)
        self.show()

    def clear(self) -> None:
        self.callback = None
        self.hide()


class CallerCard(QFrame):
    ticket_chosen = Signal(object)  # uuid.UUID

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callerCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.who = QLabel(self)
        self.who.setObjectName("callerCardWho")
        self.who.setStyleSheet("font-weight: bold;")
        self.tickets_label = QLabel(self)
        self.tickets = QListWidget(self)
        self.tickets.setObjectName("callerCardTickets")
        self.tickets.itemActivated.connect(self._open)
        self.calls_label = QLabel(self)
        self.calls = QListWidget(self)
        self.calls.setObjectName("callerCardCalls")
        column = QVBoxLayout(self)
        column.addWidget(self.who)
        column.addWidget(self.tickets_label)
        column.addWidget(self.tickets, 1)
        column.addWidget(self.calls_label)
        column.addWidget(self.calls, 1)
        self.setMinimumWidth(240)
        self.retranslate_ui()

    def show_caller(
        self, number: str, citizen: str, calls: list[CallSummary], tickets: list[TicketBrief]
    ) -> None:
        self.who.setText(" · ".join(part for part in (number, citizen) if part) or "—")
        self.tickets.clear()
        for ticket in tickets:
            mark = self.tr("draft") if ticket.is_draft else words.status(ticket.status)
            item = QListWidgetItem(
                f"{ticket.number}  {words.when(ticket.created_at)}  [{mark}]  {ticket.description}"
            )
            item.setData(Qt.ItemDataRole.UserRole, ticket.id)
            self.tickets.addItem(item)
        self.calls.clear()
        for call in calls:
            minutes = (
                f"{call.duration_seconds // 60}:{call.duration_seconds % 60:02d}"
                if call.duration_seconds is not None
                else self.tr("missed")
            )
            self.calls.addItem(f"{words.when(call.offered_at)}  {minutes}")

    def _open(self, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(value, uuid.UUID):
            self.ticket_chosen.emit(value)

    def retranslate_ui(self) -> None:
        self.tickets_label.setText(self.tr("Recent tickets"))
        self.calls_label.setText(self.tr("Recent calls"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
