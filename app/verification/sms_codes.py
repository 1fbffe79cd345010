"""One-time SMS codes for caller verification: issue, send, check, expire, limit attempts.

A code is six random digits (:mod:`secrets`), valid for five minutes, with three entries to
get it right and a cooldown before another can be sent. The desk keeps only an argon2 hash of
it; the code in clear exists only while the message is built and handed to the gateway (the
demo outbox file is the one place it is written down). Log lines name the event and a masked
number ("+7 *** ***-45-67"), never the code.

Time comes from an injectable ``now`` clock (seconds, monotonic by default), so tests move
time without waiting. Results are :class:`CodeCheck` values the UI translates.
"""

from __future__ import annotations

import enum
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import phonenumbers
from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError

from app.verification.sms_gateway import GatewayError, SendResult, SmsGateway

__all__ = [
    "CODE_LENGTH",
    "CODE_LIFETIME",
    "MAX_ATTEMPTS",
    "RESEND_COOLDOWN",
    "CheckResult",
    "CodeCheck",
    "CodeKeeper",
    "ResendTooSoon",
    "SmsChallenge",
    "code_hasher",
    "mask_phone",
    "message_text",
    "normalise_entry",
]

log = logging.getLogger(__name__)

CODE_LENGTH = 6
#: Seconds a code stays valid after it was sent.
CODE_LIFETIME = 300.0
#: Wrong entries allowed per code; the last one ends the attempt.
MAX_ATTEMPTS = 3
#: Seconds after a send before another code may be sent to the same number.
RESEND_COOLDOWN = 60.0

LANGUAGES = ("ru", "en")

_E164 = re.compile(r"\+[1-9][0-9]{7,14}")
_CODE = re.compile(rf"[0-9]{{{CODE_LENGTH}}}")
# What people type between digits when they copy a code: spaces of all kinds and dashes.
_SEPARATORS = re.compile(r"[\s\u00a0\u2007\u202f\-\u2010\u2011\u2012\u2013\u2014\u2212]+")

_TEXTS = {
    "ru": (
        "Код для оператора горячей линии: {code}. Действует {minutes} мин. "
        "Назовите его только оператору, с которым говорите сейчас."
    ),
    "en": (
        "Code for the hotline operator: {code}. Valid for {minutes} min. "
        "Tell it only to the operator you are talking to now."
    ),
}


