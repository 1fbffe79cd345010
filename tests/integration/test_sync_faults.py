"""Sync under the faults of a real shift, against a real PostgreSQL: the server gone while an
operator works, two desks editing one ticket apart, a desk killed mid-sync, clocks hours
apart. Each time everything typed arrives exactly once and nothing is silently lost."""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.ticket_models import Ticket, TicketEvent, TicketPriority
from app.services.tickets import TicketService
from app.sync import outbox
from app.sync.pull import pull_all
from app.sync.push import drain
from app.sync.worker import Link, SyncStatus, SyncWorker
from tests.integration.conftest import DeskFactory, type_tickets
from tests.netcut import NetCut

pytestmark = pytest.mark.service


def count(database: Database, model: type[Ticket] | type[TicketEvent]) -> int:
    return database.read(lambda s: int(s.scalar(select(func.count()).select_from(model)) or 0))


def events_of(database: Database, ticket_id: uuid.UUID) -> list[dict[str, object]]:
    query = select(TicketEvent.details).where(TicketEvent.ticket_id == ticket_id)
    return database.read(lambda s: list(s.scalars(query)))


class Watcher:
    """Collects a worker's statuses; waits for one that satisfies a condition."""

    def __init__(self, worker: SyncWorker) -> None:
        self._seen: list[SyncStatus] = []
        self._changed = threading.Condition()
        worker.on_status(self._hear)

    def _hear(self, status: SyncStatus) -> None:
        with self._changed:
            self._seen.append(status)
            self._changed.notify_all()

    def wait_for(self, what: Callable[[SyncStatus], bool], timeout: float = 60) -> SyncStatus:
        with self._changed:
            found = self._changed.wait_for(lambda: any(what(s) for s in self._seen), timeout)
            assert found, f"no such status; saw {[s.link for s in self._seen][-10:]}"
            return next(s for s in self._seen if what(s))

    def forget(self) -> None:
        with self._changed:
            self._seen.clear()


def test_two_hundred_tickets_typed_while_the_server_is_down_arrive_once(
    central: Database, local: Database, relay: NetCut
) -> None:
    url = make_url(central.engine.url).set(port=relay.port)
    engine = create_engine(url, pool_pre_ping=True)
    worker = SyncWorker(local, engine, interval=60)
    watcher = Watcher(worker)
    worker.start()
    try:
        watcher.wait_for(lambda s: s.link is Link.ONLINE)
        relay.cut()
        watcher.forget()
        worker.sync_now()
        offline = watcher.wait_for(lambda s: s.link is Link.OFFLINE)
        assert offline.reason and offline.retry_in > 0

        service = TicketService(local, 11)
        for n in range(200):
            draft = service.open_draft().result(10)
            service.save_draft(draft.id, {"description": f"Во время аварии {n}"}).result(10)
            service.comment(draft.id, "перезвонить после восстановления").result(10)
        assert local.read(outbox.pending) == 600  # 200 tickets, 400 events

        watcher.forget()
        relay.restore()
        worker.sync_now()
        back = watcher.wait_for(lambda s: s.link is Link.ONLINE and s.pending == 0)
        assert back.last_sync is not None and back.refused == 0
    finally:
        worker.stop()
        engine.dispose()
    assert count(central, Ticket) == 200
    assert count(central, TicketEvent) == 400
    texts = central.read(lambda s: set(s.scalars(select(Ticket.description))))
    assert texts == {f"Во время аварии {n}" for n in range(200)}


@pytest.mark.parametrize("first", ["many-edits", "one-edit"])
def test_two_desks_editing_one_ticket_apart_merge_by_the_rule_and_keep_both_histories(
    central: Database, new_desk: DeskFactory, first: str
) -> None:
    a, b = new_desk("a"), new_desk("b")
    at_a = TicketService(a, 1)
    ticket = at_a.open_draft().result(10)
    at_a.save_draft(ticket.id, {"description": "исходное описание"}).result(10)
    drain(a, central.engine)
    pull_all(b, central.engine)
    at_b = TicketService(b, 2)

    # Apart: desk A edits twice, desk B once and comments.
    at_a.save_draft(ticket.id, {"description": "уточнено на A"}).result(10)
    at_a.save_draft(ticket.id, {"priority": TicketPriority.HIGH}).result(10)
    at_b.save_draft(ticket.id, {"description": "уточнено на B"}).result(10)
    at_b.comment(ticket.id, "заявитель перезвонил на B").result(10)

    order = [a, b] if first == "many-edits" else [b, a]
    for desk in order:
        drain(desk, central.engine)
    for desk in (a, b):
        pull_all(desk, central.engine)

    # The copy with more edits (A's) wins whichever arrived first...
    for side in (central, a, b):
        row = side.read(lambda s: s.get_one(Ticket, ticket.id))
        assert (row.description, row.priority) == ("уточнено на A", TicketPriority.HIGH)
    # ...B's description is kept in the log, and both desks see every line of the story.
    conflicts = [e["conflict"] for e in events_of(central, ticket.id) if "conflict" in e]
    assert conflicts == [
        {
            "description": {"kept": "уточнено на A", "lost": "уточнено на B"},
            "priority": {"kept": "high", "lost": "normal"},
        }
    ]
    for desk in (a, b):
        assert sorted(map(str, events_of(desk, ticket.id))) == sorted(
            map(str, events_of(central, ticket.id))
        )
    assert any(e.get("text") == "заявитель перезвонил на B" for e in events_of(a, ticket.id))


