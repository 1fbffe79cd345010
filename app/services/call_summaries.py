"""The caller's own record of a call: the citizen-facing summary the portal shows in the
personal account (``call_summaries``, app/db/report_models.py), written when the call ends
for good (its wrap-up is chosen) and written again whenever asked: one row per call.

What goes in is what the caller may read about their own call and nothing else: when it
was answered, the topic in plain words (the ticket's category from the reference data, or
"Консультация"), the ticket's number and status, and the next step promised, in Russian and
English, derived from the ticket's status and the call's wrap-up code. Never the ticket's
description, comments or details, the caller's number, the verification, the operator's
name, or any other personal value: the texts below are fixed sentences, and the only
values filled into them are a date and reference names.

Only calls that were answered and whose caller proved who they are (a citizen on the call
record at a level in :data:`VERIFIED`) get a summary; a call that stops qualifying (the
record changed) has its summary withdrawn (soft-deleted). Drafts, deleted tickets and
tickets of another citizen never count.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import CallRecord, TicketCategory
from app.db.report_models import CallSummary
from app.db.ticket_models import Ticket, TicketCall
from app.domain.clock import moscow_time, utc_now
from app.tickets.workflow import TicketStatus
from app.tickets.wrapup import WrapUp

log = logging.getLogger(__name__)

#: Verification levels (app/verification/session.py ``Level``) at which the caller counts as
#: the citizen: the wizard writes the citizen onto the call record even when every check
#: failed (level "none"), and such a caller must not reach that citizen's account.
VERIFIED = frozenset({"partial", "full"})

#: The topic when no ticket came of the call.
CONSULTATION = ("Консультация", "Consultation")
#: The topic of a ticket whose category is unknown here (not come down yet).
REQUEST = ("Обращение", "Request")

_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# The next steps, (Russian, English). "{by}" is replaced by the deadline or by nothing.
SOLVED_ON_CALL = ("Вопрос решён во время звонка.", "Your question was resolved during the call.")
SOLVED = ("Вопрос решён.", "Your question has been resolved.")
WAITING = (
    "Ждём от вас сведения, о которых попросил оператор: как только они придут, мы продолжим"
    " рассмотрение обращения.",
    "We are waiting for the information the operator asked you for; we will continue with"
    " your request as soon as it arrives.",
)
CALL_BACK = ("Мы перезвоним вам по этому обращению.", "We will call you back about this request.")
CALL_BACK_NO_TICKET = ("Мы перезвоним вам.", "We will call you back.")
ESCALATED = (
    "Обращение передано специалистам: ответ придёт в личный кабинет{by}.",
    "Your request has been passed to our specialists: the answer will come to your personal"
    " account{by}.",
)
REGISTERED = (
    "Обращение зарегистрировано и рассматривается: ответ придёт в личный кабинет{by}.",
    "Your request has been registered and is being reviewed: the answer will come to your"
    " personal account{by}.",
)
DROPPED = (
    "Звонок прервался. Если вопрос остался, позвоните нам ещё раз.",
    "The call was cut off. If your question remains, please call us again.",
)
NOTHING = ("", "")


@dataclass(frozen=True)
class SummaryView:
    """A summary as written: what the portal will show."""

    call_id: uuid.UUID
    citizen_id: uuid.UUID
    occurred_at: datetime
    topic_ru: str
    topic_en: str
    ticket_number: str
    ticket_status: str
    next_step_ru: str
    next_step_en: str


class CallSummaries:
    """Writes (and reads back) the citizen-facing summary of a finished call."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def write(self, call_id: uuid.UUID) -> Future[SummaryView | None]:
        """Write or update the call's summary on the writer thread (one row per call); the
        future gives what was written, or None when the call gets no summary."""
        return self._db.write(lambda session: summarise(session, call_id))

    def publish(self, call_id: uuid.UUID) -> Future[SummaryView | None] | None:
        """:meth:`write` for the wrap-up: never raises and never needs waiting for; a
        failure is logged by its kind and the call's id only (None: not even queued)."""
        try:
            future = self.write(call_id)
        except RuntimeError as error:  # the writer is shut down: the desk is closing
            log.error("call summary not written for call %s: %s", call_id, type(error).__name__)
            return None
        future.add_done_callback(lambda done: _check(done, call_id))
        return future

    def get(self, call_id: uuid.UUID) -> SummaryView | None:
        """The call's summary as stored (None when there is none, or it was withdrawn)."""

        def read(session: Session) -> SummaryView | None:
            row = session.scalar(select(CallSummary).where(CallSummary.call_id == call_id))
            return _view(row) if row is not None and row.deleted_at is None else None

        return self._db.read(read)


def _check(future: Future[SummaryView | None], call_id: uuid.UUID) -> None:
    error = None if future.cancelled() else future.exception()
    if error is not None:  # the kind only: a database error's text may quote values
        log.error("call summary not written for call %s: %s", call_id, type(error).__name__)


def summarise(session: Session, call_id: uuid.UUID) -> SummaryView | None:
    """Bring the call's summary up to date inside the caller's write transaction (so other
    writes, a ticket's status move for one, may call it too). None: no summary is due."""
    call = session.get(CallRecord, call_id)
    row = session.scalar(select(CallSummary).where(CallSummary.call_id == call_id))
    if call is None or not _qualifies(call):
        if row is not None and row.deleted_at is None:
            row.deleted_at = utc_now()  # withdrawn from the portal, and the withdrawal synced
        return None
    assert call.citizen_id is not None and call.answered_at is not None  # _qualifies
    ticket = _ticket_of(session, call_id, call.citizen_id)
    values = {
        "citizen_id": call.citizen_id,
        "operator_id": call.operator_id,
        "occurred_at": call.answered_at,
        **_content(session, ticket, call.wrap_up),
    }
    if row is None:
        row = CallSummary(call_id=call_id, **values)
        session.add(row)
    else:
        for name, value in values.items():
            if getattr(row, name) != value:  # nothing changed: no new version to push
                setattr(row, name, value)
        if row.deleted_at is not None:
            row.deleted_at = None
    session.flush()
    return _view(row)


def _qualifies(call: CallRecord) -> bool:
    return (
        call.deleted_at is None
        and call.answered_at is not None
        and call.citizen_id is not None
        and call.verification_level in VERIFIED
    )


def _ticket_of(session: Session, call_id: uuid.UUID, citizen_id: uuid.UUID) -> Ticket | None:
    """The call's ticket: filed, not deleted, and not another citizen's (a call back on a
    number that turned out to be someone else's); the newest when there are several."""
    tickets: Sequence[Ticket] = session.scalars(
        select(Ticket)
        .join(TicketCall, TicketCall.ticket_id == Ticket.id)
        .where(
            TicketCall.call_id == call_id,
            TicketCall.deleted_at.is_(None),
            Ticket.deleted_at.is_(None),
            Ticket.is_draft.is_(False),
        )
        .order_by(Ticket.created_at.desc(), Ticket.number.desc())
    ).all()
    return next((t for t in tickets if t.citizen_id in (None, citizen_id)), None)


def _content(session: Session, ticket: Ticket | None, wrap_up: str) -> dict[str, str]:
    code = _code(wrap_up)
    if ticket is None:
        topic = CONSULTATION
        step = _WITHOUT_TICKET.get(code, NOTHING) if code is not None else NOTHING
        number, status = "", ""
    else:
        topic = _topic(session, ticket)
        step = _next_step(ticket, code)
        number, status = ticket.number, ticket.status.value
    return {
        "topic_ru": topic[0][:200],
        "topic_en": topic[1][:200],
        "ticket_number": number,
        "ticket_status": status,
        "next_step_ru": step[0][:300],
        "next_step_en": step[1][:300],
    }


#: A call without a ticket promises something only for these codes; the others (a wrong
#: number, an abusive caller, a code that needed a ticket that is not there) promise nothing.
_WITHOUT_TICKET = {
    WrapUp.SOLVED_ON_CALL: SOLVED_ON_CALL,
    WrapUp.CALLBACK_NEEDED: CALL_BACK_NO_TICKET,
    WrapUp.CALL_DROPPED: DROPPED,
}


def _code(wrap_up: str) -> WrapUp | None:
    try:
        return WrapUp(wrap_up)
    except ValueError:  # not chosen yet ('')
        return None


def _topic(session: Session, ticket: Ticket) -> tuple[str, str]:
    """The category in the reference data's words: "Category — Subcategory" when the ticket
    has one (whichever column holds it)."""
    chosen = ticket.subcategory_id or ticket.category_id
    row = session.get(TicketCategory, chosen) if chosen is not None else None
    if row is None:
        return REQUEST
    parent = session.get(TicketCategory, row.parent_id) if row.parent_id else None
    if parent is None:
        return row.name_ru, row.name_en
    return f"{parent.name_ru} — {row.name_ru}", f"{parent.name_en} — {row.name_en}"


def _next_step(ticket: Ticket, code: WrapUp | None) -> tuple[str, str]:
    """What the citizen was promised: the ticket's status first (it is the truth now), then
    what the operator said at the end of the call."""
    status = ticket.status
    if status in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
        return SOLVED_ON_CALL if code is WrapUp.SOLVED_ON_CALL else SOLVED
    if status is TicketStatus.WAITING:
        return WAITING
    if code is WrapUp.CALLBACK_NEEDED:
        return CALL_BACK
    # The wrap-up code "escalated" alone is not enough: only an escalated ticket is in a
    # department's queue, so only then is the citizen told specialists have it.
    texts = ESCALATED if status is TicketStatus.ESCALATED else REGISTERED
    by_ru, by_en = _deadline(ticket.due_at)
    return texts[0].format(by=by_ru), texts[1].format(by=by_en)


def _deadline(due: datetime | None) -> tuple[str, str]:
    """The deadline to add to a sentence: « не позднее 12.12.2026» / " by 12 December 2026"
    (the day in Moscow), or nothing."""
    if due is None:
        return "", ""
    day = moscow_time(due).date()
    return f" не позднее {day:%d.%m.%Y}", f" by {day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


def _view(row: CallSummary) -> SummaryView:
    return SummaryView(
        row.call_id,
        row.citizen_id,
        row.occurred_at,
        row.topic_ru,
        row.topic_en,
        row.ticket_number,
        row.ticket_status,
        row.next_step_ru,
        row.next_step_en,
    )


def follow_ticket(session: Session, ticket_id: uuid.UUID) -> None:
    """After a ticket's status moved (a department resolved it, it was reopened): the
    summaries already written for its calls follow, in the same transaction."""
    session.flush()
    summarised = select(CallSummary.call_id).where(
        CallSummary.call_id.in_(
            select(TicketCall.call_id).where(TicketCall.ticket_id == ticket_id)
        ),
        CallSummary.deleted_at.is_(None),
    )
    for call_id in list(session.scalars(summarised)):
        summarise(session, call_id)
