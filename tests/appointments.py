"""Two operators reaching for the same MFC slot at the same moment, on any database: the
race the back office must settle with one booking and one clear refusal."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import Future

from app.db.database import Database
from app.services.audit import AuditLog
from app.services.back_office import BackOffice, Requested, SlotTaken
from app.verification.session import Factor, VerificationSession


def verified(citizen_id: uuid.UUID) -> VerificationSession:
    """A caller verified by a document: partial."""
    session = VerificationSession(call_id=uuid.uuid4(), citizen_id=citizen_id)
    session.record(Factor.SNILS, True)
    return session


def race(
    first: Database, second: Database, slot_id: uuid.UUID, callers: tuple[uuid.UUID, uuid.UUID]
) -> list[Requested | SlotTaken]:
    """Both desks book ``slot_id`` at once (a barrier releases them together)."""
    barrier = threading.Barrier(2)
    outcomes: list[Requested | SlotTaken] = []
    lock = threading.Lock()

    def book(database: Database, citizen_id: uuid.UUID) -> None:
        office = BackOffice(database, AuditLog(database))
        barrier.wait(10)
        future: Future[Requested] = office.book(verified(citizen_id), slot_id)
        try:
            outcome: Requested | SlotTaken = future.result(30)
        except SlotTaken as taken:
            outcome = taken
        with lock:
            outcomes.append(outcome)

    threads = [
        threading.Thread(target=book, args=(db, who))
        for db, who in zip((first, second), callers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes
