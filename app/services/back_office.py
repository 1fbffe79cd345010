"""Requests for the portal's back office that are not account changes of a fully verified
caller (those are app/services/verification.py's): blocking an account at once, and MFC
appointments booked, moved or cancelled.

Blocking needs only partial verification: it protects a caller whose credentials are lost
or stolen, and it cannot hurt them. Appointments need partial verification too. Each
action is one record with its own status and a number the operator reads back; the audit
names the kind, never a value. A slot is taken with a compare-and-set (``UPDATE … WHERE
citizen_id IS NULL``): of two operators choosing the same slot one gets it and the other
is told (:class:`SlotTaken`), on SQLite and on PostgreSQL alike.

That is the embedded desk, whose file has the slots. A central desk's file does not (only
the offices come down): given :class:`~app.sync.appointments.CentralSlots`, the slots are
read from the server, and a booking, move or cancellation is first made there (the same
compare-and-set, in a server function) and then recorded in the desk's file as the same
request, which goes up with the next push. Those run on the back office's own small pool,
not the database writer, so a slow server never holds up the desk's other writes.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.application_models import MfcOffice, MfcSlot
from app.db.database import Database
from app.db.models import AccountRequest, AccountRequestKind
from app.db.types import new_id
from app.domain.clock import MOSCOW, utc_now
from app.services.audit import AuditLog
from app.verification.session import Level, NotVerifiedEnough, VerificationSession

if TYPE_CHECKING:  # app.sync.appointments imports SlotTaken from here
    from app.sync.appointments import CentralSlot, CentralSlots

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class _Slots:
    """What an appointment request does to slots: take one, free one, or both (a move)."""

    take: uuid.UUID | None = None
    free: uuid.UUID | None = None
    application_id: uuid.UUID | None = None

    @property
    def carry(self) -> bool:
        """A move: the freed slot's application goes to the taken one."""
        return self.take is not None and self.free is not None

    def details(self) -> dict[str, str]:
        if self.carry:
            return {"from": str(self.free), "to": str(self.take)}
        return {"slot": str(self.take or self.free)}


