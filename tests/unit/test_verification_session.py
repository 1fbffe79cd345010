"""The verification level follows the policy: a document and a secret make it full, one match
partial, nothing none; a later mismatch undoes a match; the policy can ask for more."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from app.verification.session import (
    DOCUMENTS,
    SECRETS,
    Factor,
    Level,
    Policy,
    VerificationSession,
)


def session(policy: Policy | None = None) -> VerificationSession:
    return VerificationSession(uuid.uuid4(), uuid.uuid4(), policy or Policy())


def test_a_document_and_the_security_answer_make_it_full() -> None:
    s = session()
    assert s.level is Level.NONE
    assert s.record(Factor.SNILS, matched=True) is Level.PARTIAL
    assert s.missing_for_full() == [SECRETS]
    assert s.record(Factor.SECURITY_ANSWER, matched=True) is Level.FULL
    assert s.missing_for_full() == []


def test_two_documents_are_still_only_partial() -> None:
    s = session()
    s.record(Factor.SNILS, matched=True)
    s.record(Factor.PASSPORT, matched=True)
    assert s.level is Level.PARTIAL


def test_mismatches_count_as_failures_and_do_not_raise_the_level() -> None:
    s = session()
    s.record(Factor.SNILS, matched=False)
    s.record(Factor.SMS_CODE, matched=False)
    assert s.level is Level.NONE
    assert s.failures == 2


def test_a_later_mismatch_of_the_same_factor_undoes_the_match() -> None:
    s = session()
    s.record(Factor.INN, matched=True)
    s.record(Factor.SMS_CODE, matched=True)
    assert s.level is Level.FULL
    s.record(Factor.SMS_CODE, matched=False)  # a second code, entered wrong
    assert s.level is Level.PARTIAL


def test_a_stricter_policy_needs_both_secrets() -> None:
    strict = Policy(
        full_needs=(DOCUMENTS, frozenset({Factor.SMS_CODE}), frozenset({Factor.SECURITY_ANSWER}))
    )
    s = session(strict)
    s.record(Factor.PASSPORT, matched=True)
    s.record(Factor.SMS_CODE, matched=True)
    assert s.level is Level.PARTIAL
    s.record(Factor.SECURITY_ANSWER, matched=True)
    assert s.level is Level.FULL


def test_the_administrators_policy_from_settings() -> None:
    relaxed, strict = Policy.from_settings(5, both_secrets=False), Policy.from_settings(2, True)
    matched = frozenset({Factor.SNILS, Factor.SMS_CODE})

    assert relaxed.level(matched) is Level.FULL
    assert strict.level(matched) is Level.PARTIAL
    assert strict.level(matched | {Factor.SECURITY_ANSWER}) is Level.FULL
    assert (relaxed.failures_per_day, strict.failures_per_day) == (5, 2)


@given(st.lists(st.tuples(st.sampled_from(list(Factor)), st.booleans()), max_size=12))
def test_the_level_never_exceeds_what_the_matches_justify(
    checks: list[tuple[Factor, bool]],
) -> None:
    s = session()
    for factor, matched in checks:
        s.record(factor, matched)
    matched = s.matched
    if s.level is Level.FULL:
        assert matched & DOCUMENTS and matched & SECRETS
    if not matched:
        assert s.level is Level.NONE
