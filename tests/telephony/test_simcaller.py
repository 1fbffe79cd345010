"""The simulated caller against itself: two processes on loopback, real SIP and RTP between them."""

from __future__ import annotations

import hashlib
import re
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import peer as peer_module
from tests.peer import SipPeer, dominant_frequency

StartPeer = Callable[..., SipPeer]
sip_peer = peer_module.sip_peer  # the fixture, made visible to this module's tests

HEADERS = {"X-Line": "international", "X-Language": "en", "X-Queue-Wait": "42", "X-Case": "HD-1"}


def connect(caller: SipPeer, callee: SipPeer, **extra: object) -> str:
    """Call ``callee`` (which auto-answers) and wait until both sides are CONFIRMED with media."""
    reply = caller.send({"cmd": "call", "uri": callee.uri, **extra})
    call_id = reply["call_id"]
    for peer in (caller, callee):
        peer.wait_event("state", state="CONFIRMED", call_id=call_id)
        peer.wait_event("media", active=True, hold="none", call_id=call_id)
    return str(call_id)


def test_call_carries_headers_and_a_cyrillic_display_name(sip_peer: StartPeer) -> None:
    caller, callee = sip_peer(), sip_peer("--auto-answer")
    reply = caller.send(
        {
            "cmd": "call",
            "uri": callee.uri,
            "display_name": "Иван Петров",
            "from_user": "79123456789",
            "headers": HEADERS,
        }
    )
    incoming = callee.wait_event("incoming")
    assert incoming["call_id"] == reply["call_id"]
    # pjsip prints From without the port
    assert incoming["remote_uri"] == '"Иван Петров" <sip:79123456789@127.0.0.1>'
    assert incoming["headers"] == HEADERS
    ringing = caller.wait_event("state", state="EARLY")
    assert ringing["code"] == 180
    for peer in (caller, callee):
        confirmed = peer.wait_event("state", state="CONFIRMED")
        assert confirmed["call_id"] == reply["call_id"]
    assert caller.events("state", state="CALLING")
    assert not caller.garbage and not callee.garbage


def test_tones_cross_in_both_directions(sip_peer: StartPeer, tmp_path: Path) -> None:
    caller = sip_peer("--signal", "tone:440")
    callee = sip_peer("--auto-answer")
    connect(caller, callee)
    callee.send({"cmd": "play", "signal": "tone:1000"})
    at_callee, at_caller = tmp_path / "at-callee.wav", tmp_path / "at-caller.wav"
    callee.send({"cmd": "record", "path": str(at_callee)})
    caller.send({"cmd": "record", "path": str(at_caller)})
    caller_start = caller.stats()["rx_packets"]
    callee.wait_rx_packets(40)  # 0.8 s of 20 ms frames
    caller.wait_rx_packets(40, start=caller_start)
    callee.send({"cmd": "stop_record"})
    caller.send({"cmd": "stop_record"})
    assert dominant_frequency(at_callee) == pytest.approx(440, abs=10)
    assert dominant_frequency(at_caller) == pytest.approx(1000, abs=10)
    stats = caller.stats()
    assert stats["tx_packets"] > 0 and stats["rx_packets"] > 0


def test_dtmf_arrives_in_order(sip_peer: StartPeer) -> None:
    caller, callee = sip_peer(), sip_peer("--auto-answer")
    call_id = connect(caller, callee)
    caller.send({"cmd": "dtmf", "digits": "159#"})
    digits = [callee.wait_event("dtmf", call_id=call_id)["digit"] for _ in range(4)]
    assert digits == ["1", "5", "9", "#"]


def test_hold_and_unhold_report_media(sip_peer: StartPeer) -> None:
    caller, callee = sip_peer(), sip_peer("--auto-answer")
    call_id = connect(caller, callee)
    caller.send({"cmd": "hold"})
    caller.wait_event("media", hold="local", call_id=call_id)
    callee.wait_event("media", hold="remote", call_id=call_id)
    mark_caller, mark_callee = caller.mark(), callee.mark()
    caller.send({"cmd": "unhold"})
    caller.wait_event("media", hold="none", active=True, since=mark_caller)
    callee.wait_event("media", hold="none", active=True, since=mark_callee)


def test_caller_cancels_before_answer(sip_peer: StartPeer) -> None:
    caller, callee = sip_peer(), sip_peer()
    reply = caller.send({"cmd": "call", "uri": callee.uri})
    callee.wait_event("incoming", call_id=reply["call_id"])
    caller.wait_event("state", state="EARLY", code=180)
    caller.send({"cmd": "hangup"})
    gone = caller.wait_event("state", state="DISCONNECTED")
    seen = callee.wait_event("state", state="DISCONNECTED")
    assert gone["code"] == 487
    assert seen["code"] == 487, seen
    assert not callee.events("state", state="CONFIRMED")


def test_callee_answers_on_command(sip_peer: StartPeer) -> None:
    caller, callee = sip_peer(), sip_peer()
    caller.send({"cmd": "call", "uri": callee.uri})
    callee.wait_event("incoming")
    callee.send({"cmd": "answer"})
    caller.wait_event("state", state="CONFIRMED", code=200)
    callee.send({"cmd": "hangup"})
    caller.wait_event("state", state="DISCONNECTED")
    callee.wait_event("state", state="DISCONNECTED")


def test_blind_transfer_moves_the_caller(sip_peer: StartPeer) -> None:
    caller, operator, department = sip_peer(), sip_peer("--auto-answer"), sip_peer("--auto-answer")
    connect(caller, operator)
    operator.send({"cmd": "transfer", "uri": department.uri})
    request = caller.wait_event("transfer_request")
    assert request["target"] == department.uri
    department.wait_event("state", state="CONFIRMED")
    operator.wait_event("transfer", code=200, final=True)


