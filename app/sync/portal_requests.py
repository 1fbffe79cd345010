"""Portal requests on the central database, for a central desk: the server's functions of
app/sync/portal_sql.py behind the :class:`~app.portal.inbox.RequestStore` the inbox uses.
The claim is the server's compare-and-set, so of two desks claiming one request at once
one gets it and the other is told. Every method blocks; a server that cannot be reached is
:class:`~app.portal.inbox.InboxUnavailable`, with a reason safe to show.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, RowMapping, TextClause, text
from sqlalchemy.exc import DBAPIError

from app.db.portal_models import RequestStatus
from app.portal.inbox import FileView, InboxUnavailable, RequestTaken, RequestView
from app.sync.citizens import _reason

OFFERED = text("SELECT * FROM hotline_offered_requests()")
UNCLAIMED = text("SELECT * FROM hotline_unclaimed_requests()")
MINE = text("SELECT * FROM hotline_my_requests()")
ONE = text("SELECT * FROM hotline_request(CAST(:request AS uuid))")
CLAIM = text("SELECT hotline_claim_request(CAST(:request AS uuid))")
FILES = text("SELECT * FROM hotline_request_files(CAST(:request AS uuid))")
ATTEMPT = text(
    "SELECT hotline_request_attempt(CAST(:request AS uuid), CAST(:at AS timestamptz),"
    " CAST(:next_at AS timestamptz))"
)
TICKET = text("SELECT hotline_request_ticket(CAST(:request AS uuid), CAST(:ticket AS uuid))")


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


def _view(row: RowMapping) -> RequestView:
    return RequestView(
        id=row["id"],
        number=row["number"],
        citizen_id=row["citizen_id"],
        category_id=row["category_id"],
        text=row["text"],
        language=row["language"],
        callback_phone=row["callback_phone"],
        window_start=row["window_start"],
        window_end=row["window_end"],
        status=RequestStatus(row["status"]),
        created_at=row["created_at"].astimezone(UTC),
        operator_id=row["operator_id"],
        claimed_at=_utc(row["claimed_at"]),
        ticket_id=row["ticket_id"],
        attempts=row["attempts"],
        last_attempt_at=_utc(row["last_attempt_at"]),
        next_attempt_at=_utc(row["next_attempt_at"]),
        files=row["files"],
    )


class CentralRequests:
    """The server's request functions, for the operator signed in on ``central``. The
    ``operator_id`` arguments are ignored: the server knows who is logged in."""

    def __init__(self, central: Engine) -> None:
        self._central = central

    def offered(self, operator_id: uuid.UUID) -> list[RequestView]:
        return self._list(OFFERED, {})

    def unclaimed(self) -> list[RequestView]:
        return self._list(UNCLAIMED, {})

    def mine(self, operator_id: uuid.UUID) -> list[RequestView]:
        return self._list(MINE, {})

    def claim(self, request_id: uuid.UUID, operator_id: uuid.UUID) -> RequestView:
        return self._change(CLAIM, {"request": request_id})

    def files(self, request_id: uuid.UUID) -> list[FileView]:
        try:
            with self._central.connect() as connection:
                rows = connection.execute(FILES, {"request": request_id}).mappings().all()
        except DBAPIError as exc:
            raise InboxUnavailable(_reason(exc)) from None
        return [
            FileView(row["id"], row["file_name"], row["media_type"], bytes(row["content"]))
            for row in rows
        ]

    def attempted(
        self,
        request_id: uuid.UUID,
        operator_id: uuid.UUID,
        *,
        at: datetime,
        next_at: datetime | None,
    ) -> RequestView:
        return self._change(ATTEMPT, {"request": request_id, "at": at, "next_at": next_at})

    def link_ticket(
        self, request_id: uuid.UUID, operator_id: uuid.UUID, ticket_id: uuid.UUID
    ) -> RequestView:
        return self._change(TICKET, {"request": request_id, "ticket": ticket_id})

    def _list(self, query: TextClause, params: dict[str, Any]) -> list[RequestView]:
        try:
            with self._central.connect() as connection:
                return [_view(row) for row in connection.execute(query, params).mappings()]
        except DBAPIError as exc:
            raise InboxUnavailable(_reason(exc)) from None

    def _change(self, change: TextClause, params: dict[str, Any]) -> RequestView:
        """``change`` (true when the row changed), then the request as it is now."""
        try:
            with self._central.begin() as connection:
                if not connection.scalar(change, params):
                    raise RequestTaken(str(params["request"]))
                row = connection.execute(ONE, {"request": params["request"]}).mappings().one()
        except DBAPIError as exc:
            raise InboxUnavailable(_reason(exc)) from None
        return _view(row)
