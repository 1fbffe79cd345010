"""Pushing the outbox to the central PostgreSQL database, so a retry never duplicates.

The pusher takes the oldest outbox entries (app/sync/outbox.py), reads those rows as they
are now in the local database, and writes them centrally in one transaction with
``INSERT … ON CONFLICT (id) DO UPDATE … WHERE central.version < incoming.version``: a row
sent twice (the reply to the first push was lost) changes nothing the second time, and an
older version never overwrites a newer one. Only after the central commit are the entries
removed locally, each only if its row was not written again meanwhile. Entries go in
their outbox order, so a ticket is there before its events (foreign keys hold).

A ticket header edited on two desks while they were apart is merged by one rule, applied
on the server (whose order of arrival is the only clock it trusts): each entry carries
the version its desk last had before the edits (``base``); a server row with a higher
version than that was changed elsewhere meanwhile. Then the copy with more edits (the
higher version) wins, and on a tie the one already on the server stays. The result is
written with a version above both, so both desks take it on their next pull, and every
field where the losing copy differed is written into the ticket's event log with both
values: nothing is dropped silently. Event logs themselves are append-only and merge.

A row the server refuses outright (a permission, a constraint) is set aside with the
server's reason instead of blocking everything queued behind it (:func:`push_once`).
"""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import DBAPIError, IntegrityError, ProgrammingError

from app.db.database import Database
from app.db.models import Base
from app.db.types import new_id
from app.sync import bulk, outbox
from app.tickets.workflow import EventKind

log = logging.getLogger(__name__)

BATCH = 2000  # one batch, one transaction; runs of a table at or over BULK_ROWS use COPY


#: Ticket columns that are bookkeeping, not what an operator typed.
_NOT_HEADER = frozenset({"id", "created_at", "updated_at", "version"})


@dataclass(frozen=True)
class PushResult:
    sent: int  # rows written centrally (or found already there)
    cleared: int  # outbox entries removed (a row written again stays queued)
    merged: int = 0  # tickets edited on two desks, brought together by the rule
    refused: int = 0  # rows the server refused, set aside with its reason


def _table(name: str) -> Table:
    table = Base.metadata.tables[name]
    if name not in outbox.PUSHED:
        raise ValueError(f"{name} is not pushed")
    return table


#: Rows that carry their own clock: the later one wins, whichever desk wrote it. An
#: operator's one presence row is written by whatever desk they sit at, each counting its
#: versions from 1, so a version says nothing there.
NEWER_BY = {"operator_presence": "heartbeat_at"}


