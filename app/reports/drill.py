"""The tickets behind a figure: a click on a bar of the failure chart (a category in a
week) lists the tickets it counts, newest first, at most a few hundred."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, select

from app.db.ticket_models import Ticket
from app.reports.failures import error_of
from app.reports.period import Filters, Period
from app.reports.tickets import where
from app.tickets.workflow import TicketStatus

LIMIT = 500


@dataclass(frozen=True)
class TicketRow:
    number: str
    created_at: datetime
    status: TicketStatus
    error: str


def tickets_behind(
    connection: Connection,
    filters: Filters,
    category_id: uuid.UUID | None = None,
    week: date | None = None,
) -> list[TicketRow]:
    """The filed tickets of the period (narrowed to a category and to the week starting on
    ``week``, a Monday, when given)."""
    if category_id is not None:
        filters = replace(filters, category_id=category_id)
    if week is not None:
        period = filters.period
        start, end = max(period.start, week), min(period.end, week + timedelta(days=6))
        if end < start:
            return []
        filters = replace(filters, period=Period(start, end))
    query = (
        select(Ticket.number, Ticket.created_at, Ticket.status, error_of())
        .where(*where(filters))
        .order_by(Ticket.created_at.desc())
        .limit(LIMIT)
    )
    return [TicketRow(*row) for row in connection.execute(query)]
