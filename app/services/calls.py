"""The call log: calls the desk took or missed, newest first."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import CallRecord, Line


@dataclass(frozen=True)
class CallSummary:
    id: uuid.UUID
    offered_at: datetime
    direction: str
    line_code: str
    caller_number: str
    answered: bool
    duration_seconds: int | None
    end_reason: str
    display_name: str = ""


class CallLog:
    """Reads the call records of this desk."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def recent(self, limit: int = 100) -> list[CallSummary]:
        return self._query(limit, None)

    def history_for(self, number: str, limit: int = 20) -> list[CallSummary]:
        """Earlier calls with this number (E.164 or SIP user), newest first: the screen pop."""
        return self._query(limit, number) if number else []

    def _query(self, limit: int, number: str | None) -> list[CallSummary]:
        def work(session: Session) -> list[CallSummary]:
            query = (
                select(CallRecord, Line.code)
                .outerjoin(Line, CallRecord.line_id == Line.id)
                .where(CallRecord.deleted_at.is_(None))
                .order_by(CallRecord.offered_at.desc())
                .limit(limit)
            )
            if number is not None:
                query = query.where(CallRecord.caller_number == number)
            result = []
            for record, line_code in session.execute(query):
                duration = None
                if record.answered_at and record.ended_at:
                    duration = int((record.ended_at - record.answered_at).total_seconds())
                result.append(
                    CallSummary(
                        record.id,
                        record.offered_at,
                        record.direction.value,
                        line_code or "",
                        record.caller_number,
                        record.answered_at is not None,
                        duration,
                        record.end_reason,
                        record.display_name,
                    )
                )
            return result

        return self._db.read(work)
