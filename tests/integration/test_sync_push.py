"""Pushing the outbox to a real PostgreSQL: everything typed offline arrives, a push
repeated after a lost reply duplicates nothing, an older version never overwrites a newer
one, and the outbox empties only for what the server has."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Department
from app.db.sync_models import SyncOutbox
from app.db.ticket_models import Ticket, TicketEvent
from app.services.tickets import TicketService
from app.sync import bulk, outbox
from app.sync.push import drain, push_once
from tests.integration.conftest import type_tickets

pytestmark = pytest.mark.service


@pytest.fixture(autouse=True, params=["row by row", "through COPY"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test twice: small pushes upsert row by row, large ones go through COPY into a
    temporary table (app/sync/bulk.py); the outcome must be the same."""
    if request.param == "through COPY":
        monkeypatch.setattr(bulk, "BULK_ROWS", 1)
    return str(request.param)


def count(database: Database, model: type[Ticket] | type[TicketEvent]) -> int:
    return database.read(lambda s: int(s.scalar(select(func.count()).select_from(model)) or 0))


def test_tickets_typed_offline_arrive_once_even_when_a_push_is_repeated(
    local: Database, central: Database
) -> None:
    type_tickets(local, 30)

    entries = local.read(lambda s: outbox.batch(s, 1000))
    first = push_once(local, central.engine)
    assert (first.sent, first.cleared) == (60, 60)  # 30 tickets and their 30 events
    assert local.read(outbox.pending) == 0

    # The reply to a push was lost: the same rows go again. Nothing doubles.
    local.write_now(lambda s: _requeue(s, entries))
    assert drain(local, central.engine) == 60
    assert (count(central, Ticket), count(central, TicketEvent)) == (30, 30)
    described = central.read(lambda s: sorted(s.scalars(select(Ticket.description))))
    assert described == sorted(f"Обращение {n}" for n in range(30))


def test_an_older_version_never_overwrites_a_newer_one(local: Database, central: Database) -> None:
    service = TicketService(local, 7)
    draft = service.open_draft().result(10)
    service.save_draft(draft.id, {"description": "первая версия"}).result(10)
    drain(local, central.engine)
    service.save_draft(draft.id, {"description": "вторая версия"}).result(10)
    drain(local, central.engine)

    def roll_back(session: Session) -> None:  # a stale copy of the row, as another desk had it
        row = session.get_one(Ticket, draft.id)
        session.execute(
            update(Ticket)
            .where(Ticket.id == draft.id)
            .values(description="устаревшее", version=row.version - 1)
        )

    local.write_now(roll_back)
    local.write_now(lambda s: _requeue(s, [outbox.Entry(0, "tickets", draft.id, 2, False)]))
    drain(local, central.engine)
    assert central.read(lambda s: s.get_one(Ticket, draft.id).description) == "вторая версия"


def _requeue(session: Session, entries: list[outbox.Entry]) -> None:
    for entry in entries:
        session.add(SyncOutbox(table_name=entry.table, row_id=entry.row_id, version=entry.version))


def test_a_connection_killed_mid_push_loses_and_doubles_nothing(
    local: Database, central: Database
) -> None:
    type_tickets(local, 20)
    admin = central.engine
    killed: list[int] = []

    def kill_at_the_events(connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        """The server drops the pusher's connection after its tickets, before its events."""
        if statement.startswith("INSERT INTO ticket_events") and not killed:
            pid = connection.connection.dbapi_connection.info.backend_pid
            killed.append(pid)
            with admin.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    event.listen(central.engine, "before_cursor_execute", kill_at_the_events)
    try:
        with pytest.raises(DBAPIError):
            push_once(local, central.engine)
    finally:
        event.remove(central.engine, "before_cursor_execute", kill_at_the_events)
    assert killed
    assert local.read(outbox.pending) == 40  # nothing was marked sent
    assert count(central, Ticket) == 0  # the half-done transaction died with its connection

    assert drain(local, central.engine) == 40
    assert (count(central, Ticket), count(central, TicketEvent)) == (20, 20)
    assert local.read(outbox.pending) == 0


def test_a_row_the_server_refuses_is_set_aside_and_the_rest_go_on(
    local: Database, central: Database
) -> None:
    type_tickets(local, 3)
    stray = TicketService(local, 7).open_draft().result(10)

    def name_a_department_only_this_desk_has(session: Session) -> None:
        here = Department(code="local-only", name_ru="Только здесь", name_en="Only here")
        session.add(here)
        session.flush()
        session.get_one(Ticket, stray.id).department_id = here.id

    local.write_now(name_a_department_only_this_desk_has)
    type_tickets(local, 2)

    drain(local, central.engine)
    assert count(central, Ticket) == 5  # everything but the ticket the server refused
    assert local.read(outbox.refused) == 2  # it and its event wait for an administrator
    reasons = local.read(
        lambda s: list(s.scalars(select(SyncOutbox.error).where(SyncOutbox.error != "")))
    )
    assert all("violates foreign key constraint" in reason for reason in reasons)
    assert not any("Только здесь" in reason for reason in reasons)  # no row data in them
