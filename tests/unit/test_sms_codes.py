"""One-time SMS codes: what the caller receives, how long it works, how many tries, when a new
one may be sent, and that the desk keeps and logs no code in clear.

Codes go out through the real demo outbox gateway into a temporary file, and the tests read
them back from there as a developer would. Time is a fake clock the test moves.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from app.verification.sms_codes import (
    CODE_LIFETIME,
    MAX_ATTEMPTS,
    RESEND_COOLDOWN,
    CodeCheck,
    CodeKeeper,
    ResendTooSoon,
    mask_phone,
    message_text,
    normalise_entry,
)
from app.verification.sms_gateway import GatewayError, GatewayFailure, OutboxSmsGateway

PHONE = "+79123454567"
MASKED = "+7 *** ***-45-67"
OTHER_PHONE = "+79035550011"


class Clock:
    """The keeper's ``now``: seconds the test sets."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def outbox(tmp_path: Path) -> OutboxSmsGateway:
    return OutboxSmsGateway(tmp_path / "outbox.jsonl")


@pytest.fixture
def keeper(outbox: OutboxSmsGateway, clock: Clock) -> CodeKeeper:
    return CodeKeeper(outbox, now=clock)


def sent_messages(outbox: OutboxSmsGateway) -> list[dict[str, str]]:
    if not outbox.path.exists():
        return []
    return [json.loads(line) for line in outbox.path.read_text("utf-8").splitlines()]


def last_code(outbox: OutboxSmsGateway, phone: str = PHONE) -> str:
    text = [m for m in sent_messages(outbox) if m["phone"] == phone][-1]["text"]
    found = re.findall(r"(?<![0-9])[0-9]{6}(?![0-9])", text)
    assert len(found) == 1, text
    return str(found[0])


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# --- what the caller receives -----------------------------------------------------------------


def test_sent_code_is_six_digits_in_russian_and_works_once(
    keeper: CodeKeeper, outbox: OutboxSmsGateway
) -> None:
    keeper.send(PHONE)
    [message] = sent_messages(outbox)
    assert message["phone"] == PHONE
    assert message["text"].startswith("Код для оператора горячей линии: ")
    assert "5 мин" in message["text"]
    code = last_code(outbox)

    first = keeper.check(PHONE, code)
    assert first.outcome is CodeCheck.MATCH
    assert first.attempts_left == MAX_ATTEMPTS
    # One-time: the same code does not verify a second time.
    assert keeper.check(PHONE, code).outcome is CodeCheck.NO_CODE


def test_english_message_on_request(keeper: CodeKeeper, outbox: OutboxSmsGateway) -> None:
    keeper.send(PHONE, language="en")
    text = sent_messages(outbox)[0]["text"]
    assert text.startswith("Code for the hotline operator: ")
    assert "Valid for 5 min" in text
    assert keeper.check(PHONE, last_code(outbox)).outcome is CodeCheck.MATCH


def test_codes_are_random_with_leading_zeros_kept(tmp_path: Path) -> None:
    # Cheap hashing here: forty sends only look at the codes, not at the hash.
    outbox = OutboxSmsGateway(tmp_path / "outbox.jsonl")
    keeper = CodeKeeper(outbox, resend_cooldown=0, hasher=PasswordHasher(1, 8, 1))
    for _ in range(40):
        keeper.send(PHONE)
    codes = [re.findall(r"[0-9]{6}", m["text"])[0] for m in sent_messages(outbox)]
    assert len(set(codes)) > 35  # 40 draws from a million values
    assert all(len(c) == 6 for c in codes)


def test_message_text_helper() -> None:
    assert "012345" in message_text("012345")
    assert message_text("012345", "en").startswith("Code for the hotline operator: 012345.")
    assert "10 min" in message_text("012345", "en", lifetime=600)
    with pytest.raises(ValueError, match="language"):
        message_text("012345", "de")
    with pytest.raises(ValueError, match="6 digits"):
        message_text("12345")


def test_unknown_number_or_language_is_refused_and_nothing_is_sent(
    keeper: CodeKeeper, outbox: OutboxSmsGateway
) -> None:
    for phone in ("89123454567", "+7 912 345-45-67", "", "+0123456789"):
        with pytest.raises(ValueError, match=r"E\.164"):
            keeper.send(phone)
    with pytest.raises(ValueError, match="language"):
        keeper.send(PHONE, language="fr")
    assert sent_messages(outbox) == []
    assert keeper.check(PHONE, "123456").outcome is CodeCheck.NO_CODE


# --- expiry -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (CODE_LIFETIME - 0.001, CodeCheck.MATCH),
        (CODE_LIFETIME, CodeCheck.EXPIRED),
        (CODE_LIFETIME + 3600, CodeCheck.EXPIRED),
    ],
)
def test_code_expires_after_exactly_five_minutes(
    keeper: CodeKeeper, outbox: OutboxSmsGateway, clock: Clock, after: float, expected: CodeCheck
) -> None:
    assert CODE_LIFETIME == 300.0
    keeper.send(PHONE)
    clock.advance(after)
    assert keeper.check(PHONE, last_code(outbox)).outcome is expected


