"""The desk against real SIP network peers: SIPp scenarios, malformed datagrams, Kamailio."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.domain.states import RegistrationState
from app.settings import SipMode, SipTransport
from app.telephony.model import CallChanged, CallState, EndReason, RegistrationChanged
from tests.peer import SipPeer, free_port
from tests.sip.fixtures import (
    Kamailio,
    malformed_datagrams,
    run_sipp,
    send_udp,
    sip_options,
)
from tests.telephony.conftest import Desk

StartDesk = Callable[..., Desk]
StartPeer = Callable[..., SipPeer]
pytestmark = pytest.mark.service


def _target(desk: Desk) -> str:
    return f"127.0.0.1:{desk.port}"


def test_sipp_call_and_bye(desk_phone: StartDesk) -> None:
    desk = desk_phone(auto_answer_after=0.0)
    result = run_sipp(
        "call_and_bye.xml", _target(desk), service="desk", variables={"pause_ms": 300}
    )
    assert result.returncode == 0, result.describe()
    assert desk.log.call(CallState.ENDED).end_reason is EndReason.COMPLETED


def test_sipp_caller_cancels_before_the_answer(desk_phone: StartDesk) -> None:
    desk = desk_phone()
    result = run_sipp("cancel_before_answer.xml", _target(desk), service="desk")
    assert result.returncode == 0, result.describe()
    assert desk.log.call(CallState.ENDED).end_reason is EndReason.ABANDONED


def test_sipp_remote_hold_reinvite(desk_phone: StartDesk) -> None:
    desk = desk_phone(auto_answer_after=0.0)
    result = run_sipp("remote_hold.xml", _target(desk), service="desk")
    assert result.returncode == 0, result.describe()
    desk.log.call(CallState.CONNECTED, remote_hold=True)


def test_sipp_cyrillic_caller_and_queue_headers(desk_phone: StartDesk) -> None:
    desk = desk_phone(auto_answer_after=0.0)
    result = run_sipp("headers_cyrillic.xml", _target(desk), service="desk")
    assert result.returncode == 0, result.describe()
    call = desk.log.call(CallState.CONNECTED)
    assert call.display_name == "Иван Петров"
    assert call.context.line == "international"
    assert call.context.language == "en"
    assert call.context.queue_wait_seconds == 42
    assert call.context.case_number == "HD-20261125-0001"


def test_sipp_auto_answer_header(desk_phone: StartDesk) -> None:
    desk = desk_phone()  # no auto-answer setting: the header alone asks for it
    result = run_sipp("auto_answer.xml", _target(desk), service="desk")
    assert result.returncode == 0, result.describe()


@pytest.mark.parametrize("operator", ["not_ready", "on_a_call"])
def test_a_burst_of_invites_while_busy_gets_answers_and_the_desk_survives(
    desk_phone: StartDesk, sip_peer: StartPeer, operator: str
) -> None:
    desk = desk_phone(call_waiting=False)
    if operator == "not_ready":
        desk.engine.set_available(False)
    else:
        caller = sip_peer()
        caller.send({"cmd": "call", "uri": desk.uri})
        ringing = desk.log.call(CallState.RINGING)
        desk.engine.answer(ringing.id)
        desk.log.call(CallState.CONNECTED, id=ringing.id)
    result = run_sipp(
        "busy_burst.xml",
        _target(desk),
        service="desk",
        calls=60,
        extra_args=("-r", "200", "-l", "60"),
        timeout=60,
    )
    assert desk.engine.running
    assert sip_options("127.0.0.1", desk.port, timeout=2.0) == 200
    assert result.count("GenericCounter2") > 0, result.describe()  # 486 Busy Here
    ended = [e for e in desk.log.events if isinstance(e, CallChanged) and not e.call.is_live]
    assert ended and all(e.call.end_reason is EndReason.REJECTED for e in ended)
    if operator == "on_a_call":  # and the call in progress went on
        states = {c.id: c.state for c in desk.engine.calls()}
        assert states[ringing.id] is CallState.CONNECTED
    assert desk.engine.guard.pauses >= 1  # the flood guard held the burst back


@pytest.mark.parametrize("operator", ["ready", "not_ready", "on_a_call"])
def test_malformed_sip_changes_nothing_and_the_desk_keeps_answering(
    desk_phone: StartDesk, sip_peer: StartPeer, operator: str
) -> None:
    desk = desk_phone()
    if operator == "not_ready":
        desk.engine.set_available(False)
    if operator == "on_a_call":
        caller = sip_peer()
        caller.send({"cmd": "call", "uri": desk.uri})
        ringing = desk.log.call(CallState.RINGING)
        desk.engine.answer(ringing.id)
        desk.log.call(CallState.CONNECTED, id=ringing.id)
    local = free_port()
    for name, datagram in malformed_datagrams("127.0.0.1", desk.port, local_port=local).items():
        send_udp("127.0.0.1", desk.port, datagram, local_port=local)
        assert sip_options("127.0.0.1", desk.port, timeout=2.0) == 200, f"after {name}"
    assert desk.engine.running
    if operator == "on_a_call":  # the call in progress was never disturbed
        states = {c.id: c.state for c in desk.engine.calls()}
        assert states[ringing.id] is CallState.CONNECTED


# -------------------------------------------------------------------------- Kamailio
def _registrar_desk(
    desk_phone: StartDesk, kamailio: Kamailio, password: str, **extra: object
) -> Desk:
    return desk_phone(
        **extra,
        mode=SipMode.REGISTRAR,
        registrar=f"127.0.0.1:{kamailio.port}",
        username="1001",
        password=password,
        registration_expiry=4,
        retry_base_seconds=0.3,
        retry_max_seconds=1.0,
    )


def _registration(desk: Desk, state: RegistrationState, since: int = 0) -> RegistrationChanged:
    return desk.log.wait(
        lambda e: isinstance(e, RegistrationChanged) and e.state is state,
        timeout=15,
        since=since,
    )


def test_registers_with_digest_auth(desk_phone: StartDesk, kamailio: Kamailio) -> None:
    kamailio.add_user("1001", "верный-пароль-1001")
    desk = _registrar_desk(desk_phone, kamailio, "верный-пароль-1001")

    assert _registration(desk, RegistrationState.REGISTERED).code == 200
    assert kamailio.registered("1001")


def test_wrong_password_is_a_clear_registration_error(
    desk_phone: StartDesk, kamailio: Kamailio
) -> None:
    kamailio.add_user("1001", "right")
    desk = _registrar_desk(desk_phone, kamailio, "wrong")

    failed = _registration(desk, RegistrationState.FAILED)
    assert failed.code in (401, 403)
    assert failed.retry_in is not None and failed.retry_in > 0
    assert not kamailio.registered("1001")


def test_registers_again_by_itself_after_the_registrar_restarts(
    desk_phone: StartDesk, kamailio: Kamailio
) -> None:
    """Over TCP the lost registrar is noticed at once (over UDP only when a REGISTER times
    out, after pjsip's 32 s transaction timer)."""
    kamailio.add_user("1001", "pw-1001")
    desk = _registrar_desk(desk_phone, kamailio, "pw-1001", transport=SipTransport.TCP)
    _registration(desk, RegistrationState.REGISTERED)

    kamailio.stop()
    mark = len(desk.log.events)
    _registration(desk, RegistrationState.FAILED, since=mark)
    kamailio.start()
    mark = len(desk.log.events)
    _registration(desk, RegistrationState.REGISTERED, since=mark)
    assert kamailio.registered("1001")


def test_a_caller_reaches_the_desk_through_the_proxy(
    desk_phone: StartDesk, kamailio: Kamailio
) -> None:
    kamailio.add_user("1001", "pw-1001")
    desk = _registrar_desk(desk_phone, kamailio, "pw-1001", auto_answer_after=0.0)
    _registration(desk, RegistrationState.REGISTERED)

    result = run_sipp(
        "through_proxy.xml",
        f"127.0.0.1:{kamailio.port}",
        service="1001",
        variables={"pause_ms": 300},
    )

    assert result.returncode == 0, f"{result.describe()}\n{desk.log.events}"
    assert desk.log.call(CallState.ENDED).end_reason is EndReason.COMPLETED


def test_a_network_change_registers_again(desk_phone: StartDesk, kamailio: Kamailio) -> None:
    kamailio.add_user("1001", "pw-1001")
    desk = _registrar_desk(desk_phone, kamailio, "pw-1001")
    _registration(desk, RegistrationState.REGISTERED)
    mark = len(desk.log.events)

    desk.engine.network_changed()  # what ui/network_watch.py calls when Qt reports a change

    assert _registration(desk, RegistrationState.REGISTERED, since=mark).code == 200
    assert kamailio.registered("1001")
