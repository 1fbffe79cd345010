"""The desk's SIP engine with real remote parties: simulated callers in their own processes."""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain.states import RegistrationState
from app.telephony.model import CallState, Direction, DtmfReceived, EndReason, RegistrationChanged
from tests.peer import SipPeer, dominant_frequency
from tests.telephony.conftest import DESK_TONE_HZ, Desk, call_desk

StartDesk = Callable[..., Desk]
StartPeer = Callable[..., SipPeer]

QUEUE_HEADERS = {
    "X-Line": "international",
    "X-Language": "en",
    "X-Queue-Wait": "42",
    "X-Case": "HD-20261125-0001",
}


def _connected(desk: Desk, peer: SipPeer, **call: object) -> object:
    """The peer calls the desk, the operator answers; returns the desk's call id."""
    call_desk(peer, desk, **call)
    ringing = desk.log.call(CallState.RINGING)
    desk.engine.answer(ringing.id)
    desk.log.call(CallState.CONNECTED, id=ringing.id)
    peer.wait_event("state", state="CONFIRMED")
    return ringing.id


def _desk_heard(desk: Desk, path: Path) -> float:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(desk.audio.received())
    return dominant_frequency(path)


def test_incoming_call_carries_the_queue_context_and_is_answered(
    desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    desk, peer = desk_phone(), sip_peer()
    call_desk(
        peer, desk, display_name="Иван Петров", from_user="89123456789", headers=QUEUE_HEADERS
    )

    ringing = desk.log.call(CallState.RINGING)
    assert ringing.direction is Direction.INBOUND
    assert ringing.display_name == "Иван Петров"
    assert ringing.number == "+79123456789"
    assert ringing.context.line == "international"
    assert ringing.context.language == "en"
    assert ringing.context.queue_wait_seconds == 42
    assert ringing.context.case_number == "HD-20261125-0001"
    peer.wait_event("state", state="EARLY", code=180)

    desk.engine.answer(ringing.id)
    connected = desk.log.call(CallState.CONNECTED, id=ringing.id)
    assert connected.answered_at is not None
    peer.wait_event("state", state="CONFIRMED")

    peer.send({"cmd": "hangup"})
    ended = desk.log.call(CallState.ENDED, id=ringing.id)
    assert ended.end_reason is EndReason.COMPLETED
    assert desk.log.states(ringing.id) == [
        CallState.OFFERED,
        CallState.RINGING,
        CallState.CONNECTED,
        CallState.ENDED,
    ]
    assert desk.engine.calls() == []


def test_caller_who_hangs_up_before_the_answer_is_an_abandoned_call(
    desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    desk, peer = desk_phone(), sip_peer()
    call_desk(peer, desk)
    ringing = desk.log.call(CallState.RINGING)
    peer.wait_event("state", state="EARLY")

    peer.send({"cmd": "hangup"})

    ended = desk.log.call(CallState.ENDED, id=ringing.id)
    assert ended.end_reason is EndReason.ABANDONED
    assert ended.answered_at is None


@pytest.mark.parametrize("code", [486, 480])
def test_not_ready_rejects_at_once_without_ringing(
    desk_phone: StartDesk, sip_peer: StartPeer, code: int
) -> None:
    desk, peer = desk_phone(not_ready_code=code), sip_peer()
    desk.engine.set_available(False)
    call_desk(peer, desk)

    ended = desk.log.call(CallState.ENDED)
    assert ended.end_reason is EndReason.REJECTED
    assert CallState.RINGING not in desk.log.states(ended.id)
    peer.wait_event("state", state="DISCONNECTED", code=code)


def test_operator_declines_a_ringing_call(desk_phone: StartDesk, sip_peer: StartPeer) -> None:
    desk, peer = desk_phone(), sip_peer()
    call_desk(peer, desk)
    ringing = desk.log.call(CallState.RINGING)

    desk.engine.reject(ringing.id, 486)

    assert desk.log.call(CallState.ENDED, id=ringing.id).end_reason is EndReason.REJECTED
    peer.wait_event("state", state="DISCONNECTED", code=486)


def test_pbx_auto_answer_header_answers_without_the_operator(
    desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    desk, peer = desk_phone(), sip_peer()
    call_desk(peer, desk, headers={"Call-Info": "<sip:127.0.0.1>;answer-after=0"})

    connected = desk.log.call(CallState.CONNECTED)
    assert connected.auto_answer_after == 0.0
    peer.wait_event("state", state="CONFIRMED")


def test_auto_answer_setting(desk_phone: StartDesk, sip_peer: StartPeer) -> None:
    desk, peer = desk_phone(auto_answer_after=0.2), sip_peer()
    call_desk(peer, desk)
    desk.log.call(CallState.CONNECTED)
    peer.wait_event("state", state="CONFIRMED")


def test_second_call_waits_with_a_tone_or_gets_busy(
    desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    desk, first, second = desk_phone(), sip_peer(), sip_peer()
    first_id = _connected(desk, first)

    call_desk(second, desk)
    waiting = desk.log.call(CallState.RINGING, waiting=True)
    assert waiting.id != first_id
    second.wait_event("state", state="EARLY", code=180)

    # Answering the waiting call puts the first on hold.
    desk.engine.answer(waiting.id)
    desk.log.call(CallState.CONNECTED, id=waiting.id)
    desk.log.call(CallState.ON_HOLD, id=first_id)
    first.wait_event("media", hold="remote")


def test_without_call_waiting_a_second_call_is_busy(
    desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    desk, first, second = desk_phone(call_waiting=False), sip_peer(), sip_peer()
    _connected(desk, first)

    call_desk(second, desk)

    second.wait_event("state", state="DISCONNECTED", code=486)
    assert desk.log.call(CallState.ENDED, waiting=True).end_reason is EndReason.REJECTED


def test_hold_and_resume_are_seen_by_the_caller_and_timed(
    desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    desk, peer = desk_phone(), sip_peer()
    call_id = _connected(desk, peer)

    desk.engine.hold(call_id)
    desk.log.call(CallState.ON_HOLD, id=call_id)
    peer.wait_event("media", hold="remote")
    desk.engine.resume(call_id)
    peer.wait_event("media", hold="none", since=peer.mark() - 1)
    resumed = desk.log.wait(
        lambda e: (
            getattr(e, "call", None) is not None
            and e.call.id == call_id
            and e.old is CallState.ON_HOLD
        )
    ).call
    assert resumed.state is CallState.CONNECTED
    assert resumed.hold_seconds > 0


def test_remote_hold_is_shown(desk_phone: StartDesk, sip_peer: StartPeer) -> None:
    desk, peer = desk_phone(), sip_peer()
    call_id = _connected(desk, peer)

    peer.send({"cmd": "hold"})

    desk.log.call(CallState.CONNECTED, id=call_id, remote_hold=True)


def test_audio_flows_both_ways_through_the_headset_bridge(
    desk_phone: StartDesk, sip_peer: StartPeer, tmp_path: Path
) -> None:
    desk, peer = desk_phone(), sip_peer("--signal", "tone:440")
    _connected(desk, peer)
    peer.send({"cmd": "record", "path": str(tmp_path / "peer.wav")})
    peer.wait_rx_packets(60)
    peer.send({"cmd": "stop_record"})
    desk.audio.clear()
    peer.wait_rx_packets(40)  # the desk has had as long to hear the caller

    assert abs(dominant_frequency(tmp_path / "peer.wav") - DESK_TONE_HZ) <= 10
    assert abs(_desk_heard(desk, tmp_path / "desk.wav") - 440) <= 10


def test_mute_stops_the_microphone_reaching_the_caller(
    desk_phone: StartDesk, sip_peer: StartPeer, tmp_path: Path
) -> None:
    desk, peer = desk_phone(), sip_peer()
    call_id = _connected(desk, peer)

    desk.engine.mute(call_id, True)
    desk.log.call(CallState.CONNECTED, id=call_id, muted=True)
    peer.wait_rx_packets(10)  # let audio sent before the mute drain away
    peer.send({"cmd": "record", "path": str(tmp_path / "muted.wav")})
    peer.wait_rx_packets(40)
    peer.send({"cmd": "stop_record"})

    assert dominant_frequency(tmp_path / "muted.wav") == 0.0


def test_dtmf_both_ways(desk_phone: StartDesk, sip_peer: StartPeer) -> None:
    desk, peer = desk_phone(), sip_peer()
    call_id = _connected(desk, peer)

    desk.engine.send_dtmf(call_id, "159#")
    digits = [peer.wait_event("dtmf")["digit"] for _ in range(4)]
    assert digits == ["1", "5", "9", "#"]

    peer.send({"cmd": "dtmf", "digits": "42"})
    got = [desk.log.wait(lambda e, d=d: isinstance(e, DtmfReceived) and e.digit == d) for d in "42"]
    assert all(event.call_id == call_id for event in got)


def test_outgoing_call_to_a_citizen(desk_phone: StartDesk, sip_peer: StartPeer) -> None:
    desk, citizen = desk_phone(), sip_peer("--auto-answer")

    call_id = desk.engine.dial(f"peer@127.0.0.1:{citizen.sip_port}")
    assert call_id is not None

    connected = desk.log.call(CallState.CONNECTED, id=call_id)
    assert connected.direction is Direction.OUTBOUND
    citizen.wait_event("incoming")
    desk.engine.hangup(call_id)
    assert desk.log.call(CallState.ENDED, id=call_id).end_reason is EndReason.COMPLETED


def test_outgoing_call_nobody_answers(desk_phone: StartDesk, sip_peer: StartPeer) -> None:
    desk, citizen = desk_phone(), sip_peer()

    call_id = desk.engine.dial(f"peer@127.0.0.1:{citizen.sip_port}")
    desk.log.call(CallState.RINGING, id=call_id)
    desk.engine.hangup(call_id)

    assert desk.log.call(CallState.ENDED, id=call_id).end_reason is EndReason.NO_ANSWER


def test_a_number_without_a_pbx_cannot_be_dialled(desk_phone: StartDesk) -> None:
    desk = desk_phone()
    assert desk.engine.dial("+7 916 123-45-67") is None


def test_blind_transfer_to_a_department(desk_phone: StartDesk, sip_peer: StartPeer) -> None:
    desk, caller, department = desk_phone(), sip_peer(), sip_peer("--auto-answer")
    call_id = _connected(desk, caller)

    assert desk.engine.transfer(call_id, f"dept@127.0.0.1:{department.sip_port}")

    desk.log.call(CallState.TRANSFERRING, id=call_id)
    department.wait_event("incoming")
    ended = desk.log.call(CallState.ENDED, id=call_id)
    assert ended.end_reason is EndReason.TRANSFERRED
    assert ended.transfer_target.endswith(f"@127.0.0.1:{department.sip_port}")


def test_attended_transfer_after_talking_to_the_department(
    desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    desk, caller, department = desk_phone(), sip_peer(), sip_peer("--auto-answer")
    call_id = _connected(desk, caller)

    consult_id = desk.engine.dial(f"dept@127.0.0.1:{department.sip_port}")
    desk.log.call(CallState.ON_HOLD, id=call_id)
    desk.log.call(CallState.CONNECTED, id=consult_id)
    desk.engine.complete_transfer(call_id, consult_id)

    ended = desk.log.call(CallState.ENDED, id=call_id)
    assert ended.end_reason is EndReason.TRANSFERRED
    desk.log.call(CallState.ENDED, id=consult_id)


def test_direct_mode_reports_direct_registration(desk_phone: StartDesk) -> None:
    desk = desk_phone()
    change = desk.log.wait(lambda e: isinstance(e, RegistrationChanged))
    assert change.state is RegistrationState.DIRECT


def test_tls_transport_starts_for_a_pbx_that_needs_it(desk_phone: StartDesk) -> None:
    from app.settings import SipTransport

    desk = desk_phone(transport=SipTransport.TLS)
    assert desk.engine.running


def test_a_taken_port_is_a_clear_start_failure() -> None:
    import socket

    from app.telephony.config import EngineConfig
    from app.telephony.engine import SipEngine
    from app.telephony.model import EngineError, EngineFailed
    from tests.peer import free_port

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as squatter:
        squatter.bind(("127.0.0.1", 0))  # another softphone on the desk's port
        port = squatter.getsockname()[1]
        engine = SipEngine(EngineConfig(port=port, rtp_port=free_port()))
        outcome = engine.start()
    assert isinstance(outcome, EngineFailed)
    assert outcome.error is EngineError.PORT_IN_USE, outcome
    assert engine.stop()  # the thread has ended by itself
    assert not engine.running


def test_only_one_engine_runs_in_a_process(desk_phone: StartDesk) -> None:
    """pjsua2's Endpoint is a per-process singleton: a second libCreate aborts the process."""
    from app.telephony.config import EngineConfig
    from app.telephony.engine import SipEngine
    from app.telephony.model import EngineFailed
    from tests.peer import free_port

    desk_phone()
    second = SipEngine(EngineConfig(port=free_port(), rtp_port=free_port()))
    outcome = second.start()
    assert isinstance(outcome, EngineFailed)
    assert "already" in outcome.detail
