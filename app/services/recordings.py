"""Call recordings past their retention period: deleted, and their call records told so.

Runs on the database's writer thread (it changes call records); files are removed first
and a record is cleared only once its file is gone, so a failure leaves both in place for
the next run. A path from a record must stay inside the recordings folder (records may
come from elsewhere one day, through sync): anything else is refused and logged. Files
left without a record (the desk stopped between starting a file and saving its record)
go by their age on disk.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import CallRecord
from app.domain.clock import utc_now

log = logging.getLogger(__name__)


def _inside(folder: Path, relative: str) -> Path | None:
    path = (folder / relative).resolve()
    return path if path.is_relative_to(folder.resolve()) else None


def purge_recordings(
    database: Database, folder: Path, keep_days: int, now: datetime | None = None
) -> Future[int]:
    """Delete recordings older than ``keep_days``; the future gives how many went."""
    moment = now or utc_now()
    cutoff = moment - timedelta(days=keep_days)

    def work(session: Session) -> int:
        removed = 0
        old = session.scalars(
            select(CallRecord).where(
                CallRecord.recording_path != "", CallRecord.offered_at < cutoff
            )
        ).all()
        for record in old:
            path = _inside(folder, record.recording_path)
            if path is None:
                log.warning("a call record points outside the recordings folder; not touched")
                continue
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("a recording could not be deleted: %s", exc.strerror)
                continue
            record.recording_path = ""
            removed += 1
        removed += _orphans(folder, moment.timestamp() - keep_days * 86400)
        return removed

    return database.write(work)


def _orphans(folder: Path, before: float) -> int:
    """WAV files older than ``before`` (a timestamp) that no record kept: a young record's
    file is young too, so it is never among them."""
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.rglob("*.wav"):
        try:
            if path.stat().st_mtime < before:
                path.unlink()
                removed += 1
        except OSError:
            continue
    for directory in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        try:
            directory.rmdir()  # only empty day folders go
        except OSError:
            continue
    return removed
