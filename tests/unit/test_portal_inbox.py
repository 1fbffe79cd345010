"""The operator's inbox over the desk's file: offers only while Ready, deadlines in the
working hours of the line for the request's language, escalation to supervisors after
thirty working minutes, and call-backs scheduled inside the citizen's window until the
attempts run out."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from app.db.database import Database
from app.db.types import reference_id
from app.domain.clock import MOSCOW
from app.portal.callbacks import deadline
from app.services.portal_inbox import Policy, PortalInbox, hours_for
from app.services.portal_store import LocalRequests
from app.services.reference import ReferenceService
from tests.portal import PEOPLE, RECEIVED, REQUESTS, database, request_id

__all__ = ["database"]  # the fixture

ANNA, CHIEF = PEOPLE["anna"], reference_id("operator", "kuznetsov")
POLICY = Policy(attempts=2)


def msk(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=MOSCOW)


def inbox(database: Database, operator: uuid.UUID, supervisor: bool = False) -> PortalInbox:
    hours = hours_for(ReferenceService(database).lines())
    store = LocalRequests(database)
    return PortalInbox(store, hours, POLICY, operator_id=operator, supervisor=supervisor)


def test_offers_come_only_while_ready_with_their_deadlines(database: Database) -> None:
    anna = inbox(database, ANNA)
    now = RECEIVED + timedelta(minutes=5)
    assert anna.offers(now, ready=False) == []
    (offer,) = anna.offers(now, ready=True)
    assert offer.request.number == REQUESTS[0].number
    assert offer.due_at == msk(26, 13)  # four working hours of the domestic line
    assert not offer.escalated and not offer.overdue(now)
    clara = inbox(database, PEOPLE["clara"])
    english = {o.request.number: o for o in clara.offers(now, ready=True)}["П-2611-0003"]
    assert english.due_at == msk(26, 13, 2)  # the international line, 09:00-21:00


def test_a_request_left_at_night_is_due_by_late_morning(database: Database) -> None:
    hours = hours_for(ReferenceService(database).lines())("ru")
    assert deadline(msk(26, 23), POLICY.callback_within, hours) == msk(27, 12)


def test_supervisors_get_what_nobody_claimed_in_thirty_working_minutes(database: Database) -> None:
    chief = inbox(database, CHIEF, supervisor=True)
    assert chief.offers(RECEIVED + timedelta(minutes=20), ready=True) == []
    late = chief.offers(RECEIVED + timedelta(minutes=40), ready=True)
    assert [o.request.number for o in late] == [f.number for f in REQUESTS]
    assert all(o.escalated for o in late)
    claimed = chief.claim(request_id(REQUESTS[3].number))  # on nobody's topic
    assert claimed.operator_id == CHIEF


def test_call_backs_are_scheduled_inside_the_window_until_the_attempts_run_out(
    database: Database,
) -> None:
    anna = inbox(database, ANNA)
    request = anna.claim(request_id(REQUESTS[0].number))
    first = anna.attempted(request, at=msk(26, 13), answered=False)
    assert first.next_attempt_at == msk(26, 18)  # the citizen's window opens at 18:00
    second = anna.attempted(first, at=msk(26, 19, 30), answered=False)
    assert second.attempts == 2 and second.next_attempt_at is None  # two were allowed
    assert [o.request.attempts for o in anna.mine(msk(26, 20))] == [2]


def test_an_answered_call_back_schedules_nothing(database: Database) -> None:
    anna = inbox(database, ANNA)
    request = anna.claim(request_id(REQUESTS[0].number))
    assert anna.attempted(request, at=msk(26, 18, 5), answered=True).next_attempt_at is None
