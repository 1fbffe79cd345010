"""Rows tests put in a desk's database directly: a finished call from a number; a desk file
with all the demo data (reference, citizens, applications, MFC slots)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.demo_applications import seed_applications, seed_mfc
from app.db.demo_citizens import seed_citizens
from app.db.engine import sqlite_url
from app.db.models import CallDirection, CallRecord
from app.domain.clock import utc_now


def add_call(database: Database, number: str, minutes_ago: int = 0) -> uuid.UUID:
    """An answered inbound call from ``number`` that ended ``minutes_ago`` minutes ago."""
    call_id = uuid.uuid4()
    ended = utc_now() - timedelta(minutes=minutes_ago)

    def work(session: Session) -> None:
        session.add(
            CallRecord(
                id=call_id,
                sip_call_id=str(call_id),
                direction=CallDirection.INBOUND,
                caller_number=number,
                offered_at=ended - timedelta(minutes=4),
                answered_at=ended - timedelta(minutes=3),
                ended_at=ended,
            )
        )

    database.write_now(work)
    return call_id


def demo_desk(path: Path) -> Database:
    """A desk database at ``path`` with every kind of demo data (close it when done)."""
    database = Database.open(sqlite_url(path).render_as_string())
    for seed in (seed_reference, seed_citizens, seed_applications, seed_mfc):
        database.write_now(seed)
    return database
