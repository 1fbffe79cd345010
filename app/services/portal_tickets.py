"""A claimed portal request becomes a ticket, or joins the citizen's open one on the same
topic, and keeps its files: the screenshots and documents are stored as the ticket's
attachments (through the attachment store's own checks). The request then names its
ticket, so its status follows the ticket's (migration 0021). Blocking: the user interface
calls this off its thread.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.portal.inbox import FileView, RequestView
from app.services.portal_inbox import PortalInbox
from app.services.reference import CategoryInfo
from app.services.ticket_attachments import AttachmentService
from app.services.ticket_history import TicketHistory
from app.services.tickets import TicketIncomplete, TicketService, TicketView
from app.tickets.attachments import AttachmentRefused

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RequestTicket:
    ticket: TicketView
    joined: bool  # the citizen's open ticket on the topic, not a new one
    files: int  # stored as attachments
    refused: tuple[str, ...]  # files the attachment store would not take, by name


def topic(
    categories: list[CategoryInfo], category_id: uuid.UUID
) -> tuple[uuid.UUID, uuid.UUID | None]:
    """(category, subcategory) for a request's topic, which may be either."""
    for category in categories:
        if category.id == category_id and category.parent_id is not None:
            return category.parent_id, category.id
    return category_id, None


def _safe_name(name: str) -> str:
    cleaned = "".join(c for c in Path(name).name if c not in '<>:"/\\|?*\0').strip(" .")
    return cleaned or "file"


class RequestTickets:
    def __init__(
        self,
        tickets: TicketService,
        history: TicketHistory,
        attachments: AttachmentService,
        categories: list[CategoryInfo],
    ) -> None:
        self._tickets = tickets
        self._history = history
        self._attachments = attachments
        self._categories = categories

    def open_for(self, inbox: PortalInbox, request: RequestView) -> RequestTicket:
        """The request's ticket: its own if it has one, else the citizen's open ticket on
        the topic (the request's text added as a comment), else a new filed ticket (left
        a draft when its form needs more than the request gives)."""
        top, sub = topic(self._categories, request.category_id)
        joined = False
        if request.ticket_id is not None:
            return RequestTicket(self._tickets.view(request.ticket_id), True, 0, ())
        existing = next(
            (
                brief
                for brief in self._history.for_caller(request.callback_phone, request.citizen_id)
                if brief.status.is_open and not brief.is_draft and brief.category_id == top
            ),
            None,
        )
        if existing is not None:
            ticket = self._tickets.comment(
                existing.id, f"{request.number}: {request.text}"
            ).result()
            joined = True
        else:
            ticket = self._new(request, top, sub)
        stored, refused = self._keep_files(ticket.id, inbox.files(request.id))
        inbox.link_ticket(request.id, ticket.id)
        return RequestTicket(ticket, joined, stored, refused)

    def _new(self, request: RequestView, top: uuid.UUID, sub: uuid.UUID | None) -> TicketView:
        draft = self._tickets.open_draft(caller_number=request.callback_phone).result()
        fields = {
            "category_id": top,
            "subcategory_id": sub,
            "citizen_id": request.citizen_id,
            "description": request.text,
            "details": {"portal_request": request.number},
        }
        self._tickets.save_draft(draft.id, fields).result()
        try:
            return self._tickets.file(draft.id).result()
        except TicketIncomplete:
            return self._tickets.view(draft.id)  # the operator fills in the rest

    def _keep_files(
        self, ticket_id: uuid.UUID, files: list[FileView]
    ) -> tuple[int, tuple[str, ...]]:
        stored, refused = 0, []
        with tempfile.TemporaryDirectory(prefix="portal-request-") as scratch:
            for number, file in enumerate(files):
                folder = Path(scratch) / str(number)
                folder.mkdir()
                path = folder / _safe_name(file.file_name)
                path.write_bytes(file.content)
                try:
                    self._attachments.attach(ticket_id, path).result()
                    stored += 1
                except AttachmentRefused as refusal:
                    log.info("a request's file was refused: %s", refusal.reason)
                    refused.append(file.file_name)
        return stored, tuple(refused)
