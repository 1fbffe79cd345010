"""Tickets in the local database: numbers issued once and in order even under many writers,
drafts that survive the process being killed, status moves checked and logged."""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.db.types import reference_id
from app.services.tickets import TicketService
from app.tickets.numbers import parse_number
from app.tickets.workflow import EventKind, TicketStatus, TransitionError

DESK = 42


def open_db(path: Path) -> Database:
    return Database.open(sqlite_url(path).render_as_string())


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_db(tmp_path / "desk.sqlite3")
    yield db
    db.close()


def test_numbers_are_issued_in_order_once_each_and_read_back(database: Database) -> None:
    service = TicketService(database, DESK)
    with ThreadPoolExecutor(max_workers=8) as pool:  # operators' windows, the demo, sync...
        futures = [pool.submit(lambda: service.open_draft().result(10)) for _ in range(60)]
        numbers = [f.result().number for f in futures]

    parsed = [parse_number(n) for n in numbers]
    assert all(p is not None and p.desk == DESK for p in parsed)
    assert sorted(p.sequence for p in parsed if p) == list(range(1, 61))
    assert len(set(numbers)) == 60


def test_a_draft_keeps_what_was_typed_and_filing_logs_it(database: Database) -> None:
    database.write_now(seed_reference)
    service = TicketService(database, DESK)
    call = uuid.uuid4()
    draft = service.open_draft(call, "+79161234567").result(10)
    service.save_draft(
        draft.id,
        {
            "category_id": reference_id("category", "technical.upload_500"),
            "description": "Ошибка 500 при загрузке",
            "details": {"error": "HTTP 500"},
        },
    ).result(10)

    assert [d.description for d in service.drafts()] == ["Ошибка 500 при загрузке"]
    service.file(draft.id).result(10)
    assert service.drafts() == []
    assert [kind for kind, _ in service.events(draft.id)] == [
        EventKind.CREATED,
        EventKind.FIELD_CHANGED,
    ]
    assert service.events(draft.id)[0][1] == {"call": str(call)}


def test_a_draft_refuses_fields_a_ticket_does_not_have(database: Database) -> None:
    service = TicketService(database, DESK)
    draft = service.open_draft().result(10)
    with pytest.raises(ValueError, match="number"):
        service.save_draft(draft.id, {"number": "000-000001-0"})


def test_status_moves_follow_the_workflow_and_land_in_the_log(database: Database) -> None:
    service = TicketService(database, DESK)
    ticket = service.open_draft().result(10)
    service.move(ticket.id, TicketStatus.ESCALATED, "нужен технический отдел").result(10)
    service.move(ticket.id, TicketStatus.RESOLVED).result(10)
    with pytest.raises(TransitionError):
        service.move(ticket.id, TicketStatus.ESCALATED).result(10)
    service.move(ticket.id, TicketStatus.IN_PROGRESS).result(10)

    kinds = [kind for kind, _ in service.events(ticket.id)]
    assert kinds == [
        EventKind.CREATED,
        EventKind.ESCALATED,
        EventKind.STATUS_CHANGED,
        EventKind.REOPENED,
    ]
    assert service.events(ticket.id)[1][1]["note"] == "нужен технический отдел"


WRITER = """
import sys, uuid
from pathlib import Path
from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.db.types import reference_id
from app.services.tickets import TicketService
db = Database.open(sqlite_url(Path(sys.argv[1])).render_as_string())
service = TicketService(db, 42)
draft = service.open_draft().result(10)
service.save_draft(draft.id, {"description": "Звонящий не получает SMS"}).result(10)
print(draft.number, flush=True)
sys.stdin.readline()  # killed here, mid-shift
"""


def test_a_draft_survives_the_desk_being_killed(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    open_db(path).close()  # migrated once, as at first start
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        cwd=Path(__file__).resolve().parents[2],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    number = writer.stdout.readline().strip()
    writer.send_signal(signal.SIGKILL)
    assert writer.wait(10) == -signal.SIGKILL

    database = open_db(path)
    try:
        drafts = TicketService(database, DESK).drafts()
    finally:
        database.close()
    assert [(d.number, d.description) for d in drafts] == [(number, "Звонящий не получает SMS")]
