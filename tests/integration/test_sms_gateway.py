"""The SMS gateways for real: HttpSmsGateway against an HTTP server on 127.0.0.1 that this test
starts and scripts (success, retries, refusals, silence, nothing listening, garbled replies),
and OutboxSmsGateway writing its file. The token must show up nowhere but in the header.

The server is the standard library's, so these tests need no package and never skip.
"""

from __future__ import annotations

import json
import logging
import socket
import stat
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.verification.sms_codes import message_text
from app.verification.sms_gateway import (
    GatewayError,
    GatewayFailure,
    HttpSmsGateway,
    OutboxSmsGateway,
    SendResult,
)
from tests.services import wait_until

pytestmark = pytest.mark.service

TOKEN = "tok-3f9a1c7e5b2d4860a9e1"  # a throwaway value; only its absence from outputs matters
PHONE = "+79123454567"
TEXT = message_text("482913")
HANG = "hang"  # reply: read the request, then say nothing until the test ends
CLOSE = "close"  # reply: hang up without a word
NOT_HTTP = "not-http"  # reply: a line that is not an HTTP status line


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class GatewayServer(ThreadingHTTPServer):
    """A loopback HTTP server giving each POST its next scripted reply (the last one repeats)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: list[Reply | str] = [Reply(200, b'{"id": "m-1"}')]
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.release = threading.Event()  # set at teardown: hanging handlers return

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1/sms"

    def next_reply(self, request: Received) -> Reply | str:
        with self.lock:
            self.received.append(request)
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


class _Handler(BaseHTTPRequestHandler):
    server: GatewayServer
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        request = Received(self.command, self.path, dict(self.headers.items()), body)
        reply = self.server.next_reply(request)
        if reply == HANG:
            self.server.release.wait(timeout=30)
            self.close_connection = True
            return
        if reply == CLOSE:
            self.close_connection = True
            return
        if reply == NOT_HTTP:
            self.wfile.write(b"SMS-GATEWAY READY\r\n\r\n")
            self.close_connection = True
            return
        assert isinstance(reply, Reply)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads what arrived from ``server.received``."""


@pytest.fixture
def server() -> Iterator[GatewayServer]:
    httpd = GatewayServer()
    thread = threading.Thread(
        target=httpd.serve_forever, args=(0.02,), name="sms-gateway", daemon=True
    )
    thread.start()
    try:
        yield httpd
    finally:
        httpd.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def gateway(url: str, **options: float) -> HttpSmsGateway:
    settings: dict[str, float] = {"timeout": 2.0, "retries": 2, "backoff": 0.0, **options}
    return HttpSmsGateway(
        url,
        TOKEN,
        timeout=settings["timeout"],
        retries=int(settings["retries"]),
        backoff=settings["backoff"],
    )


def failure_of(gw: HttpSmsGateway) -> GatewayError:
    with pytest.raises(GatewayError) as caught:
        gw.send(PHONE, TEXT)
    return caught.value


def assert_secrets_kept(error: GatewayError, caplog: pytest.LogCaptureFixture) -> None:
    """Neither the token nor the message text in the error, its cause chain or any log line."""
    shown = " ".join(
        [
            str(error),
            repr(error),
            repr(error.args),
            "".join(traceback.format_exception(error)),
            caplog.text,
            *(r.getMessage() for r in caplog.records),
        ]
    )
    assert TOKEN not in shown
    assert "482913" not in shown
    assert PHONE not in shown


@pytest.fixture(autouse=True)
def _debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)


# --- success ----------------------------------------------------------------------------------


