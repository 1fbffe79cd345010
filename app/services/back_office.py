"""Requests for the portal's back office that are not account changes of a fully verified
caller (those are app/services/verification.py's): blocking an account at once, and MFC
appointments booked, moved or cancelled.

Blocking needs only partial verification: it protects a caller whose credentials are lost
or stolen, and it cannot hurt them. Appointments need partial verification too. Each
action is one record with its own status and a number the operator reads back; the audit
names the kind, never a value. A slot is taken with a compare-and-set (``UPDATE … WHERE
citizen_id IS NULL``): of two operators choosing the same slot one gets it and the other
is told (:class:`SlotTaken`), on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.application_models import MfcOffice, MfcSlot
from app.db.database import Database
from app.db.models import AccountRequest, AccountRequestKind
from app.db.types import new_id
from app.domain.clock import MOSCOW, utc_now
from app.services.audit import AuditLog
from app.verification.session import Level, NotVerifiedEnough, VerificationSession

REQUESTED = "account.request"
_ENOUGH = {Level.PARTIAL, Level.FULL}


class SlotTaken(RuntimeError):
    """Someone booked this slot a moment earlier (or it is no longer offered)."""


@dataclass(frozen=True)
class SlotView:
    id: uuid.UUID
    office_id: uuid.UUID
    office_ru: str
    office_en: str
    starts_at: datetime
    minutes: int


@dataclass(frozen=True)
class Requested:
    id: uuid.UUID
    number: str  # read back to the caller
    kind: AccountRequestKind


def request_number(request_id: uuid.UUID) -> str:
    """Eight characters a caller can write down (the random end of the key)."""
    tail = request_id.hex[-8:].upper()
    return f"{tail[:4]}-{tail[4:]}"


def new_request(
    session: Session,
    kind: AccountRequestKind,
    *,
    citizen_id: uuid.UUID,
    call_id: uuid.UUID | None,
    operator_id: uuid.UUID | None,
    new_value: str = "",
    details: dict[str, str] | None = None,
) -> Requested:
    """A back-office request with its number, in the caller's transaction."""
    request_id = new_id()
    number = request_number(request_id)
    session.add(
        AccountRequest(
            id=request_id,
            citizen_id=citizen_id,
            call_id=call_id,
            operator_id=operator_id,
            kind=kind,
            new_value=new_value,
            number=number,
            details=details or {},
        )
    )
    return Requested(request_id, number, kind)


