"""Looking up portal applications during a call, and escalating the late ones.

By number (as the caller dictates it) anyone may hear where an application stands: the
service, the stage and its dates, whether it is late. Who applied, why it was rejected or
returned and what to bring are the applicant's business: they are shown only once the
caller is verified to the level the policy names (partial by default), and all of a
citizen's applications only for that citizen, verified. Every look-up is an audit event
naming the application, never its number or its contents. A late application is escalated
with one action: a ticket to the department that handles the service, naming it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.applications import numbers
from app.db.application_models import (
    FINAL_STAGES,
    Application,
    ApplicationReason,
    ApplicationStep,
    Parameter,
    PortalService,
    Stage,
)
from app.db.database import Database
from app.db.models import TicketCategory
from app.domain.clock import moscow_time, utc_now
from app.services.audit import AuditLog
from app.services.tickets import TicketService, TicketView
from app.sync.citizens import CentralCitizens
from app.verification.session import Level, NotVerifiedEnough

LOOKUP = "application.lookup"
ESCALATED = "application.escalated"
_ORDER = {Level.NONE: 0, Level.PARTIAL: 1, Level.FULL: 2}
#: The ticket category for an application that needs a department's push.
ESCALATION_CATEGORY = "application_status"
#: Stage names for the ticket's text (tickets are written in the hotline's language).
_STAGE_RU = {
    Stage.SUBMITTED: "подана",
    Stage.REGISTERED: "зарегистрирована",
    Stage.UNDER_REVIEW: "на рассмотрении",
    Stage.DOCUMENTS_REQUESTED: "запрошены документы",
    Stage.COMPLETED: "услуга оказана",
    Stage.REJECTED: "отказ",
    Stage.RETURNED: "возвращена",
}


class NotAnApplicationNumber(ValueError):
    """What was typed is not an application number."""


@dataclass(frozen=True)
class StepView:
    stage: Stage
    at: datetime
    note: str


@dataclass(frozen=True)
class Details:
    """What only the verified applicant hears."""

    citizen_id: uuid.UUID
    reason_code: str
    reason_ru: str
    reason_en: str
    reason_note: str
    kb_slug: str  # the article that tells the caller what to do ('' for none)
    documents: tuple[str, ...]
    contact_phone: str
    contact_email: str
    visit_on: date | None


@dataclass(frozen=True)
class ApplicationView:
    id: uuid.UUID
    number: str
    service_code: str
    service_ru: str
    service_en: str
    department_id: uuid.UUID | None
    stage: Stage
    stage_at: datetime
    submitted_at: datetime
    expected_at: datetime | None
    overdue: bool
    steps: tuple[StepView, ...]
    details: Details | None  # None: the caller is not verified enough to hear them
    #: What the applicant may still change (the service allows it, nothing is decided yet).
    changeable: tuple[Parameter, ...] = ()

    @property
    def shown_number(self) -> str:
        return numbers.display(self.number)


def is_overdue(stage: Stage, expected_at: datetime | None, now: datetime) -> bool:
    """Past the expected date and not yet decided."""
    return expected_at is not None and stage not in FINAL_STAGES and now > expected_at


class ApplicationService:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        detail_level: Level = Level.PARTIAL,
        operator_id: uuid.UUID | None = None,
        directory: CentralCitizens | None = None,
    ) -> None:
        self._db = database
        self._audit = audit
        self.detail_level = detail_level
        self.operator_id = operator_id
        #: A central desk asks the server during the call (app/sync/citizens.py); the
        #: embedded desk has the applications in its own file.
        self.directory = directory

    def enough(self, level: Level) -> bool:
        return _ORDER[level] >= _ORDER[self.detail_level]

    # ------------------------------------------------------------------ look-ups
    def find_number(
        self,
        text: str,
        level: Level = Level.NONE,
        citizen_id: uuid.UUID | None = None,
        call_id: uuid.UUID | None = None,
    ) -> ApplicationView | None:
        """The application with this number; its details only for its verified applicant
        (``citizen_id`` verified to ``level``). NotAnApplicationNumber for bad input."""
        number = numbers.normalise(text)
        if number is None:
            raise NotAnApplicationNumber(text)
        if self.directory is not None:  # DirectoryUnavailable when the server is gone
            self.directory.fetch_applications(call_id, number=number)
        query = select(Application).where(
            Application.number == number, Application.deleted_at.is_(None)
        )

        def work(session: Session) -> ApplicationView | None:
            row = session.scalar(query)
            if row is None:
                return None
            detailed = self.enough(level) and citizen_id == row.citizen_id
            return _view(session, row, detailed, utc_now())

        found = self._db.read(work)
        self._record(call_id, found, "number")
        return found

    def for_citizen(
        self, citizen_id: uuid.UUID, level: Level, call_id: uuid.UUID | None = None
    ) -> list[ApplicationView]:
        """All of a verified citizen's applications, newest first, with their details."""
        if not self.enough(level):
            raise NotVerifiedEnough(self.detail_level)
        if self.directory is not None:
            self.directory.fetch_applications(call_id, citizen_id=citizen_id)
        query = (
            select(Application)
            .where(Application.citizen_id == citizen_id, Application.deleted_at.is_(None))
            .order_by(Application.submitted_at.desc())
        )

        def work(session: Session) -> list[ApplicationView]:
            now = utc_now()
            return [_view(session, row, True, now) for row in session.scalars(query)]

        found = self._db.read(work)
        self._audit.record(
            LOOKUP, self.operator_id, "call", call_id, {"by": "citizen", "found": len(found)}
        )
        return found

    def _record(self, call_id: uuid.UUID | None, found: ApplicationView | None, by: str) -> None:
        details = {"by": by, "found": int(found is not None)}
        if found is not None:
            details["detailed"] = int(found.details is not None)
        entity = found.id if found is not None else call_id
        self._audit.record(
            LOOKUP, self.operator_id, "application" if found else "call", entity, details
        )

    # ------------------------------------------------------------------ escalation
    def escalate(
        self,
        application: ApplicationView,
        tickets: TicketService,
        call_id: uuid.UUID | None = None,
        caller_number: str = "",
    ) -> TicketView:
        """A late application to its department: a filed ticket that names it, escalated
        with the reason (the department's queue reads escalated tickets). Blocking: call it
        off the GUI thread. ValueError when the application is not late or has no
        department to go to."""
        if not application.overdue:
            raise ValueError("the application is not late")
        if application.department_id is None:
            raise ValueError("no department handles this service")
        category = self._db.read(
            lambda s: s.scalar(
                select(TicketCategory.id).where(TicketCategory.code == ESCALATION_CATEGORY)
            )
        )
        expected = application.expected_at
        when = moscow_time(expected).strftime("%d.%m.%Y") if expected else ""
        description = (
            f"Заявка {application.shown_number} («{application.service_ru}») просрочена:"
            f" ожидалась {when}, этап «{_STAGE_RU[application.stage]}». Прошу ускорить"
            " рассмотрение."
        )
        draft = tickets.open_draft(call_id, caller_number).result(30)
        tickets.save_draft(
            draft.id,
            {
                "category_id": category,
                "application_number": application.number,
                "service": application.service_ru,
                "description": description,
                "details": {"application_number": application.number},
            },
        ).result(30)
        tickets.file(draft.id).result(30)
        reason = f"Просрочена заявка {application.shown_number}, ожидалась {when}"
        view = tickets.escalate(draft.id, application.department_id, reason).result(30)
        self._audit.record(ESCALATED, self.operator_id, "application", application.id, {})
        return view