def test_message_is_posted_as_json_with_the_bearer_token(
    server: GatewayServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.replies = [Reply(201, b'{"id": "msg-42", "parts": 2}')]
    result = gateway(server.url).send(PHONE, TEXT)
    assert result == SendResult(message_id="msg-42")

    [request] = server.received
    assert (request.method, request.path) == ("POST", "/v1/sms")
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"].startswith("application/json")
    assert json.loads(request.body.decode("utf-8")) == {"to": PHONE, "text": TEXT}
    assert TOKEN not in caplog.text
    assert "482913" not in caplog.text


def test_success_without_a_body_or_with_a_numeric_id(server: GatewayServer) -> None:
    server.replies = [Reply(204), Reply(200, b'{"id": 7001}'), Reply(200, b"[1, 2]")]
    gw = gateway(server.url)
    assert gw.send(PHONE, TEXT) == SendResult(None)
    assert gw.send(PHONE, TEXT) == SendResult("7001")
    assert gw.send(PHONE, TEXT) == SendResult(None)


def test_garbage_body_on_200_counts_as_sent_without_an_id(
    server: GatewayServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Decided: the gateway took the message; a failure would make the operator send twice."""
    server.replies = [Reply(200, b"<html>OK " + PHONE.encode() + b"</html>"), Reply(500)]
    assert gateway(server.url).send(PHONE, TEXT) == SendResult(None)
    assert len(server.received) == 1  # not retried: that would be a second SMS
    assert any("not JSON" in r.getMessage() for r in caplog.records)
    assert PHONE not in caplog.text  # the reply body is not logged


# --- retries ----------------------------------------------------------------------------------


def test_server_error_is_retried_and_then_succeeds(server: GatewayServer) -> None:
    server.replies = [Reply(500), Reply(200, b'{"id": "after-retry"}')]
    assert gateway(server.url).send(PHONE, TEXT) == SendResult("after-retry")
    assert len(server.received) == 2
    assert server.received[0].body == server.received[1].body


def test_server_errors_give_up_after_the_retries(
    server: GatewayServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.replies = [Reply(503)]
    error = failure_of(gateway(server.url, retries=2))
    assert (error.reason, error.status) == (GatewayFailure.SERVER_ERROR, 503)
    assert len(server.received) == 3
    assert_secrets_kept(error, caplog)


@pytest.mark.parametrize("status", [400, 401, 403, 429])
def test_client_errors_are_rejected_at_once_with_the_status(
    server: GatewayServer, caplog: pytest.LogCaptureFixture, status: int
) -> None:
    server.replies = [Reply(status, b'{"error": "bad token"}'), Reply(200)]
    error = failure_of(gateway(server.url))
    assert (error.reason, error.status) == (GatewayFailure.REJECTED, status)
    assert not error.retryable
    assert len(server.received) == 1
    assert_secrets_kept(error, caplog)


def test_backoff_waits_between_attempts(server: GatewayServer) -> None:
    server.replies = [Reply(502), Reply(502), Reply(200)]
    started = time.monotonic()
    gateway(server.url, retries=2, backoff=0.05).send(PHONE, TEXT)
    assert time.monotonic() - started >= 0.05 + 0.1
    assert len(server.received) == 3


# --- no answer --------------------------------------------------------------------------------


def test_silent_server_times_out_within_the_timeout(
    server: GatewayServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.replies = [HANG]
    started = time.monotonic()
    error = failure_of(gateway(server.url, timeout=0.3, retries=0))
    elapsed = time.monotonic() - started
    assert error.reason is GatewayFailure.TIMEOUT
    assert 0.25 <= elapsed < 1.0
    assert len(server.received) == 1
    assert_secrets_kept(error, caplog)


def test_timeouts_are_retried_each_within_the_timeout(server: GatewayServer) -> None:
    server.replies = [HANG]
    started = time.monotonic()
    error = failure_of(gateway(server.url, timeout=0.3, retries=2))
    elapsed = time.monotonic() - started
    assert error.reason is GatewayFailure.TIMEOUT
    assert 0.75 <= elapsed < 2.5
    wait_until(lambda: len(server.received) == 3, 5, "three attempts at the server")


def test_nothing_listening_is_unreachable(caplog: pytest.LogCaptureFixture) -> None:
    # A bound socket that never listens: connecting to its port is refused, and nobody else can
    # take the port while the test runs.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as idle:
        idle.bind(("127.0.0.1", 0))
        port = idle.getsockname()[1]
        started = time.monotonic()
        error = failure_of(gateway(f"http://127.0.0.1:{port}/sms", timeout=2.0, retries=1))
    assert error.reason is GatewayFailure.UNREACHABLE
    assert "refused" in error.detail.lower()
    assert time.monotonic() - started < 2.0  # refused at once, not timed out
    assert_secrets_kept(error, caplog)


def test_connection_dropped_without_reply_is_unreachable_and_retried(
    server: GatewayServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.replies = [CLOSE, CLOSE, Reply(200, b'{"id": "third"}')]
    assert gateway(server.url).send(PHONE, TEXT) == SendResult("third")
    server.replies = [CLOSE]
    error = failure_of(gateway(server.url, retries=1))
    assert error.reason is GatewayFailure.UNREACHABLE
    assert len(server.received) == 5
    assert_secrets_kept(error, caplog)


# --- odd replies ------------------------------------------------------------------------------


def test_reply_that_is_not_http_is_a_bad_response_not_retried(
    server: GatewayServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.replies = [NOT_HTTP, Reply(200)]
    error = failure_of(gateway(server.url))
    assert error.reason is GatewayFailure.BAD_RESPONSE
    assert len(server.received) == 1
    assert_secrets_kept(error, caplog)


def test_redirect_is_refused_and_the_token_goes_nowhere_else(
    server: GatewayServer, caplog: pytest.LogCaptureFixture
) -> None:
    elsewhere = server.url.replace("/v1/sms", "/collect")
    server.replies = [Reply(302, headers={"Location": elsewhere}), Reply(200)]
    error = failure_of(gateway(server.url))
    assert (error.reason, error.status) == (GatewayFailure.BAD_RESPONSE, 302)
    assert [r.path for r in server.received] == ["/v1/sms"]
    assert_secrets_kept(error, caplog)


# --- configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "token", "complaint"),
    [
        ("http://sms.example.ru/send", TOKEN, "https"),
        ("ftp://127.0.0.1/send", TOKEN, "http"),
        ("https:///send", TOKEN, "host"),
        (f"https://user:{TOKEN}@sms.example.ru/send", "other", "credentials"),
        ("https://sms.example.ru/send", "", "token"),
        ("https://sms.example.ru/send", TOKEN + "\r\nX-Evil: 1", "token"),
    ],
)
def test_bad_configuration_is_refused_without_echoing_it(
    url: str, token: str, complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint) as refused:
        HttpSmsGateway(url, token)
    assert TOKEN not in str(refused.value)
    assert "example" not in str(refused.value)


def test_gateway_repr_hides_the_token() -> None:
    for url in ("https://sms.example.ru/send", "http://localhost:8080/send", "http://[::1]:80/"):
        gw = HttpSmsGateway(url, TOKEN)
        assert TOKEN not in repr(gw)
        assert TOKEN not in str(vars(gw).get("_url"))


# --- the demo outbox --------------------------------------------------------------------------


def test_outbox_writes_one_parseable_line_per_message(tmp_path: Path) -> None:
    path = tmp_path / "demo" / "outbox.jsonl"
    outbox = OutboxSmsGateway(path)
    first = outbox.send(PHONE, TEXT)
    second = outbox.send("+441632960961", message_text("000417", "en"))

    lines = path.read_text("utf-8").splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert [r["phone"] for r in records] == [PHONE, "+441632960961"]
    assert records[0]["text"] == TEXT  # Cyrillic readable in the file
    assert "горячей линии" in lines[0]
    assert [r["id"] for r in records] == [first.message_id, second.message_id]
    assert first.message_id != second.message_id
    for record in records:
        written = datetime.fromisoformat(record["time"])
        assert written.utcoffset() is not None
        assert abs((datetime.now(written.tzinfo) - written).total_seconds()) < 60
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # codes in clear: owner only


def test_outbox_lines_stay_whole_when_sent_from_many_threads(tmp_path: Path) -> None:
    outbox = OutboxSmsGateway(tmp_path / "outbox.jsonl")

    def send_many(worker: int) -> None:
        for n in range(25):
            outbox.send(PHONE, f"{worker}:{n} " + TEXT)

    threads = [threading.Thread(target=send_many, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    texts = {json.loads(line)["text"] for line in outbox.path.read_text("utf-8").splitlines()}
    assert texts == {f"{w}:{n} " + TEXT for w in range(8) for n in range(25)}


def test_outbox_that_cannot_be_written_is_unreachable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    with pytest.raises(GatewayError) as failed:
        OutboxSmsGateway(blocker / "outbox.jsonl").send(PHONE, TEXT)
    assert failed.value.reason is GatewayFailure.UNREACHABLE
    assert "482913" not in str(failed.value)
