"""Knowledge-base articles as files: Markdown with a small front-matter, and placeholders.

A file starts with ``---``, then ``key: value`` lines (id, language, kind, title,
categories, keywords; lists comma-separated), ``---``, then the Markdown body. Facts that
are configuration are never written as text: ``{{line.domestic.phone}}``,
``{{line.international.hours}}``, ``{{days.complaint}}`` … are filled from the database
when the article is shown, so changing a line's hours changes every article at once. A
file that breaks these rules is refused with the reason (:class:`ArticleProblem`), and
nothing of it is imported.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

KEYS = ("id", "language", "kind", "title", "categories", "keywords")
LANGUAGES = ("ru", "en")
KINDS = ("article", "script")
ID = re.compile(r"[a-z0-9][a-z0-9\-]{1,98}[a-z0-9]")
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+(?:\.[a-z0-9_]+)+)\s*\}\}")
#: What a placeholder the data cannot fill shows (and the check lists it).
UNFILLED = "…"
MAX_BYTES = 200_000


class ProblemKind(enum.StrEnum):
    NOT_TEXT = "not_text"  # not UTF-8, or too large
    NO_FRONT_MATTER = "no_front_matter"
    MISSING_KEY = "missing_key"
    BAD_ID = "bad_id"
    BAD_LANGUAGE = "bad_language"
    BAD_KIND = "bad_kind"
    EMPTY_BODY = "empty_body"
    UNKNOWN_PLACEHOLDER = "unknown_placeholder"


@dataclass(frozen=True)
class ArticleProblem(Exception):
    """Why a file is not an article; ``detail`` names the key or placeholder."""

    source: str
    kind: ProblemKind
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.source}: {self.kind.value}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class ArticleText:
    slug: str
    language: str
    kind: str
    title: str
    categories: tuple[str, ...]
    keywords: tuple[str, ...]
    body: str


def split_list(value: str) -> tuple[str, ...]:
    """A comma-separated list (categories, keywords) as its parts."""
    return tuple(part.strip() for part in value.split(",") if part.strip())


def parse(text: str, source: str = "") -> ArticleText:
    """One article from its file's text; :class:`ArticleProblem` when it is not one."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in (ln.strip() for ln in lines[1:]):
        raise ArticleProblem(source, ProblemKind.NO_FRONT_MATTER)
    end = next(i for i, ln in enumerate(lines[1:], 1) if ln.strip() == "---")
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip()
    for key in KEYS:
        if not meta.get(key) and key not in ("categories", "keywords"):
            raise ArticleProblem(source, ProblemKind.MISSING_KEY, key)
    if not ID.fullmatch(meta["id"]):
        raise ArticleProblem(source, ProblemKind.BAD_ID, meta["id"])
    if meta["language"] not in LANGUAGES:
        raise ArticleProblem(source, ProblemKind.BAD_LANGUAGE, meta["language"])
    if meta["kind"] not in KINDS:
        raise ArticleProblem(source, ProblemKind.BAD_KIND, meta["kind"])
    body = "\n".join(lines[end + 1 :]).strip()
    if not body:
        raise ArticleProblem(source, ProblemKind.EMPTY_BODY)
    return ArticleText(
        meta["id"],
        meta["language"],
        meta["kind"],
        meta["title"],
        split_list(meta.get("categories", "")),
        split_list(meta.get("keywords", "")),
        body,
    )


def read_file(path: Path) -> ArticleText:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ArticleProblem(path.name, ProblemKind.NOT_TEXT, "too large")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleProblem(path.name, ProblemKind.NOT_TEXT, type(exc).__name__) from exc
    return parse(text, path.name)


def read_directory(
    folder: Path, placeholders: Mapping[str, str] | None = None
) -> list[ArticleText]:
    """Every ``*.md`` under ``folder`` (sorted), or the first problem: all or nothing. With
    ``placeholders``, an article naming one the data cannot fill is a problem too."""
    articles = []
    seen: set[tuple[str, str]] = set()
    for path in sorted(folder.rglob("*.md")):
        article = read_file(path)
        if (article.slug, article.language) in seen:
            raise ArticleProblem(path.name, ProblemKind.BAD_ID, f"{article.slug} twice")
        seen.add((article.slug, article.language))
        if placeholders is not None:
            for name in placeholders_in(article.body):
                if name not in placeholders:
                    raise ArticleProblem(path.name, ProblemKind.UNKNOWN_PLACEHOLDER, name)
        articles.append(article)
    return articles


def placeholders_in(text: str) -> list[str]:
    return [match.group(1) for match in PLACEHOLDER.finditer(text)]


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with every placeholder replaced by its value (``…`` when there is none)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), UNFILLED), text)