def test_errors_are_replies_not_crashes(sip_peer: StartPeer) -> None:
    peer = sip_peer()
    assert peer.send({"cmd": "hangup"}, check=False)["message"] == "no call"
    assert peer.send({"cmd": "fly"}, check=False)["event"] == "error"
    assert peer.send({"cmd": "play", "signal": "tone:abc"}, check=False)["event"] == "error"
    assert peer.send({"cmd": "call", "uri": "not a uri"}, check=False)["event"] == "error"
    peer.write({"no": "cmd"})
    assert peer.send({"cmd": "play", "signal": "voice"})["signal"] == "voice"


class FakeRegistrar:
    """A UDP registrar just big enough for one user: digest challenge, then 200 or 403."""

    REALM, NONCE = "hotline", "5f1c0ffee"

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = int(self.sock.getsockname()[1])
        self.requests: list[str] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                data, addr = self.sock.recvfrom(65536)
            except OSError:  # closed
                return
            request = data.decode("utf-8", "replace")
            self.requests.append(request)
            if request.startswith("REGISTER "):
                self.sock.sendto(self._answer(request).encode(), addr)

    def _answer(self, request: str) -> str:
        head = request.split("\r\n\r\n", 1)[0].split("\r\n")
        copied = [h for h in head[1:] if h.split(":", 1)[0] in ("Via", "From", "Call-ID", "CSeq")]
        to = next(h for h in head if h.startswith("To:")) + ";tag=reg1"
        auth = next((h for h in head if h.startswith("Authorization:")), None)
        if auth is None:
            status = "401 Unauthorized"
            extra = [f'WWW-Authenticate: Digest realm="{self.REALM}", nonce="{self.NONCE}"']
        elif self._digest_ok(auth):
            status = "200 OK"
            contact = next(h for h in head if h.startswith("Contact:"))
            expires = next(h for h in head if h.startswith("Expires:")).split(":")[1].strip()
            extra = [f"{contact};expires={expires}"]
        else:
            status = "403 Forbidden"
            extra = []
        lines = [f"SIP/2.0 {status}", *copied, to, *extra, "Content-Length: 0", "", ""]
        return "\r\n".join(lines)

    def _digest_ok(self, header: str) -> bool:
        params = dict(re.findall(r'(\w+)="?([^",]*)"?', header.split("Digest", 1)[1]))

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()  # noqa: S324 - SIP digest is MD5

        ha1 = md5(f"{self.user}:{self.REALM}:{self.password}")
        ha2 = md5(f"REGISTER:{params.get('uri', '')}")
        return params.get("username") == self.user and params.get("response") == md5(
            f"{ha1}:{self.NONCE}:{ha2}"
        )

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def registrar() -> Iterator[FakeRegistrar]:
    server = FakeRegistrar("1001", "s3cret")
    yield server
    server.close()


def test_register_with_digest_auth_then_unregister_on_quit(
    sip_peer: StartPeer, registrar: FakeRegistrar
) -> None:
    peer = sip_peer()
    reply = peer.send(
        {
            "cmd": "register",
            "registrar": f"sip:127.0.0.1:{registrar.port}",
            "user": "1001",
            "password": "s3cret",
        }
    )
    assert reply["uri"] == f"<sip:1001@127.0.0.1:{registrar.port}>"
    event = peer.wait_event("registration")
    assert (event["code"], event["active"]) == (200, True)
    assert len(registrar.requests) == 2  # challenged once, then accepted
    peer.close()
    assert "Expires: 0" in registrar.requests[-1]


def test_wrong_password_is_reported(sip_peer: StartPeer, registrar: FakeRegistrar) -> None:
    peer = sip_peer()
    peer.send(
        {
            "cmd": "register",
            "registrar": f"sip:127.0.0.1:{registrar.port}",
            "user": "1001",
            "password": "wrong",
        }
    )
    event = peer.wait_event("registration")
    assert (event["code"], event["active"]) == (403, False)


def test_quit_during_a_call_exits_cleanly(sip_peer: StartPeer) -> None:
    caller, callee = sip_peer("--signal", "voice"), sip_peer("--auto-answer")
    connect(caller, callee)
    callee.send({"cmd": "quit"})
    callee.wait_event("bye")
    assert callee.wait_exit() == 0
    caller.wait_event("state", state="DISCONNECTED")
    caller.send({"cmd": "quit"})
    assert caller.wait_exit() == 0


def test_end_of_input_exits_cleanly(sip_peer: StartPeer) -> None:
    caller, callee = sip_peer(), sip_peer("--auto-answer")
    connect(caller, callee)
    caller.close_stdin()
    callee.close_stdin()
    assert caller.wait_exit() == 0
    assert callee.wait_exit() == 0
    assert caller.events("state", state="DISCONNECTED")


def test_call_over_tcp(sip_peer: StartPeer) -> None:
    caller = sip_peer("--transport", "tcp")
    callee = sip_peer("--transport", "tcp", "--auto-answer")
    connect(caller, callee)
    assert callee.wait_rx_packets(5)["rx_packets"] > 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM cannot be caught on Windows")
def test_sigterm_during_a_call_exits_cleanly(sip_peer: StartPeer) -> None:
    caller, callee = sip_peer(), sip_peer("--auto-answer")
    connect(caller, callee)
    callee.proc.send_signal(signal.SIGTERM)
    callee.wait_event("bye")
    assert callee.wait_exit() == 0
    caller.wait_event("state", state="DISCONNECTED")
