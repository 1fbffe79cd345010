"""Tickets in the local database: numbers issued once, drafts kept as typed, every status
move checked and logged.

A ticket is opened as a draft the moment a call is answered and saved as the operator types
(the form debounces; each save is one write on the single writer), so a crash or a kill
loses at most the last moments. Its number is issued in the same write transaction that
inserts it, from the desk's counter row (app/tickets/numbers.py): never twice, even when
many writes queue up. Status moves go through the workflow (app/tickets/workflow.py) and
add a line to the ticket's event log; the log is only ever added to.
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
from app.db.ticket_models import Ticket, TicketCall, TicketCounter, TicketEvent
from app.domain.clock import utc_now
from app.tickets.numbers import SEQUENCE_MAX, SequenceExhausted, format_number
from app.tickets.workflow import EventKind, TicketStatus, check_transition

#: The fields a draft may carry; anything else is refused (no surprise columns).
DRAFT_FIELDS = frozenset(
    {"category_id", "subcategory_id", "priority", "citizen_id", "caller_number",
     "application_number", "service", "description", "details", "department_id"}
)  # fmt: skip


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


def _view(row: Ticket) -> TicketView:
    return TicketView(
        row.id,
        row.number,
        row.status,
        row.is_draft,
        row.description,
        dict(row.details or {}),
        row.caller_number,
        row.updated_at,
    )


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
            return _view(ticket)

        return self._db.write(work)

    def save_draft(self, ticket_id: uuid.UUID, fields: dict[str, Any]) -> Future[TicketView]:
        """Store what the operator typed so far (a draft: no log line for each keystroke)."""
        unknown = set(fields) - DRAFT_FIELDS
        if unknown:
            raise ValueError(f"not ticket fields: {', '.join(sorted(unknown))}")

        def work(session: Session) -> TicketView:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                raise LookupError("no such ticket")
            for name, value in fields.items():
                setattr(ticket, name, value)
            session.flush()
            return _view(ticket)

        return self._db.write(work)

    def file(self, ticket_id: uuid.UUID) -> Future[TicketView]:
        """The operator is done typing: the draft becomes a ticket (logged as such)."""

        def work(session: Session) -> TicketView:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                raise LookupError("no such ticket")
            if ticket.is_draft:
                ticket.is_draft = False
                self._log(session, ticket.id, EventKind.FIELD_CHANGED, {"filed": True})
            return _view(ticket)

        return self._db.write(work)

    def move(self, ticket_id: uuid.UUID, new: TicketStatus, note: str = "") -> Future[TicketView]:
        """Change the status if the workflow allows it (TransitionError otherwise)."""

        def work(session: Session) -> TicketView:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                raise LookupError("no such ticket")
            kind = check_transition(ticket.status, new)
            details = {"from": ticket.status.value, "to": new.value, "note": note}
            ticket.status = new
            self._log(session, ticket.id, kind, details)
            return _view(ticket)

        return self._db.write(work)

    def drafts(self) -> list[TicketView]:
        """Drafts not filed yet: after a crash, the form offers them back."""
        return self._db.read(
            lambda s: [
                _view(row)
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
