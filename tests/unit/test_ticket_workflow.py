"""The ticket workflow: allowed moves only, reopening from resolved or closed, escalation
logged as such, and a deadline that stops while the ticket waits for the citizen."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.tickets.workflow import (
    COMPLAINT_REVIEW_DAYS,
    DEFAULT_REVIEW_DAYS,
    TRANSITIONS,
    EventKind,
    Pause,
    TicketStatus,
    TransitionError,
    check_transition,
    due_at,
    is_overdue,
)

S = TicketStatus
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_the_usual_path_from_new_to_closed() -> None:
    path = [S.NEW, S.IN_PROGRESS, S.ESCALATED, S.WAITING, S.IN_PROGRESS, S.RESOLVED, S.CLOSED]
    kinds = [check_transition(a, b) for a, b in itertools.pairwise(path)]
    assert kinds == [
        EventKind.STATUS_CHANGED,
        EventKind.ESCALATED,
        EventKind.STATUS_CHANGED,
        EventKind.STATUS_CHANGED,
        EventKind.STATUS_CHANGED,
        EventKind.STATUS_CHANGED,
    ]


def test_solved_on_the_call_goes_straight_to_resolved() -> None:
    assert check_transition(S.NEW, S.RESOLVED) is EventKind.STATUS_CHANGED


@pytest.mark.parametrize("done", [S.RESOLVED, S.CLOSED])
def test_a_finished_ticket_is_reopened_into_progress_only(done: TicketStatus) -> None:
    assert check_transition(done, S.IN_PROGRESS) is EventKind.REOPENED
    with pytest.raises(TransitionError):
        check_transition(done, S.ESCALATED)


@pytest.mark.parametrize(
    ("old", "new"),
    [(S.CLOSED, S.RESOLVED), (S.NEW, S.CLOSED), (S.NEW, S.NEW), (S.WAITING, S.CLOSED)],
)
def test_moves_the_workflow_does_not_have_are_refused(old: TicketStatus, new: TicketStatus) -> None:
    with pytest.raises(TransitionError) as refused:
        check_transition(old, new)
    assert (refused.value.old, refused.value.new) == (old, new)


@given(st.sampled_from(list(S)), st.sampled_from(list(S)))
def test_every_pair_is_either_allowed_or_refused_never_anything_else(
    old: TicketStatus, new: TicketStatus
) -> None:
    if new in TRANSITIONS[old]:
        assert isinstance(check_transition(old, new), EventKind)
    else:
        with pytest.raises(TransitionError):
            check_transition(old, new)


def test_a_complaint_is_due_in_thirty_days_and_waiting_stops_the_clock() -> None:
    pause = Pause(T0 + timedelta(days=3), T0 + timedelta(days=10))  # a week waiting for papers
    due = due_at(T0, COMPLAINT_REVIEW_DAYS, [pause], now=T0 + timedelta(days=20))
    assert due == T0 + timedelta(days=37)


def test_a_ticket_still_waiting_keeps_moving_its_deadline() -> None:
    now = T0 + timedelta(days=9)
    due = due_at(T0, 5, [Pause(T0 + timedelta(days=1))], now=now)
    assert due == T0 + timedelta(days=13)  # 5 days + 8 days waited so far


def test_without_a_category_deadline_the_default_applies() -> None:
    assert due_at(T0, None, [], now=T0) == T0 + timedelta(days=DEFAULT_REVIEW_DAYS)


def test_overdue_only_when_open_not_waiting_and_past_due() -> None:
    late = T0 + timedelta(days=6)
    assert is_overdue(S.IN_PROGRESS, T0, 5, [], late)
    assert not is_overdue(S.IN_PROGRESS, T0, 5, [], T0 + timedelta(days=4))
    assert not is_overdue(S.WAITING, T0, 5, [], late)
    assert not is_overdue(S.RESOLVED, T0, 5, [], late)
