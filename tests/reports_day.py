"""A small, fully known day of calls and operator states (Tuesday 10 November 2026, Moscow),
with the edge cases docs/kpi.md names: a caller who gave up in 3 s, one who gave up after
the threshold, a call crossing midnight, a transferred call, a declined one, a call at
00:30 Moscow (still the day before in UTC), a call-back, and calls just outside the day.
The expected figures are worked out by hand in ``EXPECTED``; the same rows are written to
SQLite and to PostgreSQL."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from app.db.models import CallDirection, CallRecord
from app.db.report_models import OperatorStateSpan, PresenceState
from app.db.ticket_models import Ticket, TicketEvent
from app.db.types import reference_id
from app.domain.clock import MOSCOW
from app.telephony.model import EndReason
from app.tickets.workflow import EventKind, TicketStatus

DAY = date(2026, 11, 10)
OP1 = reference_id("operator", "ivanova")  # demo reference operators
OP2 = reference_id("operator", "petrov")
DOMESTIC = reference_id("line", "domestic")
INTERNATIONAL = reference_id("line", "international")


def msk(hour: int, minute: int = 0, second: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=MOSCOW)


@dataclass(frozen=True)
class Call:
    name: str
    offered: datetime
    queue: int | None
    answered_after: int | None  # seconds of ringing at the desk; None: not answered
    ended_after: int  # seconds from offered
    reason: EndReason
    talk: int | None = None
    hold: int = 0
    acw: int | None = None
    operator: uuid.UUID = OP1
    line: uuid.UUID = DOMESTIC
    language: str = "ru"
    direction: CallDirection = CallDirection.INBOUND


CALLS = (
    Call("A", msk(9), 10, 5, 305, EndReason.COMPLETED, 290, 10, 30),
    Call("B", msk(10), 25, 2, 122, EndReason.COMPLETED, 100, 0, 20, OP2, INTERNATIONAL, "en"),
    Call("C gave up in 3 s", msk(11), 0, None, 3, EndReason.ABANDONED),
    Call("D gave up after 40 s", msk(12), 30, None, 10, EndReason.ABANDONED),
    Call("J gave up after 12 s", msk(13), 10, None, 2, EndReason.ABANDONED),
    Call("E crosses midnight", msk(23, 59, 50), 0, 8, 610, EndReason.COMPLETED, 600, 0, 60),
    Call("F transferred", msk(14), 5, 3, 120, EndReason.TRANSFERRED, 117),
    Call("G declined", msk(15), 2, None, 4, EndReason.REJECTED),
    Call("H call-back", msk(16), None, 10, 70, EndReason.COMPLETED, 60,
         direction=CallDirection.OUTBOUND),
    Call("I 00:30 Moscow", msk(0, 30), 0, 4, 64, EndReason.COMPLETED, 50, 0, 10, OP2),
    Call("the day before", msk(23, 0, 0, DAY - timedelta(days=1)), 0, 3, 63,
         EndReason.COMPLETED, 60, 0, 5),
    Call("the day after", msk(8, 0, 0, DAY + timedelta(days=1)), 0, 3, 63,
         EndReason.COMPLETED, 60, 0, 5),
)  # fmt: skip

#: (operator, state, from, to): op2's first span starts the evening before and is clipped.
SPANS = (
    (OP1, PresenceState.READY, msk(9), msk(12)),
    (OP1, PresenceState.NOT_READY, msk(12), msk(13)),
    (OP1, PresenceState.IN_CALL, msk(13), msk(13, 30)),
    (OP2, PresenceState.READY, msk(22, 0, 0, DAY - timedelta(days=1)), msk(1)),
)

#: Worked out by hand from the rows above (docs/kpi.md has the definitions).
EXPECTED = {
    "offered": 9,  # A B C D J E F G I (H is outbound; two are outside the day)
    "answered": 5,  # A B E F I
    "abandoned": 3,  # C D J
    "short_abandoned": 1,  # C: 0 + 3 s < 5 s
    "missed": 1,  # G
    "answered_in_time": 4,  # A 15 s, E 8 s, F 8 s, I 4 s (B waited 27 s)
    "abandoned_in_time": 2,  # C 3 s, J 12 s (D 40 s)
    "wait_seconds": 62.0,  # 15 + 27 + 8 + 8 + 4
    "handle_seconds": 1287.0,  # A 330, B 120, E 660, F 117, I 60
    "after_call_seconds": 120.0,  # 30 + 20 + 60 + 0 + 10
    "outbound": 1,
    "staffed_seconds": 16200.0,  # op1 3 h + 30 min; op2 1 h after midnight
}
RATES = {
    "asa": 62 / 5,
    "aht": 1287 / 5,
    "acw": 120 / 5,
    "service_level": 4 / (9 - 1),
    "service_level_abandons_excluded": 4 / (9 - 2),
    "abandonment_rate": (3 - 1) / (9 - 1),
    "occupancy": 1287 / 16200,
}


def write_day(session: Session, shift: timedelta = timedelta()) -> None:
    """The calls and spans; ``shift`` moves them all (to a day no demo data touches)."""
    for call in CALLS:
        answered = (
            call.offered + shift + timedelta(seconds=call.answered_after)
            if call.answered_after is not None
            else None
        )
        session.add(
            CallRecord(
                sip_call_id=f"report-{call.name}",
                direction=call.direction,
                line_id=call.line,
                operator_id=call.operator,
                language=call.language,
                queue_wait_seconds=call.queue,
                offered_at=call.offered + shift,
                answered_at=answered,
                ended_at=call.offered + shift + timedelta(seconds=call.ended_after),
                end_reason=call.reason.value,
                talk_seconds=call.talk,
                hold_seconds=call.hold,
                after_call_seconds=call.acw,
            )
        )
    for operator, state, start, end in SPANS:
        session.add(
            OperatorStateSpan(
                operator_id=operator, state=state, started_at=start + shift, ended_at=end + shift
            )
        )


@dataclass(frozen=True)
class FiledTicket:
    number: str
    created: datetime
    category: str  # a category code; a dotted one is a subcategory of the part before the dot
    caller: str
    status: TicketStatus
    log: tuple[tuple[EventKind, str, datetime], ...] = ()  # kind, the status it went to, when
    due: datetime | None = None
    error: str = ""
    draft: bool = False


CALLER_1, CALLER_2 = "+79000000001", "+79000000002"
_RESOLVED, _CLOSED = TicketStatus.RESOLVED, TicketStatus.CLOSED
TICKETS = (
    FiledTicket("100-000001-1", msk(9, 5), "technical.upload_500", CALLER_1, _RESOLVED,
                ((EventKind.STATUS_CHANGED, "resolved", msk(9, 6)),), error="Ошибка 500"),
    FiledTicket("100-000002-2", msk(10, 5), "sign_in", CALLER_2, TicketStatus.ESCALATED,
                due=msk(12)),
    FiledTicket("100-000003-3", msk(11), "technical.upload_500", CALLER_1, _CLOSED,
                ((EventKind.STATUS_CHANGED, "resolved", msk(13)),
                 (EventKind.REOPENED, "in_progress", msk(14)),
                 (EventKind.STATUS_CHANGED, "closed", msk(15))), error=" ошибка 500 "),
    FiledTicket("100-000004-4", msk(12), "other", "", TicketStatus.NEW,
                due=msk(12, 0, 0, DAY + timedelta(days=5))),
    FiledTicket("100-000005-5", msk(13), "other", CALLER_1, TicketStatus.NEW, draft=True),
    FiledTicket("100-000006-6", msk(10, 0, 0, DAY - timedelta(days=1)), "sign_in", CALLER_2,
                TicketStatus.NEW),
    FiledTicket("100-000007-7", msk(10, 0, 0, DAY + timedelta(days=3)), "sign_in", CALLER_2,
                TicketStatus.NEW),
)  # fmt: skip
#: As of midnight after the day (docs/kpi.md).
TICKETS_EXPECTED = {
    "created": 4,  # 1 2 3 4 (5 is a draft; 6 and 7 are outside the day)
    "closed": 2,  # 1 resolved, 3 closed
    "reopened": 1,  # 3
    "ever_closed": 2,
    "overdue": 1,  # 2: open, due at noon
    "repeatable": 3,  # 1 2 3 (4 has no caller's number)
    "first_contact": 1,  # 3: 1 is repeated by 3, 2 by 7 three days later
    "resolved_timed": 2,  # 1 after 60 s, 3 first resolved after 2 h
    "resolve_seconds": 7260.0,
}
TICKET_RATES = {
    "close_rate": 2 / 4,
    "reopen_rate": 1 / 2,
    "first_contact_resolution": 1 / 3,
    "average_resolve_seconds": 7260 / 2,
}


def write_tickets(session: Session, shift: timedelta = timedelta()) -> None:
    for filed in TICKETS:
        top, _, sub = filed.category.partition(".")
        ticket_id = uuid.uuid4()
        session.add(
            Ticket(
                id=ticket_id,
                number=filed.number,
                category_id=reference_id("category", top),
                subcategory_id=reference_id("category", filed.category) if sub else None,
                status=filed.status,
                caller_number=filed.caller,
                details={"error": filed.error} if filed.error else {},
                operator_id=OP1,
                due_at=filed.due + shift if filed.due else None,
                is_draft=filed.draft,
                created_at=filed.created + shift,
            )
        )
        before = TicketStatus.NEW.value
        for kind, to, at in filed.log:
            moved = {"from": before, "to": to}
            session.add(
                TicketEvent(ticket_id=ticket_id, kind=kind, occurred_at=at + shift, details=moved)
            )
            before = to
