"""The parts of telephony that need no SIP stack: parsing what callers send, the flood
guard, back-off, call states and the engine's configuration."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.settings import Options, Settings, SipMode
from app.telephony.config import EngineConfig
from app.telephony.guard import CallRateGuard
from app.telephony.model import CallSnapshot, CallState, Direction, InvalidTransition
from app.telephony.sipmsg import (
    auto_answer_delay,
    normalise_number,
    parse_headers,
    pbx_context,
    split_remote,
)

INVITE = (
    "INVITE sip:desk@127.0.0.1:5070 SIP/2.0\r\n"
    'f: "Иван Петров" <sip:89123456789@pbx>;tag=1\r\n'
    "X-Line: international\r\n"
    "X-Language: EN\r\n"
    "X-Queue-Wait: 42\r\n"
    "X-Case: HD-20261125-0001\r\n"
    "Call-Info: <sip:pbx>;answer-after=3\r\n"
    "Subject: a folded\r\n  header\r\n"
    "\r\n"
    "v=0\r\nX-Line: domestic\r\n"
)


def test_headers_and_queue_context_are_read_from_an_invite() -> None:
    headers = parse_headers(INVITE)
    assert headers["from"].startswith('"Иван Петров"')  # the compact form "f" understood
    assert headers["subject"] == "a folded header"
    context = pbx_context(headers)
    assert (context.line, context.language, context.queue_wait_seconds) == (
        "international",
        "en",
        42,
    )
    assert context.case_number == "HD-20261125-0001"
    assert auto_answer_delay(headers) == 3.0  # and the body's "X-Line" is not a header


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"x-line": "moon", "x-queue-wait": "-5", "x-language": "zz"}, (None, None, None)),
        ({"x-queue-wait": "9999999"}, (None, None, None)),
        ({"x-case": "'; DROP TABLE tickets; --"}, (None, None, None)),
    ],
)
def test_junk_in_pbx_headers_is_ignored(
    headers: dict[str, str], expected: tuple[None, None, None]
) -> None:
    context = pbx_context(headers)
    assert (context.line, context.language, context.queue_wait_seconds) == expected
    assert context.case_number is None


def test_alert_info_auto_answer() -> None:
    assert auto_answer_delay({"alert-info": "<http://x>;info=alert-autoanswer"}) == 0.0
    assert auto_answer_delay({"alert-info": "<http://x>;info=ring1"}) is None


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ('"Иван Петров" <sip:89123456789@pbx>', ("Иван Петров", "89123456789")),
        ("Anna <sip:1001@pbx;transport=tcp>", ("Anna", "1001")),
        ("<tel:+74951234567>", ("", "+74951234567")),
        ("sip:anon@host", ("", "anon")),
        ("", ("", "")),
    ],
)
def test_split_remote(remote: str, expected: tuple[str, str]) -> None:
    assert split_remote(remote) == expected


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("89123456789", "+79123456789"),
        ("79123456789", "+79123456789"),
        ("+7 (912) 345-67-89", "+79123456789"),
        ("+441632960961", "+441632960961"),
        ("1001", "1001"),
        ("operator", "operator"),
    ],
)
def test_caller_numbers_become_e164(user: str, expected: str) -> None:
    assert normalise_number(user) == expected


@given(st.text(max_size=2000))
def test_parsing_never_raises_on_hostile_text(text: str) -> None:
    headers = parse_headers(text)
    pbx_context(headers)
    auto_answer_delay(headers)
    split_remote(text)
    normalise_number(text)


def test_flood_guard_holds_a_burst_and_lets_go_after_the_window() -> None:
    guard = CallRateGuard(window=0.6, limit=8)
    for n in range(8):
        assert not guard.saturated(n * 0.01)
        guard.record(n * 0.01)
    assert guard.saturated(0.08)
    assert 0.5 < guard.wait_time(0.08) <= 0.6
    assert not guard.saturated(0.61)  # the oldest call left the window


def _snapshot(state: CallState) -> CallSnapshot:
    return CallSnapshot(
        id=uuid.uuid4(),
        direction=Direction.INBOUND,
        state=state,
        remote_uri="",
        display_name="",
        number="",
        offered_at=datetime(2026, 11, 25, tzinfo=UTC),
    )


def test_call_states_refuse_impossible_transitions() -> None:
    ringing = _snapshot(CallState.RINGING)
    assert ringing.with_state(CallState.CONNECTED).state is CallState.CONNECTED
    with pytest.raises(InvalidTransition):
        ringing.with_state(CallState.ON_HOLD)
    with pytest.raises(InvalidTransition):
        _snapshot(CallState.ENDED).with_state(CallState.CONNECTED)


def test_engine_config_from_settings_and_dialling(tmp_path: object) -> None:
    settings = Settings.load(tmp_path / "s.json")  # type: ignore[operator]
    settings.set(Options.SIP_MODE, SipMode.REGISTRAR)
    settings.set(Options.SIP_REGISTRAR, "pbx.hotline.test:5060")
    settings.set(Options.SIP_USERNAME, "1001")
    settings.set(Options.SIP_NOT_READY_CODE, 480)
    settings.set(Options.SIP_AUTO_ANSWER_SECONDS, 2)
    config = EngineConfig.from_settings(settings, "pw")
    assert config.not_ready_code == 480
    assert config.auto_answer_after == 2.0
    assert config.identity() == "sip:1001@pbx.hotline.test:5060"
    assert config.dial_uri("+7 916 123-45-67") == "sip:+79161234567@pbx.hotline.test:5060"
    assert config.dial_uri("2001") == "sip:2001@pbx.hotline.test:5060"
    assert config.dial_uri("sip:x@y") == "sip:x@y"
    assert config.dial_uri("  ") is None
    direct = EngineConfig()
    assert direct.dial_uri("2001") is None  # no PBX to route a number through
    assert direct.dial_uri("citizen@10.0.0.5:5060") == "sip:citizen@10.0.0.5:5060"
