"""What the desks publish for supervisors and for the portal, beyond the calls and tickets
themselves: each operator's present state (the live wallboard), the spans of time spent in
each state (occupancy), and the citizen-facing summary of each call (shown in the caller's
personal account on the portal).

A call summary holds only what the caller may read about their own call: when, the topic in
plain words, the ticket number and status, the next step promised. Never the operator's
notes, the verification, or any other personal value.

The report cache (``report_*`` tables, app/reports/cache.py) holds each finished Moscow
day's call sums and staffed time, summed once, so a month's report adds up a few thousand
rows instead of re-reading a hundred thousand calls. A trigger bumps a day's version in
``report_days`` whenever a call or a state span of that day is written, late pushes from a
desk that was offline included; a cached day counts only while the version it was built
from is still the day's. Local to each database: never pushed, never pulled.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, String, Table, Uuid
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


#: A day's version per part of the cache ('calls', 'spans'): bumped by the triggers of
#: migration 0020 on every write of that day's rows. A row exists only for a day someone
#: cached (a day without one has never been cached, so nothing needs bumping).
report_days = Table(
    "report_days",
    Base.metadata,
    Column("part", String(8), primary_key=True),
    Column("day", String(10), primary_key=True),  # Moscow day, 'YYYY-MM-DD'
    Column("version", Integer, nullable=False),
)

#: Which days are cached, from which version, under which settings (the thresholds the
#: call sums depend on; '' for the staffed time, which has none).
report_built = Table(
    "report_built",
    Base.metadata,
    Column("part", String(8), primary_key=True),
    Column("settings", String(32), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("version", Integer, nullable=False),
)

#: The sums of app.reports.calls.CallFigures, in its order, and whether each is seconds.
CALL_SUMS = (
    ("offered", False),
    ("answered", False),
    ("abandoned", False),
    ("short_abandoned", False),
    ("missed", False),
    ("answered_in_time", False),
    ("abandoned_in_time", False),
    ("wait_seconds", True),
    ("handle_seconds", True),
    ("after_call_seconds", True),
    ("outbound", False),
)

#: A cached day's calls summed by Moscow hour, operator, line and language.
report_call_groups = Table(
    "report_call_groups",
    Base.metadata,
    Column("settings", String(32), nullable=False),
    Column("day", String(10), nullable=False),
    Column("week", String(10), nullable=False),  # the day's Monday
    Column("month", String(10), nullable=False),  # the first of the day's month
    Column("hour", String(2), nullable=False),
    Column("operator_id", Uuid, nullable=True),
    Column("line_id", Uuid, nullable=True),
    Column("language", String(8), nullable=True),
    *[Column(name, Float if seconds else Integer, nullable=False) for name, seconds in CALL_SUMS],
    Index("ix_report_call_groups_settings_day", "settings", "day"),
)

#: A cached day's staffed seconds (Ready, in a call, after-call work) per operator, the
#: state spans clipped to the day.
report_staffed = Table(
    "report_staffed",
    Base.metadata,
    Column("day", String(10), nullable=False),
    Column("operator_id", Uuid, nullable=False),
    Column("seconds", Float, nullable=False),
    Index("ix_report_staffed_day", "day"),
)
