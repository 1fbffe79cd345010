"""The full-text index of the knowledge base: SQLite FTS5 over normalised text.

One row per published article: its id and language (not indexed) and its title, keywords
and body as terms (app/kb/normalise.py). bm25 ranks with the title weighing most, then the
keywords, then the body. The index is derived data: built from the articles table, rebuilt
by ``kb reindex``, never part of the schema (SQLite only; the central PostgreSQL keeps the
articles, every desk indexes its own copy).

A query is data, never FTS5 syntax: the operator's text goes through the same normaliser,
every term is quoted, and only this module writes the MATCH expression. The last word, while
it is still being typed, also matches as a prefix of what was typed. All the words must
match first; when that finds too few, any of them may (ranked by bm25, so more words
matched rank higher). A word the index has never seen is corrected to the nearest indexed
term (rapidfuzz), and the caller is told which.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, text

from app.kb.normalise import Normaliser, fold, words

TABLE = "kb_search"
VOCABULARY = "kb_search_vocab"
#: bm25 weights by column: article_id, language (unindexed), title, keywords, body.
WEIGHTS = "0.0, 0.0, 10.0, 4.0, 1.0"
MAX_QUERY_CHARS = 500  # what an operator types; more is cut, never an error
MAX_WORDS = 24
MIN_CORRECTABLE = 4  # shorter words are too ambiguous to correct
CORRECTION_SCORE = 75.0

_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "article_id UNINDEXED, language UNINDEXED, title, keywords, body, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)
_VOCAB = f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCABULARY} USING fts5vocab({TABLE}, 'row')"


def ensure(connection: Connection) -> None:
    connection.exec_driver_sql(_CREATE)
    connection.exec_driver_sql(_VOCAB)


def size(connection: Connection) -> int:
    return int(connection.exec_driver_sql(f"SELECT count(*) FROM {TABLE}").scalar() or 0)  # noqa: S608


def put(
    connection: Connection,
    article_id: str,
    language: str,
    normaliser: Normaliser,
    *,
    title: str,
    keywords: str,
    body: str,
) -> None:
    """Index (or re-index) one article."""
    remove(connection, article_id)
    connection.execute(
        text(
            f"INSERT INTO {TABLE} (article_id, language, title, keywords, body) "  # noqa: S608
            "VALUES (:id, :language, :title, :keywords, :body)"
        ),
        {
            "id": article_id,
            "language": language,
            "title": normaliser.text(title),
            "keywords": normaliser.text(keywords),
            "body": normaliser.text(body),
        },
    )


def remove(connection: Connection, article_id: str) -> None:
    connection.execute(
        text(f"DELETE FROM {TABLE} WHERE article_id = :id"),  # noqa: S608
        {"id": article_id},
    )


def clear(connection: Connection) -> None:
    connection.exec_driver_sql(f"DELETE FROM {TABLE}")  # noqa: S608


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True)
class Group:
    """One word of the query: its terms (all needed), or, while typed, a prefix."""

    terms: tuple[str, ...]
    prefix: str = ""

    def expression(self) -> str:
        """One phrase (a word that became several terms: учётку → учетный запись, which
        stand side by side in the index too), or the phrase or the typed prefix."""
        whole = _quoted(" ".join(self.terms)) if self.terms else ""
        if self.prefix:
            typed = _quoted(self.prefix) + "*"
            return f"({whole} OR {typed})" if whole else typed
        return whole


@dataclass(frozen=True)
class Plan:
    """What a query became: the groups to match and the corrections made."""

    groups: tuple[Group, ...]
    corrections: tuple[tuple[str, str], ...] = ()

    def expression(self, mode: str) -> str:
        joiner = " AND " if mode == "AND" else " OR "
        return joiner.join(g.expression() for g in self.groups if g.terms or g.prefix)

    @property
    def terms(self) -> set[str]:
        return {t for g in self.groups for t in g.terms}

    @property
    def prefixes(self) -> tuple[str, ...]:
        return tuple(g.prefix for g in self.groups if g.prefix)


@dataclass
class Vocabulary:
    """The index's terms, sorted (for prefixes) and by first letter (for corrections)."""

    terms: list[str] = field(default_factory=list)
    known: set[str] = field(default_factory=set)
    by_initial: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, connection: Connection) -> Vocabulary:
        terms = sorted(
            row[0]
            for row in connection.exec_driver_sql(f"SELECT term FROM {VOCABULARY}")  # noqa: S608
        )
        by_initial: dict[str, list[str]] = {}
        for term in terms:
            by_initial.setdefault(term[0], []).append(term)
        return cls(terms, set(terms), by_initial)

    def has_prefix(self, prefix: str) -> bool:
        at = bisect.bisect_left(self.terms, prefix)
        return at < len(self.terms) and self.terms[at].startswith(prefix)

    def nearest(self, term: str) -> str | None:
        candidates = self.by_initial.get(term[0], [])
        found = process.extractOne(
            term, candidates, scorer=fuzz.ratio, score_cutoff=CORRECTION_SCORE
        )
        return str(found[0]) if found else None


