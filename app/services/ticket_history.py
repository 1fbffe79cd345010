"""Reading a ticket's story and a caller's past: what the form, the caller card and the
call-back banner show.

A ticket's events come with who wrote them and when; a caller's recent tickets come by
their number (and, once verified, by the citizen); the earlier calls of a number, with
the ticket each one produced, feed call-back recognition (app/tickets/callback.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import CallRecord, Operator
from app.db.ticket_models import Ticket, TicketCall, TicketEvent
from app.services.tickets import TicketView, ticket_view
from app.tickets.callback import EarlierCall
from app.tickets.workflow import EventKind, TicketStatus


@dataclass(frozen=True)
class EventView:
    kind: EventKind
    occurred_at: datetime
    operator: str  # the operator's full name, "" when the desk did it
    details: dict[str, Any]


@dataclass(frozen=True)
class TicketBrief:
    """One line of the caller card."""

    id: uuid.UUID
    number: str
    status: TicketStatus
    created_at: datetime
    category_id: uuid.UUID | None
    description: str
    is_draft: bool


class TicketHistory:
    def __init__(self, database: Database) -> None:
        self._db = database

    def get(self, ticket_id: uuid.UUID) -> TicketView:
        def work(session: Session) -> TicketView:
            row = session.get(Ticket, ticket_id)
            if row is None or row.deleted_at is not None:
                raise LookupError("no such ticket")
            return ticket_view(row)

        return self._db.read(work)

    def find_number(self, number: str) -> TicketView | None:
        """The ticket with this canonical number (X-Case, a number the caller reads out)."""
        query = select(Ticket).where(Ticket.number == number, Ticket.deleted_at.is_(None))
        return self._db.read(lambda s: next((ticket_view(row) for row in s.scalars(query)), None))

    def for_call(self, call_id: uuid.UUID) -> TicketView | None:
        """The ticket a call produced or joined (the latest, when several)."""
        query = (
            select(Ticket)
            .join(TicketCall, TicketCall.ticket_id == Ticket.id)
            .where(TicketCall.call_id == call_id, Ticket.deleted_at.is_(None))
            .order_by(TicketCall.created_at.desc())
            .limit(1)
        )
        return self._db.read(lambda s: next((ticket_view(r) for r in s.scalars(query)), None))

    def events(self, ticket_id: uuid.UUID) -> list[EventView]:
        """The ticket's log, oldest first."""
        query = (
            select(TicketEvent, Operator.full_name)
            .outerjoin(Operator, TicketEvent.operator_id == Operator.id)
            .where(TicketEvent.ticket_id == ticket_id)
            .order_by(TicketEvent.occurred_at, TicketEvent.id)
        )
        return self._db.read(
            lambda s: [
                EventView(event.kind, event.occurred_at, name or "", dict(event.details))
                for event, name in s.execute(query)
            ]
        )

    def for_caller(
        self, number: str, citizen_id: uuid.UUID | None = None, limit: int = 10
    ) -> list[TicketBrief]:
        """The caller's latest tickets: by their number, and by the citizen once verified."""
        matches = []
        if number:
            matches.append(Ticket.caller_number == number)
        if citizen_id is not None:
            matches.append(Ticket.citizen_id == citizen_id)
        if not matches:
            return []
        query = (
            select(Ticket)
            .where(or_(*matches), Ticket.deleted_at.is_(None))
            .order_by(Ticket.created_at.desc())
            .limit(limit)
        )
        return self._db.read(
            lambda s: [
                TicketBrief(
                    row.id,
                    row.number,
                    row.status,
                    row.created_at,
                    row.category_id,
                    row.description[:120],
                    row.is_draft,
                )
                for row in s.scalars(query)
            ]
        )

    def earlier_calls(
        self, number: str, since: datetime, exclude: uuid.UUID | None = None
    ) -> list[EarlierCall]:
        """Calls from this number that ended since ``since``, each with its ticket if any."""
        if not number:
            return []
        query = (
            select(CallRecord.id, CallRecord.ended_at, Ticket.id, Ticket.number)
            .outerjoin(TicketCall, TicketCall.call_id == CallRecord.id)
            .outerjoin(Ticket, Ticket.id == TicketCall.ticket_id)
            .where(
                CallRecord.caller_number == number,
                CallRecord.ended_at.is_not(None),
                CallRecord.ended_at >= since,
                CallRecord.deleted_at.is_(None),
            )
            .order_by(CallRecord.ended_at.desc())
        )
        if exclude is not None:
            query = query.where(CallRecord.id != exclude)
        return self._db.read(
            lambda s: [
                EarlierCall(call_id, ended_at, ticket_id, ticket_number or "")
                for call_id, ended_at, ticket_id, ticket_number in s.execute(query)
                if ended_at is not None
            ]
        )
