"""Portal applications: what a citizen applied for, where it stands, and why it stopped.

An application (``заявка``) is for one portal service, by one citizen. Its ``steps`` are
the history of its stages with times; ``stage`` and ``stage_at`` repeat the latest for
quick reads. A rejection or a return names a reason from a catalogue (its text, and the
knowledge-base article that tells the caller what to do) plus the specific note. Services
and reasons are reference data (they come down to every desk); applications belong to
citizens and are personal data: a central desk looks them up on the server during a call.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base, Synced, _enum
from app.db.types import UtcDateTime


class Stage(enum.StrEnum):
    SUBMITTED = "submitted"
    REGISTERED = "registered"
    UNDER_REVIEW = "under_review"
    DOCUMENTS_REQUESTED = "documents_requested"  # waits for the citizen
    COMPLETED = "completed"
    REJECTED = "rejected"
    RETURNED = "returned"  # sent back without a decision (to fix and submit again)


class Parameter(enum.StrEnum):
    """What of an application its service may let the applicant change after submitting."""

    CONTACT_PHONE = "contact_phone"
    CONTACT_EMAIL = "contact_email"
    VISIT_ON = "visit_on"


#: Stages after which nothing more happens to the application.
FINAL_STAGES = frozenset({Stage.COMPLETED, Stage.REJECTED, Stage.RETURNED})


class PortalService(Synced, Base):
    """A public service one applies for on the portal, and who handles it."""

    __tablename__ = "portal_services"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_ru: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    term_days: Mapped[int] = mapped_column(default=30)  # the standard time to a decision
    #: What an applicant may still change once the application is in (Parameter values).
    changeable: Mapped[list[Any]] = mapped_column(JSON, default=list)
    department_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("departments.id"), default=None
    )


class ApplicationReason(Synced, Base):
    """Why an application was rejected or returned, and where the guidance is."""

    __tablename__ = "application_reasons"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    text_ru: Mapped[str] = mapped_column(String(300))
    text_en: Mapped[str] = mapped_column(String(300))
    kb_slug: Mapped[str] = mapped_column(String(100), default="")  # the article to open


class Application(Synced, Base):
    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_stage_expected_at", "stage", "expected_at"),)

    number: Mapped[str] = mapped_column(String(20), unique=True)  # digits only
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("portal_services.id"))
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    stage: Mapped[Stage] = mapped_column(_enum(Stage, "application_stage"))
    stage_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expected_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    reason_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("application_reasons.id"), default=None
    )
    reason_note: Mapped[str] = mapped_column(Text, default="")  # may name personal details
    #: What the citizen must bring or fix: a list of short texts.
    documents: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: Where the agency reaches the applicant about this application, and the day they
    #: are expected in person (where the service has one).
    contact_phone: Mapped[str] = mapped_column(String(16), default="")  # E.164
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    visit_on: Mapped[date | None] = mapped_column(Date, default=None)


class ApplicationStep(Synced, Base):
    """One stage an application went through, with its time."""

    __tablename__ = "application_steps"

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), index=True)
    stage: Mapped[Stage] = mapped_column(_enum(Stage, "application_step_stage"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class MfcOffice(Synced, Base):
    """A service centre (МФЦ) with appointment slots, its hours, the services it gives, and
    how many people wait in its queue now (published centrally by the MFC's queue system;
    operators tell callers where to go and how long they will wait)."""

    __tablename__ = "mfc_offices"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_ru: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(String(300), default="")
    #: Opening hours, Moscow time, every day the office works (``weekdays``: Monday first,
    #: '1' open, e.g. '1111110' closed on Sundays).
    opens_at: Mapped[time | None] = mapped_column(Time, default=None)
    closes_at: Mapped[time | None] = mapped_column(Time, default=None)
    weekdays: Mapped[str] = mapped_column(String(7), default="1111111")
    #: The portal services it gives, by code (``portal_services.code``).
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    queue_waiting: Mapped[int | None] = mapped_column(default=None)  # people in the queue
    queue_minutes: Mapped[int | None] = mapped_column(default=None)  # expected wait
    queue_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class MfcSlot(Synced, Base):
    """A time at an office; taken when it names a citizen. Taking one is a compare-and-set
    (``… WHERE citizen_id IS NULL``): two operators can never both get it."""

    __tablename__ = "mfc_slots"
    __table_args__ = (UniqueConstraint("office_id", "starts_at"),)

    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mfc_offices.id"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    minutes: Mapped[int] = mapped_column(default=15)
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("citizens.id"), default=None, index=True
    )
    application_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("applications.id"), default=None
    )