class BackOffice:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        operator_id: uuid.UUID | None = None,
        slots: CentralSlots | None = None,
    ) -> None:
        self._db = database
        self._audit = audit
        self.operator_id = operator_id
        self._slots = slots
        self._pool = (
            ThreadPoolExecutor(max_workers=2, thread_name_prefix="back-office")
            if slots is not None
            else None
        )

    @property
    def remote(self) -> bool:
        """The slots are on the central server: reading them blocks and may raise
        DirectoryUnavailable (call off the GUI thread)."""
        return self._slots is not None

    def close(self) -> None:
        """Wait for the requests under way on the server (a central desk's)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)

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
        end = start + timedelta(days=1)
        if self._slots is not None:
            return self._views(self._slots.free(office_id, max(start, utc_now()), end))
        query = (
            select(MfcSlot, MfcOffice)
            .join(MfcOffice, MfcOffice.id == MfcSlot.office_id)
            .where(
                MfcSlot.office_id == office_id,
                MfcSlot.citizen_id.is_(None),
                MfcSlot.deleted_at.is_(None),
                MfcSlot.starts_at >= max(start, utc_now()),
                MfcSlot.starts_at < end,
            )
            .order_by(MfcSlot.starts_at)
        )
        return self._db.read(lambda s: [_slot(slot, office) for slot, office in s.execute(query)])

    def appointments(self, citizen_id: uuid.UUID) -> list[SlotView]:
        """The citizen's coming appointments."""
        if self._slots is not None:
            return self._views(self._slots.held(citizen_id))
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
        slots = _Slots(take=slot_id, application_id=application_id)
        return self._appointment(session, AccountRequestKind.BOOK_APPOINTMENT, slots)

    def move(
        self, session: VerificationSession, old_slot_id: uuid.UUID, new_slot_id: uuid.UUID
    ) -> Future[Requested]:
        """The caller's appointment to another slot, in one transaction: the new one taken
        (SlotTaken if it went), then the old one freed."""
        slots = _Slots(take=new_slot_id, free=old_slot_id)
        return self._appointment(session, AccountRequestKind.MOVE_APPOINTMENT, slots)

    def cancel(self, session: VerificationSession, slot_id: uuid.UUID) -> Future[Requested]:
        slots = _Slots(free=slot_id)
        return self._appointment(session, AccountRequestKind.CANCEL_APPOINTMENT, slots)

    # ------------------------------------------------------------------ the common part
    def _appointment(
        self, session: VerificationSession, kind: AccountRequestKind, slots: _Slots
    ) -> Future[Requested]:
        citizen_id = session.citizen_id
        if self._slots is None or self._pool is None:
            return self._request(session, kind, lambda db: _change_here(db, slots, citizen_id))
        record, central = self._recorder(session, kind), self._slots

        def work() -> Requested:
            """The server first; only what it accepted is recorded in the desk's file. If
            the desk cannot record it (a full disk), the server's change is undone, so no
            slot stays taken without a request saying why."""
            carried = _change_there(central, slots, citizen_id)
            try:
                return self._db.write(lambda db: record(db, slots.details())).result()
            except Exception:
                _undo_there(central, slots, citizen_id, carried)
                raise

        return self._audited(self._pool.submit(work), kind)

    def _request(
        self,
        session: VerificationSession,
        kind: AccountRequestKind,
        act: Callable[[Session], dict[str, str]],
    ) -> Future[Requested]:
        record = self._recorder(session, kind)
        return self._audited(self._db.write(lambda db: record(db, act(db))), kind)

    def _recorder(
        self, session: VerificationSession, kind: AccountRequestKind
    ) -> Callable[[Session, dict[str, str]], Requested]:
        """Who asks, checked and fixed now; the request written later, with its details."""
        if session.level not in _ENOUGH:
            raise NotVerifiedEnough(Level.PARTIAL)
        citizen_id, call_id, operator_id = session.citizen_id, session.call_id, self.operator_id

        def record(db: Session, details: dict[str, str]) -> Requested:
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

        return record

    def _audited(self, future: Future[Requested], kind: AccountRequestKind) -> Future[Requested]:
        def audit(done: Future[Requested]) -> None:
            if done.exception() is None:
                request = done.result()
                details = {"kind": kind.value}
                self._audit.record(
                    REQUESTED, self.operator_id, "account_request", request.id, details
                )

        future.add_done_callback(audit)
        return future

    def _views(self, slots: list[CentralSlot]) -> list[SlotView]:
        """Server slots with the names of their offices (which every desk has)."""
        ids = {slot.office_id for slot in slots}
        query = select(MfcOffice).where(MfcOffice.id.in_(ids))
        offices = self._db.read(lambda s: {o.id: o for o in s.scalars(query)}) if ids else {}
        return [_slot(slot, offices.get(slot.office_id)) for slot in slots]


def _change_here(db: Session, slots: _Slots, citizen_id: uuid.UUID) -> dict[str, str]:
    """The request's slots changed in this (the embedded desk's) database."""
    application_id = slots.application_id
    if slots.carry:
        application_id = db.scalar(
            select(MfcSlot.application_id).where(
                MfcSlot.id == slots.free, MfcSlot.citizen_id == citizen_id
            )
        )
    if slots.take is not None:
        _take(db, slots.take, citizen_id, application_id)
    if slots.free is not None:
        _free(db, slots.free, citizen_id)
    return slots.details()


def _change_there(central: CentralSlots, slots: _Slots, citizen_id: uuid.UUID) -> uuid.UUID | None:
    """The request's slots changed on the central server, in one server transaction
    (blocking; SlotTaken, LookupError, or DirectoryUnavailable when it cannot be reached).
    Returns the application the slots were for (what an undo puts back)."""
    application_id = slots.application_id
    if slots.free is not None:
        held = central.held(citizen_id)
        application_id = next((s.application_id for s in held if s.id == slots.free), None)
    central.change(
        take=None if slots.take is None else (slots.take, citizen_id, application_id),
        free=None if slots.free is None else (slots.free, citizen_id),
    )
    return application_id


def _undo_there(
    central: CentralSlots, slots: _Slots, citizen_id: uuid.UUID, application_id: uuid.UUID | None
) -> None:
    """Put the server's slots back as they were (best effort: the failure is logged)."""
    try:
        central.change(
            take=None if slots.free is None else (slots.free, citizen_id, application_id),
            free=None if slots.take is None else (slots.take, citizen_id),
        )
    except Exception:
        log.exception("a slot change on the server could not be undone")


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


def _slot(slot: MfcSlot | CentralSlot, office: MfcOffice | None) -> SlotView:
    """A slot as shown; an office not (yet) on this desk has no name."""
    ru, en = (office.name_ru, office.name_en) if office is not None else ("", "")
    return SlotView(slot.id, slot.office_id, ru, en, slot.starts_at, slot.minutes)