def test_time_left_counts_down_and_expiry_drops_the_hash(
    keeper: CodeKeeper, outbox: OutboxSmsGateway, clock: Clock
) -> None:
    keeper.send(PHONE)
    code = last_code(outbox)
    clock.advance(120)
    assert keeper.seconds_left(PHONE) == pytest.approx(180)
    assert keeper.attempts_left(PHONE) == 3
    miss = keeper.check(PHONE, wrong_code(code))
    assert (miss.outcome, miss.attempts_left) == (CodeCheck.MISMATCH, 2)
    assert miss.seconds_left == pytest.approx(180)

    clock.advance(180)
    expired = keeper.check(PHONE, code)
    assert (expired.outcome, expired.attempts_left, expired.seconds_left) == (
        CodeCheck.EXPIRED,
        0,
        0.0,
    )
    assert keeper.seconds_left(PHONE) == 0.0
    assert keeper.attempts_left(PHONE) == 0
    challenge = keeper.challenge(PHONE)
    assert challenge is not None
    assert challenge.code_hash is None  # nothing left that could ever match


# --- attempts ---------------------------------------------------------------------------------


def test_three_wrong_entries_end_the_attempt_even_for_the_right_code(
    keeper: CodeKeeper, outbox: OutboxSmsGateway, clock: Clock
) -> None:
    keeper.send(PHONE)
    code = last_code(outbox)
    wrong = wrong_code(code)
    results = [keeper.check(PHONE, wrong) for _ in range(3)]
    assert [(r.outcome, r.attempts_left) for r in results] == [
        (CodeCheck.MISMATCH, 2),
        (CodeCheck.MISMATCH, 1),
        (CodeCheck.TOO_MANY_ATTEMPTS, 0),
    ]
    assert keeper.check(PHONE, code).outcome is CodeCheck.TOO_MANY_ATTEMPTS
    assert keeper.attempts_left(PHONE) == 0

    # Only a new code (after the cooldown) lets the caller try again.
    with pytest.raises(ResendTooSoon):
        keeper.send(PHONE)
    clock.advance(RESEND_COOLDOWN)
    keeper.send(PHONE)
    assert keeper.attempts_left(PHONE) == 3
    assert keeper.check(PHONE, last_code(outbox)).outcome is CodeCheck.MATCH


@pytest.mark.parametrize("entry", ["", "   ", "12a456", "abcdef", "12345", "1234567", "١٢٣٤٥٦"])
def test_input_that_is_not_a_code_uses_no_attempt(
    keeper: CodeKeeper, outbox: OutboxSmsGateway, entry: str
) -> None:
    keeper.send(PHONE)
    for _ in range(5):
        result = keeper.check(PHONE, entry)
        assert (result.outcome, result.attempts_left) == (CodeCheck.NOT_A_CODE, 3)
    assert keeper.check(PHONE, last_code(outbox)).outcome is CodeCheck.MATCH


@pytest.mark.parametrize("shape", ["{a} {b}", "{a}-{b}", " {a}  {b} ", "{a}\u00a0{b}", "{a}–{b}"])
def test_spaces_and_dashes_in_an_entry_are_ignored(
    keeper: CodeKeeper, outbox: OutboxSmsGateway, shape: str
) -> None:
    keeper.send(PHONE)
    code = last_code(outbox)
    assert keeper.check(PHONE, shape.format(a=code[:3], b=code[3:])).outcome is CodeCheck.MATCH


def test_normalise_entry() -> None:
    assert normalise_entry(" 12-34 56 ") == "123456"
    assert normalise_entry("12 34 5") is None
    assert normalise_entry("l23456") is None


def test_codes_are_per_number(keeper: CodeKeeper, outbox: OutboxSmsGateway) -> None:
    keeper.send(PHONE)
    keeper.send(OTHER_PHONE)  # no cooldown across numbers
    mine, theirs = last_code(outbox), last_code(outbox, OTHER_PHONE)
    if mine != theirs:
        assert keeper.check(PHONE, theirs).outcome is CodeCheck.MISMATCH
    assert keeper.check(OTHER_PHONE, theirs).outcome is CodeCheck.MATCH
    assert keeper.check(PHONE, mine).outcome is CodeCheck.MATCH


# --- resending --------------------------------------------------------------------------------