def upsert(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Write rows centrally; a row the server has in the same or a newer version is left.
    Many rows go through COPY (app/sync/bulk.py), with the same outcome."""
    if not rows:
        return
    newer = NEWER_BY.get(table.name, "version")
    if len(rows) >= bulk.BULK_ROWS and newer == "version":
        bulk.copy_upsert(connection, table, rows)
        return
    statement = pg_insert(table)
    columns = {c.name: statement.excluded[c.name] for c in table.columns if c.name != "id"}
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.id],
        set_=columns,
        where=table.c[newer] < statement.excluded[newer],
    )
    connection.execute(statement, list(rows))


def _rows(local: Database, table: Table, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    query = select(table).where(table.c.id.in_(ids))
    return local.read(lambda s: [dict(row._mapping) for row in s.execute(query)])


def _plain(value: Any) -> Any:
    """A column value as JSON can hold it (for the event that keeps a losing value)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _merge_ticket(
    connection: Connection, there: dict[str, Any], mine: dict[str, Any], operator: uuid.UUID | None
) -> None:
    """Bring together a ticket header edited here and on another desk (the rule above)."""
    table = _table("tickets")
    mine_wins = mine["version"] > there["version"]
    winner, loser = (mine, there) if mine_wins else (there, mine)
    lost = {
        name: {"kept": _plain(winner[name]), "lost": _plain(loser[name])}
        for name in winner
        if name not in _NOT_HEADER and winner[name] != loser[name]
    }
    values = {name: winner[name] for name in winner if name != "id"}
    values["version"] = max(mine["version"], there["version"]) + 1
    connection.execute(update(table).where(table.c.id == mine["id"]).values(values))
    if lost:
        connection.execute(
            insert(_table("ticket_events")).values(
                id=new_id(),
                created_at=func.now(),
                updated_at=func.now(),
                version=1,
                ticket_id=mine["id"],
                kind=EventKind.FIELD_CHANGED.value,
                operator_id=operator,
                occurred_at=func.now(),
                details={"conflict": lost, "this_desk_won": mine_wins},
            )
        )


def _push_tickets(
    connection: Connection,
    rows: list[dict[str, Any]],
    bases: dict[uuid.UUID, int],
    operator: uuid.UUID | None,
) -> int:
    """Tickets: plain upserts, except those changed on the server since this desk's base."""
    table = _table("tickets")
    ids = [row["id"] for row in rows]
    locked = connection.execute(select(table).where(table.c.id.in_(ids)).with_for_update())
    current = {row.id: dict(row._mapping) for row in locked}
    plain, merged = [], 0
    for row in rows:
        there = current.get(row["id"])
        if there is None or there["version"] <= bases.get(row["id"], 0):
            plain.append(row)
        else:
            _merge_ticket(connection, there, row, operator)
            merged += 1
    upsert(connection, table, plain)
    return merged


def _send(
    connection: Connection,
    local: Database,
    entries: list[outbox.Entry],
    operator: uuid.UUID | None,
) -> tuple[int, int]:
    """Write the entries centrally in their order; returns (rows sent, tickets merged)."""
    sent = merged = 0
    # One run per table: written parents first, deleted children first.
    for (name, deleted), group in groupby(_by_table(entries), key=lambda e: (e.table, e.deleted)):
        run = list(group)
        table = _table(name)
        ids = [entry.row_id for entry in run]
        if deleted:
            connection.execute(delete(table).where(table.c.id.in_(ids)))
            sent += len(ids)
            continue
        rows = _rows(local, table, ids)
        if name == "tickets":
            bases = {entry.row_id: entry.base for entry in run}
            merged += _push_tickets(connection, rows, bases, operator)
        else:
            upsert(connection, table, rows)
        sent += len(rows)
    return sent, merged


#: Tables in the order their foreign keys need (parents first).
_RANK = {table.name: rank for rank, table in enumerate(Base.metadata.sorted_tables)}


def _by_table(entries: list[outbox.Entry]) -> list[outbox.Entry]:
    """A batch grouped by table, so each table is one statement, not one per ticket. A
    parent is always in the same batch as its children or an earlier one (the outbox keeps
    each row at its first write), so parents first within the batch is enough."""
    written = sorted((e for e in entries if not e.deleted), key=lambda e: (_RANK[e.table], e.seq))
    gone = sorted((e for e in entries if e.deleted), key=lambda e: (-_RANK[e.table], e.seq))
    return written + gone


#: Errors that are about the rows themselves, not the connection: retrying cannot help.
_REFUSALS = (IntegrityError, ProgrammingError)


def push_once(
    local: Database, central: Engine, limit: int = BATCH, operator: uuid.UUID | None = None
) -> PushResult:
    """One batch from the outbox to the central database; (0, 0) when nothing waits.

    ``operator`` is who is signed in on this desk (named on the events the merge writes).
    A batch the server refuses for its rows (not for the connection) is sent again one
    row at a time, so only the offending rows are set aside (:func:`outbox.refuse`).
    """
    entries = local.read(lambda s: outbox.batch(s, limit))
    if not entries:
        return PushResult(0, 0)
    try:
        with central.begin() as connection:
            sent, merged = _send(connection, local, entries, operator)
    except _REFUSALS:
        return _one_by_one(local, central, entries, operator)
    cleared = local.write_now(lambda s: outbox.mark_pushed(s, entries))
    return PushResult(sent, cleared, merged)


def _one_by_one(
    local: Database, central: Engine, entries: list[outbox.Entry], operator: uuid.UUID | None
) -> PushResult:
    sent = merged = refused = 0
    done: list[outbox.Entry] = []
    for entry in entries:
        try:
            with central.begin() as connection:
                one_sent, one_merged = _send(connection, local, [entry], operator)
        except _REFUSALS as exc:
            reason = _reason(exc)
            log.error("the server refused a %s row: %s", entry.table, reason)
            local.write_now(lambda s, e=entry, r=reason: outbox.refuse(s, e, r))  # type: ignore[misc]
            refused += 1
            continue
        sent, merged = sent + one_sent, merged + one_merged
        done.append(entry)
    cleared = local.write_now(lambda s: outbox.mark_pushed(s, done))
    return PushResult(sent, cleared, merged, refused)


def _reason(exc: DBAPIError) -> str:
    """The server's first line (a constraint or permission), never the row's values."""
    original = str(getattr(exc, "orig", exc)).strip().splitlines()
    return original[0] if original else type(exc).__name__


def drain(
    local: Database, central: Engine, limit: int = BATCH, operator: uuid.UUID | None = None
) -> int:
    """Push until the outbox is empty (or only rows written meanwhile remain)."""
    total = 0
    while True:
        result = push_once(local, central, limit, operator)
        total += result.sent
        if result.cleared == 0 and result.refused == 0:
            return total
