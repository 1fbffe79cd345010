"""The portal requests in the main window: the Portal requests tab and its badge, the
call-backs (through the PBX; on a desk with none, the embedded demo, to the demo citizen,
saying so), opening a request's ticket, and the supervisors' skills dialog."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.domain.states import OperatorState
from app.services.skills import SkillsService
from app.telephony.demo import DemoCallError, DemoCitizen
from ui.inbox import InboxView
from ui.skills_dialog import SkillsDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class PortalDesk(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.demo_citizen: DemoCitizen | None = None
        phone = window.phone
        self.inbox = InboxView(
            window.desk,
            window.bridge,
            ready=lambda: window.status.operator_state() is OperatorState.READY,
            dial=self.call_citizen,
            calls=lambda: set(phone.calls) if phone is not None else set(),
            open_ticket=self.open_ticket,
            parent=window,
        )
        window.workspace.use_inbox(self.inbox)
        self.inbox.count_changed.connect(window.status.show_requests)
        if phone is not None:
            phone.call_changed.connect(self.inbox.call_changed)
        self.inbox.start()

    def call_citizen(self, number: str) -> bool:
        """A call-back to a citizen: the number through the PBX. A desk with no PBX (the
        embedded demo) cannot reach a number: it calls the demo citizen instead, and says so."""
        window = self.window
        config = window.phone.config() if window.phone is not None else None
        if config is None or config.registrar or window.desk.is_central:
            return window.calls.dial(number)
        try:
            if self.demo_citizen is None or not self.demo_citizen.running:
                self.demo_citizen = DemoCitizen()
                self.demo_citizen.start()
        except DemoCallError as exc:
            self.demo_citizen = None
            window.dialogs.error(
                window,
                self.tr("Call"),
                self.tr("The demo citizen could not be started: %1").replace("%1", str(exc)),
            )
            return False
        window.status.showMessage(
            self.tr("No PBX is set up: the call-back goes to the demo citizen."), 10000
        )
        return window.calls.dial(self.demo_citizen.uri)

    def open_ticket(self, ticket_id: uuid.UUID) -> None:
        self.window.tickets.open_ticket(ticket_id)
        self.window.workspace.setCurrentWidget(self.window.workspace.ticket_page)

    def open_skills(self) -> SkillsDialog | None:
        """Supervisors: who takes which portal requests."""
        desk = self.window.desk
        if not desk.is_supervisor:
            return None
        dialog = SkillsDialog(
            SkillsService(desk.report_engine),
            desk.reference.categories(),
            self.window,
            after_save=self.inbox.refresh,
        )
        dialog.open()
        return dialog

    def close(self) -> None:
        self.inbox.close_work()
        if self.demo_citizen is not None:
            self.demo_citizen.stop()
