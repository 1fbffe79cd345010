"""A snippet of an article around the words the query matched, with those words marked.

The index holds terms, not text, so FTS5's own snippet() would show lemmas; this reads the
article's words (Markdown marks stripped, placeholders already filled), finds the window
of about ``width`` characters holding the most matched words, and returns it as pieces:
(text, matched). The front end decides how a match looks (bold in the pane, «» in the
terminal).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.kb.normalise import WORD, fold

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BLOCK = re.compile(r"(?m)^\s*(?:#{1,6}|[-*+]|\d+[.)]|>)\s+")
_INLINE = re.compile(r"[*_`]+")
Piece = tuple[str, bool]


def plain(markdown: str) -> str:
    """Markdown as one line of readable text."""
    text = _INLINE.sub("", _BLOCK.sub(" ", _LINK.sub(r"\1", markdown)))
    return " ".join(text.split())


def snippet(
    markdown: str,
    matches: Callable[[str], bool],
    width: int = 180,
) -> list[Piece]:
    """The best window of the text, cut at word boundaries, with matched words marked."""
    text = plain(markdown)
    spans = [(m.start(), m.end(), matches(fold(m.group()))) for m in WORD.finditer(text)]
    if not spans:
        return [(text[:width], False)]
    best_start, best_count = 0, -1
    hits = [start for start, _end, hit in spans if hit]
    for first in hits or [0]:
        count = sum(1 for h in hits if first <= h < first + width)
        if count > best_count:
            best_start, best_count = first, count
    begin = max(0, text.rfind(" ", 0, max(0, best_start - width // 4)) + 1)
    end = min(len(text), begin + width)
    if end < len(text):
        end = max(begin + 1, text.rfind(" ", begin, end))
    pieces: list[Piece] = []
    cursor = begin
    for start, stop, hit in spans:
        if start < begin or stop > end or not hit:
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
