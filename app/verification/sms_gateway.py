"""The SMS gateway port and its two implementations: an HTTP gateway and a local outbox file.

The core sends a text to a phone through :class:`SmsGateway` and nothing else. A send either
returns a :class:`SendResult` or raises :class:`GatewayError`, whose :class:`GatewayFailure`
code the Qt layer turns into words. The gateway token goes into the ``Authorization`` header
only: never into an exception, a log line or a ``repr``. Texts are never logged either (they
carry one-time codes).
"""

from __future__ import annotations

import enum
import http.client
import ipaddress
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Protocol

__all__ = [
    "GatewayError",
    "GatewayFailure",
    "HttpSmsGateway",
    "OutboxSmsGateway",
    "SendResult",
    "SmsGateway",
]

log = logging.getLogger(__name__)

#: The most of a gateway's reply that is read; a reply is a small JSON object.
MAX_REPLY_BYTES = 64 * 1024


class GatewayFailure(enum.StrEnum):
    """Why a message was not handed to the gateway; the UI names each one."""

    #: No connection: refused, reset, no route, name not resolved, TLS failed, outbox unwritable.
    UNREACHABLE = "unreachable"
    #: Connected, but no reply within the timeout.
    TIMEOUT = "timeout"
    #: The gateway refused the request (HTTP 4xx): bad token, bad number, quota. Not retried.
    REJECTED = "rejected"
    #: The gateway failed (HTTP 5xx).
    SERVER_ERROR = "server-error"
    #: A reply that is not HTTP, or a status that is neither success nor error (e.g. a redirect).
    BAD_RESPONSE = "bad-response"


#: Failures that may be gone on the next attempt.
RETRYABLE = frozenset(
    {GatewayFailure.UNREACHABLE, GatewayFailure.TIMEOUT, GatewayFailure.SERVER_ERROR}
)


class GatewayError(Exception):
    """A message was not sent. ``reason`` is for the UI, ``status`` the HTTP status if any.

    ``detail`` is a short technical note for the log (e.g. ``[Errno 111] Connection refused``);
    it never holds the token, the phone number or the text.
    """

    def __init__(self, reason: GatewayFailure, status: int | None = None, detail: str = "") -> None:
        message = f"SMS gateway: {reason.value}"
        if status is not None:
            message += f" (HTTP {status})"
        if detail:
            message += f": {detail}"
        super().__init__(message)
        self.reason = reason
        self.status = status
        self.detail = detail

    @property
    def retryable(self) -> bool:
        return self.reason in RETRYABLE


@dataclass(frozen=True)
class SendResult:
    """The gateway took the message; ``message_id`` is its id for it, when it gave one."""

    message_id: str | None = None


class SmsGateway(Protocol):
    """Sends one SMS. Returns when the gateway has taken it; raises :class:`GatewayError`."""

    def send(self, phone_e164: str, text: str) -> SendResult: ...