def test_clocks_hours_apart_reorder_and_lose_nothing(
    central: Database, new_desk: DeskFactory
) -> None:
    ahead, behind = new_desk("ahead"), new_desk("behind")
    at_ahead, at_behind = TicketService(ahead, 21), TicketService(behind, 22)
    ticket = at_behind.open_draft().result(10)
    at_behind.save_draft(ticket.id, {"description": "первое"}).result(10)
    drain(behind, central.engine)
    pull_all(ahead, central.engine)

    # The desk whose clock runs six hours fast edits first; the slow one edits later,
    # twice. Timestamps say the opposite of what happened; versions do not.
    at_ahead.save_draft(ticket.id, {"description": "с часами вперёд"}).result(10)
    skew(ahead, ticket.id, timedelta(hours=6))
    at_behind.save_draft(ticket.id, {"description": "с часами назад"}).result(10)
    at_behind.save_draft(ticket.id, {"priority": TicketPriority.URGENT}).result(10)
    skew(behind, ticket.id, timedelta(hours=-6))

    drain(ahead, central.engine)
    drain(behind, central.engine)
    for desk in (ahead, behind):
        pull_all(desk, central.engine)
        row = desk.read(lambda s: s.get_one(Ticket, ticket.id))
        assert (row.description, row.priority) == ("с часами назад", TicketPriority.URGENT)
        assert desk.read(outbox.pending) == 0
    assert count(central, TicketEvent) == count(ahead, TicketEvent) == count(behind, TicketEvent)


def skew(desk: Database, ticket_id: uuid.UUID, by: timedelta) -> None:
    """Shift this desk's stamps on the ticket (what a wrong clock would have written),
    behind the ORM's back so the outbox sees no new write."""

    def work(session: Session) -> None:
        row = session.get_one(Ticket, ticket_id)
        session.execute(
            update(Ticket)
            .where(Ticket.id == ticket_id)
            .values(updated_at=row.updated_at + by, created_at=row.created_at + by)
        )

    desk.write_now(work)


DESK_SCRIPT = """
import sys
from sqlalchemy import create_engine
from app.db.database import Database
from app.sync.push import push_once
from app.sync.pull import pull_once
local = Database.open(sys.argv[1])
central = create_engine(sys.argv[2])
while push_once(local, central, limit=25).sent:
    print("pushed", flush=True)
while not pull_once(local, central, page=25).caught_up:
    print("pulled", flush=True)
print("done", flush=True)
"""


def test_a_desk_killed_mid_sync_resumes_from_its_outbox_and_cursor(
    central: Database, new_desk: DeskFactory
) -> None:
    desk = new_desk("killed")
    type_tickets(desk, 100, desk_number=31)
    url = desk.engine.url.render_as_string()
    desk.close()

    central_url = central.engine.url.render_as_string(hide_password=False)
    child = subprocess.Popen(
        [sys.executable, "-c", DESK_SCRIPT, url, central_url],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "pushed"  # one batch is through...
    child.kill()  # ...and the desk dies (SIGKILL: no clean-up of any kind)
    child.wait(10)
    child.stdout.close()

    again = Database.open(url)
    try:
        assert 0 < again.read(outbox.pending) < 200
        drain(again, central.engine)
        pull_all(again, central.engine)
        assert again.read(outbox.pending) == 0
        assert (count(central, Ticket), count(central, TicketEvent)) == (100, 100)
        assert (count(again, Ticket), count(again, TicketEvent)) == (100, 100)
    finally:
        again.close()


def test_the_last_good_sync_is_remembered_when_the_desk_starts_again(
    central: Database, local: Database
) -> None:
    done = SyncWorker(local, central.engine).run_once()
    assert done.link is Link.ONLINE and done.last_sync is not None
    restarted = SyncWorker(local, central.engine)  # not yet tried: offline, but not "never"
    assert (restarted.status.link, restarted.status.last_sync) == (Link.OFFLINE, done.last_sync)
