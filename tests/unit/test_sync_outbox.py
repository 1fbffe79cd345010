"""The sync outbox: a local write and its outbox entry commit or roll back together, a row
changed again keeps its place (a ticket before its events) with the newest version, a
push that sent an older version leaves the entry, and what only comes down never queues."""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.demo_citizens import seed_citizens
from app.db.engine import sqlite_url
from app.db.models import Operator
from app.db.ticket_models import Ticket, TicketEvent
from app.domain.clock import utc_now
from app.services.tickets import TicketService
from app.sync import outbox


def open_db(path: Path) -> Database:
    return Database.open(sqlite_url(path).render_as_string())


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_db(tmp_path / "desk.sqlite3")
    yield db
    db.close()


def queued(database: Database) -> list[tuple[str, int]]:
    return [(e.table, e.version) for e in database.read(lambda s: outbox.batch(s, 100))]


def test_a_ticket_and_its_log_queue_in_the_order_written(database: Database) -> None:
    service = TicketService(database, 7)
    ticket = service.open_draft().result(10)
    assert queued(database) == [("tickets", 1), ("ticket_events", 1)]

    service.save_draft(ticket.id, {"description": "Не приходит SMS"}).result(10)
    service.save_draft(ticket.id, {"description": "Не приходит SMS с кодом"}).result(10)
    # One entry for the ticket, still ahead of its event, carrying the newest version.
    assert queued(database) == [("tickets", 3), ("ticket_events", 1)]


def test_a_write_that_fails_leaves_no_entry(database: Database) -> None:
    def half_done(session: Session) -> None:
        session.add(Ticket(number="007-000001-5"))
        session.flush()  # the entry is written here, in the same transaction
        raise RuntimeError("the operator's write failed half-way")

    with pytest.raises(RuntimeError):
        database.write_now(half_done)
    assert queued(database) == []


def test_what_only_comes_down_never_queues(database: Database) -> None:
    database.write_now(seed_reference)
    database.write_now(seed_citizens)
    assert queued(database) == []


def test_a_row_changed_during_a_push_stays_queued(database: Database) -> None:
    service = TicketService(database, 7)
    ticket = service.open_draft().result(10)
    sent = database.read(lambda s: outbox.batch(s, 100))  # the pusher reads version 1 …
    service.save_draft(ticket.id, {"description": "ещё слово"}).result(10)  # … it changes

    removed = database.write_now(lambda s: outbox.mark_pushed(s, sent))
    assert removed == 1  # the event went up; the ticket's newer version did not
    assert queued(database) == [("tickets", 2)]


def test_a_soft_delete_queues_as_a_row(database: Database) -> None:
    service = TicketService(database, 7)
    ticket = service.open_draft().result(10)
    database.write_now(lambda s: outbox.mark_pushed(s, outbox.batch(s, 100)))

    def soft_delete(session: Session) -> None:
        session.get_one(Ticket, ticket.id).deleted_at = utc_now()

    database.write_now(soft_delete)
    assert [(e.table, e.deleted) for e in database.read(lambda s: outbox.batch(s, 10))] == [
        ("tickets", False)  # a tombstone: the row goes up with deleted_at set
    ]
    assert database.read(outbox.pending) == 1


WRITER = """
import sys
from pathlib import Path
from app.db.database import Database
from app.db.engine import sqlite_url
from app.services.tickets import TicketService
db = Database.open(sqlite_url(Path(sys.argv[1])).render_as_string())
service = TicketService(db, 7)
for _ in range(20):
    service.open_draft().result(10)
print("written", flush=True)
sys.stdin.readline()  # killed here
"""


def test_entries_survive_the_desk_being_killed(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    open_db(path).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        cwd=Path(__file__).resolve().parents[2],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "written"
    writer.send_signal(signal.SIGKILL)
    writer.wait(10)

    database = open_db(path)
    try:
        entries = database.read(lambda s: outbox.batch(s, 100))
    finally:
        database.close()
    assert [e.table for e in entries] == ["tickets", "ticket_events"] * 20


def test_the_signed_in_operator_is_named_on_what_they_create(database: Database) -> None:
    database.write_now(seed_reference)
    service = TicketService(database, 7)
    nobody = service.open_draft().result(10)
    operator = database.read(lambda s: s.scalars(select(Operator.id).limit(1)).one())
    database.operator_id = operator
    theirs = service.open_draft().result(10)

    def owners(ticket_id: uuid.UUID) -> set[uuid.UUID | None]:
        query = select(TicketEvent.operator_id).where(TicketEvent.ticket_id == ticket_id)
        rows = database.read(lambda s: set(s.scalars(query)))
        rows.add(database.read(lambda s: s.get_one(Ticket, ticket_id).operator_id))
        return rows

    assert owners(nobody.id) == {None}  # the embedded desk's single profile names nobody
    assert owners(theirs.id) == {operator}


def test_a_base_version_is_what_the_row_had_before_the_first_waiting_write(
    database: Database,
) -> None:
    database.write_now(seed_reference)
    service = TicketService(database, 7)
    draft = service.open_draft().result(10)
    database.write_now(lambda s: outbox.mark_pushed(s, outbox.batch(s, 100)))  # sent
    for text in ("раз", "два", "три"):
        service.save_draft(draft.id, {"description": text}).result(10)
    (entry,) = database.read(lambda s: outbox.batch(s, 100))
    assert (entry.base, entry.version) == (1, 4)  # the server saw 1; three edits since
