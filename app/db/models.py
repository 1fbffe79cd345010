"""The desk's tables as SQLAlchemy 2 typed models, every one shaped for sync.

Every synced row has a client-made time-ordered UUID key, ``created_at`` and
``updated_at`` in UTC, a ``version`` bumped on each update (optimistic
concurrency) and ``deleted_at`` for soft delete. Schema changes go through a
new Alembic migration in app/db/migrations/versions; a test checks that the
migration chain builds exactly these tables.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Date, Enum, ForeignKey, Index, MetaData, String, Text, Time, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from app.db.types import UtcDateTime, new_id, utcnow

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Synced:
    """Columns every synced table has."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy passes the class
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def _enum(kind: type[enum.Enum], name: str) -> Enum:
    """Enums stored as their values in a VARCHAR with a CHECK, portable to both databases."""
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


class OperatorRole(enum.StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"


class CallDirection(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Operator(Synced, Base):
    """A person who answers calls (or supervises those who do)."""

    __tablename__ = "operators"

    login: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[OperatorRole] = mapped_column(_enum(OperatorRole, "operator_role"))
    languages: Mapped[str] = mapped_column(String(32), default="ru")
    is_active: Mapped[bool] = mapped_column(default=True)


class Department(Synced, Base):
    """A specialist department a ticket can be escalated to."""

    __tablename__ = "departments"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_ru: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(200), default="")
    extension: Mapped[str] = mapped_column(String(64), default="")  # where calls are transferred


class Line(Synced, Base):
    """A hotline number callers dial, with its hours in the line's own time zone."""

    __tablename__ = "lines"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_ru: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    phone_number: Mapped[str] = mapped_column(String(32))
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Moscow")
    languages: Mapped[str] = mapped_column(String(32), default="ru")


class TicketCategory(Synced, Base):
    """A ticket category or, with a parent, a subcategory."""

    __tablename__ = "ticket_categories"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("ticket_categories.id"), default=None
    )
    name_ru: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(default=0)
    review_days: Mapped[int | None] = mapped_column(default=None)
    #: The department a ticket of this category usually goes to (suggested when escalating).
    department_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("departments.id"), default=None
    )
    #: Which extra fields the form asks for (app/tickets/fields.py); subcategories inherit.
    form: Mapped[str] = mapped_column(String(32), default="")


class CallRecord(Synced, Base):
    """One call the desk handled or missed; the caller's number is personal data."""

    __tablename__ = "call_records"
    #: The screen pop: a caller's calls by number, newest first, straight from the index.
    __table_args__ = (
        Index("ix_call_records_caller_number_offered_at", "caller_number", "offered_at"),
        Index("ix_call_records_offered_at", "offered_at"),  # a report's period (0019)
    )

    sip_call_id: Mapped[str] = mapped_column(String(255), index=True)
    direction: Mapped[CallDirection] = mapped_column(_enum(CallDirection, "call_direction"))
    line_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("lines.id"), default=None)
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operators.id"), default=None)
    remote_uri: Mapped[str] = mapped_column(String(255), default="")
    caller_number: Mapped[str] = mapped_column(String(32), default="")
    display_name: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(8), default="ru")
    queue_wait_seconds: Mapped[int | None] = mapped_column(default=None)
    offered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    end_reason: Mapped[str] = mapped_column(String(32), default="")
    end_code: Mapped[int | None] = mapped_column(default=None)
    end_detail: Mapped[str] = mapped_column(String(200), default="")
    talk_seconds: Mapped[int | None] = mapped_column(default=None)
    hold_seconds: Mapped[int] = mapped_column(default=0)
    transfer_target: Mapped[str] = mapped_column(String(255), default="")
    case_number: Mapped[str] = mapped_column(String(40), default="")
    # How the call sounded (app/telephony/quality.py); empty when it was never measured.
    mos_min: Mapped[float | None] = mapped_column(default=None)
    mos_avg: Mapped[float | None] = mapped_column(default=None)
    loss_pct: Mapped[float | None] = mapped_column(default=None)  # worst 2-second interval
    jitter_ms: Mapped[float | None] = mapped_column(default=None)  # worst sample
    rtt_ms: Mapped[float | None] = mapped_column(default=None)  # average round trip
    #: The call's WAV, relative to the recordings folder; '' when it was not recorded (or
    #: the recording was deleted at the end of its retention period).
    recording_path: Mapped[str] = mapped_column(String(255), default="")
    #: Who the caller proved to be on this call, and how far (none / partial / full).
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("citizens.id"), default=None, index=True
    )
    verification_level: Mapped[str] = mapped_column(String(16), default="")
    #: How the operator closed the call in after-call work (app/tickets/wrapup.py), and how
    #: long that took; empty until the wrap-up is chosen.
    wrap_up: Mapped[str] = mapped_column(String(32), default="")
    after_call_seconds: Mapped[int | None] = mapped_column(default=None)


