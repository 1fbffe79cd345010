"""Every call becomes a call record, written by the core; the screen pop finds earlier calls."""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.db.database import Database
from app.db.models import CallDirection, CallRecord
from app.db.types import reference_id
from app.services.calls import CallLog
from app.telephony.model import CallState
from app.telephony.recorder import CallRecorder
from app.telephony.screenpop import CallerHistory, ScreenPop
from tests.peer import SipPeer
from tests.services import wait_until
from tests.telephony.conftest import Desk, call_desk

StartDesk = Callable[..., Desk]
StartPeer = Callable[..., SipPeer]


def _record(database: Database, call_id: object) -> CallRecord | None:
    return database.read(lambda s: s.get(CallRecord, call_id))


def test_answered_call_record_has_the_queue_context_and_times(
    database: Database, desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    desk, peer = desk_phone(), sip_peer()
    desk.engine.subscribe(CallRecorder(database).on_event)
    call_desk(
        peer,
        desk,
        display_name="Мария Соколова",
        from_user="89161234567",
        headers={"X-Line": "domestic", "X-Language": "ru", "X-Queue-Wait": "15", "X-Case": "HD-7"},
    )
    ringing = desk.log.call(CallState.RINGING)
    desk.engine.answer(ringing.id)
    desk.log.call(CallState.CONNECTED, id=ringing.id)
    peer.send({"cmd": "hangup"})
    desk.log.call(CallState.ENDED, id=ringing.id)

    record = wait_until(
        lambda: (r := _record(database, ringing.id)) and r.ended_at and r, 5, "the call record"
    )
    assert record.direction is CallDirection.INBOUND
    assert record.caller_number == "+79161234567"
    assert record.display_name == "Мария Соколова"
    assert record.line_id == reference_id("line", "domestic")
    assert record.language == "ru"
    assert record.queue_wait_seconds == 15
    assert record.case_number == "HD-7"
    assert record.answered_at is not None and record.ended_at >= record.answered_at
    assert record.talk_seconds is not None and record.talk_seconds >= 0
    assert record.end_reason == "completed"
    assert record.mos_min is None and record.loss_pct is None  # too short to be measured


def test_abandoned_and_rejected_calls_are_recorded_too(
    database: Database, desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    desk, peer = desk_phone(), sip_peer()
    desk.engine.subscribe(CallRecorder(database).on_event)
    call_desk(peer, desk)
    first = desk.log.call(CallState.RINGING)
    peer.send({"cmd": "hangup"})
    desk.log.call(CallState.ENDED, id=first.id)
    desk.engine.set_available(False)
    peer.wait_event("state", state="DISCONNECTED")
    call_desk(peer, desk)
    second = desk.log.call(CallState.ENDED, end_reason=desk.log.call(CallState.ENDED).end_reason)
    rejected = desk.log.wait(
        lambda e: (
            getattr(e, "call", None) is not None
            and e.call.state is CallState.ENDED
            and e.call.id != first.id
        )
    ).call
    assert second is not None

    def outcomes() -> dict[str, str] | None:
        rows = {
            str(call_id): (r.end_reason if (r := _record(database, call_id)) else "")
            for call_id in (first.id, rejected.id)
        }
        return rows if all(rows.values()) else None

    assert sorted(wait_until(outcomes, 5, "both records").values()) == ["abandoned", "rejected"]


def test_screen_pop_finds_the_callers_earlier_calls(
    database: Database, desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    desk, peer = desk_phone(), sip_peer()
    histories: list[CallerHistory] = []
    arrived = threading.Event()

    def found(history: CallerHistory) -> None:
        histories.append(history)
        arrived.set()

    desk.engine.subscribe(CallRecorder(database).on_event)
    pop = ScreenPop(CallLog(database), found)
    desk.engine.subscribe(pop.on_event)
    try:
        call_desk(peer, desk, from_user="89161234567")
        first = desk.log.call(CallState.RINGING)
        assert arrived.wait(5)
        assert histories[0].calls == ()  # a first-time caller
        peer.send({"cmd": "hangup"})
        desk.log.call(CallState.ENDED, id=first.id)
        wait_until(lambda: (r := _record(database, first.id)) and r.ended_at, 5, "first record")
        arrived.clear()
        peer.wait_event("state", state="DISCONNECTED")

        call_desk(peer, desk, from_user="89161234567")
        assert arrived.wait(5)
        assert histories[1].number == "+79161234567"
        assert [c.id for c in histories[1].calls] == [first.id]
    finally:
        pop.close()
