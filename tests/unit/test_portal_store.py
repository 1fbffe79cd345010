"""The portal-request store on the desk's own file, and through ``check_store`` on the
central server: each request is offered to the operators whose topics and languages hold
it, oldest first; a claim succeeds once; only the holder reads its files, records attempts
and links its ticket; supervisors claim what nobody's skills cover; and the request's
status follows its ticket, to resolved and back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.portal_models import RequestStatus
from app.db.ticket_models import Ticket
from app.db.types import reference_id
from app.portal.inbox import RequestStore, RequestTaken
from app.services.portal_store import LocalRequests
from app.tickets.workflow import TicketStatus
from tests.portal import (
    OFFERED,
    PEOPLE,
    PNG,
    RECEIVED,
    REQUESTS,
    database,
    request_id,
)

__all__ = ["database"]  # the fixture

FIRST, SECOND, THIRD, FOURTH = (request_id(f.number) for f in REQUESTS)


def numbers(views: list) -> list[str]:  # type: ignore[type-arg]
    return [v.number for v in views]


def check_store(
    stores: dict[str, RequestStore],
    ids: dict[str, uuid.UUID],
    set_ticket: Callable[[uuid.UUID, TicketStatus], None],
) -> None:
    """The whole story; ``stores`` has one per person ("chief" a supervisor),
    ``set_ticket`` writes a ticket with that status (as the ticket's desk would)."""
    anna, boris, clara, chief = (stores[n] for n in ("anna", "boris", "clara", "chief"))
    for name, expected in OFFERED.items():
        assert numbers(stores[name].offered(ids[name])) == expected, name
    assert numbers(chief.unclaimed()) == [f.number for f in REQUESTS]  # oldest first
    assert [v.files for v in chief.unclaimed()] == [1, 0, 0, 0]

    taken = anna.claim(FIRST, ids["anna"])
    assert (taken.status, taken.operator_id) == (RequestStatus.TAKEN, ids["anna"])
    assert taken.claimed_at is not None
    with pytest.raises(RequestTaken):
        clara.claim(FIRST, ids["clara"])  # too late
    with pytest.raises(RequestTaken):
        anna.claim(SECOND, ids["anna"])  # not her topic
    assert numbers(clara.offered(ids["clara"])) == ["П-2611-0003"]
    assert numbers(anna.mine(ids["anna"])) == ["П-2611-0001"]
    assert chief.claim(FOURTH, ids["chief"]).operator_id == ids["chief"]  # nobody's topic

    (screenshot,) = anna.files(FIRST)
    assert (screenshot.file_name, screenshot.media_type, screenshot.content) == (
        "ошибка.png", "image/png", PNG,
    )  # fmt: skip
    assert clara.files(FIRST) == [] or clara is anna  # not hers (one local store serves all)

    at, next_at = RECEIVED + timedelta(hours=9), RECEIVED + timedelta(days=1, hours=9)
    tried = anna.attempted(FIRST, ids["anna"], at=at, next_at=next_at)
    assert (tried.status, tried.attempts) == (RequestStatus.CALL_ATTEMPTED, 1)
    assert (tried.last_attempt_at, tried.next_attempt_at) == (at, next_at)
    with pytest.raises(RequestTaken):
        boris.attempted(FIRST, ids["boris"], at=at, next_at=None)  # not his

    ticket = uuid.uuid4()  # made on Anna's desk, not yet pushed to where the request is
    assert anna.link_ticket(FIRST, ids["anna"], ticket).ticket_id == ticket
    set_ticket(ticket, TicketStatus.RESOLVED)  # it arrives resolved: the portal shows so
    assert anna.mine(ids["anna"]) == []
    set_ticket(ticket, TicketStatus.IN_PROGRESS)  # reopened: back to where it was
    (again,) = anna.mine(ids["anna"])
    assert again.status == RequestStatus.CALL_ATTEMPTED


def ticket_writer(database: Database) -> Callable[[uuid.UUID, TicketStatus], None]:
    def set_ticket(ticket_id: uuid.UUID, status: TicketStatus) -> None:
        def work(session: Session) -> None:
            if session.get(Ticket, ticket_id) is None:
                session.add(Ticket(id=ticket_id, number=f"001-{ticket_id.int % 10**6:06d}-0"))
                session.flush()
            session.execute(update(Ticket).where(Ticket.id == ticket_id).values(status=status))

        database.write_now(work)

    return set_ticket


def test_the_store_on_the_desks_file(database: Database) -> None:
    store = LocalRequests(database)
    ids = {**PEOPLE, "chief": reference_id("operator", "kuznetsov")}
    stores: dict[str, RequestStore] = dict.fromkeys(ids, store)
    check_store(stores, ids, ticket_writer(database))
