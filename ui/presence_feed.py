"""What the operator is doing, as the window knows it, published for the wallboard.

The operator's own state (Ready, Not ready, after-call work) is the one the status bar
shows, however it was set: the status bar's list, F5-F7, a global hotkey, the wrap-up that
starts after a call. A call on the line (answered, held, being transferred, or one the desk
is placing) makes it "in a call", with the moment the caller began to wait (offered minus
the queue wait the PBX reported); when the last call ends the operator's state is
published again, which the ticket desk has just made after-call work if the call was
answered. Only changes are written; a timer renews the heartbeat every minute.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer

from app.db.report_models import PresenceState
from app.services.presence import HEARTBEAT_EVERY, Presence
from app.telephony.model import CallSnapshot, CallState, Direction
from ui.bridge import GuiBridge
from ui.phone import Phone
from ui.status_bar import DeskStatusBar

log = logging.getLogger(__name__)

#: A caller who is there: still ringing at this desk, or on the line with the operator.
_CALLER_THERE = frozenset(
    {CallState.RINGING, CallState.CONNECTED, CallState.ON_HOLD, CallState.TRANSFERRING}
)

Published = tuple[PresenceState, datetime | None]


def caller_waiting_since(call: CallSnapshot) -> datetime:
    """When the caller began to wait: offered at the desk, less the time in the queue."""
    return call.offered_at - timedelta(seconds=call.context.queue_wait_seconds or 0)


def on_the_line(call: CallSnapshot) -> bool:
    """The operator is busy with this call (an inbound one still ringing is not yet theirs)."""
    if call.direction is Direction.INBOUND:
        return call.state in _CALLER_THERE and call.state is not CallState.RINGING
    return call.is_live


class PresenceFeed(QObject):
    """Publishes the state the window shows through :class:`Presence`; never waits."""

    def __init__(
        self,
        presence: Presence,
        status: DeskStatusBar,
        phone: Phone | None,
        bridge: GuiBridge,
        parent: QObject | None = None,
        *,
        heartbeat_ms: int = int(HEARTBEAT_EVERY.total_seconds() * 1000),
    ) -> None:
        super().__init__(parent)
        self._presence = presence
        self._status = status
        self._phone = phone
        self._bridge = bridge
        self._published: Published | None = None
        self._closed = False
        # Set in code (F5-F7, hotkeys, after-call work): the status bar shows it at once.
        status.state_combo.currentIndexChanged.connect(self._changed)
        # Picked in the list: queued, so the window has applied (or refused) it first.
        status.operator_state_chosen.connect(self._changed, Qt.ConnectionType.QueuedConnection)
        if phone is not None:
            phone.call_changed.connect(self._changed)
        self._timer = QTimer(self)
        self._timer.setObjectName("presenceHeartbeat")
        self._timer.setInterval(heartbeat_ms)
        self._timer.timeout.connect(self.heartbeat)
        self._timer.start()
        self.publish()

    def wanted(self) -> Published:
        """The state to publish now, and since when the caller in front of the operator has
        waited (the earliest, with a second call waiting)."""
        calls = list(self._phone.calls.values()) if self._phone is not None else []
        waiting = [
            caller_waiting_since(c)
            for c in calls
            if c.direction is Direction.INBOUND and c.state in _CALLER_THERE
        ]
        since = min(waiting) if waiting else None
        if any(on_the_line(c) for c in calls):
            return PresenceState.IN_CALL, since
        return PresenceState(self._status.operator_state().value), since

    def publish(self) -> None:
        """Write the state when it differs from the one last published."""
        if self._closed:
            return
        wanted = self.wanted()
        if wanted == self._published:
            return
        self._published = wanted
        self._track(lambda: self._presence.set_state(*wanted))

    def heartbeat(self) -> None:
        if self._closed:
            return
        if self._published is None:  # the last write failed: try it again
            self.publish()
        else:
            self._track(self._presence.heartbeat)

    def close(self) -> None:
        """The window closes: nothing more is published (the desk's close goes offline)."""
        self._closed = True
        self._timer.stop()

    def _changed(self, _what: object = None) -> None:
        self.publish()

    def _track(self, write: Callable[[], Future[bool]]) -> None:
        try:
            future = write()
        except RuntimeError:  # the database is closed: the desk is shutting down
            log.info("presence not published: the database is closed")
            return
        self._bridge.when_done(future, lambda _changed: None, self._failed, owner=self)

    def _failed(self, error: BaseException) -> None:
        log.error("presence not published: %s", type(error).__name__)
        self._published = None  # the next heartbeat writes the state again
