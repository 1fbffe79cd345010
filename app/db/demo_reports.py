"""Two months of demo calls, operators' states and tickets, so the Reports view has a month
to show and a month before it to compare with (issue 10).

The desk's four demo operators work shifts on both lines; calls arrive on a working-day
curve (peaks 10-12 and 14-16 Moscow time, fewer at weekends) and wait for the first free
operator, so queues, abandons and occupancy come out of the shifts rather than being drawn
at random. About 60 % of answered calls file a ticket whose log moves on at plausible later
times (resolved on the call, escalated, waiting, a few reopened, some overdue); one failure,
"Ошибка 500" on document upload, rises over the last two weeks. Deterministic (a fixed
seed), relative to the moment of seeding, idempotent (calls marked ``demo-month-``); only
synthetic numbers (+79997…), ticket numbers of desk 000, which no real desk is given.
"""

from __future__ import annotations

import random
import uuid
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import accumulate
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.db.demo import load_reference
from app.db.models import CallDirection, CallRecord
from app.db.report_models import OperatorStateSpan, PresenceState
from app.db.ticket_models import Ticket, TicketCall, TicketEvent, TicketPriority
from app.db.types import reference_id
from app.domain.clock import MOSCOW, utc_now
from app.telephony.model import EndReason
from app.tickets.numbers import damm_check_digit
from app.tickets.workflow import DEFAULT_REVIEW_DAYS, EventKind, TicketStatus, check_transition
from app.tickets.wrapup import WrapUp

SEED = 20261010
MARK = "demo-month-"
DAYS = 61  # today and the 60 days before: a 30-day report and the period it is compared with
DAY = 86400
_IN_CALL, _ACW = PresenceState.IN_CALL, PresenceState.AFTER_CALL_WORK
_READY, _NOT_READY = PresenceState.READY, PresenceState.NOT_READY
_S = TicketStatus

ENGLISH = frozenset({"petrov", "kuznetsov"})
#: (login, from, to, lunch, a short break) in Moscow hours: four on a weekday, breaks off the
#: peaks; three on a weekend day, in turns.
WEEKDAY_SHIFTS = (("ivanova", 8, 17, 12.5, 16.2), ("petrov", 9, 18, 13, 16.6),
                  ("kuznetsov", 10, 19, 13.4, 17.3), ("sokolova", 11, 22, 17.2, 18.4))  # fmt: skip
WEEKEND_SHIFTS = ((("petrov", 8, 15, 12, 10), ("sokolova", 10, 17, 13, 16),
                   ("ivanova", 15, 22, 18, 20)),
                  (("kuznetsov", 8, 15, 12, 10), ("ivanova", 10, 17, 13, 16),
                   ("sokolova", 15, 22, 18, 20)))  # fmt: skip
#: Inbound calls on a Monday ... Sunday (before a random few per cent either way).
VOLUME = (275, 262, 258, 252, 240, 130, 100)
#: The weight of each Moscow hour in a day's calls (the lines are open 8-22).
HOURS = {8: 2.5, 9: 5.5, 10: 10.5, 11: 11, 12: 8.5, 13: 7, 14: 10, 15: 10.5, 16: 8.5,
         17: 6, 18: 4.2, 19: 2.8, 20: 1.9, 21: 1.1}  # fmt: skip
INTERNATIONAL = 0.12  # of the calls; the international line is open 9-21
FOREIGN = (("ru", 45), ("en", 38), ("de", 5), ("zh", 5), ("tr", 4), ("uz", 3))
#: Top-level categories of tickets, by weight (technical ones come from FAILURES).
CATEGORIES = (("application_status", 16), ("sign_in", 14), ("two_factor", 9), ("mfc", 7),
              ("registration", 6), ("rejections", 6), ("account_locked", 6), ("benefits", 6),
              ("contact_change", 5), ("other", 5), ("credentials", 3), ("e_signature", 3),
              ("complaint", 2))  # fmt: skip