# --- HTTP -------------------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would carry the request (and, in urllib, most headers) to another address."""

    def redirect_request(  # noqa: PLR0917 - urllib's signature
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None  # urllib then raises HTTPError with the 3xx status


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HttpSmsGateway:
    """Posts ``{"to": phone, "text": text}`` as JSON to the gateway with a bearer token.

    A 2xx reply is success; its JSON body may name the message (``{"id": "..."}``). A 2xx
    reply whose body is not JSON still counts as sent, without an id: the gateway has taken
    the message, and calling that a failure would make the operator send a second code.

    Each attempt may take ``timeout`` seconds. Timeouts, failed connections and 5xx replies are
    tried again up to ``retries`` times, waiting ``backoff`` seconds and then twice as long
    each time; 4xx replies and unreadable replies are not (a retry would fail the same way or
    send the message twice). Redirects are refused: they could carry the token elsewhere.

    The URL must be https, except on a loopback address (a local relay, tests). ``opener``
    replaces the urllib opener (e.g. with a proxy or TLS context); the default one follows the
    system's proxy settings.
    """

    def __init__(
        self,
        url: str,
        token: str,
        timeout: float = 5.0,
        retries: int = 2,
        *,
        opener: urllib.request.OpenerDirector | None = None,
        backoff: float = 0.5,
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        if parts.scheme not in {"http", "https"} or not host:
            raise ValueError("SMS gateway URL must be an http(s) URL with a host")
        if parts.scheme == "http" and not _is_loopback(host):
            raise ValueError("SMS gateway URL must use https (plain http only on a loopback host)")
        if parts.username is not None or parts.password is not None:
            raise ValueError("SMS gateway URL must not hold credentials; pass the token instead")
        if not token or any(c in token for c in "\r\n"):
            raise ValueError("SMS gateway token is empty or holds a line break")
        if timeout <= 0 or retries < 0 or backoff < 0:
            raise ValueError("SMS gateway timeout must be > 0, retries and backoff >= 0")
        self._url = url
        self._host = host
        self._token = token
        self._timeout = timeout
        self._retries = retries
        self._backoff = backoff
        self._opener = opener if opener is not None else urllib.request.build_opener(_NoRedirects)

    def __repr__(self) -> str:
        return (
            f"HttpSmsGateway(host={self._host!r}, timeout={self._timeout}, retries={self._retries})"
        )

    def send(self, phone_e164: str, text: str) -> SendResult:
        body = json.dumps({"to": phone_e164, "text": text}, ensure_ascii=False).encode("utf-8")
        attempts = self._retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return self._post(body)
            except GatewayError as error:
                if not error.retryable or attempt == attempts:
                    log.warning(
                        "SMS gateway %s failed after %d attempt(s): %s", self._host, attempt, error
                    )
                    raise
                log.info(
                    "SMS gateway %s attempt %d of %d failed (%s); retrying",
                    self._host,
                    attempt,
                    attempts,
                    error.reason.value,
                )
            delay = self._backoff * 2 ** (attempt - 1)
            if delay > 0:
                time.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _post(self, body: bytes) -> SendResult:
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self._url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
            },
        )
        # Unredirected: a custom opener that follows redirects still does not pass it on.
        request.add_unredirected_header("Authorization", f"Bearer {self._token}")
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                status = int(response.status)
                reply = response.read(MAX_REPLY_BYTES)
        except urllib.error.HTTPError as exc:
            exc.close()
            raise _status_failure(exc.code) from exc
        except urllib.error.URLError as exc:
            reason = exc.reason
            failure = GatewayFailure.TIMEOUT if isinstance(reason, TimeoutError) else None
            raise GatewayError(
                failure or GatewayFailure.UNREACHABLE, detail=self._scrub(str(reason))
            ) from exc
        except TimeoutError as exc:
            raise GatewayError(GatewayFailure.TIMEOUT, detail="no reply") from exc
        except http.client.HTTPException as exc:  # before OSError: RemoteDisconnected is both
            if isinstance(exc, ConnectionError):
                raise GatewayError(GatewayFailure.UNREACHABLE, detail=type(exc).__name__) from exc
            raise GatewayError(GatewayFailure.BAD_RESPONSE, detail=type(exc).__name__) from exc
        except OSError as exc:
            raise GatewayError(GatewayFailure.UNREACHABLE, detail=self._scrub(str(exc))) from exc
        if not 200 <= status < 300:  # 1xx/3xx a custom opener let through
            raise _status_failure(status)
        return SendResult(message_id=self._message_id(status, reply))

    def _message_id(self, status: int, reply: bytes) -> str | None:
        if not reply.strip():
            return None
        try:
            data = json.loads(reply.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            # The body is not logged: a gateway may echo the number or the text.
            log.warning(
                "SMS gateway %s took the message (HTTP %d); its reply is not JSON",
                self._host,
                status,
            )
            return None
        value = data.get("id") if isinstance(data, dict) else None
        if isinstance(value, bool) or not isinstance(value, str | int):
            return None
        return str(value)

    def _scrub(self, text: str) -> str:
        """Belt and braces: no library message should hold the token, but never let one through."""
        return text.replace(self._token, "***")


def _status_failure(status: int) -> GatewayError:
    if 400 <= status < 500:
        return GatewayError(GatewayFailure.REJECTED, status=status)
    if 500 <= status < 600:
        return GatewayError(GatewayFailure.SERVER_ERROR, status=status)
    return GatewayError(GatewayFailure.BAD_RESPONSE, status=status)


# --- outbox file ------------------------------------------------------------------------------


class OutboxSmsGateway:
    """Demo mode: appends each message to a local file, one JSON object a line, nothing is sent.

    A line reads ``{"time": "<ISO 8601, UTC>", "phone": "+7...", "text": "...", "id": "..."}``.
    This file is the one place a one-time code is ever written in clear (inside ``text``), so a
    developer can read it and type it back; that is why the desk must use this gateway only in
    demo mode. The file is created readable by its owner only.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"OutboxSmsGateway({str(self.path)!r})"

    def send(self, phone_e164: str, text: str) -> SendResult:
        message_id = uuid.uuid4().hex
        record = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "phone": phone_e164,
            "text": text,
            "id": message_id,
        }
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    os.write(fd, line)
                finally:
                    os.close(fd)
            except OSError as exc:
                detail = f"outbox not writable: {exc.strerror or type(exc).__name__}"
                raise GatewayError(GatewayFailure.UNREACHABLE, detail=detail) from exc
        log.info("SMS written to the demo outbox")
        return SendResult(message_id=message_id)
