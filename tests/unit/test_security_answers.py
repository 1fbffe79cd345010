"""Security answers: the same answer however it is typed, a different one never, and nothing
but an argon2 hash kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.verification.answers import answer_matches, hash_answer, normalise_answer

STORED = hash_answer("Ёлка Зелёная")


@pytest.mark.parametrize(
    "typed",
    [
        "Ёлка Зелёная",
        "ёлка зелёная",
        "ЕЛКА ЗЕЛЕНАЯ",
        "  елка   зеленая ",
        "Елка зеленая!",
        "«ёлка зелёная»",
    ],
)
def test_the_same_answer_matches_however_it_is_dictated(typed: str) -> None:
    assert answer_matches(STORED, typed)


@pytest.mark.parametrize(
    "typed", ["елказеленая", "ёлка", "зелёная ёлка", "", "   ", "Ёлка Зелёная 2"]
)
def test_another_answer_does_not_match(typed: str) -> None:
    assert not answer_matches(STORED, typed)


def test_only_an_argon2_hash_is_kept() -> None:
    assert STORED.startswith("$argon2id$")
    assert "елка" not in STORED and "Ёлка" not in STORED


def test_a_broken_or_missing_hash_never_matches() -> None:
    assert not answer_matches("", "ёлка зелёная")
    assert not answer_matches("not a hash", "ёлка зелёная")


def test_an_empty_answer_cannot_be_stored() -> None:
    with pytest.raises(ValueError, match="empty"):
        hash_answer(" ?! ")


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_answer(text)
    assert normalise_answer(once) == once
    assert "ё" not in once
    assert once == once.casefold()
