"""The outbox: every local write of a pushed table is queued in the same transaction.

A SQLAlchemy ``after_flush`` hook on the desk's local sessions sees each new, changed and
deleted row of the tables that go up (calls, tickets and their logs, verification and
account requests, audit events, knowledge-base edits) and queues ``(table, id, version)``
in ``sync_outbox`` through the same connection: if the write rolls back, so does its
entry; if it commits, the entry is there, even when the process is killed a moment later.

One entry per row, kept at the position of the row's first write (``ON CONFLICT`` updates
only its version), so parents go up before their children. The pusher sends the row as it
is then and removes the entry only if the version it sent is still the latest
(:func:`mark_pushed`): a row changed during a push stays queued. Reference data, citizens
and derived tables never enter the outbox: they come down, or stay local.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, event, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from app.db.sync_models import SyncOutbox
from app.domain.clock import utc_now

#: Tables whose local writes go up to the central database.
PUSHED = frozenset(
    {
        "call_records",
        "tickets",
        "ticket_calls",
        "ticket_events",
        "ticket_attachments",
        "account_requests",
        "audit_events",
        "kb_articles",
        "kb_versions",
        "kb_favourites",
        "operator_presence",  # the wallboard's states, and the spans occupancy counts
        "operator_state_spans",
        "call_summaries",  # the caller's own record, for the portal
    }
)


def _queue_statement() -> Any:
    statement = sqlite_insert(SyncOutbox)
    return statement.on_conflict_do_update(
        index_elements=["table_name", "row_id"],
        # The first entry's base stays: it is what the server saw before all of these.
        set_={"version": statement.excluded.version, "deleted": statement.excluded.deleted},
    )


#: Built once: compiling an upsert costs more than running it, and every write runs it.
_QUEUE = _queue_statement()
_CLEAR = delete(SyncOutbox).where(
    SyncOutbox.seq == bindparam("seq"), SyncOutbox.version == bindparam("version")
)


@dataclass(frozen=True)
class Entry:
    seq: int
    table: str
    row_id: uuid.UUID
    version: int
    deleted: bool
    base: int = 0  # the row's version before the first write still waiting (0: new here)


def _pushed(obj: Any) -> str | None:
    table = getattr(obj, "__tablename__", None)
    return table if table in PUSHED else None


def record_changes(session: Session, _flush: UOWTransaction) -> None:
    """``after_flush``: queue every pushed row the flush wrote, in the same transaction."""
    entries: list[dict[str, Any]] = []
    for obj in session.new:
        if (table := _pushed(obj)) is not None:
            entries.append(_entry(table, obj, deleted=False, base=0))
    for obj in session.dirty:
        table = _pushed(obj)
        if table is not None and session.is_modified(obj, include_collections=False):
            # The flush already raised the version (the mapper's version counter).
            entries.append(_entry(table, obj, deleted=False, base=obj.version - 1))
    for obj in session.deleted:
        if (table := _pushed(obj)) is not None:
            entries.append(_entry(table, obj, deleted=True, base=obj.version))
    if entries:
        session.connection().execute(_QUEUE, entries)


def _entry(table: str, obj: Any, deleted: bool, base: int) -> dict[str, Any]:
    return {
        "table_name": table,
        "row_id": obj.id,
        "version": obj.version,
        "deleted": deleted,
        "queued_at": utc_now(),
        "base_version": base,
        "error": "",
    }


def install(
    sessions: sessionmaker[Session], operator: Callable[[], uuid.UUID | None] = lambda: None
) -> None:
    """Queue the pushed tables' writes of every session these sessions open, and name the
    signed-in ``operator`` on each new pushed row that names nobody (the central server
    accepts a call record, an event, a request only from the operator it names)."""

    def stamp(session: Session, _flush: UOWTransaction, _instances: object) -> None:
        who = operator()
        if who is None:
            return
        for obj in session.new:
            if _pushed(obj) and getattr(obj, "operator_id", who) is None:
                obj.operator_id = who

    event.listen(sessions, "before_flush", stamp)
    event.listen(sessions, "after_flush", record_changes)


def pending(session: Session) -> int:
    """Entries still to go (refused ones included: they are not sent yet either)."""
    return int(session.scalar(select(func.count()).select_from(SyncOutbox)) or 0)


def refused(session: Session) -> int:
    """Entries the server refused, waiting for an administrator."""
    query = select(func.count()).select_from(SyncOutbox).where(SyncOutbox.error != "")
    return int(session.scalar(query) or 0)


def batch(session: Session, limit: int) -> list[Entry]:
    """The oldest entries that may go, in the order their rows were first written."""
    columns = (
        SyncOutbox.seq,
        SyncOutbox.table_name,
        SyncOutbox.row_id,
        SyncOutbox.version,
        SyncOutbox.deleted,
        SyncOutbox.base_version,
    )
    query = select(*columns).where(SyncOutbox.error == "").order_by(SyncOutbox.seq).limit(limit)
    return [Entry(*row) for row in session.execute(query)]  # plain rows: no ORM objects


def waiting(session: Session, table: str, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these rows have a local write still to go up (a pull must not overwrite
    them: the push brings them together on the server first)."""
    query = select(SyncOutbox.row_id).where(
        SyncOutbox.table_name == table, SyncOutbox.row_id.in_(list(ids))
    )
    return set(session.scalars(query))


def refuse(session: Session, entry: Entry, reason: str) -> None:
    """Set an entry aside with the server's reason; the rows behind it go on."""
    session.execute(
        update(SyncOutbox).where(SyncOutbox.seq == entry.seq).values(error=reason[:200])
    )


def mark_pushed(session: Session, entries: Iterable[Entry]) -> int:
    """Drop the entries whose version went up; one changed since stays. Returns how many."""
    sent = [{"seq": e.seq, "version": e.version} for e in entries]
    if not sent:
        return 0
    before = pending(session)
    session.connection().execute(_CLEAR, sent)  # one statement, run for each entry
    return before - pending(session)
