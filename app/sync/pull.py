"""Pulling what changed centrally since this desk last looked, page by page, nothing missed.

Every central write of a table that comes down leaves its row's line in ``sync_changes``
with a sequence number and the writing transaction's id (the trigger of migration 0014).
A cursor on the sequence number alone would miss rows: a long transaction takes number 5,
a short one takes 6 and commits first; a desk that read 6 and moved its cursor past it
never sees 5 when it commits. So the desk reads in windows of transaction ids instead.
A window ends at the *snapshot horizon*, ``pg_snapshot_xmin(pg_current_snapshot())``:
every transaction below it has finished, and any transaction still running, or yet to
start, has an id at or above it. The window ``[low, high)`` is read in pages ordered by
sequence number; when it is exhausted the next one starts at ``high``. A change made while
a window is read gets a new id above ``high`` and so falls into a later window. The
cursor (``low``, ``high``, last sequence number read) is saved locally in the same
transaction as the rows it brought, so a desk killed mid-pull resumes where it stopped.

Rows are applied with ``INSERT … ON CONFLICT (id) DO UPDATE … WHERE version < incoming``
(idempotent: a page read twice changes nothing), except rows with a local write still
waiting to go up: the push brings those together on the server first (app/sync/push.py),
and the next pull brings the result. A deleted central row arrives as a tombstone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Base
from app.db.sync_models import SyncChange, SyncState
from app.sync import outbox

#: The tables that come down, parents before children (migrations 0014 and later stamp
#: exactly these: tests/unit/test_sync_tables.py).
PULLED = (
    "operators",
    "departments",
    "lines",
    "ticket_categories",
    "portal_services",
    "application_reasons",
    "mfc_offices",
    "kb_articles",
    "kb_versions",
    "tickets",
    "ticket_calls",
    "ticket_events",
    "ticket_attachments",
    "account_requests",  # their status, as the back office sets it
)
PAGE = 1000

HORIZON = text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")


@dataclass(frozen=True)
class Cursor:
    low: int = 0  # every change by a transaction below this id is here
    high: int = 0  # the horizon of the window being read; 0 between windows
    after: int = 0  # the last sequence number read in this window
    window_total: int = 0  # how many changes the window holds (for a progress bar)
    window_read: int = 0  # how many of them are read

    def as_state(self) -> dict[str, str]:
        return {f"pull.{name}": str(value) for name, value in vars(self).items()}


@dataclass(frozen=True)
class PullResult:
    applied: int  # rows written or removed locally
    caught_up: bool  # the window is finished: nothing older waits
    cursor: Cursor
    tables: Mapping[str, frozenset[uuid.UUID]]  # what changed locally, for derived data

    @property
    def progress(self) -> tuple[int, int]:
        """(read, total) of the window being read; (0, 0) between windows."""
        if self.caught_up:
            return (0, 0)
        return (self.cursor.window_read, self.cursor.window_total)


def load_cursor(session: Session) -> Cursor:
    query = select(SyncState.key, SyncState.value).where(SyncState.key.like("pull.%"))
    values = {key: value for key, value in session.execute(query)}
    fields = {name: int(values.get(f"pull.{name}", "0") or 0) for name in vars(Cursor())}
    return Cursor(**fields)


def save_state(connection: Connection, values: Mapping[str, str]) -> None:
    statement = sqlite_insert(SyncState)
    statement = statement.on_conflict_do_update(
        index_elements=[SyncState.key], set_={"value": statement.excluded.value}
    )
    connection.execute(statement, [{"key": k, "value": v} for k, v in values.items()])


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _read_page(
    central: Engine, cursor: Cursor, page: int
) -> tuple[Cursor, list[Any], dict[str, list[dict[str, Any]]]]:
    """One page of changes and the rows they name, read in one central transaction."""
    with central.connect() as connection, connection.begin():
        if not cursor.high:  # open a window up to the horizon
            high = int(connection.scalar(HORIZON) or 0)
            total = connection.scalar(
                select(func.count())
                .select_from(SyncChange)
                .where(SyncChange.xid >= cursor.low, SyncChange.xid < high)
            )
            cursor = Cursor(cursor.low, high, 0, int(total or 0), 0)
        changes = list(
            connection.execute(
                select(SyncChange.table_name, SyncChange.row_id, SyncChange.seq, SyncChange.deleted)
                .where(
                    SyncChange.xid >= cursor.low,
                    SyncChange.xid < cursor.high,
                    SyncChange.seq > cursor.after,
                    SyncChange.table_name.in_(PULLED),
                )
                .order_by(SyncChange.seq)
                .limit(page)
            )
        )
        rows: dict[str, list[dict[str, Any]]] = {}
        for name in PULLED:
            ids = [c.row_id for c in changes if c.table_name == name and not c.deleted]
            if ids:
                table = _table(name)
                found = connection.execute(select(table).where(table.c.id.in_(ids)))
                rows[name] = [dict(row._mapping) for row in found]
    return cursor, changes, rows


def _apply(
    connection: Connection,
    changes: list[Any],
    rows: dict[str, list[dict[str, Any]]],
    cursor: Cursor,
) -> dict[str, frozenset[uuid.UUID]]:
    """Write one page locally (FK checks off: a parent may come on a later page)."""
    session = Session(bind=connection)
    touched: dict[str, frozenset[uuid.UUID]] = {}
    for name in PULLED:
        table = _table(name)
        incoming = rows.get(name, [])
        gone = [c.row_id for c in changes if c.table_name == name and c.deleted]
        if not incoming and not gone:
            continue
        held = outbox.waiting(session, name, [r["id"] for r in incoming] + gone)
        incoming = [r for r in incoming if r["id"] not in held]
        gone = [row_id for row_id in gone if row_id not in held]
        if incoming:
            statement = sqlite_insert(table)
            statement = statement.on_conflict_do_update(
                index_elements=[table.c.id],
                set_={c.name: statement.excluded[c.name] for c in table.columns if c.name != "id"},
                where=table.c.version < statement.excluded.version,
            )
            connection.execute(statement, incoming)
        if gone:
            connection.execute(delete(table).where(table.c.id.in_(gone)))
        if incoming or gone:
            touched[name] = frozenset([r["id"] for r in incoming] + gone)
    save_state(connection, cursor.as_state())
    return touched


def pull_once(local: Database, central: Engine, page: int = PAGE) -> PullResult:
    """Read and apply one page; ``caught_up`` once the current window is finished."""
    cursor = local.read(load_cursor)
    cursor, changes, rows = _read_page(central, cursor, page)
    read = cursor.window_read + len(changes)
    if len(changes) < page:  # the window is finished: the next starts at its horizon
        after = Cursor(low=cursor.high)
        caught_up = True
    else:
        last = changes[-1].seq
        after = Cursor(cursor.low, cursor.high, last, max(cursor.window_total, read), read)
        caught_up = False
    touched = local.write_unchecked(lambda c: _apply(c, changes, rows, after)).result()
    applied = sum(len(ids) for ids in touched.values())
    return PullResult(applied, caught_up, after, touched)


def pull_all(
    local: Database,
    central: Engine,
    page: int = PAGE,
    progress: Callable[[PullResult], None] | None = None,
) -> int:
    """Pull until caught up; ``progress`` hears after each page. Returns rows applied."""
    total = 0
    while True:
        result = pull_once(local, central, page)
        total += result.applied
        if progress is not None:
            progress(result)
        if result.caught_up:
            return total
