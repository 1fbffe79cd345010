"""Security answers: kept only as argon2 hashes of a normalised form, compared the same way.

A caller dictates "Мурка", "мурка " or "МУРКА" and means the same answer; "ёлка" and
"елка" too. The answer is normalised (case folded, ё → е, whitespace collapsed, edge
punctuation dropped) before it is hashed and before a typed answer is checked, so only
the meaning counts. argon2id with parameters that make a check take tens of
milliseconds: fast for the operator, slow for anyone trying answers offline.
"""

from __future__ import annotations

import re
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = " .,;:!?\"'«»()-–—"


def normalise_answer(text: str) -> str:
    """The comparable form of an answer: 'Ёлка  Зелёная!' -> 'елка зеленая'."""
    folded = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return _SPACES.sub(" ", folded).strip(_EDGE_PUNCTUATION)


def hash_answer(text: str) -> str:
    """The argon2 hash to store; refuses an answer that is empty once normalised."""
    normal = normalise_answer(text)
    if not normal:
        raise ValueError("an empty security answer cannot be stored")
    return _HASHER.hash(normal)


def answer_matches(stored_hash: str, typed: str) -> bool:
    """Whether ``typed`` is the stored answer; a broken or missing hash never matches."""
    normal = normalise_answer(typed)
    if not normal or not stored_hash:
        return False
    try:
        return _HASHER.verify(stored_hash, normal)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
