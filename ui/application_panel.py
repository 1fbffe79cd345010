"""The "Application" tab: where the caller's application stands, and what to do about it.

The operator types the number as the caller dictates it (or picks one of the verified
caller's applications as they type); Enter shows the service, the stage timeline with
Moscow times, the expected date and a red badge when it is late. The reason for a
rejection or return and the documents to bring appear only for the verified applicant,
with a button that opens the knowledge-base article telling the caller what to do next.
"Escalate" sends a late application to its department as a ticket; "Add to ticket" names
it in the ticket on the form.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QStringListModel, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.applications import numbers
from app.db.application_models import Stage
from app.domain.clock import moscow_time
from app.services.applications import (
    ApplicationService,
    ApplicationView,
)
from app.services.tickets import TicketView
from app.sync.citizens import DirectoryUnavailable
from app.verification.session import Level, NotVerifiedEnough, VerificationSession
from ui.actions import push_button
from ui.application_change import ApplicationChange
from ui.bridge import GuiBridge

BAD_STYLE = "color: #b00020;"
T = TypeVar("T")


def stage_name(stage: Stage) -> str:
    return {
        Stage.SUBMITTED: QCoreApplication.translate("Applications", "Submitted"),
        Stage.REGISTERED: QCoreApplication.translate("Applications", "Registered"),
        Stage.UNDER_REVIEW: QCoreApplication.translate("Applications", "Under review"),
        Stage.DOCUMENTS_REQUESTED: QCoreApplication.translate(
            "Applications", "Documents requested"
        ),
        Stage.COMPLETED: QCoreApplication.translate("Applications", "Completed"),
        Stage.REJECTED: QCoreApplication.translate("Applications", "Rejected"),
        Stage.RETURNED: QCoreApplication.translate("Applications", "Returned"),
    }[stage]


class ApplicationPanel(QWidget):
    guidance_requested = Signal(str)  # a knowledge-base slug
    add_to_ticket = Signal(object)  # the ApplicationView on screen

    def __init__(
        self,
        service: ApplicationService,
        bridge: GuiBridge,
        escalate: Callable[[ApplicationView], Future[TicketView]],
        english: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("applicationPanel")
        self.service, self._bridge, self._escalate, self._english = (
            service,
            bridge,
            escalate,
            english,
        )
        self.citizen_id: uuid.UUID | None = None
        self.level = Level.NONE
        self.call_id: uuid.UUID | None = None
        self.session: VerificationSession | None = None
        self.shown: ApplicationView | None = None
        self.change: ApplicationChange | None = None  # attach_change
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="application-lookup")

        self.number = QLineEdit(self)
        self.number.setObjectName("applicationNumber")
        self.number.returnPressed.connect(self.look_up)
        self._choices = QStringListModel(self)
        completer = QCompleter(self._choices, self)
        completer.setCaseSensitivity(completer.caseSensitivity().CaseInsensitive)
        completer.setFilterMode(completer.filterMode().MatchContains)
        completer.activated.connect(lambda _text: self.look_up())
        self.number.setCompleter(completer)
        self.message = self._label("applicationMessage")
        self.service_label = self._label("applicationService", "font-weight: bold;")
        self.state_label = self._label("applicationState")
        self.overdue_badge = self._label(
            "applicationOverdue", "color: white; background: #b00020; padding: 2px 6px;"
        )
        self.timeline = QListWidget(self)
        self.timeline.setObjectName("applicationTimeline")
        self.reason_label = self._label("applicationReason")
        self.guidance_button = self._button("applicationGuidance", self._guidance)
        self.escalate_button = self._button("applicationEscalate", self.escalate)
        self.add_button = self._button("applicationAddToTicket", self._add)
        self._lay_out()
        self.retranslate_ui()
        self._show(None)

    def _label(self, name: str, style: str = "") -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(style)
        return label

    def _button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        return push_button(self, name, slot)

    def attach_change(self, change: ApplicationChange) -> None:
        """The part that asks for a change of the application on the tab (under it)."""
        self.change = change
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.reason_label) + 1, change)
        change.show_application(self.shown, self.session)

    def _add(self) -> None:
        if self.shown is not None:
            self.add_to_ticket.emit(self.shown)

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.guidance_button, self.escalate_button, self.add_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        state = QHBoxLayout()
        state.addWidget(self.state_label, 1)
        state.addWidget(self.overdue_badge)
        layout = QVBoxLayout(self)
        layout.addWidget(self.number)
        layout.addWidget(self.message)
        layout.addWidget(self.service_label)
        layout.addLayout(state)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.reason_label)
        layout.addLayout(buttons)

    # context ---------------------------------------------------------------------------
    def set_call(self, call_id: uuid.UUID | None) -> None:
        """A new call: nothing of the previous caller's stays on screen."""
        if call_id != self.call_id:
            self.call_id, self.citizen_id, self.level = call_id, None, Level.NONE
            self.session = None
            self._choices.setStringList([])
            self.number.clear()
            self._say("")
            self._show(None)

    def verified_as(
        self, citizen_id: uuid.UUID, level: Level, session: VerificationSession | None = None
    ) -> None:
        """The wizard verified the caller: their applications to pick from, details shown."""
        self.session = session
        if self.change is not None:
            self.change.show_application(self.shown, session)
        if (citizen_id, level) == (self.citizen_id, self.level):
            return  # told again (a check recorded, a tab switched): nothing new to show
        self.citizen_id, self.level = citizen_id, level
        call_id = self.call_id

        def mine() -> list[ApplicationView]:
            try:
                return self.service.for_citizen(citizen_id, level, call_id)
            except NotVerifiedEnough:
                return []

        def offer(found: list[ApplicationView]) -> None:
            self._choices.setStringList([f"{a.shown_number} — {self._service(a)}" for a in found])
            if self.shown is not None:
                self.look_up()  # the same application, now with what the applicant may hear

        self._run(mine, offer)

    # look-up ---------------------------------------------------------------------------
    def look_up(self) -> None:
        text = self.number.text().split("—")[0]
        level, citizen_id, call_id = self.level, self.citizen_id, self.call_id
        if numbers.normalise(text) is None:
            self._say(self.tr("That is not an application number: 6 to 20 digits."), bad=True)
            return
        if self.service.directory is not None:
            self._say(self.tr("Looking the application up in the central database…"))
        self._run(lambda: self.service.find_number(text, level, citizen_id, call_id), self._found)

    def _run(self, work: Callable[[], T], done: Callable[[T], None]) -> None:
        """The embedded desk's own file answers at once; a central desk's server is asked
        off the GUI thread."""
        if self.service.directory is None:
            done(work())
            return
        self._bridge.when_done(self._worker.submit(work), done, self._unavailable, owner=self)

    def _unavailable(self, error: BaseException) -> None:
        if not isinstance(error, DirectoryUnavailable):
            raise error
        self._say(
            self.tr(
                "The central database does not answer: the application cannot be looked up now."
            ),
            bad=True,
        )

    def _found(self, found: ApplicationView | None) -> None:
        if found is None:
            self._say(self.tr("No application with this number."), bad=True)
            self._show(None)
            return
        self._say("")
        self._show(found)

    def escalate(self) -> None:
        shown = self.shown
        if shown is None or not shown.overdue:
            return
        self.escalate_button.setEnabled(False)
        self._say(self.tr("Sending to the department…"))
        self._bridge.when_done(self._escalate(shown), self._escalated, self._not_escalated)

    def _escalated(self, ticket: TicketView) -> None:
        self._say(
            self.tr("Ticket %1 sent to the department. Read the number to the caller.").replace(
                "%1", ticket.number
            )
        )

    def _not_escalated(self, error: BaseException) -> None:
        self.escalate_button.setEnabled(self.shown is not None and self.shown.overdue)
        self._say(self.tr("Not sent: %1").replace("%1", str(error)), bad=True)

    # showing ---------------------------------------------------------------------------
    def _service(self, view: ApplicationView) -> str:
        return view.service_en if self._english() else view.service_ru

    def _show(self, view: ApplicationView | None) -> None:
        self.shown = view
        for widget in (self.service_label, self.state_label, self.timeline, self.reason_label):
            widget.setVisible(view is not None)
        self.overdue_badge.setVisible(view is not None and view.overdue)
        self.guidance_button.setVisible(bool(view and view.details and view.details.kb_slug))
        self.escalate_button.setEnabled(view is not None and view.overdue)
        self.add_button.setEnabled(view is not None)
        if self.change is not None:
            self.change.show_application(view, self.session)
        self.timeline.clear()
        if view is None:
            return
        self.service_label.setText(f"{self._service(view)} · № {view.shown_number}")
        state = self.tr("Stage: %1 since %2").replace("%1", stage_name(view.stage))
        state = state.replace("%2", _when(view.stage_at))
        if view.expected_at is not None:
            state += " · " + self.tr("expected %1").replace("%1", _day(view.expected_at))
        self.state_label.setText(state)
        for step in view.steps:
            self.timeline.addItem(f"{_when(step.at)} — {stage_name(step.stage)}")
        self.reason_label.setText(self._reason(view))

    def _reason(self, view: ApplicationView) -> str:
        details = view.details
        if details is None:
            return self.tr(
                "The reason, the documents and who applied are told only to the verified applicant."
            )
        lines = []
        if details.reason_code:
            reason = details.reason_en if self._english() else details.reason_ru
            lines.append(self.tr("Reason: %1").replace("%1", reason))
            if details.reason_note:
                lines.append(details.reason_note)
        if details.documents:
            lines.append(self.tr("To bring or fix: %1").replace("%1", "; ".join(details.documents)))
        return "\n".join(lines)

    def _guidance(self) -> None:
        if self.shown is not None and self.shown.details is not None:
            self.guidance_requested.emit(self.shown.details.kb_slug)

    def _say(self, text: str, bad: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(BAD_STYLE if bad else "")

    def retranslate_ui(self) -> None:
        self.number.setPlaceholderText(
            self.tr("Application number as the caller says it, e.g. 2031 877 405")
        )
        self.overdue_badge.setText(self.tr("Late"))
        self.guidance_button.setText(self.tr("What to tell the caller"))
        self.escalate_button.setText(self.tr("Escalate"))
        self.escalate_button.setToolTip(
            self.tr("A ticket to the department that handles the service, to speed it up")
        )
        self.add_button.setText(self.tr("Add to ticket"))
        self._show(self.shown)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _when(moment: datetime) -> str:
    return moscow_time(moment).strftime("%d.%m.%Y %H:%M")


def _day(moment: datetime) -> str:
    return moscow_time(moment).strftime("%d.%m.%Y")
