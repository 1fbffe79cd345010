"""The ticket tab and its part in the call flow.

Answering a call opens a draft ticket linked to the call and fills the caller card; a call
that looks like a call back (X-Case, or the same number within the window) raises the
banner, and Ctrl+R takes up the earlier ticket instead. Hanging up an answered call starts
after-call work: the number is shown large, and Ready waits for a wrap-up code
(app/tickets/wrapup.py). On start, a draft left by a crash comes back into the form.
"""

from __future__ import annotations

import logging
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import utc_now
from app.domain.states import OperatorState
from app.services.applications import ESCALATION_CATEGORY, ApplicationView
from app.services.mfc_offices import MfcOffices
from app.services.ticket_search import TicketSearch
from app.services.tickets import TicketIncomplete, TicketView
from app.settings import Language, Options
from app.telephony.model import CallSnapshot, CallState, Direction
from app.tickets.callback import recognise
from app.tickets.notify import can_text, number_sms
from app.tickets.numbers import SequenceExhausted
from app.tickets.workflow import TicketStatus
from app.tickets.wrapup import WrapUp, WrapUpGate
from app.verification.sms_gateway import SendResult
from ui.application_panel import stage_name
from ui.caller_actions import CallerActions
from ui.caller_card import CallBackBanner, CallerCard
from ui.mfc_offices import MfcOfficesView
from ui.ticket_form import TicketForm, chosen_id, select_id
from ui.ticket_list import TicketList
from ui.wrapup_panel import WrapUpPanel

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: Codes that mean there is a case: the ticket must be filed before the wrap-up is taken.
NEEDS_TICKET = {
    WrapUp.SOLVED_ON_CALL,
    WrapUp.TICKET_CREATED,
    WrapUp.ESCALATED,
    WrapUp.CALLBACK_NEEDED,
}


