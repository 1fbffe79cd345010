"""A claimed request becomes a filed ticket with the citizen, the topic (a subcategory
under its category), the request's text and its screenshot as an attachment; the citizen's
next request on the same topic joins that ticket; resolving the ticket resolves both
requests on the portal; a file the attachment store refuses is named, not lost silently."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update

from app.db.database import Database
from app.db.portal_models import PortalRequest, PortalRequestFile
from app.db.types import reference_id
from app.services.portal_inbox import Policy, PortalInbox, hours_for
from app.services.portal_store import LocalRequests
from app.services.portal_tickets import RequestTickets
from app.services.reference import ReferenceService
from app.services.ticket_attachments import AttachmentService
from app.services.ticket_history import TicketHistory
from app.services.tickets import TicketService
from app.tickets.attachments import AttachmentStore
from app.tickets.workflow import EventKind, TicketStatus
from tests.portal import PEOPLE, REQUESTS, database, request_id

__all__ = ["database"]  # the fixture

ANNA = PEOPLE["anna"]
FIRST = request_id(REQUESTS[0].number)


def desk_for(
    database: Database, tmp_path: Path
) -> tuple[PortalInbox, RequestTickets, TicketService]:
    reference = ReferenceService(database)
    inbox = PortalInbox(
        LocalRequests(database), hours_for(reference.lines()), Policy(), operator_id=ANNA
    )
    tickets = TicketService(database, desk=7, operator_id=ANNA)
    attachments = AttachmentService(database, AttachmentStore(tmp_path / "files"), ANNA)
    made = RequestTickets(tickets, TicketHistory(database), attachments, reference.categories())
    return inbox, made, tickets


def test_a_claimed_request_becomes_a_ticket_with_its_screenshot(
    database: Database, tmp_path: Path
) -> None:
    inbox, made, tickets = desk_for(database, tmp_path)
    request = inbox.claim(FIRST)
    result = made.open_for(inbox, request)
    ticket = result.ticket
    assert not result.joined and (result.files, result.refused) == (1, ())
    assert not ticket.is_draft and ticket.status == TicketStatus.NEW
    assert ticket.category_id == reference_id("category", "sign_in")
    assert ticket.citizen_id == request.citizen_id and ticket.caller_number == "+79161234567"
    assert ticket.description == request.text
    assert ticket.details["portal_request"] == "П-2611-0001"
    (kept,) = AttachmentService(database, AttachmentStore(tmp_path / "files")).attachments(
        ticket.id
    )
    assert (kept.filename, kept.media_type) == ("ошибка.png", "image/png")
    assert inbox.mine(request.created_at)[0].request.ticket_id == ticket.id

    tickets.move(ticket.id, TicketStatus.IN_PROGRESS).result()
    tickets.move(ticket.id, TicketStatus.RESOLVED).result()
    assert inbox.mine(request.created_at) == []  # resolved on the portal too


def test_the_next_request_on_the_topic_joins_the_open_ticket(
    database: Database, tmp_path: Path
) -> None:
    inbox, made, tickets = desk_for(database, tmp_path)
    first = made.open_for(inbox, inbox.claim(FIRST)).ticket
    second_id = request_id(REQUESTS[2].number)  # the same citizen and topic, in English
    database.write_now(
        lambda s: s.execute(
            update(PortalRequest).where(PortalRequest.id == second_id).values(language="ru")
        )
    )
    joined = made.open_for(inbox, inbox.claim(second_id))
    assert joined.joined and joined.ticket.id == first.id
    comments = [d["text"] for k, d in tickets.events(first.id) if k is EventKind.COMMENT]
    assert comments == ["П-2611-0003: Обращение П-2611-0003: не получается войти"]


def test_a_file_the_store_refuses_is_named(database: Database, tmp_path: Path) -> None:
    database.write_now(
        lambda s: s.execute(
            update(PortalRequestFile).values(
                file_name="setup.exe", media_type="application/x-msdownload", content=b"MZ\x90\x00"
            )
        )
    )
    inbox, made, _ = desk_for(database, tmp_path)
    result = made.open_for(inbox, inbox.claim(FIRST))
    assert (result.files, result.refused) == (0, ("setup.exe",))