class BackOffice:
    def __init__(
        self, database: Database, audit: AuditLog, operator_id: uuid.UUID | None = None
    ) -> None:
        self._db = database
        self._audit = audit
        self.operator_id = operator_id

    # ------------------------------------------------------------------ blocking
    def block(self, session: VerificationSession) -> Future[Requested]:
        """Block the caller's account now (partial verification is enough)."""
        return self._request(session, AccountRequestKind.BLOCK, lambda _s: {})

    # ------------------------------------------------------------------ appointments
    def offices(self) -> list[MfcOffice]:
        query = select(MfcOffice).where(MfcOffice.deleted_at.is_(None)).order_by(MfcOffice.name_ru)
        return self._db.read(lambda s: list(s.scalars(query)))

    def free_slots(self, office_id: uuid.UUID, day: date) -> list[SlotView]:
        """The office's free slots on a Moscow day, from now on."""
        start = datetime.combine(day, datetime.min.time(), MOSCOW)
        query = (
            select(MfcSlot, MfcOffice)
            .join(MfcOffice, MfcOffice.id == MfcSlot.office_id)
            .where(
                MfcSlot.office_id == office_id,
                MfcSlot.citizen_id.is_(None),
                MfcSlot.deleted_at.is_(None),
                MfcSlot.starts_at >= max(start, utc_now()),
                MfcSlot.starts_at < start + timedelta(days=1),
            )
            .order_by(MfcSlot.starts_at)
        )
        return self._db.read(lambda s: [_slot(slot, office) for slot, office in s.execute(query)])

    def appointments(self, citizen_id: uuid.UUID) -> list[SlotView]:
        """The citizen's coming appointments."""
        query = (
            select(MfcSlot, MfcOffice)
            .join(MfcOffice, MfcOffice.id == MfcSlot.office_id)
            .where(MfcSlot.citizen_id == citizen_id, MfcSlot.starts_at >= utc_now())
            .order_by(MfcSlot.starts_at)
        )
        return self._db.read(lambda s: [_slot(slot, office) for slot, office in s.execute(query)])

    def book(
        self,
        session: VerificationSession,
        slot_id: uuid.UUID,
        application_id: uuid.UUID | None = None,
    ) -> Future[Requested]:
        """Take a free slot for the caller. The future fails with SlotTaken if it went."""

        def take(db: Session) -> dict[str, str]:
            _take(db, slot_id, session.citizen_id, application_id)
            return {"slot": str(slot_id)}

        return self._request(session, AccountRequestKind.BOOK_APPOINTMENT, take)

    def move(
        self, session: VerificationSession, old_slot_id: uuid.UUID, new_slot_id: uuid.UUID
    ) -> Future[Requested]:
        """The caller's appointment to another slot, in one transaction: the new one taken
        (SlotTaken if it went), then the old one freed."""

        def move(db: Session) -> dict[str, str]:
            application_id = db.scalar(
                select(MfcSlot.application_id).where(
                    MfcSlot.id == old_slot_id, MfcSlot.citizen_id == session.citizen_id
                )
            )
            _take(db, new_slot_id, session.citizen_id, application_id)
            _free(db, old_slot_id, session.citizen_id)
            return {"from": str(old_slot_id), "to": str(new_slot_id)}

        return self._request(session, AccountRequestKind.MOVE_APPOINTMENT, move)

    def cancel(self, session: VerificationSession, slot_id: uuid.UUID) -> Future[Requested]:
        def cancel(db: Session) -> dict[str, str]:
            _free(db, slot_id, session.citizen_id)
            return {"slot": str(slot_id)}

        return self._request(session, AccountRequestKind.CANCEL_APPOINTMENT, cancel)

    # ------------------------------------------------------------------ the common part
    def _request(
        self,
        session: VerificationSession,
        kind: AccountRequestKind,
        act: Callable[[Session], dict[str, str]],
    ) -> Future[Requested]:
        if session.level not in _ENOUGH:
            raise NotVerifiedEnough(Level.PARTIAL)
        citizen_id, call_id, operator_id = session.citizen_id, session.call_id, self.operator_id

        def work(db: Session) -> Requested:
            details = act(db)
            done = new_request(
                db,
                kind,
                citizen_id=citizen_id,
                call_id=call_id,
                operator_id=operator_id,
                details=details,
            )
            db.flush()
            return done

        future = self._db.write(work)
        future.add_done_callback(lambda f: self._audited(f, kind))
        return future

    def _audited(self, future: Future[Requested], kind: AccountRequestKind) -> None:
        if future.exception() is None:
            done = future.result()
            details = {"kind": kind.value}
            self._audit.record(REQUESTED, self.operator_id, "account_request", done.id, details)


def _take(
    db: Session, slot_id: uuid.UUID, citizen_id: uuid.UUID, application_id: uuid.UUID | None
) -> None:
    taken = db.execute(
        update(MfcSlot)
        .where(MfcSlot.id == slot_id, MfcSlot.citizen_id.is_(None), MfcSlot.deleted_at.is_(None))
        .values(
            citizen_id=citizen_id,
            application_id=application_id,
            version=MfcSlot.version + 1,
            updated_at=utc_now(),
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(taken, "rowcount", 0) != 1:
        raise SlotTaken(str(slot_id))


def _free(db: Session, slot_id: uuid.UUID, citizen_id: uuid.UUID) -> None:
    freed = db.execute(
        update(MfcSlot)
        .where(MfcSlot.id == slot_id, MfcSlot.citizen_id == citizen_id)
        .values(
            citizen_id=None,
            application_id=None,
            version=MfcSlot.version + 1,
            updated_at=utc_now(),
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(freed, "rowcount", 0) != 1:
        raise LookupError("no such appointment of this caller")


def _slot(slot: MfcSlot, office: MfcOffice) -> SlotView:
    return SlotView(
        slot.id, office.id, office.name_ru, office.name_en, slot.starts_at, slot.minutes
    )
