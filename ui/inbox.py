"""The "Portal requests" tab: requests offered to this operator (only while Ready) and those
they hold, each with its call-back deadline; Enter takes the selected one (it becomes a
ticket with its files), Ctrl+Shift+B calls the citizen back at once, and the call's end
records the attempt (the next one scheduled inside the citizen's window). Reads and writes
run on a worker thread; the list refreshes itself and feeds the status bar's badge."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.desk import Desk
from app.domain.clock import moscow_time, utc_now
from app.portal.inbox import InboxUnavailable, RequestTaken, RequestView
from app.services.portal_inbox import Offer, PortalInbox
from app.telephony.model import CallSnapshot, CallState, Direction
from ui.bridge import GuiBridge
from ui.request_page import Details, RequestPage, open_with_system

log = logging.getLogger(__name__)

REFRESH_MS = 20_000


@dataclass(frozen=True)
class Lists:
    inbox: PortalInbox
    offers: list[Offer]
    mine: list[Offer]


def _waited(since: datetime, now: datetime) -> str:
    minutes = max(0, int((now - since).total_seconds() // 60))
    return f"{minutes // 60}:{minutes % 60:02d}"


class InboxView(QWidget):
    count_changed = Signal(int)  # requests offered now: the status bar's badge

    def __init__(
        self,
        desk: Desk,
        bridge: GuiBridge,
        *,
        ready: Callable[[], bool],
        dial: Callable[[str], bool],
        calls: Callable[[], set[uuid.UUID]],
        open_ticket: Callable[[uuid.UUID], None],
        open_file: Callable[[Path], None] = open_with_system,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inboxView")
        self.desk, self.bridge = desk, bridge
        self._ready, self._dial, self._calls = ready, dial, calls
        self._work = ThreadPoolExecutor(1, thread_name_prefix="inbox")
        self._reading = False
        self._closed = False
        self.lists: Lists | None = None
        self.selected: uuid.UUID | None = None
        self.calling: RequestView | None = None  # the request whose call-back is on the line
        self._call: uuid.UUID | None = None
        self._known_calls: set[uuid.UUID] = set()
        self._categories = {c.id: c for c in desk.reference.categories()}

        self.notice = QLabel(self)
        self.notice.setObjectName("inboxNotice")
        self.notice.setWordWrap(True)
        self.offers_label = QLabel(self)
        self.offers = self._table("offersTable", 4)
        self.mine_label = QLabel(self)
        self.held = self._table("mineTable", 5)
        self.page = RequestPage(self._topic, desk.dirs.cache / "portal-files", open_file, self)
        self.page.claim_asked.connect(self.claim)
        self.page.call_back_asked.connect(self.call_back)
        self.page.ticket_asked.connect(open_ticket)
        lists = QWidget(self)
        column = QVBoxLayout(lists)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.offers_label, self.offers, self.mine_label, self.held):
            column.addWidget(widget)
        split = QSplitter(self)
        split.addWidget(lists)
        split.addWidget(self.page)
        split.setSizes([380, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        for keys in ("Return", "Enter"):  # one key takes the selected request
            shortcut = QShortcut(QKeySequence(keys), self.offers)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.claim)
        call_back = QShortcut(QKeySequence("Ctrl+Shift+B"), self)
        call_back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        call_back.activated.connect(self.call_back)
        self.offers.itemSelectionChanged.connect(lambda: self._chosen(self.offers, mine=False))
        self.held.itemSelectionChanged.connect(lambda: self._chosen(self.held, mine=True))
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.retranslate_ui()

    def _table(self, name: str, columns: int) -> QTableWidget:
        table = QTableWidget(0, columns, self)
        table.setObjectName(name)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        return table

    def _topic(self, category_id: uuid.UUID) -> str:
        english = QLocale().name().startswith("en")  # the language shown now
        found = self._categories.get(category_id)
        if found is None:
            return "—"
        names = [found.name_en if english else found.name_ru]
        parent = self._categories.get(found.parent_id) if found.parent_id else None
        if parent is not None:
            names.insert(0, parent.name_en if english else parent.name_ru)
        return " — ".join(names)

    # --- reading -----------------------------------------------------------------------

    def start(self) -> None:
        """Reads now and every 20 s (the badge counts even when the tab is not shown)."""
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        if self._reading or self._closed:
            return
        self._reading = True
        ready, now = self._ready(), utc_now()

        def read() -> Lists:
            inbox = self.desk.portal_inbox()
            return Lists(inbox, inbox.offers(now, ready=ready), inbox.mine(now))

        self._run(read, self._show, self._failed)

    def _show(self, lists: Lists) -> None:
        self._reading = False
        self.lists = lists
        now = utc_now()
        if not self._ready() and lists.inbox.operator_id is not None:
            self.notice.setText(
                self.tr("You are not ready: no new requests are offered. Press F5 to be Ready.")
            )
        elif lists.inbox.operator_id is None:
            self.notice.setText(self.tr("Nobody is signed in at this desk to take requests."))
        else:
            self.notice.setText(self.tr("Requests on your topics and languages, oldest first."))
        self._fill(self.offers, lists.offers, now, mine=False)
        self._fill(self.held, lists.mine, now, mine=True)
        self.count_changed.emit(len(lists.offers))
        self._reselect()

    def _failed(self, error: BaseException) -> None:
        self._reading = False
        reason = error.reason if isinstance(error, InboxUnavailable) else type(error).__name__
        if not isinstance(error, InboxUnavailable):
            log.error("portal requests could not be read", exc_info=error)
        self.notice.setText(
            self.tr("The requests cannot be read now (%1). Trying again shortly.").replace(
                "%1", reason
            )
        )

    def _fill(self, table: QTableWidget, offers: list[Offer], now: datetime, *, mine: bool) -> None:
        table.blockSignals(True)
        table.setRowCount(len(offers))
        for row, offer in enumerate(offers):
            request = offer.request
            due = offer.due_at
            # The topic last: it is the long one, and stretches.
            if mine:
                cells = [request.number, str(request.attempts), _clock(request.next_attempt_at),
                         _clock(due)]  # fmt: skip
            else:
                cells = [request.number, _waited(request.created_at, now), _clock(due)]
            cells.append(self._topic(request.category_id))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, request.id)
                if offer.overdue(now) or offer.escalated:
                    item.setForeground(Qt.GlobalColor.darkRed)
                table.setItem(row, column, item)
        table.blockSignals(False)

    def _reselect(self) -> None:
        for table in (self.held, self.offers):  # one selection at most, in either list
            table.blockSignals(True)
            table.clearSelection()
            table.blockSignals(False)
        for table in (self.held, self.offers):
            for row in range(table.rowCount()):
                item = table.item(row, 0)
                if item is not None and item.data(Qt.ItemDataRole.UserRole) == self.selected:
                    table.blockSignals(True)
                    table.selectRow(row)
                    table.blockSignals(False)
                    offer, mine = self._offer(self.selected)
                    shown = self.page.offer
                    if shown is None or shown.request != offer.request or self.page.mine != mine:  # type: ignore[union-attr]
                        self.show_page(self.selected)  # taken, tried or linked since: read again
                    return
        if self.selected is not None and self.calling is None:
            self.selected = None
            self.page.show_request(None, Details(), mine=False)

    def _offer(self, request_id: uuid.UUID | None) -> tuple[Offer | None, bool]:
        if self.lists is None or request_id is None:
            return None, False
        for offer in self.lists.mine:
            if offer.request.id == request_id:
                return offer, True
        for offer in self.lists.offers:
            if offer.request.id == request_id:
                return offer, False
        return None, False

    def _chosen(self, table: QTableWidget, *, mine: bool) -> None:
        other = self.offers if mine else self.held
        other.blockSignals(True)
        other.clearSelection()
        other.blockSignals(False)
        item = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
        self.show_page(item.data(Qt.ItemDataRole.UserRole) if item else None)

    def show_page(self, request_id: uuid.UUID | None) -> None:
        """Shows the request's page (its files and the citizen's history read first)."""
        self.selected = request_id
        offer, mine = self._offer(request_id)
        if offer is None or self.lists is None:
            self.page.show_request(None, Details(), mine=False)
            return
        inbox, request = self.lists.inbox, offer.request

        def read() -> Details:
            return Details(
                files=inbox.files(request.id),
                tickets=self.desk.ticket_history.for_caller(
                    request.callback_phone, request.citizen_id
                ),
                calls=self.desk.calls.history_for(request.callback_phone),
            )

        def shown(details: Details) -> None:
            if self.selected == request.id:
                self.page.show_request(offer, details, mine=mine)

        self.page.show_request(offer, Details(), mine=mine)
        self._run(read, shown, self._failed)

    # --- acting ------------------------------------------------------------------------

    def claim(self) -> None:
        offer, mine = self._offer(self.selected)
        if offer is None or mine or self.lists is None:
            return
        inbox = self.lists.inbox

        def take() -> Any:
            request = inbox.claim(offer.request.id)
            return self.desk.request_tickets(inbox).open_for(inbox, request)

        def taken(made: Any) -> None:
            self.page.say(
                self.tr("Taken. Ticket %1; files kept: %2.")
                .replace("%1", made.ticket.number)
                .replace("%2", str(made.files))
                + (
                    " " + self.tr("Not kept: %1.").replace("%1", ", ".join(made.refused))
                    if made.refused
                    else ""
                )
            )
            self.refresh()

        def refused(error: BaseException) -> None:
            if isinstance(error, RequestTaken):
                self.page.say(self.tr("Another operator has already taken this request."))
                self.refresh()
            else:
                self._failed(error)

        self._run(take, taken, refused)

    def call_back(self) -> None:
        offer, mine = self._offer(self.selected)
        if offer is None or not mine or self.calling is not None:
            return
        self._known_calls = self._calls()  # the call-back is the next new one
        self.calling, self._call = offer.request, None
        if not self._dial(offer.request.callback_phone):
            self.calling = None
            return
        self.page.say(self.tr("Calling %1…").replace("%1", offer.request.callback_phone))

    def call_changed(self, call: CallSnapshot) -> None:
        """The phone's calls: the call-back this page placed, and how it ended."""
        if self.calling is None or call.direction is not Direction.OUTBOUND:
            return
        if self._call is None and call.id not in self._known_calls:
            self._call = call.id
        if call.id != self._call or call.state is not CallState.ENDED:
            return
        request, self.calling, self._call = self.calling, None, None
        answered = call.answered_at is not None
        inbox = self.lists.inbox if self.lists else self.desk.portal_inbox()
        at = call.ended_at or utc_now()

        def record() -> RequestView:
            return inbox.attempted(request, at=at, answered=answered)

        def recorded(view: RequestView) -> None:
            if answered:
                self.page.say(self.tr("The call-back took place; the attempt is recorded."))
            elif view.next_attempt_at is not None:
                self.page.say(
                    self.tr("No answer. Attempt %1 recorded; the next is due %2 MSK.")
                    .replace("%1", str(view.attempts))
                    .replace("%2", _clock(view.next_attempt_at))
                )
            else:
                self.page.say(
                    self.tr("No answer. Attempt %1 recorded; that was the last one.").replace(
                        "%1", str(view.attempts)
                    )
                )
            self.refresh()

        self._run(record, recorded, self._failed)

    def _run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """``work`` on the worker thread, its answer on the GUI thread; nothing once closed."""
        if not self._closed:
            self.bridge.when_done(self._work.submit(work), done, failed, owner=self)

    def close_work(self) -> None:
        """Stop reading. A read under way is waited for (it is short): its worker must not
        hold the last reference to this widget once the window is gone, or the widget
        would be freed on the worker's thread (a crash in a later garbage collection)."""
        self._closed = True
        self.timer.stop()
        self._work.shutdown(wait=True, cancel_futures=True)

    def retranslate_ui(self) -> None:
        self.offers_label.setText(self.tr("Offered to you"))
        self.mine_label.setText(self.tr("Yours"))
        self.offers.setHorizontalHeaderLabels(
            [
                self.tr("Number"),
                self.tr("Waiting"),
                self.tr("Call back by (MSK)"),
                self.tr("Topic"),
            ]
        )
        self.held.setHorizontalHeaderLabels(
            [
                self.tr("Number"),
                self.tr("Attempts"),
                self.tr("Next (MSK)"),
                self.tr("Call back by (MSK)"),
                self.tr("Topic"),
            ]
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _clock(moment: datetime | None) -> str:
    return "—" if moment is None else moscow_time(moment).strftime("%d.%m %H:%M")
