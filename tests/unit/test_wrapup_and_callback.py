"""After-call work gates Ready until a wrap-up code is chosen; a caller calling back within
the window, or with the ticket number in X-Case, brings up the earlier ticket."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.tickets.callback import EarlierCall, recognise
from app.tickets.numbers import format_number
from app.tickets.wrapup import WrapUp, WrapUpGate

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
TICKET = format_number(42, 1337)


def test_ready_waits_for_a_wrap_up_code() -> None:
    gate = WrapUpGate()
    call = uuid.uuid4()
    gate.call_ended(call, now=100.0)
    assert not gate.may_go_ready

    took = gate.choose(call, WrapUp.TICKET_CREATED, now=142.5)

    assert took == pytest.approx(42.5)
    assert gate.may_go_ready


def test_two_ended_calls_both_need_their_code() -> None:
    gate = WrapUpGate()
    first, second = uuid.uuid4(), uuid.uuid4()
    gate.call_ended(first, 1.0)
    gate.call_ended(second, 2.0)
    gate.choose(first, WrapUp.SOLVED_ON_CALL, 3.0)
    assert not gate.may_go_ready
    assert [w.call_id for w in gate.pending] == [second]
    with pytest.raises(LookupError):
        gate.choose(first, WrapUp.ABUSIVE, 4.0)


def earlier(minutes_ago: float, number: str = TICKET) -> EarlierCall:
    return EarlierCall(uuid.uuid4(), NOW - timedelta(minutes=minutes_ago), uuid.uuid4(), number)


def test_a_call_back_within_the_window_offers_the_latest_ticket() -> None:
    older, latest = earlier(25, format_number(42, 1)), earlier(4)
    found = recognise(None, [older, latest], NOW)
    assert found is not None
    assert (found.reason, found.ticket_number, found.minutes_ago) == ("recent_call", TICKET, 4)


def test_outside_the_window_it_is_a_new_call() -> None:
    assert recognise(None, [earlier(31)], NOW) is None
    assert recognise(None, [earlier(31)], NOW, window_minutes=60) is not None


def test_the_pbx_case_header_wins_and_is_read_with_any_separators() -> None:
    case = TICKET.replace("-", " ")
    found = recognise(case, [earlier(200), earlier(5, format_number(42, 2))], NOW)
    assert found is not None
    assert (found.reason, found.ticket_number) == ("case_header", TICKET)


def test_a_garbled_case_header_is_ignored() -> None:
    found = recognise("042-001337-0", [earlier(3)], NOW)  # wrong check digit
    assert found is not None and found.reason == "recent_call"


def test_the_ticket_number_sms_is_in_the_callers_language_and_fits_one_part() -> None:
    from app.tickets.notify import can_text, number_sms

    russian = number_sms("042-001337-4", "ru")
    assert "042-001337-4" in russian and len(russian) <= 70
    assert number_sms("042-001337-4", "en").startswith("Your ticket number")
    assert can_text("+79161234567")
    assert not can_text("+74951234567")  # a Moscow landline takes no SMS
    assert not can_text("sip:caller@example.org")
