"""Tickets in the local database: numbers issued once, drafts kept as typed, every status
move checked and logged.

A ticket is opened as a draft the moment a call is answered and saved as the operator types
(the form debounces; each save is one write on the single writer), so a crash or a kill
loses at most the last moments. Its number is issued in the same write transaction that
inserts it, from the desk's counter row (app/tickets/numbers.py): never twice, even when
many writes queue up. Status moves go through the workflow (app/tickets/workflow.py) and
add a line to the ticket's event log; the log is only ever added to. Filing checks the
form (app/tickets/fields.py) and sets the deadline from the category; escalating names
the department and the reason; waiting for the citizen stops the deadline's clock.
"""

from __future__ import annotations

import uuid
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Department, TicketCategory
from app.db.ticket_models import Ticket, TicketCall, TicketCounter, TicketEvent, TicketPriority
from app.domain.clock import moscow_time, utc_now
from app.services.call_summaries import follow_ticket
from app.tickets.fields import Problem, check_form
from app.tickets.numbers import SEQUENCE_MAX, SequenceExhausted, format_number
from app.tickets.workflow import (
    EventKind,
    Pause,
    TicketStatus,
    check_transition,
    due_at,
    waited,
)

#: The fields a draft may carry; anything else is refused (no surprise columns).
DRAFT_FIELDS = frozenset(
    {"category_id", "subcategory_id", "priority", "citizen_id", "caller_number",
     "application_number", "service", "description", "details", "department_id"}
)  # fmt: skip


#: Fields whose change on a filed ticket is logged with its new value (no personal data).
_LOGGED_VALUES = frozenset({"category_id", "subcategory_id", "priority", "department_id"})


class TicketIncomplete(ValueError):
    """The ticket cannot be filed yet: ``problems`` names each field (``category``,
    ``description`` or a form field's key) and what is wrong with it."""

    def __init__(self, problems: dict[str, Problem]) -> None:
        super().__init__("ticket incomplete: " + ", ".join(sorted(problems)))
        self.problems = problems


@dataclass(frozen=True)
class TicketView:
    """What the form shows of a ticket."""

    id: uuid.UUID
    number: str
    status: TicketStatus
    is_draft: bool
    description: str
    details: dict[str, Any] = field(default_factory=dict)
    caller_number: str = ""
    updated_at: datetime | None = None
    category_id: uuid.UUID | None = None
    subcategory_id: uuid.UUID | None = None
    priority: TicketPriority = TicketPriority.NORMAL
    department_id: uuid.UUID | None = None
    citizen_id: uuid.UUID | None = None
    application_number: str = ""
    service: str = ""
    created_at: datetime | None = None
    due_at: datetime | None = None
    waiting_since: datetime | None = None


def ticket_view(row: Ticket) -> TicketView:
    return TicketView(
        row.id,
        row.number,
        row.status,
        row.is_draft,
        row.description,
        dict(row.details or {}),
        row.caller_number,
        row.updated_at,
        row.category_id,
        row.subcategory_id,
        row.priority,
        row.department_id,
        row.citizen_id,
        row.application_number,
        row.service,
        row.created_at,
        row.due_at,
        row.waiting_since,
    )


