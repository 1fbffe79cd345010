"""Changes to one application's parameters, asked of the portal's back office during a call.

A service may let its applicant change some things once the application is in: the contact
phone or e-mail the agency uses for it, or the day they are expected in person
(``PortalService.changeable``). Nothing can change once the application is decided. Only
the applicant, fully verified, may ask; a new phone must have been confirmed by a code sent
to it (the caller card's contact change does the same: the UI sends and checks the code).
The desk does not change the application: it records a request with a number to read back,
and the back office's decision comes back by sync. The audit names the parameter, never a
value.
"""

from __future__ import annotations

import uuid
from concurrent.futures import Future
from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.db.application_models import Parameter
from app.db.database import Database
from app.db.models import AccountRequestKind
from app.domain import validators as v
from app.domain.clock import MOSCOW, utc_now
from app.services.applications import ApplicationView
from app.services.audit import AuditLog
from app.services.back_office import REQUESTED, Requested, new_request
from app.verification.session import Level, NotVerifiedEnough, VerificationSession

#: How far ahead a new visit day may be.
VISIT_WITHIN_DAYS = 30


class NotTheApplicant(PermissionError):
    """The verified caller is not the one who applied."""


class NotChangeable(ValueError):
    """The service does not let this be changed, or the application is already decided."""


class BadValue(ValueError):
    """The new value is not one (``problem``: 'phone', 'email', 'date', 'date-range' or
    'same')."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def new_value(parameter: Parameter, text: str, today: date, current: str = "") -> str:
    """The value as it is stored (E.164, a lower-case address, an ISO date), or BadValue."""
    if parameter is Parameter.CONTACT_PHONE:
        value = v.normalise_phone(text)
        if value is None:
            raise BadValue("phone")
    elif parameter is Parameter.CONTACT_EMAIL:
        value = v.normalise_email(text)
        if value is None:
            raise BadValue("email")
    else:
        day = v.parse_date(text)
        if day is None:
            raise BadValue("date")
        if not today < day <= today + timedelta(days=VISIT_WITHIN_DAYS):
            raise BadValue("date-range")
        value = day.isoformat()
    if value == current:
        raise BadValue("same")
    return value


def current_value(view: ApplicationView, parameter: Parameter) -> str:
    """What the application says now, in the stored form ('' when unknown or not shown)."""
    details = view.details
    if details is None:
        return ""
    if parameter is Parameter.CONTACT_PHONE:
        return details.contact_phone
    if parameter is Parameter.CONTACT_EMAIL:
        return details.contact_email
    return details.visit_on.isoformat() if details.visit_on else ""


def moscow_today() -> date:
    return utc_now().astimezone(MOSCOW).date()


class ApplicationChanges:
    def __init__(
        self, database: Database, audit: AuditLog, operator_id: uuid.UUID | None = None
    ) -> None:
        self._db = database
        self._audit = audit
        self.operator_id = operator_id

    def request(
        self,
        session: VerificationSession,
        application: ApplicationView,
        parameter: Parameter,
        text: str,
    ) -> Future[Requested]:
        """Ask the back office to change ``parameter`` of ``application`` to ``text``.

        Raises before anything is written: NotVerifiedEnough (not fully verified),
        NotTheApplicant, NotChangeable, BadValue."""
        if session.level is not Level.FULL:
            raise NotVerifiedEnough(Level.FULL)
        details = application.details
        if details is None or details.citizen_id != session.citizen_id:
            raise NotTheApplicant(str(application.id))
        if parameter not in application.changeable:
            raise NotChangeable(parameter.value)
        value = new_value(parameter, text, moscow_today(), current_value(application, parameter))
        citizen_id, call_id, operator_id = session.citizen_id, session.call_id, self.operator_id
        what = {"application": str(application.id), "parameter": parameter.value}

        def work(db: Session) -> Requested:
            done = new_request(
                db,
                AccountRequestKind.CHANGE_APPLICATION,
                citizen_id=citizen_id,
                call_id=call_id,
                operator_id=operator_id,
                new_value=value,
                details=what,
            )
            db.flush()
            return done

        future = self._db.write(work)
        future.add_done_callback(lambda f: self._audited(f, parameter))
        return future

    def _audited(self, future: Future[Requested], parameter: Parameter) -> None:
        if future.exception() is None:
            details = {"kind": AccountRequestKind.CHANGE_APPLICATION.value, "parameter": parameter}
            done = future.result()
            self._audit.record(REQUESTED, self.operator_id, "account_request", done.id, details)