class CodeCheck(enum.StrEnum):
    """What an entered code turned out to be; the UI names each one."""

    MATCH = "match"  # verified; the code is used up
    MISMATCH = "mismatch"  # wrong code; an attempt is used
    NOT_A_CODE = "not-a-code"  # not six digits (letters, too short...); no attempt is used
    EXPIRED = "expired"  # the code is older than its lifetime: send a new one
    TOO_MANY_ATTEMPTS = "too-many-attempts"  # the last allowed wrong entry, and everything after
    NO_CODE = "no-code"  # no code was sent to this number, or it was already used


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one entry, with what is left of the code after it."""

    outcome: CodeCheck
    attempts_left: int
    seconds_left: float


@dataclass(frozen=True)
class SmsChallenge:
    """The code last sent to one number, as the keeper holds it (a copy: changing it does nothing).

    ``code_hash`` is the argon2 hash, or ``None`` once the code can no longer match (expired,
    or too many wrong entries). Times are on the keeper's clock.
    """

    phone: str
    code_hash: str | None
    sent_at: float
    expires_at: float
    attempts_left: int


class ResendTooSoon(Exception):
    """A code was sent to this number less than the cooldown ago; ``seconds_left`` to wait."""

    def __init__(self, seconds_left: float) -> None:
        super().__init__(f"a new code may be sent in {seconds_left:.0f} s")
        self.seconds_left = seconds_left


def code_hasher() -> PasswordHasher:
    """argon2id at OWASP's lightest recommended cost (19 MiB, 2 passes): ~25 ms a check here.

    A code has only a million values and lives five minutes behind three attempts; the hash
    keeps it out of memory dumps and the desk's state, it is not the main defence.
    """
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def mask_phone(phone_e164: str) -> str:
    """The number for a log line: country code and last four digits, e.g. ``+7 *** ***-45-67``."""
    digits = phone_e164.lstrip("+")
    try:
        country = str(phonenumbers.parse(phone_e164).country_code)
    except phonenumbers.NumberParseException:
        country = "?"
    return f"+{country} *** ***-{digits[-4:-2]}-{digits[-2:]}"


def normalise_entry(entered: str) -> str | None:
    """The code as typed, without spaces and dashes; ``None`` when that is not six digits."""
    compact = _SEPARATORS.sub("", entered)
    return compact if _CODE.fullmatch(compact) else None


def message_text(code: str, language: str = "ru", lifetime: float = CODE_LIFETIME) -> str:
    """The SMS carrying ``code``, in Russian (``"ru"``) or English (``"en"``)."""
    if not _CODE.fullmatch(code):
        raise ValueError(f"a code is {CODE_LENGTH} digits")
    if language not in _TEXTS:
        raise ValueError(f"SMS language must be one of {', '.join(LANGUAGES)}")
    return _TEXTS[language].format(code=code, minutes=round(lifetime / 60))


def _check_phone(phone_e164: str) -> None:
    if not _E164.fullmatch(phone_e164):
        raise ValueError("phone number must be in E.164 form, e.g. +79123456789")


class CodeKeeper:
    """Sends one-time codes through a gateway and checks what callers read back.

    One keeper serves the desk; it holds at most one live code per number, and sending a new
    one replaces (invalidates) the old. Safe to use from several threads: a send blocks while
    the gateway works (run it off the GUI thread), a check takes one hash (~25 ms).
    """

    def __init__(
        self,
        gateway: SmsGateway,
        *,
        now: Callable[[], float] = time.monotonic,
        lifetime: float = CODE_LIFETIME,
        max_attempts: int = MAX_ATTEMPTS,
        resend_cooldown: float = RESEND_COOLDOWN,
        hasher: PasswordHasher | None = None,
    ) -> None:
        if lifetime <= 0 or max_attempts < 1 or resend_cooldown < 0:
            raise ValueError("lifetime must be > 0, max_attempts >= 1, resend_cooldown >= 0")
        self._gateway = gateway
        self._now = now
        self._lifetime = lifetime
        self._max_attempts = max_attempts
        self._cooldown = resend_cooldown
        self._hasher = hasher if hasher is not None else code_hasher()
        self._challenges: dict[str, SmsChallenge] = {}
        self._lock = threading.Lock()  # guards _challenges; never held while sending
        self._send_lock = threading.Lock()  # one send at a time, so the cooldown holds

    # --- sending ------------------------------------------------------------------------------

    def send(self, phone_e164: str, language: str = "ru") -> SendResult:
        """Send a new code to ``phone_e164``; it replaces any code sent there before.

        Raises :class:`ResendTooSoon` within the cooldown, ``ValueError`` for a number not in
        E.164 form or an unknown language, and the gateway's ``GatewayError`` when the message
        did not go out. When anything is raised, the previous code (if any) stays as it was.
        """
        _check_phone(phone_e164)
        if language not in _TEXTS:
            raise ValueError(f"SMS language must be one of {', '.join(LANGUAGES)}")
        with self._send_lock:
            wait = self.can_resend_in(phone_e164)
            if wait > 0:
                raise ResendTooSoon(wait)
            code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
            code_hash = self._hasher.hash(code)
            text = message_text(code, language, self._lifetime)
            del code
            try:
                result = self._gateway.send(phone_e164, text)
            except Exception as error:
                # Only the reason: a foreign gateway's message might quote the text.
                why = (
                    error.reason.value if isinstance(error, GatewayError) else type(error).__name__
                )
                log.warning("code not sent to %s: %s", mask_phone(phone_e164), why)
                raise
            sent_at = self._now()
            challenge = SmsChallenge(
                phone=phone_e164,
                code_hash=code_hash,
                sent_at=sent_at,
                expires_at=sent_at + self._lifetime,
                attempts_left=self._max_attempts,
            )
            with self._lock:
                self._drop_stale(sent_at)
                self._challenges[phone_e164] = challenge
        log.info("code sent to %s", mask_phone(phone_e164))
        return result

    def can_resend_in(self, phone_e164: str) -> float:
        """Seconds before another code may be sent to this number; 0 when it may be now."""
        with self._lock:
            challenge = self._challenges.get(phone_e164)
            if challenge is None:
                return 0.0
            return max(0.0, challenge.sent_at + self._cooldown - self._now())

    # --- checking -----------------------------------------------------------------------------

    def check(self, phone_e164: str, entered: str) -> CheckResult:
        """Compare what the caller read out with the code sent to ``phone_e164``.

        Spaces and dashes in ``entered`` are ignored. Anything that is not then six digits is
        :attr:`CodeCheck.NOT_A_CODE` and uses no attempt. A match uses the code up.
        """
        with self._lock:
            now = self._now()
            challenge = self._challenges.get(phone_e164)
            if challenge is None:
                return CheckResult(CodeCheck.NO_CODE, 0, 0.0)
            seconds_left = max(0.0, challenge.expires_at - now)
            if challenge.attempts_left == 0:
                return CheckResult(CodeCheck.TOO_MANY_ATTEMPTS, 0, seconds_left)
            if now >= challenge.expires_at or challenge.code_hash is None:
                if challenge.code_hash is not None:
                    self._challenges[phone_e164] = replace(challenge, code_hash=None)
                    log.info("code for %s expired", mask_phone(phone_e164))
                return CheckResult(CodeCheck.EXPIRED, 0, 0.0)
            code = normalise_entry(entered)
            if code is None:
                return CheckResult(CodeCheck.NOT_A_CODE, challenge.attempts_left, seconds_left)
            try:
                self._hasher.verify(challenge.code_hash, code)
            except VerifyMismatchError:
                return self._wrong_entry(challenge, seconds_left)
            del self._challenges[phone_e164]
        log.info("code for %s verified", mask_phone(phone_e164))
        return CheckResult(CodeCheck.MATCH, challenge.attempts_left, seconds_left)

    def _wrong_entry(self, challenge: SmsChallenge, seconds_left: float) -> CheckResult:
        left = challenge.attempts_left - 1
        if left > 0:
            self._challenges[challenge.phone] = replace(challenge, attempts_left=left)
            return CheckResult(CodeCheck.MISMATCH, left, seconds_left)
        self._challenges[challenge.phone] = replace(challenge, attempts_left=0, code_hash=None)
        log.info(
            "code for %s refused after %d wrong entries",
            mask_phone(challenge.phone),
            self._max_attempts,
        )
        return CheckResult(CodeCheck.TOO_MANY_ATTEMPTS, 0, seconds_left)

    # --- state --------------------------------------------------------------------------------

    def challenge(self, phone_e164: str) -> SmsChallenge | None:
        """The code last sent to this number, or ``None`` (never sent, used, or forgotten)."""
        with self._lock:
            return self._challenges.get(phone_e164)

    def attempts_left(self, phone_e164: str) -> int:
        """Entries left for the live code; 0 when there is none, it expired or was refused."""
        with self._lock:
            challenge = self._challenges.get(phone_e164)
            if challenge is None or self._now() >= challenge.expires_at:
                return 0
            return challenge.attempts_left

    def seconds_left(self, phone_e164: str) -> float:
        """Seconds before the live code expires; 0 when there is none or it was refused."""
        with self._lock:
            challenge = self._challenges.get(phone_e164)
            if challenge is None or challenge.attempts_left == 0:
                return 0.0
            return max(0.0, challenge.expires_at - self._now())

    def forget(self, phone_e164: str) -> None:
        """Drop the number's code (the call ended); a new one may be sent at once."""
        with self._lock:
            self._challenges.pop(phone_e164, None)

    def _drop_stale(self, now: float) -> None:
        """Forget codes that can neither be checked nor hold back a resend any more."""
        stale = [
            phone
            for phone, c in self._challenges.items()
            if now >= c.expires_at and now >= c.sent_at + self._cooldown
        ]
        for phone in stale:
            del self._challenges[phone]
