"""Writes a call record for every call the engine reports, through the database's one writer."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import CallDirection, CallRecord, Line
from app.db.types import reference_id
from app.telephony.model import CallChanged, CallSnapshot, Direction, Event

log = logging.getLogger(__name__)


class CallRecorder:
    """Subscribe :meth:`on_event` to the engine; each call becomes one row, kept up to date."""

    def __init__(self, database: Database, operator_id: uuid.UUID | None = None) -> None:
        self._db = database
        self.operator_id = operator_id

    def on_event(self, event: Event) -> None:
        if isinstance(event, CallChanged):
            snapshot = event.call
            try:
                future = self._db.write(lambda session: self._store(session, snapshot))
            except RuntimeError:  # the database was closed first: at exit, in the wrong order
                log.error("call record not saved: the database is closed")
                return
            future.add_done_callback(self._check)

    @staticmethod
    def _check(future: object) -> None:
        error = future.exception()  # type: ignore[attr-defined]
        if error is not None:
            log.error("call record not saved: %s", type(error).__name__, exc_info=error)

    def _store(self, session: Session, call: CallSnapshot) -> None:
        record = session.get(CallRecord, call.id)
        if record is None:
            line_id = None
            if call.context.line:
                candidate = reference_id("line", call.context.line)
                line_id = candidate if session.get(Line, candidate) is not None else None
            record = CallRecord(
                id=call.id,
                sip_call_id=call.sip_call_id[:255],
                direction=(
                    CallDirection.INBOUND
                    if call.direction is Direction.INBOUND
                    else CallDirection.OUTBOUND
                ),
                line_id=line_id,
                operator_id=self.operator_id,
                offered_at=call.offered_at,
            )
            session.add(record)
        record.sip_call_id = call.sip_call_id[:255] or record.sip_call_id
        record.remote_uri = call.remote_uri[:255]
        record.caller_number = call.number[:32]
        record.display_name = call.display_name[:200]
        record.language = call.context.language or record.language
        record.queue_wait_seconds = call.context.queue_wait_seconds
        record.case_number = (call.context.case_number or "")[:40]
        record.answered_at = call.answered_at
        record.ended_at = call.ended_at
        record.hold_seconds = round(call.hold_seconds)
        talk = call.talk_seconds()
        record.talk_seconds = round(talk) if talk is not None else None
        record.end_reason = call.end_reason.value if call.end_reason else ""
        record.end_code = call.end_code
        record.end_detail = call.end_detail[:200]
        record.transfer_target = call.transfer_target[:255]
        record.recording_path = call.recording
        quality = call.quality
        if quality is not None and quality.samples:
            record.mos_min = _rounded(quality.mos_min, 2)
            record.mos_avg = _rounded(quality.mos_avg, 2)
            record.loss_pct = _rounded(quality.loss_pct, 1)
            record.jitter_ms = _rounded(quality.jitter_ms, 1)
            record.rtt_ms = _rounded(quality.rtt_ms, 1)


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
