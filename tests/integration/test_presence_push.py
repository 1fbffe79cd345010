"""An operator's presence row goes up from whichever desk they sit at: the later heartbeat
wins on the server even when the new desk's row has a lower version than the old one's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.db.database import Database
from app.db.report_models import OperatorPresence, PresenceState
from app.db.types import reference_id
from app.services.presence import Presence
from app.sync.push import drain
from tests.integration.conftest import DeskFactory

pytestmark = pytest.mark.service

OPERATOR = reference_id("operator", "ivanova")


def test_the_latest_desk_wins_whatever_its_version(
    central: Database, new_desk: DeskFactory
) -> None:
    clock = [datetime(2026, 11, 26, 9, tzinfo=UTC)]
    old, new = new_desk("old"), new_desk("new")
    for database in (old, new):
        database.operator_id = OPERATOR
    at_old = Presence(old, lambda: OPERATOR, clock=lambda: clock[0])
    for state in (PresenceState.READY, PresenceState.IN_CALL, PresenceState.READY):
        at_old.set_state(state).result(10)
        clock[0] += timedelta(minutes=1)
    drain(old, central.engine)

    clock[0] += timedelta(minutes=10)  # the operator moved to another desk
    Presence(new, lambda: OPERATOR, clock=lambda: clock[0]).set_state(
        PresenceState.NOT_READY
    ).result(10)
    drain(new, central.engine)

    there = central.read(
        lambda s: s.scalar(select(OperatorPresence).where(OperatorPresence.operator_id == OPERATOR))
    )
    assert there is not None and there.state is PresenceState.NOT_READY
    assert there.heartbeat_at == clock[0]