def test_resend_waits_for_the_cooldown(
    keeper: CodeKeeper, outbox: OutboxSmsGateway, clock: Clock
) -> None:
    assert keeper.can_resend_in(PHONE) == 0.0
    keeper.send(PHONE)
    assert keeper.can_resend_in(PHONE) == pytest.approx(60)
    clock.advance(59.5)
    with pytest.raises(ResendTooSoon) as refused:
        keeper.send(PHONE)
    assert refused.value.seconds_left == pytest.approx(0.5)
    assert keeper.can_resend_in(PHONE) == pytest.approx(0.5)
    assert len(sent_messages(outbox)) == 1  # the refused resend sent nothing

    clock.advance(0.5)
    assert keeper.can_resend_in(PHONE) == 0.0
    keeper.send(PHONE)
    assert len(sent_messages(outbox)) == 2


def test_a_new_code_invalidates_the_old_one(
    keeper: CodeKeeper, outbox: OutboxSmsGateway, clock: Clock
) -> None:
    keeper.send(PHONE)
    old = last_code(outbox)
    assert keeper.check(PHONE, wrong_code(old)).attempts_left == 2
    new = old
    while new == old:  # one chance in a million that a resend draws the same code
        clock.advance(RESEND_COOLDOWN)
        keeper.send(PHONE)
        new = last_code(outbox)
    assert keeper.attempts_left(PHONE) == 3  # the new code has its own attempts
    assert keeper.seconds_left(PHONE) == pytest.approx(CODE_LIFETIME)
    assert keeper.check(PHONE, old).outcome is CodeCheck.MISMATCH
    assert keeper.check(PHONE, new).outcome is CodeCheck.MATCH


def test_a_failed_send_keeps_the_previous_code_and_starts_no_cooldown(
    tmp_path: Path, clock: Clock
) -> None:
    outbox = OutboxSmsGateway(tmp_path / "outbox.jsonl")
    keeper = CodeKeeper(outbox, now=clock)
    keeper.send(PHONE)
    code = last_code(outbox)
    clock.advance(RESEND_COOLDOWN)

    outbox.path = tmp_path  # a directory: the next write fails
    with pytest.raises(GatewayError) as failed:
        keeper.send(PHONE)
    assert failed.value.reason is GatewayFailure.UNREACHABLE
    assert keeper.can_resend_in(PHONE) == 0.0
    assert keeper.check(PHONE, code).outcome is CodeCheck.MATCH


def test_two_sends_at_once_send_one_code(keeper: CodeKeeper, outbox: OutboxSmsGateway) -> None:
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def press_send() -> None:
        start.wait(timeout=5)
        try:
            keeper.send(PHONE)
            outcomes.append("sent")
        except ResendTooSoon:
            outcomes.append("too soon")

    threads = [threading.Thread(target=press_send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(outcomes) == ["sent", "too soon"]
    assert len(sent_messages(outbox)) == 1


def test_forget_drops_the_code_and_the_cooldown(
    keeper: CodeKeeper, outbox: OutboxSmsGateway
) -> None:
    keeper.send(PHONE)
    code = last_code(outbox)
    keeper.forget(PHONE)
    assert keeper.can_resend_in(PHONE) == 0.0
    assert keeper.check(PHONE, code).outcome is CodeCheck.NO_CODE


# --- nothing in clear -------------------------------------------------------------------------


def test_only_an_argon2_hash_of_the_code_is_kept(
    keeper: CodeKeeper, outbox: OutboxSmsGateway
) -> None:
    keeper.send(PHONE)
    code = last_code(outbox)
    challenge = keeper.challenge(PHONE)
    assert challenge is not None
    assert challenge.code_hash is not None
    assert code not in challenge.code_hash
    assert challenge.code_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PasswordHasher().verify(challenge.code_hash, code)
    assert code not in repr(challenge)
    assert code not in repr(keeper.__dict__)


def test_the_code_never_reaches_a_log_line(
    keeper: CodeKeeper, outbox: OutboxSmsGateway, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    codes = []
    keeper.send(PHONE)  # verified after a wrong and a garbled entry
    codes.append(last_code(outbox))
    keeper.check(PHONE, wrong_code(codes[-1]))
    keeper.check(PHONE, "12x")
    keeper.check(PHONE, codes[-1])
    clock.advance(RESEND_COOLDOWN)
    keeper.send(PHONE)  # expires
    codes.append(last_code(outbox))
    clock.advance(CODE_LIFETIME)
    keeper.check(PHONE, codes[-1])
    keeper.send(PHONE)  # refused after three wrong entries
    codes.append(last_code(outbox))
    for _ in range(4):
        keeper.check(PHONE, wrong_code(codes[-1]))
    keeper.check(PHONE, codes[-1])

    logged = caplog.text + "\n".join(
        f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records
    )
    for code in codes:
        assert code not in logged
        assert code[:3] + " " + code[3:] not in logged
    assert PHONE not in logged
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("app.verification")]
    for event in ("sent", "verified", "expired", "refused"):
        assert any(event in m and MASKED in m for m in messages), (event, messages)


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("+79123454567", MASKED),
        ("+441632960961", "+44 *** ***-09-61"),
        ("+99912345678", "+? *** ***-56-78"),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked
