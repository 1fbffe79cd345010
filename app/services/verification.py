"""Verification against the citizens table: find the caller's account, check what they
dictate, keep the score, and leave an audit trail without a single value in it.

Lookups (by the caller's number, by SNILS, by full name and birth date) and every checked
factor are audit events: who (operator), which call, which citizen, what (the factor and
whether it matched), when - never the values typed or stored. A citizen with
``policy.failures_per_day`` failed factors within 24 hours is locked out of verification
by phone: the operator is told to escalate (the seed's block after several failures).
Cards show documents masked to their last digits; the stored values never leave here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import (
    AccountRequestKind,
    AccountState,
    AuditEvent,
    CallRecord,
    Citizen,
)
from app.domain import validators as v
from app.domain.clock import utc_now
from app.services.audit import AuditLog
from app.services.back_office import new_request
from app.sync.citizens import CentralCitizens
from app.verification.answers import answer_matches
from app.verification.session import (
    Factor,
    Level,
    NotVerifiedEnough,
    Policy,
    VerificationSession,
)

LOOKUP = "citizen_lookup"
MATCHED = "verification_matched"
FAILED = "verification_failed"
LOCKED_OUT = "verification_locked_out"
REQUESTED = "account_change_requested"


class LockedOut(Exception):
    """Too many failed checks of this citizen today: no more verification by phone."""

    def __init__(self, failures: int) -> None:
        super().__init__(f"{failures} failed checks in 24 hours")
        self.failures = failures


@dataclass(frozen=True)
class CitizenCard:
    """What the operator may see of an account before and during verification."""

    id: uuid.UUID
    full_name: str
    birth_date: date
    state: AccountState
    snils: str  # masked
    inn: str  # masked
    passport: str  # masked
    phone: str  # masked
    email: str  # masked
    question: str


def _card(row: Citizen) -> CitizenCard:
    return CitizenCard(
        id=row.id,
        full_name=row.full_name,
        birth_date=row.birth_date,
        state=row.state,
        snils=v.mask_snils(row.snils),
        inn=v.mask_inn(row.inn),
        passport=v.mask_passport((row.passport_series, row.passport_number)),
        phone=v.mask_phone(row.phone),
        email=v.mask_email(row.email),
        question=row.security_question,
    )


class VerificationService:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        policy: Policy | None = None,
        operator_id: uuid.UUID | None = None,
        directory: CentralCitizens | None = None,
    ) -> None:
        self._db = database
        self._audit = audit
        self.policy = policy or Policy()
        self.operator_id = operator_id
        #: A central desk looks citizens up on the server (app/sync/citizens.py); the
        #: embedded desk has them in its own file.
        self.directory = directory
        self._unwritten: list[Future[uuid.UUID]] = []  # failures not yet in the database

    # ------------------------------------------------------------------ finding the caller
    @property
    def remote(self) -> bool:
        """True when a search goes over the network (run it off the GUI thread)."""
        return self.directory is not None

    def find_by_phone(self, phone: str, call_id: uuid.UUID | None = None) -> list[CitizenCard]:
        """DirectoryUnavailable when a central desk cannot reach the server."""
        number = v.normalise_phone(phone)
        if not number:
            return []
        if self.directory is not None:
            self.directory.fetch(call_id, phone=number)
        return self._find(Citizen.phone == number, call_id, "phone")

    def find_by_snils(self, snils: str, call_id: uuid.UUID | None = None) -> list[CitizenCard]:
        normal = v.normalise_snils(snils)
        if not normal:
            return []
        if self.directory is not None:
            self.directory.fetch(call_id, snils=normal)
        return self._find(Citizen.snils == normal, call_id, "snils")

    def find_by_name(
        self, full_name: str, birth_date: date, call_id: uuid.UUID | None = None
    ) -> list[CitizenCard]:
        name = v.normalise_full_name(full_name)
        if not name:
            return []
        if self.directory is not None:
            self.directory.fetch(call_id, full_name=name, birth=birth_date)

        # The birth date narrows it to a few rows; names are compared in their normal form
        # here (SQLite's lower() knows only ASCII, and the portal's spelling may vary).
        def same_name(row: Citizen) -> bool:
            return v.normalise_full_name(row.full_name) == name

        return self._find(Citizen.birth_date == birth_date, call_id, "name", same_name)

    def _find(
        self,
        where: ColumnElement[bool],
        call_id: uuid.UUID | None,
        by: str,
        keep: Callable[[Citizen], bool] | None = None,
    ) -> list[CitizenCard]:
        def work(session: Session) -> list[CitizenCard]:
            rows = session.scalars(
                select(Citizen).where(where, Citizen.deleted_at.is_(None)).limit(200)
            )
            return [_card(row) for row in rows if keep is None or keep(row)][:20]

        cards = self._db.read(work)
        self._audit.record(
            LOOKUP, self.operator_id, "call", call_id, {"by": by, "found": len(cards)}
        )
        return cards

    # ------------------------------------------------------------------ checking
    def start(self, citizen_id: uuid.UUID, call_id: uuid.UUID | None) -> VerificationSession:
        """A session for this citizen on this call; :class:`LockedOut` after too many failures."""
        failures = self.failures_today(citizen_id)
        if failures >= self.policy.failures_per_day:
            self._audit.record(LOCKED_OUT, self.operator_id, "citizen", citizen_id, _call(call_id))
            raise LockedOut(failures)
        return VerificationSession(call_id, citizen_id, self.policy)

    def check_document(self, session: VerificationSession, factor: Factor, typed: str) -> bool:
        """Whether what the caller dictated is the stored document (SNILS, INN or passport)."""
        row = self._citizen(session.citizen_id)
        if factor is Factor.SNILS:
            matched = v.normalise_snils(typed) == row.snils
        elif factor is Factor.INN:
            matched = v.normalise_inn(typed) == row.inn
        elif factor is Factor.PASSPORT:
            matched = v.normalise_passport(typed) == (row.passport_series, row.passport_number)
        else:
            raise ValueError(f"{factor} is not a document")
        return self._record(session, factor, matched)

    def check_answer(self, session: VerificationSession, typed: str) -> bool:
        row = self._citizen(session.citizen_id)
        return self._record(
            session, Factor.SECURITY_ANSWER, answer_matches(row.security_answer_hash, typed)
        )

    def record_sms(self, session: VerificationSession, matched: bool) -> Level:
        self._record(session, Factor.SMS_CODE, matched)
        return session.level

    def record_outcome(self, session: VerificationSession) -> Future[bool] | None:
        """Write who the caller proved to be, and how far, into the call's record (the
        writer thread; the record exists from the moment the call was offered). The future
        gives False when the call has no record (a call this desk did not log)."""
        if session.call_id is None:
            return None
        call_id, citizen_id, level = session.call_id, session.citizen_id, session.level.value

        def work(db_session: Session) -> bool:
            record = db_session.get(CallRecord, call_id)
            if record is None:
                return False
            record.citizen_id = citizen_id
            record.verification_level = level
            return True

        return self._db.write(work)

    def request_change(
        self, session: VerificationSession, kind: AccountRequestKind, new_value: str = ""
    ) -> Future[uuid.UUID]:
        """Record a change for the portal's back office; only for a fully verified caller.

        A new phone (E.164) or e-mail is validated and normalised first: ``ValueError``
        when it is not one. The audit event names the kind of change, never the value.
        A new phone must have been confirmed by a code sent to it (the wizard does that).
        """
        if session.level is not Level.FULL:
            raise NotVerifiedEnough(Level.FULL)
        value = ""
        if kind is AccountRequestKind.CHANGE_PHONE:
            value = v.normalise_phone(new_value) or ""
        elif kind is AccountRequestKind.CHANGE_EMAIL:
            value = v.normalise_email(new_value) or ""
        if kind in (AccountRequestKind.CHANGE_PHONE, AccountRequestKind.CHANGE_EMAIL) and not value:
            raise ValueError(f"not a valid new value for {kind.value}")
        citizen_id, call_id, operator_id = session.citizen_id, session.call_id, self.operator_id

        def work(db_session: Session) -> uuid.UUID:
            request = new_request(
                db_session,
                kind,
                citizen_id=citizen_id,
                call_id=call_id,
                operator_id=operator_id,
                new_value=value,
            )
            db_session.flush()
            return request.id

        details = {"kind": kind.value, **_call(call_id)}
        self._audit.record(REQUESTED, operator_id, "citizen", citizen_id, details)
        return self._db.write(work)

    def account_state(self, citizen_id: uuid.UUID) -> AccountState:
        """Whether the caller's portal account is active or blocked (for the card's buttons)."""
        return self._citizen(citizen_id).state

    def phone_of(self, citizen_id: uuid.UUID) -> str:
        """The number a code goes to (E.164); only the SMS service sees it."""
        return self._citizen(citizen_id).phone

    def _record(self, session: VerificationSession, factor: Factor, matched: bool) -> bool:
        session.record(factor, matched)
        details = {"factor": factor.value, "level": session.level.value, **_call(session.call_id)}
        action = MATCHED if matched else FAILED
        written = self._audit.record(
            action, self.operator_id, "citizen", session.citizen_id, details
        )
        if not matched:
            self._unwritten.append(written)
        return matched

    def _citizen(self, citizen_id: uuid.UUID) -> Citizen:
        row = self._db.read(lambda s: s.get(Citizen, citizen_id))
        if row is None:
            raise LookupError("no such citizen")
        return row

    # ------------------------------------------------------------------ lockout
    def failures_today(self, citizen_id: uuid.UUID) -> int:
        """Failed checks of this citizen in the last 24 hours, including failures a moment
        ago on this desk (their audit writes are waited for: milliseconds on the writer)."""
        for written in self._unwritten:
            written.result(timeout=5)
        self._unwritten.clear()
        since = utc_now() - timedelta(hours=24)

        def work(session: Session) -> int:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(AuditEvent)
                    .where(
                        AuditEvent.action == FAILED,
                        AuditEvent.entity_id == citizen_id,
                        AuditEvent.occurred_at >= since,
                    )
                )
                or 0
            )

        return self._db.read(work)


def _call(call_id: uuid.UUID | None) -> dict[str, str]:
    return {"call": str(call_id)} if call_id else {}
