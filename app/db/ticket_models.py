"""The ticket tables: a case, the calls it came from, and its append-only event log.

Kept apart from app/db/models.py (one module per subject, each under the size limit); the
classes share its declarative Base, so migrations and the schema comparison see them all.
A ticket's ``number`` is what the caller writes down (app/tickets/numbers.py); ``details``
holds the fields that depend on the category (error text, amount, application number…).
Description and details may hold personal data: they stay in the database and never reach
a log line or an audit record.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base, Synced, _enum
from app.db.types import UtcDateTime, utcnow
from app.tickets.workflow import EventKind, TicketStatus


class TicketPriority(enum.StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Ticket(Synced, Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_status_due_at", "status", "due_at"),
        Index("ix_tickets_created_at", "created_at"),  # history: newest first, by date range
    )

    number: Mapped[str] = mapped_column(String(12), unique=True)  # canonical, with separators
    category_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("ticket_categories.id"), default=None
    )
    subcategory_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("ticket_categories.id"), default=None
    )
    priority: Mapped[TicketPriority] = mapped_column(
        _enum(TicketPriority, "ticket_priority"), default=TicketPriority.NORMAL
    )
    status: Mapped[TicketStatus] = mapped_column(
        _enum(TicketStatus, "ticket_status"), default=TicketStatus.NEW
    )
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("citizens.id"), default=None, index=True
    )
    caller_number: Mapped[str] = mapped_column(String(32), default="", index=True)  # E.164
    application_number: Mapped[str] = mapped_column(String(40), default="", index=True)
    service: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    department_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("departments.id"), default=None
    )
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operators.id"), default=None)
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    #: Set while the ticket waits for the citizen: the deadline moves by the time waited.
    waiting_since: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    is_draft: Mapped[bool] = mapped_column(default=True)  # saved as typed, not yet filed


class TicketCall(Synced, Base):
    """A call a ticket came from (a case may span several calls, a call several tickets)."""

    __tablename__ = "ticket_calls"

    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"), index=True)
    call_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)  # call_records.id, maybe remote


class TicketEvent(Synced, Base):
    """One line of a ticket's story; never changed, only added."""

    __tablename__ = "ticket_events"

    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, "ticket_event_kind"))
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operators.id"), default=None)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class TicketAttachment(Synced, Base):
    """A file attached to a ticket (a screenshot, an error capture). The bytes live once in
    the data directory under their SHA-256 (app/tickets/attachments.py); this row names them."""

    __tablename__ = "ticket_attachments"

    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column()
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operators.id"), default=None)


class TicketCounter(Base):
    """The last sequence this desk issued (app/tickets/numbers.py): taken and raised in the
    same write transaction that inserts the ticket, so a number is never issued twice."""

    __tablename__ = "ticket_counters"

    desk: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)
