"""Portal requests: what a citizen leaves in the portal's personal account (a question, a
complaint, with screenshots or documents) for the hotline to call back about, and the
operators' skills that route them (issue 11).

The portal writes ``portal_requests`` and their files into the central database; a
central desk reads and changes them only through the server's SECURITY DEFINER functions
(app/sync/portal_requests.py), so a request is claimed by one operator only, and they never
come down to the desks in bulk. The embedded desk keeps its own (the demo) and claims them
in its file the same way (app/services/portal_inbox.py). ``status`` is what the portal
shows the citizen: received, taken, call attempted, resolved; it follows the ticket the
request became (a trigger of migration 0021).

An operator's skills are the topics (ticket categories) they take requests on; the
languages they speak are ``operators.languages``. Supervisors edit both.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime, time

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, Time, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base, Synced, _enum
from app.db.types import UtcDateTime


class RequestStatus(enum.StrEnum):
    """What the citizen sees in the personal account."""

    RECEIVED = "received"
    TAKEN = "taken"
    CALL_ATTEMPTED = "call_attempted"
    RESOLVED = "resolved"


class PortalRequest(Synced, Base):
    """A request a citizen left on the portal, waiting for a call back."""

    __tablename__ = "portal_requests"
    __table_args__ = (Index("ix_portal_requests_status_created_at", "status", "created_at"),)

    #: The portal's number for it, which the citizen was shown ("П-2611-0042").
    number: Mapped[str] = mapped_column(String(20), unique=True)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    #: The topic the citizen chose: a ticket category (or subcategory).
    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ticket_categories.id"))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="ru")
    callback_phone: Mapped[str] = mapped_column(String(16))  # E.164
    #: The citizen's preferred callback window, Moscow time, every day (None: any time).
    window_start: Mapped[time | None] = mapped_column(Time, default=None)
    window_end: Mapped[time | None] = mapped_column(Time, default=None)
    status: Mapped[RequestStatus] = mapped_column(
        _enum(RequestStatus, "portal_request_status"), default=RequestStatus.RECEIVED
    )
    #: Who took it (None while it is offered).
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operators.id"), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    #: The ticket it became or joined (no foreign key: the ticket is written on the desk and
    #: reaches the server with the next push).
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class PortalRequestFile(Synced, Base):
    """A screenshot or document sent with a request, kept whole in the database."""

    __tablename__ = "portal_request_files"

    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("portal_requests.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class OperatorSkill(Synced, Base):
    """A topic an operator takes portal requests on."""

    __tablename__ = "operator_skills"
    __table_args__ = (UniqueConstraint("operator_id", "category_id"),)

    operator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("operators.id"), index=True)
    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ticket_categories.id"))
