"""The SIP test infrastructure itself: Kamailio as registrar and proxy, SIPp, raw datagrams.

Each test starts real services on 127.0.0.1 (see tests/sip/fixtures.py) and waits on
conditions with deadlines.
"""

from __future__ import annotations

import time

import pytest

from tests.services import wait_until
from tests.sip.fixtures import (
    MALFORMED,
    SCENARIOS,
    Kamailio,
    SippProcess,
    free_sip_port,
    malformed_datagrams,
    run_sipp,
    send_udp,
    sip_invite_status,
    sip_options,
    start_sipp,
)

# Cyrillic, a space and a colon: the colon must be escaped in the db_text users file.
PASSWORD = "Пароль: верный 1"


def register(
    server: Kamailio,
    user: str,
    password: str,
    *,
    local_port: int | None = None,
    **variables: str | int,
) -> tuple[int, str]:
    """REGISTER ``user`` with SIPp (register.xml); SIPp's exit code and its error trace."""
    result = run_sipp(
        "register",
        server.address,
        service=user,
        password=password,
        local_port=local_port,
        variables=variables,
        timeout=10,
    )
    return result.returncode, result.errors


def test_kamailio_answers_options(kamailio: Kamailio) -> None:
    assert kamailio.host == kamailio.domain == "127.0.0.1"
    assert kamailio.uri == f"sip:127.0.0.1:{kamailio.port}"
    assert sip_options(kamailio.host, kamailio.port) == 200


def test_register_needs_the_right_password(kamailio: Kamailio) -> None:
    kamailio.add_user("1001", PASSWORD)  # while running: reloads the htable

    code, errors = register(kamailio, "1001", "wrong password")
    assert code == 1
    assert "SIP/2.0 403" in errors
    assert not kamailio.registered("1001")

    code, errors = register(kamailio, "1001", PASSWORD, expires=60)
    assert code == 0, errors
    assert kamailio.registered("1001")


def test_unknown_user_cannot_register(kamailio: Kamailio) -> None:
    code, errors = register(kamailio, "2002", PASSWORD)
    assert code == 1
    assert "SIP/2.0 403" in errors


def test_registered_follows_register_and_unregister(kamailio: Kamailio) -> None:
    kamailio.add_user("1002", "secret")
    assert not kamailio.registered("1002")

    port = free_sip_port()  # the contact is SIPp's own address: the same both times
    code, errors = register(kamailio, "1002", "secret", local_port=port, expires=60)
    assert code == 0, errors
    assert kamailio.contacts("1002") == [f"sip:1002@127.0.0.1:{port};transport=UDP"]

    code, errors = register(kamailio, "1002", "secret", local_port=port, expires=0)
    assert code == 0, errors
    assert not kamailio.registered("1002")


def test_stop_and_start_again_on_the_same_port(kamailio: Kamailio) -> None:
    kamailio.add_user("1003", "secret")
    code, errors = register(kamailio, "1003", "secret")
    assert code == 0, errors
    port = kamailio.port

    kamailio.stop()
    assert not kamailio.running
    assert sip_options(kamailio.host, port) is None

    kamailio.add_user("1004", "other")  # while stopped: only the users file changes
    kamailio.start()
    assert kamailio.port == port
    assert sip_options(kamailio.host, port) == 200
    # Locations live in memory: a user agent must register again after a restart.
    assert not kamailio.registered("1003")
    for user, password in (("1003", "secret"), ("1004", "other")):
        code, errors = register(kamailio, user, password)
        assert code == 0, errors
    assert "--- start on port" in kamailio.log_text()


def test_invite_to_unknown_or_unregistered_user_gets_404(kamailio: Kamailio) -> None:
    kamailio.add_user("1005", "secret")
    assert sip_invite_status(kamailio.host, kamailio.port, "nobody") == 404
    assert sip_invite_status(kamailio.host, kamailio.port, "1005") == 404


def test_call_through_the_proxy_follows_the_route_set(kamailio: Kamailio) -> None:
    """SIPp caller -> Kamailio -> SIPp callee registered as 1006; ACK and BYE via the proxy."""
    kamailio.add_user("1006", "secret")
    with start_sipp("uas_answer", calls=1, timeout=20) as callee:
        callee.wait_listening()
        code, errors = register(kamailio, "1006", "secret", contact=callee.address)
        assert code == 0, errors
        assert kamailio.contacts("1006") == [f"sip:1006@{callee.address};transport=UDP"]

        call = run_sipp(
            "through_proxy",
            kamailio.address,
            service="1006",
            variables={"pause_ms": 100},
            timeout=15,
        )
        assert call.returncode == 0, call.describe()
        assert call.successful_calls == 1
        assert "Record-Route: <sip:127.0.0.1:" in call.messages
        answered = callee.wait(timeout=15)
        assert answered.returncode == 0, answered.describe()


