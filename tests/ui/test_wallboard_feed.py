"""The desk publishing what its operator does (ui/presence_feed.py) during a real SIP call
from a simulated caller: Not ready at the start, Ready with F5, the ringing caller's wait
(queue included), in a call once answered, after-call work after hanging up, a choice in
the status bar's list, and offline when the desk closes; one span per state, in order.
And the heartbeat, renewed on its timer without a new span."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.report_models import OperatorPresence, OperatorStateSpan, PresenceState
from app.db.types import reference_id
from app.domain.clock import utc_now
from app.domain.states import OperatorState
from app.services.presence import Presence
from tests.peer import SipPeer, sip_peer
from tests.ui.test_call_flow import phone_window
from ui.main_window import MainWindow
from ui.phone import Phone
from ui.presence_feed import PresenceFeed

__all__ = ["phone_window", "sip_peer"]
StartPeer = Callable[..., SipPeer]
IVANOVA = reference_id("operator", "ivanova")
CTRL = Qt.KeyboardModifier.ControlModifier


def published(database: Database) -> tuple[PresenceState, datetime | None] | None:
    def work(session: Session) -> tuple[PresenceState, datetime | None] | None:
        row = session.scalar(select(OperatorPresence))
        return None if row is None else (row.state, row.caller_waiting_since)

    return database.read(work)


def span_states(database: Database, since: datetime) -> list[tuple[PresenceState, bool]]:
    """Иванова's spans from ``since`` on (the demo desk holds two months of closed ones)."""
    query = (
        select(OperatorStateSpan.state, OperatorStateSpan.ended_at.is_(None))
        .where(OperatorStateSpan.operator_id == IVANOVA, OperatorStateSpan.started_at >= since)
        .order_by(OperatorStateSpan.started_at, OperatorStateSpan.id)
    )
    return database.read(lambda s: [(state, is_open) for state, is_open in s.execute(query)])


def test_a_call_from_ringing_to_after_call_work_is_published(
    qtbot: QtBot, phone_window: tuple[MainWindow, Phone], sip_peer: StartPeer
) -> None:
    window, phone = phone_window
    database = window.desk.database
    started = utc_now()
    presence = Presence(database, lambda: IVANOVA)
    feed = PresenceFeed(presence, window.status, phone, window.bridge, window)
    qtbot.waitUntil(lambda: published(database) == (PresenceState.NOT_READY, None))

    qtbot.keyClick(window, Qt.Key.Key_F5)  # Ready
    qtbot.waitUntil(lambda: published(database) == (PresenceState.READY, None))

    caller = sip_peer()
    caller.send({"cmd": "call", "uri": phone.contact, "headers": {"X-Queue-Wait": "42"}})
    qtbot.waitUntil(lambda: phone.current() is not None, timeout=10000)
    call = phone.current()
    assert call is not None
    waited_since = call.offered_at - timedelta(seconds=42)
    qtbot.waitUntil(lambda: published(database) == (PresenceState.READY, waited_since))

    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)  # answer
    qtbot.waitUntil(lambda: published(database) == (PresenceState.IN_CALL, waited_since))

    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)  # hang up: the wrap-up begins
    qtbot.waitUntil(lambda: phone.current() is None, timeout=10000)
    qtbot.waitUntil(lambda: published(database) == (PresenceState.AFTER_CALL_WORK, None))
    caller.wait_event("state", state="DISCONNECTED")

    combo = window.status.state_combo  # the operator picks Not ready in the status bar
    combo.setCurrentIndex(combo.findData(OperatorState.NOT_READY.value))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: published(database) == (PresenceState.NOT_READY, None))

    feed.close()
    presence.close().result(5)  # the desk closes
    assert published(database) == (PresenceState.OFFLINE, None)
    assert span_states(database, started) == [
        (PresenceState.NOT_READY, False),
        (PresenceState.READY, False),
        (PresenceState.IN_CALL, False),
        (PresenceState.AFTER_CALL_WORK, False),
        (PresenceState.NOT_READY, False),
        (PresenceState.OFFLINE, True),
    ]


def test_the_heartbeat_renews_the_row_on_its_timer(qtbot: QtBot, window: MainWindow) -> None:
    database = window.desk.database
    started = utc_now()
    presence = Presence(database, lambda: IVANOVA)
    feed = PresenceFeed(presence, window.status, None, window.bridge, window, heartbeat_ms=50)
    qtbot.waitUntil(lambda: published(database) == (PresenceState.NOT_READY, None))
    first = database.read(lambda s: s.scalars(select(OperatorPresence)).one().heartbeat_at)

    qtbot.waitUntil(
        lambda: (
            database.read(lambda s: s.scalars(select(OperatorPresence)).one().heartbeat_at) > first
        )
    )
    feed.close()
    assert span_states(database, started) == [(PresenceState.NOT_READY, True)]
