"""Attachments on tickets: the file checked and stored first, then one write that names it.

The store (app/tickets/attachments.py) judges and keeps the bytes on the caller's thread, so
a refused file raises at once and nothing reaches the database. The write then adds the
ticket's attachment row and a line in its event log in the same transaction. A file stored
for a ticket that turns out not to exist stays in the store unnamed; being content-addressed
it costs nothing when attached again and harms nothing otherwise.
"""

from __future__ import annotations

import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.ticket_models import Ticket, TicketAttachment, TicketEvent
from app.domain.clock import utc_now
from app.tickets.attachments import AttachmentStore
from app.tickets.workflow import EventKind


@dataclass(frozen=True)
class AttachmentView:
    """What the ticket form lists of an attachment; ``path`` opens it from the store."""

    id: uuid.UUID
    filename: str
    media_type: str
    size_bytes: int
    sha256: str
    path: Path
    created_at: datetime


class AttachmentService:
    def __init__(
        self, database: Database, store: AttachmentStore, operator_id: uuid.UUID | None = None
    ) -> None:
        self._db = database
        self._store = store
        self.operator_id = operator_id

    def attach(self, ticket_id: uuid.UUID, source: Path) -> Future[AttachmentView]:
        """Store ``source`` and name it on the ticket.

        Raises AttachmentRefused here, before any write, when the file is not taken; the
        future fails with LookupError when the ticket does not exist.
        """
        stored = self._store.put(source)

        def work(session: Session) -> AttachmentView:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None or ticket.deleted_at is not None:
                raise LookupError("no such ticket")
            row = TicketAttachment(
                ticket_id=ticket_id,
                sha256=stored.sha256,
                filename=stored.filename,
                media_type=stored.media_type,
                size_bytes=stored.size_bytes,
                operator_id=self.operator_id,
            )
            session.add(row)
            session.add(
                TicketEvent(
                    ticket_id=ticket_id,
                    kind=EventKind.FIELD_CHANGED,
                    operator_id=self.operator_id,
                    occurred_at=utc_now(),
                    details={"attachment": stored.filename, "sha256": stored.sha256},
                )
            )
            session.flush()
            return self._view(row)

        return self._db.write(work)

    def attachments(self, ticket_id: uuid.UUID) -> list[AttachmentView]:
        """The ticket's attachments not deleted, in the order they were added."""
        return self._db.read(
            lambda s: [
                self._view(row)
                for row in s.scalars(
                    select(TicketAttachment)
                    .where(
                        TicketAttachment.ticket_id == ticket_id,
                        TicketAttachment.deleted_at.is_(None),
                    )
                    .order_by(TicketAttachment.created_at, TicketAttachment.id)
                )
            ]
        )

    def _view(self, row: TicketAttachment) -> AttachmentView:
        return AttachmentView(
            row.id,
            row.filename,
            row.media_type,
            row.size_bytes,
            row.sha256,
            self._store.path_of(row.sha256),
            row.created_at,
        )
