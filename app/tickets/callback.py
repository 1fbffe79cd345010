"""A caller who calls back: was their last call cut off a moment ago?

The seed advises callers whose call broke off to simply call again. A call from a number
that called within the last ``window`` minutes (30 by default, a setting), or an INVITE
carrying X-Case with a ticket number, brings up that earlier context: the desk offers to
reopen the previous ticket with one keystroke. This module decides from plain data; the
services layer supplies the recent calls and tickets.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.tickets.numbers import normalise_number

DEFAULT_WINDOW_MINUTES = 30


@dataclass(frozen=True)
class EarlierCall:
    call_id: uuid.UUID
    ended_at: datetime
    ticket_id: uuid.UUID | None = None
    ticket_number: str = ""


@dataclass(frozen=True)
class Callback:
    """Why this looks like a call back, and what to reopen."""

    reason: str  # "case_header" or "recent_call"
    ticket_number: str
    ticket_id: uuid.UUID | None
    minutes_ago: int | None = None


def recognise(
    case_header: str | None,
    earlier: Sequence[EarlierCall],
    now: datetime,
    window_minutes: int = DEFAULT_WINDOW_MINUTES,
) -> Callback | None:
    """The PBX's X-Case wins (when it is a valid ticket number); else the latest call from
    the same number that ended within the window."""
    number = normalise_number(case_header) if case_header else None
    if number is not None:
        for call in earlier:
            if call.ticket_number == number:
                return Callback("case_header", number, call.ticket_id)
        return Callback("case_header", number, None)
    window = timedelta(minutes=window_minutes)
    recent = [c for c in earlier if timedelta(0) <= now - c.ended_at <= window]
    if not recent:
        return None
    latest = max(recent, key=lambda c: c.ended_at)
    minutes = int((now - latest.ended_at).total_seconds() // 60)
    return Callback("recent_call", latest.ticket_number, latest.ticket_id, minutes)
