"""Sync through a real PgBouncer in transaction mode with a single server connection that
two desks share: nothing the sync does may rely on session state (prepared statements,
settings) surviving from one transaction to the next."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.db.database import Database
from app.db.ticket_models import Ticket
from app.services.tickets import TicketService
from app.sync.connection import open_central
from app.sync.worker import Link, SyncWorker
from tests.integration.conftest import DeskFactory

pytestmark = pytest.mark.service


def test_two_desks_sync_through_a_transaction_pooler(
    central: Database, new_desk: DeskFactory, pgbouncer: int
) -> None:
    through_pooler = make_url(central.engine.url).set(port=pgbouncer)
    desks = [new_desk(name) for name in ("one", "two")]
    workers = [SyncWorker(desk, open_central(through_pooler)) for desk in desks]
    for number, desk in enumerate(desks, start=1):
        service = TicketService(desk, number)
        for n in range(15):  # enough repeats of each statement to tempt a driver to prepare it
            draft = service.open_draft().result(10)
            service.save_draft(draft.id, {"description": f"Стол {number}, {n}"}).result(10)

    for _round in range(3):  # the desks take turns on the one server connection
        for worker in workers:
            status = worker.run_once()
            assert status.link is Link.ONLINE, status.reason
    assert central.read(lambda s: s.scalar(select(func.count(Ticket.id)))) == 30
    for desk in desks:  # each has the other's tickets too
        assert desk.read(lambda s: s.scalar(select(func.count(Ticket.id)))) == 30
