"""Pushing the outbox to the central PostgreSQL database, so a retry never duplicates.

The pusher takes the oldest outbox entries (app/sync/outbox.py), reads those rows as they
are now in the local database, and writes them centrally in one transaction with
``INSERT … ON CONFLICT (id) DO UPDATE … WHERE central.version < incoming.version``: a row
sent twice (the reply to the first push was lost) changes nothing the second time, and an
older version never overwrites a newer one. Only after the central commit are the entries
removed locally, each only if its row was not written again meanwhile. Entries go in
their outbox order, so a ticket is there before its events (foreign keys hold).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from app.db.database import Database
from app.db.models import Base
from app.sync import outbox

BATCH = 500


@dataclass(frozen=True)
class PushResult:
    sent: int  # rows written centrally (or found already there)
    cleared: int  # outbox entries removed (a row written again stays queued)


def _table(name: str) -> Table:
    table = Base.metadata.tables[name]
    if name not in outbox.PUSHED:
        raise ValueError(f"{name} is not pushed")
    return table


def upsert(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Write rows centrally; a row the server has in the same or a newer version is left."""
    if not rows:
        return
    statement = pg_insert(table)
    columns = {c.name: statement.excluded[c.name] for c in table.columns if c.name != "id"}
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.id],
        set_=columns,
        where=table.c.version < statement.excluded.version,
    )
    connection.execute(statement, list(rows))


def _rows(local: Database, table: Table, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    query = select(table).where(table.c.id.in_(ids))
    return local.read(lambda s: [dict(row._mapping) for row in s.execute(query)])


def push_once(local: Database, central: Engine, limit: int = BATCH) -> PushResult:
    """One batch from the outbox to the central database; (0, 0) when nothing waits."""
    entries = local.read(lambda s: outbox.batch(s, limit))
    if not entries:
        return PushResult(0, 0)
    sent = 0
    with central.begin() as connection:
        # Runs of the same table, in outbox order: parents before children.
        for (name, deleted), run in groupby(entries, key=lambda e: (e.table, e.deleted)):
            table = _table(name)
            ids = [entry.row_id for entry in run]
            if deleted:
                connection.execute(delete(table).where(table.c.id.in_(ids)))
                sent += len(ids)
                continue
            rows = _rows(local, table, ids)
            upsert(connection, table, rows)
            sent += len(rows)
    cleared = local.write_now(lambda s: outbox.mark_pushed(s, entries))
    return PushResult(sent, cleared)


def drain(local: Database, central: Engine, limit: int = BATCH) -> int:
    """Push until the outbox is empty (or only rows written meanwhile remain)."""
    total = 0
    while True:
        result = push_once(local, central, limit)
        total += result.sent
        if result.cleared == 0:
            return total
