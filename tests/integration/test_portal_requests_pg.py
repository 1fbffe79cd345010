"""Portal requests on a real central PostgreSQL, through the server's functions with real
logins: the same story as on the desk's file (``check_store``), operators unable to read
the requests' table itself, and the claim under two desks at once: of two operators
claiming one request at the same moment, exactly one gets it. Skills edited by a
supervisor route at once, and an operator cannot edit them; the request's status follows
its ticket's push from the desk; the portal's side (`demo portal-request --url`)."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import DBAPIError

from app.cli import main
from app.db.database import Database
from app.db.demo_citizens import seed_citizens
from app.db.models import OperatorRole
from app.db.portal_models import PortalRequest, RequestStatus
from app.db.types import reference_id
from app.portal.inbox import RequestStore, RequestTaken
from app.services.skills import SkillsService
from app.services.tickets import TicketService
from app.sync.portal_requests import CentralRequests
from app.sync.push import drain
from app.tickets.workflow import TicketStatus
from tests.central import Hub
from tests.portal import REQUESTS, request_id, write_requests
from tests.unit.test_portal_store import check_store, ticket_writer
from tests.unit.test_skills import check_skills

pytestmark = pytest.mark.service


@pytest.fixture
def people(hub: Hub) -> dict[str, uuid.UUID]:
    names = {"anna": OperatorRole.OPERATOR, "boris": OperatorRole.OPERATOR,
             "clara": OperatorRole.OPERATOR, "chief": OperatorRole.SUPERVISOR}  # fmt: skip
    found = {name: hub.person(name, role).id for name, role in names.items()}
    database = Database.open(hub.url)
    database.write_now(seed_citizens)
    skilled = {name: found[name] for name in ("anna", "boris", "clara")}
    database.write_now(lambda session: write_requests(session, skilled))
    database.close()
    return found


def test_the_story_through_the_servers_functions(hub: Hub, people: dict[str, uuid.UUID]) -> None:
    engines = {person.login.split("_")[0]: person.engine for person in hub.people}
    stores: dict[str, RequestStore] = {
        name: CentralRequests(engine) for name, engine in engines.items()
    }
    admin = Database.open(hub.url)
    try:
        check_store(stores, people, ticket_writer(admin))
    finally:
        admin.close()


def test_operators_cannot_read_the_requests_themselves(
    hub: Hub, people: dict[str, uuid.UUID]
) -> None:
    anna = next(p for p in hub.people if p.login.startswith("anna_"))
    with pytest.raises(DBAPIError, match="permission denied"), anna.engine.connect() as c:
        c.execute(text("SELECT count(*) FROM portal_requests"))


def test_two_desks_claiming_at_once_one_gets_it(hub: Hub, people: dict[str, uuid.UUID]) -> None:
    """Anna and Clara both have the topic and the language of the first request."""
    desks = {p.login.split("_")[0]: CentralRequests(p.engine) for p in hub.people}
    first = request_id(REQUESTS[0].number)
    start = threading.Barrier(2)

    def claim(name: str) -> str:
        start.wait(timeout=30)
        try:
            desks[name].claim(first, people[name])
        except RequestTaken:
            return "taken"
        return "claimed"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(claim, ["anna", "clara"]))
    assert outcomes == ["claimed", "taken"]
    holders = [name for name in ("anna", "clara") if desks[name].mine(people[name])]
    assert len(holders) == 1


def test_a_supervisor_edits_skills_and_an_operator_cannot(
    hub: Hub, people: dict[str, uuid.UUID]
) -> None:
    engines = {p.login.split("_")[0]: p.engine for p in hub.people}
    anna = CentralRequests(engines["anna"])
    skills = SkillsService(engines["chief"])

    def offered_to_anna() -> list[str]:
        return [r.number for r in anna.offered(people["anna"])]

    check_skills(SkillsService(engines["chief"]), offered_to_anna, people["anna"])
    with pytest.raises(DBAPIError):
        SkillsService(engines["anna"]).save(people["anna"], set(), "ru")
    assert skills.operators()  # still readable


def test_the_status_goes_back_to_the_portal_with_the_tickets_push(
    local: Database, central: Database
) -> None:
    """The request was taken on a desk and became a ticket there; the portal (reading the
    central database) sees it resolved once the desk pushes the resolved ticket."""
    central.write_now(seed_citizens)
    central.write_now(lambda session: write_requests(session, {}))
    tickets = TicketService(local, 7)
    draft = tickets.open_draft().result(10)
    tickets.save_draft(
        draft.id, {"description": "не входит", "category_id": reference_id("category", "sign_in")}
    ).result(10)
    ticket = tickets.file(draft.id).result(10)
    first = request_id(REQUESTS[0].number)
    central.write_now(  # what hotline_claim_request and hotline_request_ticket did
        lambda s: s.execute(
            update(PortalRequest)
            .where(PortalRequest.id == first)
            .values(status=RequestStatus.TAKEN, ticket_id=ticket.id)
        )
    )

    def status() -> RequestStatus:
        return central.read(lambda s: s.get(PortalRequest, first).status)  # type: ignore[union-attr]

    drain(local, central.engine)
    assert status() is RequestStatus.TAKEN  # the ticket arrived, still open
    tickets.move(ticket.id, TicketStatus.IN_PROGRESS).result(10)
    tickets.move(ticket.id, TicketStatus.RESOLVED).result(10)
    assert status() is RequestStatus.TAKEN  # not pushed yet
    drain(local, central.engine)
    assert status() is RequestStatus.RESOLVED


def test_the_portal_side_writes_a_request_into_the_central_database(
    hub: Hub, people: dict[str, uuid.UUID], capsys: pytest.CaptureFixture[str]
) -> None:
    """`hotline-desk demo portal-request --url`: what the portal does, for a site trying
    its central set-up; the request is offered to the operator with its topic at once."""
    assert main(["demo", "portal-request", "--url", hub.url, "--text", "Не приходит код",
                 "--topic", "sign_in", "--phone", "+79161234567"]) == 0  # fmt: skip
    number = capsys.readouterr().out.strip().removeprefix("portal request received: ")
    anna = next(p for p in hub.people if p.login.startswith("anna_"))
    assert number in [r.number for r in CentralRequests(anna.engine).offered(people["anna"])]
    assert main(["demo", "portal-request", "--url", "postgresql+psycopg://nobody@127.0.0.1:1/x",
                 "--text", "x"]) == 2  # fmt: skip
    assert "cannot be written" in capsys.readouterr().err
