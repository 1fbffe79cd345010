"""The portal's failure report: which failures callers report, how often, over time, which
are rising, and how long they take to resolve.

A failure is a ticket's category, its subcategory and the error the caller read out (the
technical form's ``error`` field, trimmed and in lower case, so "Ошибка 500" and " ошибка
500 " are one). Rows come per time bucket; "rising" compares the period with the one of the
same length just before it. Everything is counted by the database.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, case, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from app.db.ticket_models import Ticket, TicketCall
from app.reports.period import Filters, Period
from app.reports.sql import Grain, epoch, fold, key_text, moscow_bucket
from app.reports.tickets import first_closing, where


@dataclass(frozen=True)
class Failure:
    """One failure in one bucket (or over the period, ``bucket`` '')."""

    bucket: str
    category_id: str  # hex, '' for none
    subcategory_id: str
    error: str  # '' when the caller gave none
    tickets: int
    calls: int  # calls the tickets came from
    resolved: int  # tickets whose resolution is in the log
    resolve_seconds: float

    @property
    def average_resolve_seconds(self) -> float | None:
        return self.resolve_seconds / self.resolved if self.resolved else None


@dataclass(frozen=True)
class Rising:
    category_id: str
    subcategory_id: str
    error: str
    now: int  # tickets in the period
    before: int  # tickets in the period before

    @property
    def change(self) -> int:
        return self.now - self.before


def error_of() -> ColumnElement[str]:
    return fold(func.trim(func.coalesce(Ticket.details["error"].as_string(), "")))


def _calls() -> ColumnElement[Any]:
    return (
        select(func.count(TicketCall.id))
        .where(TicketCall.ticket_id == Ticket.id)
        .correlate(Ticket)
        .scalar_subquery()
    )


def failures(connection: Connection, filters: Filters, grain: Grain | None) -> list[Failure]:
    """Per bucket (or over the whole period with ``grain`` None), most tickets first."""
    bucket = (moscow_bucket(Ticket.created_at, grain) if grain else literal("")).label("bucket")
    error = error_of().label("error")
    closing = first_closing()
    timed = closing.is_not(None)
    query = (
        select(
            bucket,
            Ticket.category_id,
            Ticket.subcategory_id,
            error,
            func.count().label("tickets"),
            func.coalesce(func.sum(_calls()), 0).label("calls"),
            func.coalesce(func.sum(case((timed, 1), else_=0)), 0).label("resolved"),
            func.coalesce(
                func.sum(case((timed, closing - epoch(Ticket.created_at)), else_=0)), 0
            ).label("resolve_seconds"),
        )
        .where(*where(filters))
        .group_by(bucket, Ticket.category_id, Ticket.subcategory_id, error)
        .order_by(bucket, func.count().desc(), error)
    )
    return [
        Failure(
            row.bucket or "",
            key_text(row.category_id),
            key_text(row.subcategory_id),
            row.error,
            int(row.tickets),
            int(row.calls),
            int(row.resolved),
            float(row.resolve_seconds),
        )
        for row in connection.execute(query)
    ]


def rising(connection: Connection, filters: Filters, top: int = 10) -> list[Rising]:
    """The failures that grew most against the period before (only those that grew)."""
    whole = replace(filters, period=Period(filters.period.previous().start, filters.period.end))
    start, _ = filters.period.bounds()
    error = error_of().label("error")
    now = func.sum(case((Ticket.created_at >= start, 1), else_=0))
    before = func.sum(case((Ticket.created_at < start, 1), else_=0))
    query = (
        select(Ticket.category_id, Ticket.subcategory_id, error, now.label("now"), before)
        .where(*where(whole))
        .group_by(Ticket.category_id, Ticket.subcategory_id, error)
        .having(now > before)
        .order_by((now - before).desc(), error)
        .limit(top)
    )
    return [
        Rising(key_text(c), key_text(s), e, int(n), int(b))
        for c, s, e, n, b in connection.execute(query)
    ]


def by_category(
    connection: Connection, filters: Filters, grain: Grain
) -> list[tuple[str, str, int]]:
    """Tickets per time bucket and top-level category: (bucket, category hex, tickets)."""
    bucket = moscow_bucket(Ticket.created_at, grain).label("bucket")
    query = (
        select(bucket, Ticket.category_id, func.count())
        .where(*where(filters))
        .group_by(bucket, Ticket.category_id)
        .order_by(bucket, Ticket.category_id)
    )
    return [(b, key_text(c), int(n)) for b, c, n in connection.execute(query)]
