"""What an inbox of portal requests holds and what may be done to one, whatever keeps them:
the desk's own file (app/services/portal_store.py, the embedded desk) or the central
server's functions (app/sync/portal_requests.py). Plain values; every store method blocks
(the user interface calls them off its thread)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time
from typing import Protocol

from app.db.portal_models import RequestStatus


class RequestTaken(Exception):
    """Another operator claimed the request first (or it is no longer offered)."""


class InboxUnavailable(Exception):
    """The requests cannot be read or changed now; ``reason`` is safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RequestView:
    """A portal request as the inbox and the request page show it."""

    id: uuid.UUID
    number: str
    citizen_id: uuid.UUID
    category_id: uuid.UUID
    text: str
    language: str
    callback_phone: str
    window_start: time | None
    window_end: time | None
    status: RequestStatus
    created_at: datetime
    operator_id: uuid.UUID | None = None
    claimed_at: datetime | None = None
    ticket_id: uuid.UUID | None = None
    attempts: int = 0
    last_attempt_at: datetime | None = None
    next_attempt_at: datetime | None = None
    files: int = 0  # how many files came with it


@dataclass(frozen=True)
class FileView:
    id: uuid.UUID
    file_name: str
    media_type: str
    content: bytes


class RequestStore(Protocol):
    """Where the requests are. ``operator_id`` is who is asking."""

    def offered(self, operator_id: uuid.UUID) -> list[RequestView]:
        """Unclaimed requests on the operator's topics in their languages, oldest first."""
        ...

    def unclaimed(self) -> list[RequestView]:
        """Every unclaimed request, oldest first (supervisors: the escalated are among them)."""
        ...

    def mine(self, operator_id: uuid.UUID) -> list[RequestView]:
        """Requests the operator claimed and has not resolved, oldest first."""
        ...

    def claim(self, request_id: uuid.UUID, operator_id: uuid.UUID) -> RequestView:
        """Takes the request for the operator, atomically; :class:`RequestTaken` if not."""
        ...

    def files(self, request_id: uuid.UUID) -> list[FileView]: ...

    def attempted(
        self,
        request_id: uuid.UUID,
        operator_id: uuid.UUID,
        *,
        at: datetime,
        next_at: datetime | None,
    ) -> RequestView:
        """A call-back was tried at ``at``; the next one is due at ``next_at`` (None: none)."""
        ...

    def link_ticket(
        self, request_id: uuid.UUID, operator_id: uuid.UUID, ticket_id: uuid.UUID
    ) -> RequestView: ...
