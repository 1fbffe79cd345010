"""A snippet of an article around the words the query matched, with those words marked.

The index holds terms, not text, so FTS5's own snippet() would show lemmas; this reads the
article's words (Markdown marks stripped, placeholders already filled), finds the window
of about ``width`` characters holding the most matched words, and returns it as pieces:
(text, matched). An article's words and their terms are prepared once
(:func:`prepare`, kept by the knowledge base while the article does not change), so a
keystroke only compares sets. The front end decides how a match looks (bold in the pane,
«» in the terminal).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.kb.normalise import WORD, fold

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BLOCK = re.compile(r"(?m)^\s*(?:#{1,6}|[-*+]|\d+[.)]|>)\s+")
_INLINE = re.compile(r"[*_`]+")
Piece = tuple[str, bool]


def plain(markdown: str) -> str:
    """Markdown as one line of readable text."""
    text = _INLINE.sub("", _BLOCK.sub(" ", _LINK.sub(r"\1", markdown)))
    return " ".join(text.split())


@dataclass(frozen=True)
class Prepared:
    """An article's readable text and, for each word, where it stands and its terms."""

    text: str
    spans: tuple[tuple[int, int, str, frozenset[str]], ...]


def prepare(markdown: str, terms_of: Callable[[str], tuple[str, ...]]) -> Prepared:
    text = plain(markdown)
    spans = []
    for match in WORD.finditer(text):
        word = fold(match.group())
        spans.append((match.start(), match.end(), word, frozenset(terms_of(word))))
    return Prepared(text, tuple(spans))


def snippet(
    prepared: Prepared, terms: set[str], prefixes: tuple[str, ...] = (), width: int = 180
) -> list[Piece]:
    """The best window of the text, cut at word boundaries, with matched words marked."""
    text = prepared.text
    if not prepared.spans:
        return [(text[:width], False)]
    hits = [
        start
        for start, _end, word, word_terms in prepared.spans
        if not word_terms.isdisjoint(terms) or (prefixes and word.startswith(prefixes))
    ]
    best_start, best_count = 0, -1
    for first in hits or [0]:
        count = sum(1 for h in hits if first <= h < first + width)
        if count > best_count:
            best_start, best_count = first, count
    begin = max(0, text.rfind(" ", 0, max(0, best_start - width // 4)) + 1)
    end = min(len(text), begin + width)
    if end < len(text):
        end = max(begin + 1, text.rfind(" ", begin, end))
    marked = set(hits)
    pieces: list[Piece] = []
    cursor = begin
    for start, stop, _word, _terms in prepared.spans:
        if start < begin or stop > end or start not in marked:
            continue
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:stop], True))
        cursor = stop
    if cursor < end:
        pieces.append((text[cursor:end], False))
    if begin > 0:
        pieces.insert(0, ("…", False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces


def as_text(pieces: list[Piece], mark: tuple[str, str] = ("«", "»")) -> str:
    return "".join(f"{mark[0]}{t}{mark[1]}" if hit else t for t, hit in pieces)