class AuditEvent(Synced, Base):
    """Who did what and when; append-only, and ``details`` never holds personal data."""

    __tablename__ = "audit_events"

    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operators.id"), default=None)
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(64), default="")
    entity_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")


class AccountState(enum.StrEnum):
    """A portal account's state as the back office sees it."""

    ACTIVE = "active"
    BLOCKED = "blocked"  # blocked on purpose (compromised, or at the citizen's request)
    LOCKED = "locked"  # locked by the portal after failed sign-ins or codes


class Citizen(Synced, Base):
    """A portal account holder: what the operator checks the caller against.

    Personal data from end to end: it never reaches a log line or an audit record (only its
    id does), and the wizard shows documents masked. The security answer is kept only as an
    argon2 hash of its normalised form (app/verification/answers.py).
    """

    __tablename__ = "citizens"
    __table_args__ = (Index("ix_citizens_full_name_birth_date", "full_name", "birth_date"),)

    full_name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date] = mapped_column(Date)
    snils: Mapped[str] = mapped_column(String(14), unique=True)  # "123-456-789 64"
    inn: Mapped[str] = mapped_column(String(12), default="", index=True)
    passport_series: Mapped[str] = mapped_column(String(4), default="")
    passport_number: Mapped[str] = mapped_column(String(6), default="")
    passport_issued: Mapped[date | None] = mapped_column(Date, default=None)
    phone: Mapped[str] = mapped_column(String(16), default="", index=True)  # E.164
    email: Mapped[str] = mapped_column(String(254), default="")
    security_question: Mapped[str] = mapped_column(String(200), default="")
    security_answer_hash: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[AccountState] = mapped_column(
        _enum(AccountState, "account_state"), default=AccountState.ACTIVE
    )


class AccountRequestKind(enum.StrEnum):
    UNBLOCK = "unblock"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a kind of request, not a password
    CHANGE_PHONE = "change_phone"
    CHANGE_EMAIL = "change_email"
    BLOCK = "block"  # lost or stolen credentials: allowed at partial verification
    BOOK_APPOINTMENT = "book_appointment"
    MOVE_APPOINTMENT = "move_appointment"
    CANCEL_APPOINTMENT = "cancel_appointment"
    CHANGE_APPLICATION = "change_application"  # a parameter of one application


class AccountRequestStatus(enum.StrEnum):
    PENDING = "pending"  # recorded at the desk, not yet taken by the back office
    DONE = "done"
    REFUSED = "refused"


class AccountRequest(Synced, Base):
    """A change to a portal account the operator asked for on a fully verified caller's
    behalf; the portal's back office carries it out. ``new_value`` is the new phone or e-mail
    (personal data, for the back office only; never logged or audited)."""

    __tablename__ = "account_requests"

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    call_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operators.id"), default=None)
    kind: Mapped[AccountRequestKind] = mapped_column(
        _enum(AccountRequestKind, "account_request_kind")
    )
    new_value: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[AccountRequestStatus] = mapped_column(
        _enum(AccountRequestStatus, "account_request_status"), default=AccountRequestStatus.PENDING
    )
    #: What the operator reads back to the caller ('' on requests made before numbers).
    number: Mapped[str] = mapped_column(String(16), default="")
    #: What the request is about, by key (the MFC slot taken or freed): no personal data.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# The ticket tables share this Base; importing them here puts them in every metadata use
# (migrations, the schema comparison) without each caller having to remember.
from app.db import application_models as _application_models  # noqa: E402, F401
from app.db import kb_models as _kb_models  # noqa: E402, F401
from app.db import portal_models as _portal_models  # noqa: E402, F401
from app.db import report_models as _report_models  # noqa: E402, F401
from app.db import sync_models as _sync_models  # noqa: E402, F401
from app.db import ticket_models as _ticket_models  # noqa: E402, F401
