"""The sync worker: pushes the outbox and pulls changes on its own thread, with backoff.

One cycle is: push until the outbox is empty, then pull until caught up. The worker runs
a cycle every few seconds while the server answers; when it does not, the desk is
*offline* and the next attempt waits longer each time (1, 2, 4 … 60 s, with jitter so a
thousand desks that lost the server together do not return together). "Sync now" wakes
it at once and forgets the backoff. It tells whoever listens what it is doing
(:class:`SyncStatus`) — from its own thread: the Qt layer re-emits that on the GUI thread
(ui/bridge.py). The GUI never waits on the network.
"""

from __future__ import annotations

import enum
import logging
import random
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from app.db.database import Database
from app.db.sync_models import SyncState
from app.domain.clock import utc_now
from app.sync import outbox
from app.sync.pull import PullResult, pull_once, save_state
from app.sync.push import push_once

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 5.0
BACKOFF_SECONDS = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 60.0)


class Link(enum.StrEnum):
    OFFLINE = "offline"  # the central database does not answer: work goes on locally
    SYNCING = "syncing"
    ONLINE = "online"  # the last cycle finished


@dataclass(frozen=True)
class SyncStatus:
    link: Link
    pending: int = 0  # outbox entries waiting to go up
    refused: int = 0  # of them, set aside by the server (an administrator must look)
    last_sync: datetime | None = None  # the last cycle that finished
    progress: tuple[int, int] = (0, 0)  # (read, total) of a pull window; (0, 0) none
    reason: str = ""  # why the last attempt failed (safe to show: no password, no data)
    retry_in: float = 0.0  # seconds until the next attempt while offline


def backoff(failures: int, jitter: Callable[[], float] = random.random) -> float:
    """Seconds to wait after ``failures`` failed attempts in a row (±20 % jitter)."""
    base = BACKOFF_SECONDS[min(failures, len(BACKOFF_SECONDS)) - 1] if failures else 0.0
    return base * (0.8 + 0.4 * jitter())


def _reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    return f"{type(original).__name__}: {lines[0]}" if lines else type(original).__name__


class SyncWorker:
    """Keeps one desk's local database in step with the central one."""

    def __init__(
        self,
        local: Database,
        central: Engine,
        interval: float = INTERVAL_SECONDS,
        unusable: str = "",
    ) -> None:
        self._local = local
        self._central = central
        self._interval = interval
        #: Why the settings cannot reach any server (no host set): said, never tried.
        self._unusable = unusable
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._listeners: list[Callable[[SyncStatus], None]] = []
        self._pulled: list[Callable[[Mapping[str, frozenset[uuid.UUID]]], None]] = []
        self._cycle_lock = threading.Lock()
        pending, refused = self._pending()
        self.status = SyncStatus(Link.OFFLINE, pending, refused, self._last_sync())

    @property
    def central(self) -> Engine:
        """The connection to the central database (for the online look-ups of a call)."""
        return self._central

    # listening ---------------------------------------------------------------------------
    def on_status(self, listener: Callable[[SyncStatus], None]) -> None:
        """``listener`` hears every change of status, on the worker's thread."""
        self._listeners.append(listener)

    def on_pulled(self, listener: Callable[[Mapping[str, frozenset[uuid.UUID]]], None]) -> None:
        """``listener`` hears which rows a pull changed locally (to rebuild derived data)."""
        self._pulled.append(listener)

    def _tell(self, status: SyncStatus) -> None:
        self.status = status
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:  # a broken listener must not stop the sync
                log.exception("a sync status listener failed")

    def _last_sync(self) -> datetime | None:
        """The last good sync, as saved by an earlier run (None: never)."""
        value = self._local.read(lambda s: s.get(SyncState, "last_sync"))
        try:
            return datetime.fromisoformat(value.value) if value is not None else None
        except ValueError:
            return None

    def _pending(self) -> tuple[int, int]:
        return self._local.read(lambda s: (outbox.pending(s), outbox.refused(s)))

    # one cycle ---------------------------------------------------------------------------
    def run_once(self) -> SyncStatus:
        """Push everything, then pull until caught up; the status it ends in. Raises
        nothing: a failure is reported as OFFLINE with its reason."""
        with self._cycle_lock:
            return self._cycle()

    def _cycle(self) -> SyncStatus:
        pending, refused = self._pending()
        if self._unusable:
            wait = BACKOFF_SECONDS[-1]
            status = SyncStatus(
                Link.OFFLINE, pending, refused, self.status.last_sync, (0, 0), self._unusable, wait
            )
            self._tell(status)
            return status
        self._tell(replace(self.status, link=Link.SYNCING, pending=pending, refused=refused))
        try:
            who = self._local.operator_id  # named on the events a merge writes
            while (pushed := push_once(self._local, self._central, operator=who)).sent:
                pending, refused = self._pending()
                self._tell(replace(self.status, pending=pending, refused=refused))
                if pushed.cleared == 0 and pushed.refused == 0:
                    break  # only rows written during the push are left: next cycle
            while True:
                pulled = pull_once(self._local, self._central)
                self._after_pull(pulled)
                if pulled.caught_up:
                    break
        except (DBAPIError, SQLAlchemyError, OSError) as exc:
            self._failures += 1
            wait = backoff(self._failures)
            reason = _reason(exc)
            log.warning("central database unavailable (%s); retry in %.0f s", reason, wait)
            pending, refused = self._pending()
            status = SyncStatus(
                Link.OFFLINE, pending, refused, self.status.last_sync, (0, 0), reason, wait
            )
            self._tell(status)
            return status
        self._failures = 0
        now = utc_now()
        self._local.write_unchecked(
            lambda c: save_state(c, {"last_sync": now.isoformat()})
        ).result()
        pending, refused = self._pending()
        status = SyncStatus(Link.ONLINE, pending, refused, now)
        self._tell(status)
        return status

    def _after_pull(self, pulled: PullResult) -> None:
        self._tell(replace(self.status, progress=pulled.progress))
        if pulled.tables:
            for listener in list(self._pulled):
                try:
                    listener(pulled.tables)
                except Exception:
                    log.exception("a pull listener failed")

    # the thread --------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
        self._thread.start()

    def sync_now(self) -> None:
        """Try at once, forgetting any backoff."""
        self._failures = 0
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stopping.is_set():
            status = self.run_once()
            wait = status.retry_in if status.link is Link.OFFLINE else self._interval
            self._wake.wait(wait)
            self._wake.clear()
