"""The call log: calls the desk took or missed, newest first."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Executable, bindparam, select
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


_COLUMNS = (
    CallRecord.id,
    CallRecord.offered_at,
    CallRecord.direction,
    Line.code,
    CallRecord.caller_number,
    CallRecord.answered_at,
    CallRecord.ended_at,
    CallRecord.end_reason,
    CallRecord.display_name,
)
_NEWEST_FIRST = (
    select(*_COLUMNS)
    .outerjoin(Line, CallRecord.line_id == Line.id)
    .where(CallRecord.deleted_at.is_(None))
    .order_by(CallRecord.offered_at.desc())
)
#: Built once: constructing a select costs about 0.4 ms, running this one about 0.05 ms, and
#: the screen pop runs it on every ring.
HISTORY_LIMIT = 20
_BY_NUMBER = _NEWEST_FIRST.where(CallRecord.caller_number == bindparam("number")).limit(
    HISTORY_LIMIT
)


class CallLog:
    """Reads the call records of this desk."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._by_number = database.prepared(_BY_NUMBER)

    def recent(self, limit: int = 100) -> list[CallSummary]:
        return self._run(_NEWEST_FIRST.limit(limit), {})

    def history_for(self, number: str) -> list[CallSummary]:
        """The last calls with this number (E.164 or SIP user), newest first: the screen pop."""
        if not number:
            return []
        if self._by_number is not None:  # the SQLite file: the fast path (app/db/prepared.py)
            return _summaries(self._by_number.run(number=number))
        return self._run(_BY_NUMBER, {"number": number})

    def record_wrap_up(self, call_id: uuid.UUID, code: str, seconds: float) -> Future[None]:
        """The wrap-up the operator chose for a call and how long the after-call work took
        (the supervisor's ACW figure); queued behind the call's own record."""

        def work(session: Session) -> None:
            record = session.get(CallRecord, call_id)
            if record is None:
                raise LookupError("no record of that call")
            record.wrap_up = code[:32]
            record.after_call_seconds = max(0, round(seconds))

        return self._db.write(work)

    def _run(self, query: Executable, params: dict[str, object]) -> list[CallSummary]:
        with self._db.engine.connect() as connection:
            return _summaries(connection.execute(query, params).all())


def _summaries(rows: Sequence[Any]) -> list[CallSummary]:
    return [
        CallSummary(
            row.id,
            row.offered_at,
            row.direction.value,
            row.code or "",
            row.caller_number,
            row.answered_at is not None,
            int((row.ended_at - row.answered_at).total_seconds())
            if row.answered_at and row.ended_at
            else None,
            row.end_reason,
            row.display_name,
        )
        for row in rows
    ]
