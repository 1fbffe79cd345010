"""An operator's present state, published for the wallboard: one presence row per operator
and the spans of time spent in each state, both written by the operator's own desk.

Every call is one write on the database's single writer (a Future comes back; the caller
never waits). A change of state closes the open span and opens the next in the same
transaction as the presence row, so the two never disagree. A heartbeat renews only
``heartbeat_at`` (one row update a minute; the outbox keeps one entry per row however often
it changes). A row not renewed for ``stale_after`` belongs to a desk that went silent
(killed, asleep, cut off): the next write records that stretch as offline, from the last
heartbeat, before going on. Spans crossing midnight stay one span; reports clip them.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Operator
from app.db.report_models import OperatorPresence, OperatorStateSpan, PresenceState
from app.db.types import reference_id
from app.domain.clock import utc_now
from app.settings import DatabaseMode, Options, Settings

log = logging.getLogger(__name__)

#: A presence not renewed for this long is shown offline (the desk renews it every minute).
STALE_AFTER = timedelta(seconds=180)
#: How often the desk renews its presence.
HEARTBEAT_EVERY = timedelta(seconds=60)

OperatorIdProvider = Callable[[], uuid.UUID | None]


def presence_id(operator_id: uuid.UUID) -> uuid.UUID:
    """The key of an operator's presence row: the same on every desk they sign in at."""
    return reference_id("presence", str(operator_id))


class Presence:
    """Publishes the signed-in operator's state; with nobody to name, publishes nothing."""

    def __init__(
        self,
        database: Database,
        operator_id_provider: OperatorIdProvider,
        clock: Callable[[], datetime] = utc_now,
        stale_after: timedelta = STALE_AFTER,
    ) -> None:
        self._database = database
        self._operator_id = operator_id_provider
        self._clock = clock
        self._stale_after = stale_after
        #: The state last asked for: a heartbeat that finds no row (the operator named in
        #: the settings changed meanwhile) publishes it for the operator named now.
        self._last: tuple[PresenceState, datetime | None] | None = None

    def set_state(
        self, state: PresenceState, caller_waiting_since: datetime | None = None
    ) -> Future[bool]:
        """Publish ``state`` (and since when the caller on the line has waited). The
        future's result is True when a new span began (the state changed)."""
        now = self._clock()  # the moment it happened, not the moment the writer gets to it
        self._last = (state, caller_waiting_since)
        return self._database.write(lambda s: self._apply(s, state, caller_waiting_since, now))

    def heartbeat(self) -> Future[bool]:
        """Renew ``heartbeat_at`` only (the state stays); nothing before a first state."""
        now, last = self._clock(), self._last
        return self._database.write(lambda s: self._apply(s, None, None, now, last))

    def close(self) -> Future[bool]:
        """The desk closes: offline, the open span ended (a failure is logged by its kind:
        nobody waits on this one)."""
        future = self.set_state(PresenceState.OFFLINE)
        future.add_done_callback(_log_failure)
        return future

    # the writer thread ---------------------------------------------------------------------
    def _apply(
        self,
        session: Session,
        state: PresenceState | None,
        waiting: datetime | None,
        now: datetime,
        last: tuple[PresenceState, datetime | None] | None = None,
    ) -> bool:
        operator_id = self._operator_id()
        if operator_id is None or session.get(Operator, operator_id) is None:
            return False  # the embedded desk's local profile names nobody: nothing to show
        row = session.scalar(
            select(OperatorPresence).where(OperatorPresence.operator_id == operator_id)
        )
        if row is None:
            if state is None:
                if last is None:
                    return False  # a heartbeat before anything was published
                state, waiting = last
            row = OperatorPresence(
                id=presence_id(operator_id),
                operator_id=operator_id,
                state=state,
                since=now,
                heartbeat_at=now,
            )
            session.add(row)
            _switch(session, row, state, now)
            row.caller_waiting_since = waiting
            return True
        wanted = state if state is not None else row.state
        changed = False
        if row.state is not PresenceState.OFFLINE and row.heartbeat_at < now - self._stale_after:
            _switch(session, row, PresenceState.OFFLINE, row.heartbeat_at)
            changed = True
        if row.state is not wanted:
            _switch(session, row, wanted, now)
            changed = True
        if state is not None and row.caller_waiting_since != waiting:
            row.caller_waiting_since = waiting
        row.heartbeat_at = now
        return changed


def _log_failure(future: Future[bool]) -> None:
    error = future.exception()
    if error is not None:
        log.error("presence not published: %s", type(error).__name__)


def _switch(session: Session, row: OperatorPresence, state: PresenceState, at: datetime) -> None:
    """End every open span of the row's operator at ``at`` and begin one in ``state``."""
    open_spans = session.scalars(
        select(OperatorStateSpan).where(
            OperatorStateSpan.operator_id == row.operator_id,
            OperatorStateSpan.ended_at.is_(None),
        )
    )
    for span in open_spans:
        span.ended_at = max(at, span.started_at)
    session.add(OperatorStateSpan(operator_id=row.operator_id, state=state, started_at=at))
    row.state = state
    row.since = at


def desk_operator(database: Database, settings: Settings) -> OperatorIdProvider:
    """Who this desk publishes for: the operator signed in on a central desk
    (``Database.operator_id``, else the database user's row); on the embedded desk the
    operator named in the settings. Without one (the embedded desk's single local profile,
    as ``Desk.can_edit_knowledge`` has it) nobody: nothing is published."""

    def find() -> uuid.UUID | None:
        if database.operator_id is not None:
            return database.operator_id
        central = settings.get(Options.DB_MODE) is DatabaseMode.CENTRAL
        login = settings.get(Options.DB_USER if central else Options.OPERATOR_LOGIN)
        if not login:
            return None
        query = select(Operator.id).where(Operator.login == login, Operator.deleted_at.is_(None))
        return database.read(lambda session: session.scalar(query))

    return find