def _view(session: Session, row: Application, detailed: bool, now: datetime) -> ApplicationView:
    service = session.get_one(PortalService, row.service_id)
    steps = session.scalars(
        select(ApplicationStep)
        .where(ApplicationStep.application_id == row.id)
        .order_by(ApplicationStep.at)
    )
    details = None
    if detailed:
        reason = session.get(ApplicationReason, row.reason_id) if row.reason_id else None
        details = Details(
            citizen_id=row.citizen_id,
            reason_code=reason.code if reason else "",
            reason_ru=reason.text_ru if reason else "",
            reason_en=reason.text_en if reason else "",
            reason_note=row.reason_note,
            kb_slug=reason.kb_slug if reason else "",
            documents=tuple(str(d) for d in row.documents or ()),
            contact_phone=row.contact_phone,
            contact_email=row.contact_email,
            visit_on=row.visit_on,
        )
    allowed = {p.value for p in Parameter}
    changeable = (
        ()
        if row.stage in FINAL_STAGES
        else tuple(Parameter(p) for p in service.changeable or () if p in allowed)
    )
    return ApplicationView(
        id=row.id,
        number=row.number,
        service_code=service.code,
        service_ru=service.name_ru,
        service_en=service.name_en,
        department_id=service.department_id,
        stage=row.stage,
        stage_at=row.stage_at,
        submitted_at=row.submitted_at,
        expected_at=row.expected_at,
        overdue=is_overdue(row.stage, row.expected_at, now),
        steps=tuple(StepView(s.stage, s.at, s.note) for s in steps),
        details=details,
        changeable=changeable,
    )