def test_kamailio_survives_malformed_datagrams(kamailio: Kamailio) -> None:
    local_port = free_sip_port()
    datagrams = malformed_datagrams(kamailio.host, kamailio.port, local_port=local_port)
    for name, payload in datagrams.items():
        send_udp(kamailio.host, kamailio.port, payload, local_port=local_port)
        assert sip_options(kamailio.host, kamailio.port, timeout=2) == 200, name


def test_malformed_datagrams_are_what_they_claim() -> None:
    datagrams = malformed_datagrams("127.0.0.1", 5060, local_port=5062, service="1001")
    assert set(datagrams) == {path.stem for path in MALFORMED.glob("*.txt")}
    assert {
        "truncated_invite",
        "garbage",
        "sdp_without_content_type",
        "huge_header",
        "missing_call_id",
        "bad_cseq",
        "negative_content_length",
    } <= set(datagrams)

    no_type = datagrams["sdp_without_content_type"]
    head, _, body = no_type.partition(b"\r\n\r\n")
    assert b"\r\ncontent-type:" not in head.lower()
    assert b"\r\nc:" not in head.lower()  # nor its compact form
    assert b"\r\nX-Extra: 1\r\n" in head
    assert f"Content-Length: {len(body)}\r\n".encode() in head + b"\r\n"
    assert body.startswith(b"v=0\r\n")

    assert b"\r\ncall-id:" not in datagrams["missing_call_id"].lower()
    assert b"\r\ni:" not in datagrams["missing_call_id"].lower()  # nor its compact form
    assert b"\r\nCSeq: abc INVITE\r\n" in datagrams["bad_cseq"]
    assert b"\r\nContent-Length: -1\r\n" in datagrams["negative_content_length"]
    assert b"\r\n\r\n" not in datagrams["truncated_invite"]
    assert len(datagrams["huge_header"]) > 8000
    assert datagrams["garbage"].startswith(b"\x00\xff")
    for name in datagrams.keys() - {"garbage"}:
        assert b"sip:1001@127.0.0.1:5060" in datagrams[name], name


def test_call_and_bye_against_sipp_uas(sipp_uas: SippProcess) -> None:
    result = run_sipp("call_and_bye", sipp_uas.address, variables={"pause_ms": 100}, timeout=15)
    assert result.returncode == 0, result.describe()
    assert result.successful_calls == 1
    assert result.failed_calls == 0


@pytest.mark.parametrize("scenario", ["headers_cyrillic", "auto_answer", "busy_burst"])
def test_more_scenarios_against_sipp_uas(sipp_uas: SippProcess, scenario: str) -> None:
    result = run_sipp(scenario, sipp_uas.address, calls=3, variables={"pause_ms": 100}, timeout=15)
    assert result.returncode == 0, result.describe()
    assert result.successful_calls == 3
    if scenario == "headers_cyrillic":
        assert 'From: "Иван Петров" <sip:+79161234567@' in result.messages
        assert "\nX-Queue-Wait: 42\n" in result.messages  # the trace drops the CRs
    if scenario == "busy_burst":
        assert result.count("GenericCounter1") == 3  # SIPp's uas answers every call


def test_sipp_run_is_bounded_in_time() -> None:
    """A callee that never answers: SIPp gives up at its timeout and reports the failure."""
    silent_port = free_sip_port()  # nothing listens there
    started = time.monotonic()
    result = run_sipp("call_and_bye", f"127.0.0.1:{silent_port}", timeout=2)
    assert time.monotonic() - started < 8
    assert result.returncode == 255  # SIPp's fatal-error code, used for -timeout_error
    assert result.successful_calls == 0


def test_every_scenario_is_documented() -> None:
    for path in SCENARIOS.glob("*.xml"):
        text = path.read_text(encoding="utf-8")
        assert text.lstrip().startswith('<?xml version="1.0" encoding="UTF-8" ?>\n<!--'), path
        assert f"{path.name}:" in text.split("-->", 1)[0], path


def test_wait_helpers_see_a_registration_appear(kamailio: Kamailio) -> None:
    """registered() is a cheap predicate for wait_until, as the app's tests will use it."""
    kamailio.add_user("1007", "secret")
    with start_sipp(
        "register", kamailio.address, service="1007", password="secret", calls=1, timeout=10
    ) as registrar:
        wait_until(lambda: kamailio.registered("1007"), 10, "1007 to register")
        assert registrar.wait(timeout=10).returncode == 0
