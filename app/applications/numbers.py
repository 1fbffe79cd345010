"""Application numbers as callers dictate them: "№ 1234 567 890", "1234-567-890", "заявка
1234567890". Stored as digits only; shown in groups the caller can follow."""

from __future__ import annotations

import re

MIN_DIGITS, MAX_DIGITS = 6, 20
#: An optional word or sign before the digits, then digits with the separators people type.
_DICTATED = re.compile(
    r"\s*(?:(?:заявк[аиуе]|заявлени[еяю]|application)\s*)?"  # a word,
    r"(?:(?:no\.?|n|№|#)\s*)?[:.]?\s*"  # a sign,
    r"(\d[\d\s\-./]*)\s*",  # the digits
    re.IGNORECASE,
)


def normalise(text: str | None) -> str | None:
    """The digits of an application number, or None when the text is not one."""
    if not text:
        return None
    match = _DICTATED.fullmatch(text)
    if match is None:
        return None
    digits = re.sub(r"\D", "", match.group(1))
    return digits if MIN_DIGITS <= len(digits) <= MAX_DIGITS else None


def display(number: str) -> str:
    """Groups to read aloud: 4-3-3 for the portal's ten digits, threes otherwise."""
    if len(number) == 10 and number.isdigit():
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    return " ".join(number[i : i + 3] for i in range(0, len(number), 3))