#: (category code, the errors as callers read them out, weight). The first one rises: its
#: weight grows by RISE over the last two weeks.
FAILURES = (("technical.upload_500", ("Ошибка 500", "ошибка 500", "ОШИБКА 500 "), 1.2),
            ("technical.service_unavailable", ("Сервис временно недоступен",), 2.2),
            ("technical.service_unavailable", ("Ошибка 503",), 1.0),
            ("technical.status_stuck", ("Заявление в обработке",), 2.0),
            ("technical.double_charge", ("",), 1.5),
            ("mobile_app", ("Приложение закрывается при запуске", "Нет соединения с сервером"),
             2.8))  # fmt: skip
RISE = 11.0


def weighted(items: list[tuple[Any, float]]) -> Callable[[random.Random], Any]:
    """A picker of the items' values by their weights."""
    edges, values = list(accumulate(w for _, w in items)), [v for v, _ in items]
    return lambda rng: values[bisect(edges, rng.random() * edges[-1])]


@cache
def _id(kind: str, code: str) -> uuid.UUID:
    return reference_id(kind, code)


def demo_uuid(moment: float, rng: random.Random) -> uuid.UUID:
    """A time-ordered UUID v7 for ``moment`` (epoch seconds), from ``rng``."""
    value = (int(moment * 1000) << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (2 << 62)
    return uuid.UUID(int=value | rng.getrandbits(62))


def demo_ticket_number(sequence: int) -> str:
    """Numbers "000-NNNNNN-C": desk 000 is never issued (app/tickets/numbers.py), so no clash."""
    payload = f"000{sequence:06d}"
    return f"000-{sequence:06d}-{damm_check_digit(payload)}"


def at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@dataclass
class Story:
    """A ticket's life as far as ``now``: its status, deadline and log."""

    status: TicketStatus
    due: float
    waiting_since: float | None
    escalated: bool
    events: list[tuple[float, EventKind, dict[str, Any]]]


def ticket_story(rng: random.Random, created: float, review_days: int, now: float) -> Story:
    """How a ticket filed at ``created`` moves on; the moves after ``now`` are not made."""
    moves: list[tuple[float, TicketStatus]] = []
    t, u = created, rng.random()

    def step(low: float, high: float, status: TicketStatus | None = None) -> None:
        nonlocal t
        t += rng.uniform(low, high)
        if status is not None:
            moves.append((t, status))

    if u < 0.40:  # solved on the call
        step(60, 300)
    elif u < 0.66:
        step(600, 4 * 3600, _S.IN_PROGRESS)
        step(2 * 3600, 3 * DAY)
    elif u < 0.89:  # a department takes it: most in time, a quarter late
        step(300, 1800, _S.ESCALATED)
        low, high = (1.05, 2.5) if rng.random() < 0.25 else (0.1, 0.9)
        step(low * review_days * DAY, high * review_days * DAY)
    elif u < 0.97:  # waiting for the citizen
        step(600, 3600, _S.IN_PROGRESS)
        step(1800, 7200, _S.WAITING)
        step(2 * DAY, 12 * DAY)
    else:  # stuck: overdue once its days are over
        step(600, 3600, _S.IN_PROGRESS)
        t = float("inf")
    moves.append((t, _S.RESOLVED))
    if rng.random() < 0.05:  # the caller said it was not solved
        step(DAY, 4 * DAY, _S.IN_PROGRESS)
        step(DAY / 2, 3 * DAY, _S.RESOLVED)
    step(3 * DAY, 7 * DAY, _S.CLOSED)

    story = Story(_S.NEW, created + review_days * DAY, None, False, [])
    for moment, new in moves:
        if moment > now:
            break
        kind = check_transition(story.status, new)
        details: dict[str, Any] = {"from": story.status.value, "to": new.value, "note": ""}
        if new is _S.ESCALATED:
            details["reason"] = "Нужна проверка специалистом"
            story.escalated = True
        if story.waiting_since is not None:  # the time waited does not count
            story.due += moment - story.waiting_since
        story.waiting_since = moment if new is _S.WAITING else None
        story.events.append((moment, kind, details))
        story.status = new
    return story


@dataclass
class _Shift:
    login: str
    start: float
    end: float
    breaks: list[tuple[float, float]]
    free: float
    busy: list[tuple[float, float, PresenceState]] = field(default_factory=list)

    def ready_at(self, moment: float) -> float | None:
        t = max(moment, self.free)
        for start, end in self.breaks:
            if start <= t < end:
                t = end
        return t if t < self.end - 120 else None


class _Month:
    """Builds the rows day by day, in memory, for bulk inserts."""

    def __init__(self, now: float, today: date) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 - the same demo everywhere, not a secret
        self.now, self.today = now, today
        reference = load_reference()
        self.categories = {row["code"]: row for row in reference["categories"]}
        self.calls: list[dict[str, Any]] = []
        self.spans: list[dict[str, Any]] = []
        self.tickets: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        #: Tickets filed, in order: (when, caller, category code, error, ticket id).
        self.recent: list[tuple[float, str, str, str, uuid.UUID]] = []
        self.languages = weighted(list(FOREIGN))
        self.topic = weighted([])

    def day(self, day: date) -> None:
        rng = self.rng
        midnight = datetime.combine(day, time(), MOSCOW).timestamp()
        days_ago = (self.today - day).days
        rota = WEEKEND_SHIFTS[day.toordinal() // 7 % 2] if day.weekday() >= 5 else WEEKDAY_SHIFTS
        shifts = []
        for login, first, last, lunch, pause in rota:
            start, end = midnight + first * 3600, midnight + last * 3600
            breaks = sorted((b, b + m * 60) for b, m in (
                (midnight + lunch * 3600 + rng.uniform(-600, 600), rng.choice((30, 40, 45))),
                (midnight + pause * 3600 + rng.uniform(-600, 600), 15)))  # fmt: skip
            shifts.append(_Shift(login, start, min(end, self.now), breaks, start))
        volume = round(VOLUME[day.weekday()] * rng.uniform(0.93, 1.07))
        hour = weighted([(h, w) for h, w in HOURS.items()])
        arrivals = sorted(int(midnight + hour(rng) * 3600 + rng.uniform(0, 3600))
                          for _ in range(volume))  # fmt: skip
        rise = RISE * max(0.0, 1 - days_ago / 14)
        failures = [(f[:2], f[2] + (rise if n == 0 else 0)) for n, f in enumerate(FAILURES)]
        self.topic = weighted([((c, ("",)), w) for c, w in CATEGORIES] + failures)
        for arrival in arrivals:
            foreign = rng.random() < INTERNATIONAL and 9 <= (arrival - midnight) / 3600 < 21
            if arrival < self.now - 1800:
                self.call(arrival, shifts, foreign)
        for shift in shifts:
            self.shift_spans(shift)

    def call(self, arrival: int, shifts: list[_Shift], foreign: bool) -> None:
        rng = self.rng
        caller, repeat = self.caller(arrival)
        who = (caller, self.languages(rng) if foreign else "ru", foreign)
        best: tuple[float, float, float, _Shift] | None = None
        for shift in shifts:  # the first free; a foreign caller waits a little for English
            ready = shift.ready_at(arrival)
            late = 0 if who[1] == "ru" or shift.login in ENGLISH else 60
            if ready is not None:
                key = (ready + late, rng.random())
                if best is None or key < best[:2]:
                    best = (*key, ready, shift)
        if best is None:
            return
        queue, shift, ring = int(best[2] - arrival), best[3], rng.randint(2, 8)
        patience = rng.randint(2, 4) if rng.random() < 0.02 else int(15 + rng.expovariate(1 / 600))
        if queue + ring > patience:  # gave up, in the queue or while it rang
            queue = patience - min(patience, rng.randint(1, 10))
            row = self.call_row(arrival + queue, shift.login, who, queue)
            self.ended(row, arrival + patience, EndReason.ABANDONED)
            return
        offered = arrival + queue
        answered, acw = offered + ring, rng.randint(20, 90)
        talk = int(110 + min(rng.expovariate(1 / 60), 370) if rng.random() < 0.96 else
                   rng.uniform(480, 900))  # fmt: skip
        hold = rng.randint(15, 120) if rng.random() < 0.25 else 0
        ended = answered + talk + hold
        if ended + acw > self.now:
            return  # still going on: not a record yet
        row = self.call_row(offered, shift.login, who, queue)
        if rng.random() < 0.012:  # declined (Not ready a moment too late, a headset fault)
            self.ended(row, offered + ring, EndReason.REJECTED)
            return
        transferred = rng.random() < 0.03
        row.update(answered_at=at(answered), talk_seconds=talk, hold_seconds=hold,
                   after_call_seconds=acw)  # fmt: skip
        self.ended(row, ended, EndReason.TRANSFERRED if transferred else EndReason.COMPLETED)
        self.busy(shift, answered, ended, acw)
        wrap = WrapUp.SOLVED_ON_CALL
        if repeat is not None and rng.random() < 0.3:  # about the ticket of their last call
            self.link(repeat[4], row["id"], ended + 10, shift.login)
        elif not transferred and rng.random() < (0.75 if repeat else 0.57):
            wrap = self.ticket(row, shift.login, ended + rng.uniform(10, acw), repeat)
            if wrap is WrapUp.CALLBACK_NEEDED:
                self.call_back(shift, who)
        row["wrap_up"] = "" if transferred else wrap.value

    def caller(self, moment: float) -> tuple[str, tuple[Any, ...] | None]:
        """A new number, or one that filed a ticket in the last six days (a repeat)."""
        rng = self.rng
        if self.recent and rng.random() < 0.25:
            earlier = self.recent[-rng.randrange(1, min(len(self.recent), 700) + 1)]
            if moment - earlier[0] < 6 * DAY:
                return earlier[1], earlier
        return f"+79997{rng.randrange(10**6):06d}", None

    def call_row(
        self, offered: float, login: str, who: tuple[str, str, bool], queue: int | None
    ) -> dict[str, Any]:
        row = {
            "id": demo_uuid(offered, self.rng), "sip_call_id": f"{MARK}{len(self.calls):06d}",
            "direction": CallDirection.INBOUND if queue is not None else CallDirection.OUTBOUND,
            "line_id": _id("line", "international" if who[2] else "domestic"),
            "operator_id": _id("operator", login), "caller_number": who[0], "language": who[1],
            "queue_wait_seconds": queue, "offered_at": at(offered), "answered_at": None,
            "talk_seconds": None, "hold_seconds": 0, "after_call_seconds": None, "wrap_up": "",
        }  # fmt: skip
        self.calls.append(row)
        return row

    def ended(self, row: dict[str, Any], moment: float, reason: EndReason) -> None:
        row.update(ended_at=at(moment), end_reason=reason.value, created_at=row["offered_at"],
                   updated_at=at(moment))  # fmt: skip

    def busy(self, shift: _Shift, start: float, ended: float, acw: int) -> None:
        shift.busy += [(start, ended, _IN_CALL), (ended, ended + acw, _ACW)]
        shift.free = ended + acw

    def call_back(self, shift: _Shift, who: tuple[str, str, bool]) -> None:
        rng = self.rng
        dialled = shift.free + rng.randint(10, 90)
        ring, talk, acw = rng.randint(8, 25), rng.randint(60, 240), rng.randint(10, 40)
        if dialled > min(shift.end - 900, self.now - 600) or shift.ready_at(dialled) != dialled:
            return
        row = self.call_row(dialled, shift.login, who, None)
        if rng.random() < 0.25:
            self.ended(row, dialled + 30, EndReason.NO_ANSWER)
            self.busy(shift, dialled, dialled + 30, 0)
            return
        ended = dialled + ring + talk
        row.update(answered_at=at(dialled + ring), talk_seconds=talk, after_call_seconds=acw,
                   wrap_up=WrapUp.SOLVED_ON_CALL.value)  # fmt: skip
        self.ended(row, ended, EndReason.COMPLETED)
        self.busy(shift, dialled, ended, acw)

    def ticket(
        self, call: dict[str, Any], login: str, filed: float, repeat: tuple[Any, ...] | None
    ) -> WrapUp:
        rng = self.rng
        if repeat is not None and rng.random() < 0.8:
            code, error = repeat[2], repeat[3]
        else:
            code, errors = self.topic(rng)
            error = rng.choice(errors)
        top, _, sub = code.partition(".")
        category = self.categories[code]
        parent = self.categories[top]
        days = category.get("review_days") or parent.get("review_days") or DEFAULT_REVIEW_DAYS
        story = ticket_story(rng, filed, days, self.now)
        ticket_id = demo_uuid(filed, rng)
        department = category.get("department") or parent.get("department") or "services"
        last = story.events[-1][0] if story.events else filed
        self.tickets.append({
            "id": ticket_id, "created_at": at(filed), "updated_at": at(last),
            "number": demo_ticket_number(len(self.tickets) + 1),
            "category_id": _id("category", top),
            "subcategory_id": _id("category", code) if sub else None,
            "priority": TicketPriority.HIGH if rng.random() < 0.08 else TicketPriority.NORMAL,
            "status": story.status, "caller_number": call["caller_number"],
            "description": category["name_ru"], "details": {"error": error} if error else {},
            "department_id": _id("department", department) if story.escalated else None,
            "operator_id": _id("operator", login), "due_at": at(story.due),
            "waiting_since": None if story.waiting_since is None else at(story.waiting_since),
            "is_draft": False,
        })  # fmt: skip
        self.event(ticket_id, filed, EventKind.CREATED, {"call": str(call["id"])}, login)
        for moment, kind, details in story.events:
            self.event(ticket_id, moment, kind, details, login)
        self.recent.append((filed, call["caller_number"], code, error, ticket_id))
        self.link(ticket_id, call["id"], filed, login, log=False)
        if rng.random() < 0.05:
            return WrapUp.CALLBACK_NEEDED
        return WrapUp.ESCALATED if story.escalated else WrapUp.TICKET_CREATED

    def link(
        self, ticket: uuid.UUID, call: uuid.UUID, t: float, login: str, log: bool = True
    ) -> None:
        row = {"id": demo_uuid(t, self.rng), "ticket_id": ticket, "call_id": call}
        self.links.append({**row, "created_at": at(t), "updated_at": at(t)})
        if log:  # a later call about the ticket (the ticket's own call is in CREATED)
            self.event(ticket, t, EventKind.COMMENT, {"call": str(call)}, login)

    def event(self, ticket: uuid.UUID, t: float, kind: EventKind, details: Any, login: str) -> None:
        self.events.append({
            "id": demo_uuid(t, self.rng), "created_at": at(t), "updated_at": at(t),
            "ticket_id": ticket, "kind": kind, "operator_id": _id("operator", login),
            "occurred_at": at(t), "details": details,
        })  # fmt: skip

    def shift_spans(self, shift: _Shift) -> None:
        """Ready between calls, in a call, after-call work, Not ready on breaks."""
        if shift.start >= shift.end:
            return
        busy = sorted(shift.busy + [(s, e, _NOT_READY) for s, e in shift.breaks])
        cursor, operator = shift.start, _id("operator", shift.login)
        for start, until, state in [*busy, (shift.end, shift.end, _READY)]:
            end = min(until, self.now)
            if start > cursor:
                self.span(operator, _READY, cursor, min(start, self.now))
            if end > max(start, cursor):
                self.span(operator, state, max(start, cursor), end)
            cursor = max(cursor, end)

    def span(self, operator: uuid.UUID, state: PresenceState, start: float, end: float) -> None:
        if end > start:
            self.spans.append({
                "id": demo_uuid(start, self.rng), "created_at": at(start), "updated_at": at(end),
                "operator_id": operator, "state": state, "started_at": at(start),
                "ended_at": at(end),
            })  # fmt: skip


def month_rows(now: datetime, days: int = DAYS) -> _Month:
    """The demo's rows for the ``days`` Moscow days up to ``now``, not yet written."""
    today = now.astimezone(MOSCOW).date()
    month = _Month(now.timestamp(), today)
    for back in range(days - 1, -1, -1):
        month.day(today - timedelta(days=back))
    return month


def seed_report_month(session: Session, now: datetime | None = None) -> int:
    """The demo month, once; returns how many calls were added (0 when it is there)."""
    seeded = select(CallRecord.id).where(
        CallRecord.sip_call_id >= MARK, CallRecord.sip_call_id < MARK[:-1] + "."
    )
    if session.scalar(seeded.limit(1)) is not None:
        return 0
    month = month_rows(now or utc_now())
    for model, rows in ((CallRecord, month.calls), (OperatorStateSpan, month.spans),
                        (Ticket, month.tickets), (TicketEvent, month.events),
                        (TicketCall, month.links)):  # fmt: skip
        if rows:  # Core inserts: a third faster than the ORM's bulk path, same values
            session.execute(insert(model.metadata.tables[model.__tablename__]), rows)
    return len(month.calls)
