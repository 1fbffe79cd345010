"""A ticket's life: its statuses, the moves allowed between them, and its deadline.

new → in progress → escalated → waiting for the citizen → resolved → closed; a resolved or
closed ticket may be reopened (back to in progress), and any open ticket may be resolved
at once (solved on the call). Every move is checked here, in the core, so no front end can
skip one. The deadline runs from creation for the category's number of days (complaints:
the 30 days the law on citizens' appeals gives, 59-FZ art. 12) and stops while the ticket
waits for the citizen: time spent waiting is added back.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


class TicketStatus(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    ESCALATED = "escalated"
    WAITING = "waiting"  # waiting for the citizen: the deadline's clock stops
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        return self not in (TicketStatus.RESOLVED, TicketStatus.CLOSED)


class EventKind(enum.StrEnum):
    """What a ticket's append-only log records."""

    CREATED = "created"
    FIELD_CHANGED = "field_changed"
    STATUS_CHANGED = "status_changed"
    ESCALATED = "escalated"
    COMMENT = "comment"
    REOPENED = "reopened"


_OPEN_MOVES = {
    TicketStatus.IN_PROGRESS,
    TicketStatus.ESCALATED,
    TicketStatus.WAITING,
    TicketStatus.RESOLVED,
}
TRANSITIONS: dict[TicketStatus, frozenset[TicketStatus]] = {
    TicketStatus.NEW: frozenset(_OPEN_MOVES),
    TicketStatus.IN_PROGRESS: frozenset(_OPEN_MOVES - {TicketStatus.IN_PROGRESS}),
    TicketStatus.ESCALATED: frozenset(_OPEN_MOVES - {TicketStatus.ESCALATED}),
    TicketStatus.WAITING: frozenset(_OPEN_MOVES - {TicketStatus.WAITING}),
    TicketStatus.RESOLVED: frozenset({TicketStatus.CLOSED, TicketStatus.IN_PROGRESS}),
    TicketStatus.CLOSED: frozenset({TicketStatus.IN_PROGRESS}),
}

#: Days a complaint may take to review: the law on citizens' appeals (59-FZ, art. 12).
COMPLAINT_REVIEW_DAYS = 30
#: When a category names no deadline.
DEFAULT_REVIEW_DAYS = 5


class TransitionError(ValueError):
    """A move the workflow does not allow; ``old`` and ``new`` name it for the message."""

    def __init__(self, old: TicketStatus, new: TicketStatus) -> None:
        super().__init__(f"a ticket cannot go from {old.value} to {new.value}")
        self.old = old
        self.new = new


def check_transition(old: TicketStatus, new: TicketStatus) -> EventKind:
    """The log entry for the move, or :class:`TransitionError` when it is not allowed."""
    if new not in TRANSITIONS[old]:
        raise TransitionError(old, new)
    if not old.is_open and new.is_open:
        return EventKind.REOPENED
    if new is TicketStatus.ESCALATED:
        return EventKind.ESCALATED
    return EventKind.STATUS_CHANGED


@dataclass(frozen=True)
class Pause:
    """A stretch the ticket spent waiting for the citizen (``ended`` None: still waiting)."""

    started: datetime
    ended: datetime | None = None


def waited(pauses: Sequence[Pause], now: datetime) -> timedelta:
    return sum(((p.ended or now) - p.started for p in pauses), timedelta())


def due_at(
    created: datetime, review_days: int | None, pauses: Sequence[Pause], now: datetime
) -> datetime:
    """When the ticket must be answered: creation + the category's days + time waited."""
    days = review_days if review_days and review_days > 0 else DEFAULT_REVIEW_DAYS
    return created + timedelta(days=days) + waited(pauses, now)


def is_overdue(
    status: TicketStatus,
    created: datetime,
    review_days: int | None,
    pauses: Sequence[Pause],
    now: datetime,
) -> bool:
    """Open, not waiting for the citizen, and past its deadline."""
    if not status.is_open or status is TicketStatus.WAITING:
        return False
    return now > due_at(created, review_days, pauses, now)