def _typed(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _checked(session: Session, ticket: Ticket, fields: dict[str, Any]) -> dict[str, Any]:
    """A filed ticket's new values in their stored shape (ISO dates, 1500.00), or
    :class:`TicketIncomplete`: a filed ticket never holds a value filing would refuse."""
    merged = {name: getattr(ticket, name) for name in DRAFT_FIELDS} | fields
    probe = Ticket(
        category_id=merged["category_id"],
        subcategory_id=merged["subcategory_id"],
    )
    _category_row, form, _days = _category(session, probe)
    typed = dict(merged["details"] or {}, application_number=merged["application_number"])
    stored, problems = check_form(
        form, {k: _typed(v) for k, v in typed.items()}, moscow_time(utc_now()).date()
    )
    if merged["category_id"] is None:
        problems["category"] = Problem.REQUIRED
    if not str(merged["description"]).strip():
        problems["description"] = Problem.REQUIRED
    if problems:
        raise TicketIncomplete(problems)
    out = dict(fields)
    if "details" in fields or "application_number" in fields:
        out["application_number"] = stored.pop("application_number", "")
        out["details"] = stored
    return out


def _ticket(session: Session, ticket_id: uuid.UUID) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.deleted_at is not None:
        raise LookupError("no such ticket")
    return ticket


def _category(session: Session, ticket: Ticket) -> tuple[TicketCategory | None, str, int | None]:
    """The ticket's most specific category, and its form and review days (inherited)."""
    chosen = [
        session.get(TicketCategory, cid)
        for cid in (ticket.subcategory_id, ticket.category_id)
        if cid is not None
    ]
    rows = [row for row in chosen if row is not None]
    form = next((row.form for row in rows if row.form), "")
    days = next((row.review_days for row in rows if row.review_days), None)
    return (rows[0] if rows else None), form, days


def _next_number(session: Session, desk: int) -> str:
    counter = session.get(TicketCounter, desk)
    if counter is None:
        counter = TicketCounter(desk=desk, last=0)
        session.add(counter)
    if counter.last >= SEQUENCE_MAX:
        raise SequenceExhausted(desk)
    counter.last += 1
    return format_number(desk, counter.last)


class TicketService:
    def __init__(self, database: Database, desk: int, operator_id: uuid.UUID | None = None):
        self._db = database
        self.desk = desk
        self.operator_id = operator_id

    def open_draft(
        self, call_id: uuid.UUID | None = None, caller_number: str = ""
    ) -> Future[TicketView]:
        """A new draft ticket with its number, linked to the call it comes from."""

        def work(session: Session) -> TicketView:
            ticket = Ticket(number=_next_number(session, self.desk), caller_number=caller_number)
            session.add(ticket)
            session.flush()
            if call_id is not None:
                session.add(TicketCall(ticket_id=ticket.id, call_id=call_id))
            self._log(
                session, ticket.id, EventKind.CREATED, {"call": str(call_id) if call_id else ""}
            )
            return ticket_view(ticket)

        return self._db.write(work)

    def save_draft(self, ticket_id: uuid.UUID, fields: dict[str, Any]) -> Future[TicketView]:
        """Store what the operator typed so far. A draft gets no log line per keystroke; on a
        filed ticket each save that changes something logs which fields changed."""
        unknown = set(fields) - DRAFT_FIELDS
        if unknown:
            raise ValueError(f"not ticket fields: {', '.join(sorted(unknown))}")

        def work(session: Session) -> TicketView:
            ticket = _ticket(session, ticket_id)
            values = fields if ticket.is_draft else _checked(session, ticket, fields)
            changed = {}
            for name, value in values.items():
                if getattr(ticket, name) != value:
                    changed[name] = str(value) if name in _LOGGED_VALUES else ""
                    setattr(ticket, name, value)
            if changed and not ticket.is_draft:
                self._log(session, ticket.id, EventKind.FIELD_CHANGED, {"fields": changed})
            session.flush()
            return ticket_view(ticket)

        return self._db.write(work)

    def file(self, ticket_id: uuid.UUID) -> Future[TicketView]:
        """The operator is done typing: the draft becomes a ticket (logged as such), with its
        deadline from the category. :class:`TicketIncomplete` when something is missing."""

        def work(session: Session) -> TicketView:
            ticket = _ticket(session, ticket_id)
            if not ticket.is_draft:
                return ticket_view(ticket)
            category, form, days = _category(session, ticket)
            values = dict(ticket.details or {}, application_number=ticket.application_number)
            stored, problems = check_form(
                form, {k: _typed(v) for k, v in values.items()}, moscow_time(utc_now()).date()
            )
            if category is None:
                problems["category"] = Problem.REQUIRED
            if not ticket.description.strip():
                problems["description"] = Problem.REQUIRED
            if problems:
                raise TicketIncomplete(problems)
            # What was typed is kept in the form's own normal shape (ISO dates, 1234.50).
            ticket.application_number = stored.pop("application_number", "")
            ticket.details = {**(ticket.details or {}), **stored}
            ticket.is_draft = False
            ticket.due_at = due_at(ticket.created_at, days, [], utc_now())
            self._log(session, ticket.id, EventKind.FIELD_CHANGED, {"filed": True})
            return ticket_view(ticket)

        return self._db.write(work)

    def move(self, ticket_id: uuid.UUID, new: TicketStatus, note: str = "") -> Future[TicketView]:
        """Change the status if the workflow allows it (TransitionError otherwise)."""

        def work(session: Session) -> TicketView:
            ticket = _ticket(session, ticket_id)
            self._move(session, ticket, new, {"note": note})
            return ticket_view(ticket)

        return self._db.write(work)

    def escalate(
        self, ticket_id: uuid.UUID, department_id: uuid.UUID, reason: str
    ) -> Future[TicketView]:
        """Hand the ticket to a department; the reason is required and goes to the log, which
        is how the department learns of it (its queue reads escalated tickets)."""
        reason = reason.strip()
        if not reason:
            raise ValueError("an escalation needs a reason")

        def work(session: Session) -> TicketView:
            ticket = _ticket(session, ticket_id)
            department = session.get(Department, department_id)
            if department is None or department.deleted_at is not None:
                raise LookupError("no such department")
            ticket.department_id = department.id
            details = {"department": department.code, "reason": reason}
            self._move(session, ticket, TicketStatus.ESCALATED, details)
            return ticket_view(ticket)

        return self._db.write(work)

    def link_call(self, ticket_id: uuid.UUID, call_id: uuid.UUID) -> Future[TicketView]:
        """A later call about the same case (the caller called back): the ticket gains it."""

        def work(session: Session) -> TicketView:
            ticket = _ticket(session, ticket_id)
            linked = session.scalar(
                select(TicketCall.id).where(
                    TicketCall.ticket_id == ticket_id, TicketCall.call_id == call_id
                )
            )
            if linked is None:
                session.add(TicketCall(ticket_id=ticket_id, call_id=call_id))
                self._log(session, ticket.id, EventKind.COMMENT, {"call": str(call_id)})
            return ticket_view(ticket)

        return self._db.write(work)

    def discard(self, ticket_id: uuid.UUID) -> Future[bool]:
        """Drop a draft nobody typed into (a wrong number, a call back to an older ticket).
        A draft with anything typed, or a filed ticket, is kept: returns False."""

        def work(session: Session) -> bool:
            ticket = _ticket(session, ticket_id)
            typed = ticket.description.strip() or ticket.details or ticket.category_id
            if not ticket.is_draft or typed:
                return False
            ticket.deleted_at = utc_now()
            return True

        return self._db.write(work)

    def comment(self, ticket_id: uuid.UUID, text: str) -> Future[TicketView]:
        text = text.strip()
        if not text:
            raise ValueError("an empty comment")

        def work(session: Session) -> TicketView:
            ticket = _ticket(session, ticket_id)
            self._log(session, ticket.id, EventKind.COMMENT, {"text": text})
            return ticket_view(ticket)

        return self._db.write(work)

    def _move(
        self, session: Session, ticket: Ticket, new: TicketStatus, details: dict[str, Any]
    ) -> None:
        kind = check_transition(ticket.status, new)
        now = utc_now()
        if ticket.waiting_since is not None and ticket.due_at is not None:
            # Back from waiting for the citizen: the time waited does not count.
            ticket.due_at += waited([Pause(ticket.waiting_since)], now)
        ticket.waiting_since = now if new is TicketStatus.WAITING else None
        self._log(
            session, ticket.id, kind, {"from": ticket.status.value, "to": new.value, **details}
        )
        ticket.status = new
        follow_ticket(session, ticket.id)  # the caller's record on the portal says so too

    def view(self, ticket_id: uuid.UUID) -> TicketView:
        """A ticket as it is now (LookupError when there is none)."""
        return self._db.read(lambda s: ticket_view(_ticket(s, ticket_id)))

    def drafts(self) -> list[TicketView]:
        """Drafts not filed yet: after a crash, the form offers them back."""
        return self._db.read(
            lambda s: [
                ticket_view(row)
                for row in s.scalars(
                    select(Ticket)
                    .where(Ticket.is_draft.is_(True), Ticket.deleted_at.is_(None))
                    .order_by(Ticket.updated_at.desc())
                )
            ]
        )

    def events(self, ticket_id: uuid.UUID) -> list[tuple[EventKind, dict[str, Any]]]:
        return self._db.read(
            lambda s: [
                (row.kind, dict(row.details))
                for row in s.scalars(
                    select(TicketEvent)
                    .where(TicketEvent.ticket_id == ticket_id)
                    .order_by(TicketEvent.occurred_at, TicketEvent.id)
                )
            ]
        )

    def _log(
        self, session: Session, ticket_id: uuid.UUID, kind: EventKind, details: dict[str, Any]
    ) -> None:
        session.add(
            TicketEvent(
                ticket_id=ticket_id,
                kind=kind,
                operator_id=self.operator_id,
                occurred_at=utc_now(),
                details=details,
            )
        )