class TicketDesk(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        desk = window.desk
        self.gate = WrapUpGate()
        self.page = QWidget(window.workspace)
        self.page.setObjectName("ticketDesk")
        self.banner = CallBackBanner(window)  # under the call panel: seen on every tab
        self.wrap_up = WrapUpPanel(self.page)
        self.form = TicketForm(desk, window.bridge, self._report, self.page)
        self.card = CallerCard(self.page)
        self.actions = CallerActions(
            desk.back_office,
            desk.verification,
            desk.sms,
            window.bridge,
            lambda title, text: window.dialogs.confirm(window, title, text),
            english=lambda: desk.settings.get(Options.LANGUAGE) is Language.ENGLISH,
            places=MfcOfficesView(MfcOffices(desk.database), self.page, compact=True),
            parent=self.page,
        )
        self._lay_out()
        window.workspace.use_ticket(self.page)
        self.list = TicketList(TicketSearch(desk.database).search, window.workspace)
        self.list.ticket_chosen.connect(self.open_ticket)
        window.workspace.use_ticket_list(self.list)
        self.form.changed.connect(lambda _ticket: self._list_stale())
        self.form.filed.connect(lambda _ticket: self._list_stale())
        self.form.changed.connect(lambda _ticket: self.suggest())
        window.knowledge.reference_requested.connect(self.form.add_reference)

        self.reopen_action = QAction(window)
        self.reopen_action.setObjectName("reopenTicketAction")
        self.reopen_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reopen_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.reopen_action.setEnabled(False)
        self.reopen_action.triggered.connect(self.reopen_previous)
        window.addAction(self.reopen_action)
        self.banner.reopen.connect(self.reopen_previous)
        self.card.ticket_chosen.connect(self.open_ticket)
        self.wrap_up.chosen.connect(self.choose_wrap_up)
        self.form.filed.connect(lambda ticket: self.wrap_up.set_number(ticket.number))
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sms-number")
        self._drafted: set[uuid.UUID] = set()
        self.call_tickets: dict[uuid.UUID, TicketView] = {}
        self._ended: dict[uuid.UUID, CallSnapshot] = {}
        self._wrapping: set[uuid.UUID] = set()  # wrap-ups being filed: a repeat is ignored

    def _lay_out(self) -> None:
        scroll = QScrollArea(self.page)  # a small screen scrolls the form, never squeezes it
        scroll.setObjectName("ticketScroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        side = QVBoxLayout()
        side.addWidget(self.card, 1)
        side.addWidget(self.actions)
        row = QHBoxLayout()
        row.addWidget(scroll, 3)
        row.addLayout(side, 1)
        column = QVBoxLayout(self.page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.wrap_up)
        column.addLayout(row, 1)

    # start ----------------------------------------------------------------------------------
    def recover_drafts(self) -> None:
        """A draft left unfiled (a crash, a kill) comes back into the form at start."""
        drafts = self.window.desk.tickets.drafts()
        if drafts:
            self.form.show_ticket(drafts[0])
            self._report(
                self.tr("Draft ticket %1 recovered: nothing you typed was lost.").replace(
                    "%1", drafts[0].number
                )
            )

    # the call flow --------------------------------------------------------------------------
    def call_changed(self, call: CallSnapshot) -> None:
        phone = self.window.phone
        calls = list(phone.calls.values()) if phone else [call]
        self.form.allow_file_keys(
            not any(
                c.state is CallState.RINGING and c.direction is Direction.INBOUND for c in calls
            )
        )
        if call.state is CallState.CONNECTED and call.id not in self._drafted:
            self._drafted.add(call.id)
            self._answered(call)
        elif call.state is CallState.ENDED and call.id in self._drafted:
            self._drafted.discard(call.id)
            self._hung_up(call)

    def _answered(self, call: CallSnapshot) -> None:
        desk = self.window.desk
        future = desk.tickets.open_draft(call.id, call.number)
        self.window.bridge.when_done(
            future, lambda ticket: self._draft_opened(call, ticket), self._draft_failed
        )
        self.show_caller(call.number, exclude=call.id)
        self.window.knowledge.set_search_language(call.context.language or "ru")
        window = desk.settings.get(Options.CALLBACK_WINDOW_MINUTES)
        earlier = desk.ticket_history.earlier_calls(
            call.number, utc_now() - timedelta(minutes=window + 1), exclude=call.id
        )
        callback = recognise(call.context.case_number, earlier, utc_now(), window)
        if callback is not None and callback.ticket_id is None and callback.ticket_number:
            found = desk.ticket_history.find_number(callback.ticket_number)
            if found is not None:
                callback = type(callback)(callback.reason, found.number, found.id)
        if callback is not None:
            self.banner.offer(callback)
            self.reopen_action.setEnabled(callback.ticket_id is not None)
        else:
            self.banner.clear()
            self.reopen_action.setEnabled(False)

    def _draft_failed(self, error: BaseException) -> None:
        if isinstance(error, SequenceExhausted):
            self.window.dialogs.error(
                self.window,
                self.tr("Ticket numbers"),
                self.tr(
                    "This desk has issued every ticket number its desk number allows. Take the"
                    " caller's details down and ask the administrator to assign this desk a new"
                    " number."
                ),
            )
            return
        self.window._write_failed(error)

    def suggest(self) -> None:
        """The knowledge base's suggestions for the ticket on screen."""
        if self.form.ticket is not None:
            self.window.knowledge.suggest_for(
                self.form.category_code(), self.form.description.toPlainText()
            )

    def _draft_opened(self, call: CallSnapshot, ticket: TicketView) -> None:
        self.call_tickets[call.id] = ticket
        if self.form.ticket is not None and self.form.ticket.id != ticket.id:
            self.form.save()  # whatever was on screen is kept before the new case
        self.form.show_ticket(ticket)

    def show_caller(
        self,
        number: str,
        citizen: str = "",
        citizen_id: uuid.UUID | None = None,
        exclude: uuid.UUID | None = None,
    ) -> None:
        """The caller card: their earlier calls (not this one) and tickets."""
        desk = self.window.desk
        self.card.show_caller(
            number,
            citizen,
            [c for c in desk.calls.history_for(number) if c.id != exclude],
            desk.ticket_history.for_caller(number, citizen_id),
        )

    def citizen_verified(self, citizen_id: uuid.UUID, name: str) -> None:
        """The wizard verified the caller: the ticket on the form and the card learn who."""
        call = self._current_call()
        ticket = self.call_tickets.get(call.id) if call else None
        if ticket is not None:
            self.window.bridge.when_done(
                self.window.desk.tickets.save_draft(ticket.id, {"citizen_id": citizen_id}),
                lambda _view: None,
                self.window._write_failed,
            )
        self.show_caller(call.number if call else "", name, citizen_id, call.id if call else None)

    def reopen_previous(self) -> None:
        """Ctrl+R: the caller's earlier ticket takes this call; the fresh empty draft goes."""
        callback = self.banner.callback
        call = self._current_call()
        if callback is None or callback.ticket_id is None:
            return
        desk = self.window.desk
        fresh = self.call_tickets.get(call.id) if call else None
        self.form.save()  # what was typed goes in first (the writer keeps the order) …
        if call is not None:
            desk.tickets.link_call(callback.ticket_id, call.id)
        if fresh is not None and fresh.id != callback.ticket_id:
            self._discard(fresh.id)  # … so a draft with words in it is kept
        self.banner.clear()
        self.reopen_action.setEnabled(False)
        ticket = desk.ticket_history.get(callback.ticket_id)
        if call is not None:
            self.call_tickets[call.id] = ticket
        self.form.show_ticket(ticket)
        self.window.workspace.setCurrentWidget(self.window.workspace.ticket_page)
        self.form.description.setFocus()

    def add_application(self, view: ApplicationView) -> bool:
        """The application the caller asked about, in the ticket on the form: its number in
        the application field (the status category is chosen when none is), the service,
        and a line in the description. False when no ticket is open."""
        form = self.form
        if form.ticket is None:
            return False
        if chosen_id(form.category) is None:
            status = next((c for c in form.categories if c.code == ESCALATION_CATEGORY), None)
            if status is not None:
                select_id(form.category, status.id)
        editor = form.fields.editors.get("application_number")
        if isinstance(editor, QLineEdit):
            editor.setText(view.shown_number)
        if not form.service.text().strip():
            form.service.setText(view.service_ru)
        line = self.tr("Application %1: %2").replace("%1", view.shown_number)
        form.add_line(line.replace("%2", stage_name(view.stage)))
        self._report(self.tr("The application is named in the ticket."))
        return True

    def open_ticket(self, ticket_id: uuid.UUID) -> None:
        """From the caller card or the history: the ticket and its whole story in the form."""
        if self.form.ticket is not None and self.form.ticket.id != ticket_id:
            self.form.save()
        self.form.show_ticket(self.window.desk.ticket_history.get(ticket_id))
        self.window.workspace.setCurrentWidget(self.window.workspace.ticket_page)

    def _current_call(self) -> CallSnapshot | None:
        phone = self.window.phone
        return phone.current() if phone else None

    def _hung_up(self, call: CallSnapshot) -> None:
        if call.answered_at is None:
            return
        self.form.save()
        self.banner.clear()
        self.reopen_action.setEnabled(False)
        self.gate.call_ended(call.id, time.monotonic())
        self._ended[call.id] = call
        ticket = self.call_tickets.get(call.id)
        self.window.set_operator_state(OperatorState.AFTER_CALL_WORK)
        self.window.workspace.setCurrentWidget(self.window.workspace.ticket_page)
        self.wrap_up.start(ticket.number if ticket else "", can_text(call.number))

    # after-call work ------------------------------------------------------------------------
    @property
    def may_go_ready(self) -> bool:
        return self.gate.may_go_ready

    def refuse_ready(self) -> None:
        self._report(self.tr("Pick how the call ended first (the list above the ticket)."))
        self.window.workspace.setCurrentWidget(self.window.workspace.ticket_page)
        self.wrap_up.codes.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose_wrap_up(self, value: str, send_sms: bool) -> None:
        pending = [w for w in self.gate.pending if w.call_id not in self._wrapping]
        if not pending:
            return  # a second Enter while the first is being filed
        work = pending[0]
        code = WrapUp(value)
        ticket = self.call_tickets.get(work.call_id)
        if ticket is not None and code in NEEDS_TICKET:
            self._wrapping.add(work.call_id)
            filing = self.form.file() if self._is_on_form(ticket) else None
            future = filing or self.window.desk.tickets.file(ticket.id)
            self.window.bridge.when_done(
                future,
                lambda filed: self._wrap_up_done(work.call_id, code, send_sms, filed),
                lambda error: self._not_filed(work.call_id, error),
            )
            return
        if ticket is not None:
            self.form.save()  # typed words reach the draft before it may be dropped
            self._discard(ticket.id)  # kept when anything was typed
        self._wrap_up_done(work.call_id, code, False, None)

    def _discard(self, ticket_id: uuid.UUID) -> None:
        """Drop an untouched draft; the form lets go of it when it was on screen."""

        def dropped(gone: bool) -> None:
            if gone and self.form.ticket is not None and self.form.ticket.id == ticket_id:
                self.form.clear()

        self.window.bridge.when_done(
            self.window.desk.tickets.discard(ticket_id), dropped, self.window._write_failed
        )

    def _is_on_form(self, ticket: TicketView) -> bool:
        return self.form.ticket is not None and self.form.ticket.id == ticket.id

    def _not_filed(self, call_id: uuid.UUID, error: BaseException) -> None:
        self._wrapping.discard(call_id)
        if isinstance(error, TicketIncomplete):
            self.form.show_problems(error.problems)
            self._report(
                self.tr("File the ticket first: the marked fields are missing (Ctrl+Enter).")
            )
        else:
            self.window._write_failed(error)

    def _wrap_up_done(
        self, call_id: uuid.UUID, code: WrapUp, send_sms: bool, ticket: TicketView | None
    ) -> None:
        self._wrapping.discard(call_id)
        if call_id not in {work.call_id for work in self.gate.pending}:
            return  # chosen already
        desk = self.window.desk
        if code is WrapUp.SOLVED_ON_CALL and ticket is not None and ticket.status.is_open:
            if self._is_on_form(ticket):
                self.form.move_to(TicketStatus.RESOLVED)
            else:
                desk.tickets.move(ticket.id, TicketStatus.RESOLVED)
        seconds = self.gate.choose(call_id, code, time.monotonic())
        self.window.bridge.when_done(
            desk.calls.record_wrap_up(call_id, code.value, seconds),
            lambda _none: self.window.refresh_history(),
            self.window._write_failed,
        )
        desk.call_summaries.publish(call_id)  # the portal's record: queued after the wrap-up
        call = self._ended.pop(call_id, None)
        if send_sms and ticket is not None and call is not None:
            self._send_number(call, ticket.number)
        if self.gate.may_go_ready:
            self.wrap_up.finish()
            self._report(self.tr("Wrap-up saved. F5: Ready for the next call."))

    def _send_number(self, call: CallSnapshot, number: str) -> Future[SendResult]:
        text = number_sms(number, call.context.language or "ru")
        gateway = self.window.desk.sms_gateway
        future = self._sender.submit(gateway.send, call.number, text)
        self.window.bridge.when_done(
            future,
            lambda _r: self._report(self.tr("The ticket number was sent by SMS.")),
            lambda error: self._report(
                self.tr(
                    "The SMS with the ticket number was not sent (%1); read it out instead."
                ).replace("%1", type(error).__name__)
            ),
        )
        return future

    def _list_stale(self) -> None:
        """A ticket changed: the history list shows it when it is next looked at."""
        if self.list.isVisible():
            self.list.refresh()

    def _report(self, text: str) -> None:
        self.window.status.showMessage(text, 15000)

    def close(self) -> None:
        self.form.save()
        self._sender.shutdown(wait=False)