def plan(query: str, normaliser: Normaliser, vocabulary: Vocabulary) -> Plan:
    """The operator's text as groups of terms, corrected against the vocabulary."""
    query = query[:MAX_QUERY_CHARS]
    typed = list(words(query))[:MAX_WORDS]
    typing_last = bool(typed) and not query[-1:].isspace() and len(typed[-1]) >= 2
    groups: list[Group] = []
    corrections: list[tuple[str, str]] = []
    for index, word in enumerate(typed):
        last = typing_last and index == len(typed) - 1
        terms = tuple(normaliser.terms(word))
        if last and vocabulary.has_prefix(word):
            groups.append(Group(terms, prefix=word))
            continue
        fixed = []
        for term in terms:
            if term in vocabulary.known or term.isdigit() or len(term) < MIN_CORRECTABLE:
                fixed.append(term)
                continue
            nearest = vocabulary.nearest(term)
            if nearest is not None:
                corrections.append((word, nearest))
                fixed.append(nearest)
            else:
                fixed.append(term)
        groups.append(Group(tuple(fixed)))
    return Plan(_dedupe(groups), tuple(corrections))


def _dedupe(groups: Sequence[Group]) -> tuple[Group, ...]:
    seen: set[tuple[tuple[str, ...], str]] = set()
    out = []
    for group in groups:
        key = (group.terms, group.prefix)
        if (group.terms or group.prefix) and key not in seen:
            seen.add(key)
            out.append(group)
    return tuple(out)


def run(
    connection: Connection, expression: str, language: str, limit: int
) -> list[tuple[str, float]]:
    """(article id, bm25 score) best first; the floor the benchmark compares against."""
    if not expression:
        return []
    rows = connection.execute(
        text(
            f"SELECT article_id, bm25({TABLE}, {WEIGHTS}) AS score FROM {TABLE} "  # noqa: S608
            f"WHERE {TABLE} MATCH :q AND language = :language ORDER BY score LIMIT :limit"
        ),
        {"q": expression, "language": language, "limit": limit},
    )
    return [(str(row[0]), float(row[1])) for row in rows]


def search(
    connection: Connection, the_plan: Plan, language: str, limit: int
) -> list[tuple[str, float]]:
    """Every group first; then, if that finds fewer than ``limit``, any group."""
    found = run(connection, the_plan.expression("AND"), language, limit)
    if len(found) < limit and len(the_plan.groups) > 1:
        seen = {article for article, _score in found}
        more = run(connection, the_plan.expression("OR"), language, limit + len(found))
        found += [(a, s) for a, s in more if a not in seen][: limit - len(found)]
    return found


def highlight_terms(the_plan: Plan) -> tuple[set[str], tuple[str, ...]]:
    """What a snippet marks: the plan's terms and the prefixes being typed (folded)."""
    return the_plan.terms, tuple(fold(p) for p in the_plan.prefixes)
