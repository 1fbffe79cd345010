"""Fixtures for tests of the SIP engine against real remote parties (simulated callers)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.telephony.audio import InMemoryAudioDevice, tone
from app.telephony.config import EngineConfig
from app.telephony.engine import SipEngine
from app.telephony.model import CallChanged, CallSnapshot, CallState, EngineStarted, Event
from tests.peer import SipPeer, free_port, sip_peer

__all__ = ["Desk", "EventLog", "database", "desk_phone", "sip_peer"]

DESK_TONE_HZ = 660.0


class EventLog:
    """Every engine event, with waits on conditions (no sleeps)."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._cond = threading.Condition()

    def __call__(self, event: Event) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait(
        self, predicate: Callable[[Event], bool], timeout: float = 10.0, since: int = 0
    ) -> Any:
        """The first event from position ``since`` on that matches ``predicate``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events[since:]:
                    if predicate(event):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"no matching event in {timeout:g} s; last: {self.events[-6:]}"
                    )
                self._cond.wait(left)

    def call(self, state: CallState, timeout: float = 10.0, **fields: Any) -> CallSnapshot:
        """The first snapshot of a call in ``state`` whose attributes equal ``fields``."""

        def match(event: Event) -> bool:
            if not isinstance(event, CallChanged) or event.call.state is not state:
                return False
            return all(getattr(event.call, k) == v for k, v in fields.items())

        found: CallChanged = self.wait(match, timeout)
        return found.call

    def states(self, call_id: object) -> list[CallState]:
        with self._cond:
            return [
                e.call.state
                for e in self.events
                if isinstance(e, CallChanged) and e.call.id == call_id
            ]


class Desk:
    """A running engine with its event log and its in-memory headset."""

    def __init__(self, engine: SipEngine, log: EventLog, audio: InMemoryAudioDevice) -> None:
        self.engine = engine
        self.log = log
        self.audio = audio
        self.port = engine.config.port

    @property
    def uri(self) -> str:
        return f"sip:desk@127.0.0.1:{self.port}"


@pytest.fixture
def desk_phone() -> Iterator[Callable[..., Desk]]:
    """Start the desk's engine (one per test: pjsua2 allows one endpoint per process)."""
    started: list[SipEngine] = []

    def start(**changes: Any) -> Desk:
        config = replace(EngineConfig(port=free_port(), rtp_port=free_port()), **changes)
        audio = InMemoryAudioDevice(tone(DESK_TONE_HZ))
        engine = SipEngine(config, audio)
        log = EventLog()
        engine.subscribe(log)
        outcome = engine.start()
        assert isinstance(outcome, EngineStarted), outcome
        engine.set_available(True)
        started.append(engine)
        return Desk(engine, log, audio)

    yield start
    for engine in started:
        assert engine.stop(), "the SIP engine did not stop"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """The desk's own SQLite database, migrated and seeded with the reference data."""
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    db.write_now(seed_reference)
    yield db
    db.close()


def call_desk(peer: SipPeer, desk: Desk, **extra: Any) -> None:
    peer.send({"cmd": "call", "uri": desk.uri, **extra})
