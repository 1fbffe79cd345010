"""The live wallboard's figures: operators by state, calls in progress, the longest current
wait, and who is in which state since when, from the presence rows the desks publish.

Counted by the database in one aggregate query (the operators' list is a second, for the
table); the same statements run on a desk's SQLite file and on the central PostgreSQL. A
presence whose heartbeat is older than ``stale_after`` belongs to a desk that stopped
publishing: it counts as offline, since its last heartbeat, and its caller is not waiting
on anyone. ``now`` is the reader's clock; the heartbeats are the desks' clocks.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, String, and_, case, func, select, type_coerce
from sqlalchemy.sql.elements import ColumnElement

from app.db.database import Database
from app.db.models import Operator
from app.db.report_models import OperatorPresence, PresenceState
from app.db.types import UtcDateTime
from app.services.presence import STALE_AFTER

Source = Connection | Engine | Database


@dataclass(frozen=True)
class OperatorLine:
    """One row of the wallboard's table."""

    operator_id: uuid.UUID
    name: str
    state: PresenceState
    since: datetime


@dataclass(frozen=True)
class Wallboard:
    now: datetime
    by_state: Mapping[PresenceState, int]  # every state, 0 when nobody is in it
    operators: tuple[OperatorLine, ...]  # offline last, then by name
    calls_in_progress: int
    longest_wait: timedelta | None  # None when no caller is waiting

    def count(self, state: PresenceState) -> int:
        return self.by_state.get(state, 0)


def wallboard(source: Source, now: datetime, stale_after: timedelta = STALE_AFTER) -> Wallboard:
    """The wallboard as it stands at ``now``."""
    if isinstance(source, Connection):
        return _read(source, now, stale_after)
    engine = source.engine if isinstance(source, Database) else source
    with engine.connect() as connection:
        return _read(connection, now, stale_after)


def _read(connection: Connection, now: datetime, stale_after: timedelta) -> Wallboard:
    presence = OperatorPresence.__table__.c
    stale = presence.heartbeat_at < type_coerce(now - stale_after, UtcDateTime)
    state: ColumnElement[str] = type_coerce(
        case((stale, PresenceState.OFFLINE.value), else_=presence.state), String
    )
    since = case((stale, presence.heartbeat_at), else_=presence.since)
    waiting_since = case(
        (and_(~stale, state != PresenceState.OFFLINE.value), presence.caller_waiting_since)
    )
    live = and_(presence.deleted_at.is_(None), Operator.deleted_at.is_(None))
    joined = OperatorPresence.__table__.join(Operator, Operator.id == presence.operator_id)

    counts: list[Any] = [
        func.count(case((state == member.value, 1))).label(member.value) for member in PresenceState
    ]
    figures = connection.execute(
        select(*counts, func.min(waiting_since).label("first_waiting"))
        .select_from(joined)
        .where(live)
    ).one()
    by_state = {member: int(figures._mapping[member.value] or 0) for member in PresenceState}
    first: datetime | None = figures.first_waiting
    longest = None if first is None else max(now - first, timedelta(0))

    offline_last = case((state == PresenceState.OFFLINE.value, 1), else_=0)
    rows = connection.execute(
        select(presence.operator_id, Operator.full_name, state.label("state"), since)
        .select_from(joined)
        .where(live)
        .order_by(offline_last, Operator.full_name, presence.operator_id)
    )
    operators = tuple(
        OperatorLine(operator_id, name, PresenceState(value), started)
        for operator_id, name, value, started in rows
    )
    return Wallboard(
        now=now,
        by_state=by_state,
        operators=operators,
        calls_in_progress=by_state[PresenceState.IN_CALL],
        longest_wait=longest,
    )
