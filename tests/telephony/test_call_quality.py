"""The desk rates how a real call sounds: clean calls rate well, lossy and jittery ones do not.

The far end is the simulated caller; its network trouble (--send-loss, --receive-loss,
--receive-jitter) is made in its own process, so the desk measures it like any other caller.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Callable

import pytest

from app.db.database import Database
from app.db.models import CallRecord
from app.telephony.model import CallQuality, CallSnapshot, CallState, Event
from app.telephony.quality import SAMPLE_SECONDS
from app.telephony.recorder import CallRecorder
from app.telephony.simcaller import parse_args
from app.telephony.simcaller_impair import (
    INSIDE_HOST,
    PUBLIC_HOST,
    Impairment,
    RtpRelay,
    free_port_range,
)
from tests.peer import SipPeer
from tests.services import wait_until
from tests.telephony.conftest import Desk, call_desk

StartDesk = Callable[..., Desk]
StartPeer = Callable[..., SipPeer]


class Ratings:
    """The CallQuality events of one desk, with the time each arrived."""

    def __init__(self) -> None:
        self.events: list[tuple[float, CallQuality]] = []
        self._cond = threading.Condition()

    def __call__(self, event: Event) -> None:
        if isinstance(event, CallQuality):
            with self._cond:
                self.events.append((time.monotonic(), event))
                self._cond.notify_all()

    def wait(
        self, call_id: uuid.UUID, count: int = 1, timeout: float = 10.0
    ) -> list[tuple[float, CallQuality]]:
        """The first ``count`` ratings of a call, waiting for them as needed."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [(at, e) for at, e in self.events if e.call_id == call_id]
                if len(found) >= count:
                    return found[:count]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{len(found)} of {count} ratings in {timeout:g} s")
                self._cond.wait(left)

    def first(
        self, call_id: uuid.UUID, test: Callable[[CallQuality], bool], timeout: float
    ) -> CallQuality:
        """The first rating of a call that passes ``test``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for _at, event in self.events:
                    if event.call_id == call_id and test(event):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no such rating in {timeout:g} s: {self.events[-4:]}")
                self._cond.wait(left)


def _answered(desk: Desk, peer: SipPeer) -> CallSnapshot:
    call_desk(peer, desk)
    ringing = desk.log.call(CallState.RINGING)
    desk.engine.answer(ringing.id)
    return desk.log.call(CallState.CONNECTED, id=ringing.id)


def _ended_record(database: Database, call_id: uuid.UUID) -> CallRecord:
    def ended() -> CallRecord | None:
        record = database.read(lambda s: s.get(CallRecord, call_id))
        return record if record is not None and record.ended_at is not None else None

    found = wait_until(ended, 5, "the call record")
    assert found is not None
    return found


def test_a_clean_call_rates_excellent_every_two_seconds(
    desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    desk, peer = desk_phone(), sip_peer("--signal", "voice")
    ratings = Ratings()
    desk.engine.subscribe(ratings)
    call = _answered(desk, peer)

    (first_at, first), (second_at, second) = ratings.wait(call.id, 2, timeout=8)

    assert second_at - first_at == pytest.approx(SAMPLE_SECONDS, abs=0.5)
    for rating in (first, second):
        assert rating.sample.codec == "PCMA"
        assert rating.sample.loss_pct == 0.0
        assert rating.sample.mos >= 4.0
    assert second.summary.samples == 2
    assert second.summary.mos_min == min(first.sample.mos, second.sample.mos)


def test_packets_lost_by_the_caller_lower_the_rating_and_the_record_keeps_it(
    database: Database, desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    desk, peer = desk_phone(), sip_peer("--send-loss", "10", "--signal", "voice")
    desk.engine.subscribe(CallRecorder(database).on_event)
    ratings = Ratings()
    desk.engine.subscribe(ratings)
    call = _answered(desk, peer)

    ((_at, rating),) = ratings.wait(call.id, 1, timeout=6)
    # pjsua drops about 11 % when asked for 10; 100 packets an interval: 11 +- 3 %.
    assert 3.0 <= rating.sample.loss_pct <= 22.0
    assert rating.sample.mos <= 4.15  # a clean call rates 4.4; 11 % loss about 3.3

    peer.send({"cmd": "hangup"})
    ended = desk.log.call(CallState.ENDED, id=call.id)
    assert ended.quality is not None and ended.quality.samples >= 1
    record = _ended_record(database, call.id)
    assert record.mos_min == round(ended.quality.mos_min or 0, 2)
    assert record.mos_avg is not None and record.mos_min <= record.mos_avg <= 4.15
    assert record.loss_pct == round(ended.quality.loss_pct or 0, 1)
    assert record.loss_pct >= 3.0
    assert record.jitter_ms is not None


def test_loss_and_jitter_on_the_way_to_the_caller_show_in_its_reports(
    desk_phone: StartDesk, sip_peer: StartPeer
) -> None:
    # The caller's relay drops 10 % of the desk's audio and holds each packet 0..120 ms.
    desk, peer = desk_phone(), sip_peer("--receive-loss", "10", "--receive-jitter", "120")
    ratings = Ratings()
    desk.engine.subscribe(ratings)
    call = _answered(desk, peer)

    # The caller reports every 5 s or so; the first full report brings both figures.
    rating = ratings.first(
        call.id, lambda e: e.sample.jitter_ms > 0 and e.sample.loss_pct > 0, timeout=12
    )
    heard = peer.stats()
    assert heard["relay_dropped"] > 0
    caller_loss = 100 * heard["rx_lost"] / (heard["rx_packets"] + heard["rx_lost"])
    assert abs(rating.sample.loss_pct - caller_loss) <= 5.0
    assert 10.0 <= rating.sample.jitter_ms <= 60.0  # RFC 3550 jitter of a 0..120 ms spread
    assert rating.sample.mos <= 3.8  # a clean call rates 4.4; this one about 3.2


# --- the simulated caller's network trouble, without a call ---------------------------------


def _through_relay(seed: int) -> tuple[list[int], int, bytes, tuple[str, int]]:
    """Send 100 numbered datagrams through a relay; what arrived (in order), drops, reply."""
    first = free_port_range(2)
    relay = RtpRelay(
        range(first, first + 2), Impairment(receive_loss_pct=20, receive_jitter_ms=40, seed=seed)
    )
    relay.start()
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as desk,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as caller,
    ):
        try:
            caller.bind((INSIDE_HOST, first))
            desk.bind(("127.0.0.1", 0))
            for number in range(100):
                desk.sendto(number.to_bytes(2, "big"), (PUBLIC_HOST, first))
            caller.settimeout(2.0)
            arrived: list[int] = []
            while len(arrived) < 100 - relay.dropped:
                arrived.append(int.from_bytes(caller.recv(16), "big"))
            caller.sendto(b"reply", (PUBLIC_HOST, first))  # the caller answers the relay
            desk.settimeout(2.0)
            reply, source = desk.recvfrom(16)
        finally:
            relay.close()
    return arrived, relay.dropped, reply, source


def test_the_relay_drops_and_delays_the_same_packets_for_the_same_seed() -> None:
    arrived, dropped, reply, source = _through_relay(seed=7)
    assert 8 <= dropped <= 32  # 20 % of 100, give or take
    assert len(arrived) == 100 - dropped == len(set(arrived))
    assert arrived != sorted(arrived)  # held for 0..40 ms each: some overtake others
    assert (reply, source[0]) == (b"reply", PUBLIC_HOST)  # answers go back through it
    again, dropped_again, _, _ = _through_relay(seed=7)
    assert (sorted(again), dropped_again) == (sorted(arrived), dropped)
    other, _, _, _ = _through_relay(seed=8)
    assert sorted(other) != sorted(arrived)


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--receive-loss", "150"], "receive loss must be 0..99 %"),
        (["--send-loss", "-1"], "send loss must be 0..99 %"),
        (["--receive-jitter", "5000"], "receive jitter must be 0..1000 ms"),
        (["--send-loss", "5", "--receive-loss", "5"], "--send-loss has no effect"),
        (["--receive-jitter", "40", "--bind", "127.0.0.5"], "need --bind 127.0.0.1"),
    ],
)
def test_impossible_trouble_is_refused_with_a_reason(
    args: list[str], problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["--sip-port", "0", *args])
    assert exit_info.value.code == 2
    assert problem in capsys.readouterr().err
