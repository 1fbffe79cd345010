"""MFC appointment slots on the central database, booked from a central desk.

The embedded desk keeps the slots in its own file and books them there
(app/services/back_office.py). A central desk does not have them: ``mfc_slots`` is a
supervisors' table on the server, and only the offices come down. So the desk asks the
server's SECURITY DEFINER functions (app/sync/central_sql.py) while the caller is on the
line: an office's free slots, the caller's coming appointments, and the change itself,
a compare-and-set on the server (``hotline_take_slot``: only while the slot is free, so of
two operators reaching for one slot one gets it and the other is told; and
``hotline_free_slot``: only from the citizen who holds it). A move takes the new slot and
frees the old one in one server transaction: both happen or neither. Every method blocks:
the user interface calls them off its thread. A server that cannot be reached is
:class:`~app.sync.citizens.DirectoryUnavailable`, with a reason safe to show.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, RowMapping, TextClause, text
from sqlalchemy.exc import DBAPIError

from app.services.back_office import SlotTaken
from app.sync.citizens import DirectoryUnavailable, _reason

FREE = text(
    "SELECT * FROM hotline_free_slots(CAST(:office AS uuid), CAST(:start AS timestamptz),"
    " CAST(:end AS timestamptz))"
)
HELD = text("SELECT * FROM hotline_appointments(CAST(:citizen AS uuid))")
TAKE = text(
    "SELECT hotline_take_slot(CAST(:slot AS uuid), CAST(:citizen AS uuid),"
    " CAST(:application AS uuid))"
)
RELEASE = text("SELECT hotline_free_slot(CAST(:slot AS uuid), CAST(:citizen AS uuid))")


@dataclass(frozen=True)
class CentralSlot:
    """A slot as the server gave it (the columns a desk needs)."""

    id: uuid.UUID
    office_id: uuid.UUID
    starts_at: datetime  # UTC
    minutes: int
    citizen_id: uuid.UUID | None
    application_id: uuid.UUID | None


class CentralSlots:
    """The server's appointment functions, for one signed-in operator."""

    def __init__(self, central: Engine) -> None:
        self._central = central

    def free(self, office_id: uuid.UUID, start: datetime, end: datetime) -> list[CentralSlot]:
        """The office's free slots from ``start`` (never before now) until ``end``."""
        return self._read(FREE, {"office": office_id, "start": start, "end": end})

    def held(self, citizen_id: uuid.UUID) -> list[CentralSlot]:
        """The citizen's coming appointments."""
        return self._read(HELD, {"citizen": citizen_id})

    def change(
        self,
        take: tuple[uuid.UUID, uuid.UUID, uuid.UUID | None] | None = None,
        free: tuple[uuid.UUID, uuid.UUID] | None = None,
    ) -> None:
        """In one server transaction: take ``(slot, citizen, application)``, then free
        ``(slot, citizen)``. SlotTaken if the slot to take went; LookupError if the citizen
        does not hold the slot to free; either way nothing changed."""
        try:
            with self._central.begin() as connection:
                if take is not None:
                    slot, citizen, application = take
                    values = {"slot": slot, "citizen": citizen, "application": application}
                    if not connection.scalar(TAKE, values):
                        raise SlotTaken(str(slot))
                if free is not None:
                    slot, citizen = free
                    if not connection.scalar(RELEASE, {"slot": slot, "citizen": citizen}):
                        raise LookupError("no such appointment of this caller")
        except DBAPIError as exc:
            raise DirectoryUnavailable(_reason(exc)) from None

    def _read(self, query: TextClause, params: dict[str, Any]) -> list[CentralSlot]:
        try:
            with self._central.connect() as connection:
                return [_slot(row._mapping) for row in connection.execute(query, params)]
        except DBAPIError as exc:
            raise DirectoryUnavailable(_reason(exc)) from None


def _slot(row: RowMapping) -> CentralSlot:
    return CentralSlot(
        id=row["id"],
        office_id=row["office_id"],
        starts_at=row["starts_at"].astimezone(UTC),
        minutes=row["minutes"],
        citizen_id=row["citizen_id"],
        application_id=row["application_id"],
    )
