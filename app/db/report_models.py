"""What the desks publish for supervisors and for the portal, beyond the calls and tickets
themselves: each operator's present state (the live wallboard), the spans of time spent in
each state (occupancy), and the citizen-facing summary of each call (shown in the caller's
personal account on the portal).

A call summary holds only what the caller may read about their own call: when, the topic in
plain words, the ticket number and status, the next step promised. Never the operator's
notes, the verification, or any other personal value.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base, Synced, _enum
from app.db.types import UtcDateTime


class PresenceState(enum.StrEnum):
    """What an operator is doing, as the wallboard shows it."""

    READY = "ready"
    NOT_READY = "not_ready"
    IN_CALL = "in_call"
    AFTER_CALL_WORK = "after_call_work"
    OFFLINE = "offline"  # the desk closed (or stopped publishing: see ``heartbeat_at``)


class OperatorPresence(Synced, Base):
    """One row per operator: their state now, written by their desk."""

    __tablename__ = "operator_presence"

    operator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("operators.id"), unique=True)
    state: Mapped[PresenceState] = mapped_column(_enum(PresenceState, "presence_state"))
    since: Mapped[datetime] = mapped_column(UtcDateTime)
    #: When the caller on the line (or ringing) began to wait, queue included; None without one.
    caller_waiting_since: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    #: The desk's last sign of life: a row not renewed for long is shown offline.
    heartbeat_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OperatorStateSpan(Synced, Base):
    """A stretch of time one operator spent in one state; ``ended_at`` is None while it lasts."""

    __tablename__ = "operator_state_spans"

    operator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("operators.id"), index=True)
    state: Mapped[PresenceState] = mapped_column(_enum(PresenceState, "presence_span_state"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: Indexed: a report reads the spans that ended after its start (or have not ended).
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None, index=True)


class CallSummary(Synced, Base):
    """What the citizen sees about one call in their personal account on the portal."""

    __tablename__ = "call_summaries"

    call_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)  # call_records.id
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operators.id"), default=None)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    topic_ru: Mapped[str] = mapped_column(String(200), default="")
    topic_en: Mapped[str] = mapped_column(String(200), default="")
    ticket_number: Mapped[str] = mapped_column(String(12), default="")
    ticket_status: Mapped[str] = mapped_column(String(24), default="")
    next_step_ru: Mapped[str] = mapped_column(String(300), default="")
    next_step_en: Mapped[str] = mapped_column(String(300), default="")
