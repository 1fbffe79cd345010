"""The full-text index of the knowledge base: SQLite FTS5 over normalised text.

One FTS5 table per language (``kb_search_ru``, ``kb_search_en``): a language is never a
filter FTS5 must check row by row, and each has its own vocabulary for typo correction.
A row holds an article's title, keywords and body as terms (app/kb/normalise.py); its
article id sits in ``kb_search_keys`` beside the FTS rowid, so re-indexing one article
deletes one row by rowid instead of scanning the index. bm25 ranks with the title
weighing most, then the keywords, then the body. The index is derived data: built from
the articles table, rebuilt by ``kb reindex``, never part of the schema (SQLite only; the
central PostgreSQL keeps the articles, every desk indexes its own copy).

A query is data, never FTS5 syntax: the operator's text goes through the same normaliser,
every term is quoted, and only this module writes the MATCH expression. The last word, while
it is still being typed, also matches as a prefix of what was typed. Articles whose title
and keywords hold every word come first, ranked in a table of their own that holds only
titles and keywords (``<table>_titles``, the same rowids): few rows to rank, however large
the base; when
they are fewer than asked for, every column counts; when that finds too few, any of the
words may (ranked by bm25, so more words matched rank higher). A word the index has never
seen is corrected to the nearest indexed term (rapidfuzz), and the caller is told which.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, bindparam, text

from app.kb.normalise import Normaliser, fold, words

LANGUAGES = ("ru", "en")
PREFIX = "kb_search"  # every derived table's name starts so (app/db/engine.py DERIVED_TABLES)
KEYS = "kb_search_keys"
#: bm25 weights by column: article_id (unindexed), title, keywords, body.
WEIGHTS = "0.0, 10.0, 4.0, 1.0"
TITLE_WEIGHTS = "10.0, 4.0"
MAX_QUERY_CHARS = 500  # what an operator types; more is cut, never an error
MAX_WORDS = 24
MIN_CORRECTABLE = 4  # shorter words are too ambiguous to correct
CORRECTION_SCORE = 75.0
#: When this many articles hold every word in their title and keywords, those are the
#: answer (whatever the limit, so a shorter list is the start of a longer one).
TITLE_FIRST = 10


def table(language: str) -> str:
    """The FTS5 table of a language (ValueError for any other, so no name is ever built
    from outside input)."""
    if language not in LANGUAGES:
        raise ValueError(f"no knowledge-base index for language {language!r}")
    return f"{PREFIX}_{language}"


def ensure(connection: Connection) -> None:
    for language in LANGUAGES:
        name = table(language)
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5("
            "article_id UNINDEXED, title, keywords, body, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {name}_titles USING fts5("
            "title, keywords, tokenize = 'unicode61 remove_diacritics 0')"
        )
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {name}_vocab USING fts5vocab({name}, 'row')"
        )
    connection.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {KEYS} (article_id TEXT PRIMARY KEY, "
        "language TEXT NOT NULL, fts_rowid INTEGER NOT NULL)"
    )


def size(connection: Connection) -> int:
    return int(connection.exec_driver_sql(f"SELECT count(*) FROM {KEYS}").scalar() or 0)  # noqa: S608


def put(
    connection: Connection,
    article_id: str,
    language: str,
    normaliser: Normaliser,
    *,
    title: str,
    keywords: str,
    body: str,
    replace: bool = True,
) -> set[str]:
    """Index (or re-index) one article; returns its terms (for the kept vocabulary).
    ``replace=False`` when the index was just cleared: there is nothing to delete."""
    if replace:
        remove(connection, article_id)
    fields = {
        "id": article_id,
        "title": normaliser.text(title),
        "keywords": normaliser.text(keywords),
        "body": normaliser.text(body),
    }
    inserted = connection.execute(
        text(
            f"INSERT INTO {table(language)} (article_id, title, keywords, body) "  # noqa: S608
            "VALUES (:id, :title, :keywords, :body)"
        ),
        fields,
    )
    connection.execute(
        text(
            f"INSERT INTO {table(language)}_titles (rowid, title, keywords) "  # noqa: S608
            "VALUES (:r, :title, :keywords)"
        ),
        {"r": inserted.lastrowid, "title": fields["title"], "keywords": fields["keywords"]},
    )
    connection.execute(
        text(f"INSERT INTO {KEYS} (article_id, language, fts_rowid) VALUES (:id, :l, :r)"),  # noqa: S608
        {"id": article_id, "l": language, "r": inserted.lastrowid},
    )
    return {t for key in ("title", "keywords", "body") for t in fields[key].split()}


def remove(connection: Connection, article_id: str) -> None:
    row = connection.execute(
        text(f"SELECT language, fts_rowid FROM {KEYS} WHERE article_id = :id"),  # noqa: S608
        {"id": article_id},
    ).first()
    if row is None:
        return
    for name in (table(row[0]), f"{table(row[0])}_titles"):
        connection.execute(text(f"DELETE FROM {name} WHERE rowid = :r"), {"r": row[1]})  # noqa: S608
    connection.execute(text(f"DELETE FROM {KEYS} WHERE article_id = :id"), {"id": article_id})  # noqa: S608


def clear(connection: Connection) -> None:
    for language in LANGUAGES:
        connection.exec_driver_sql(f"DELETE FROM {table(language)}")  # noqa: S608
        connection.exec_driver_sql(f"DELETE FROM {table(language)}_titles")  # noqa: S608
    connection.exec_driver_sql(f"DELETE FROM {KEYS}")  # noqa: S608


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
    def read(cls, connection: Connection, language: str) -> Vocabulary:
        vocabulary = cls()
        vocabulary.add(
            row[0]
            for row in connection.exec_driver_sql(f"SELECT term FROM {table(language)}_vocab")  # noqa: S608
        )
        return vocabulary

    def add(self, terms: Iterable[str]) -> None:
        """Terms of an article just indexed (cheaper than reading the vocabulary again)."""
        for term in terms:
            if term in self.known:
                continue
            self.known.add(term)
            bisect.insort(self.terms, term)
            bisect.insort(self.by_initial.setdefault(term[0], []), term)

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
    connection: Connection,
    expression: str,
    language: str,
    limit: int,
    columns: str = "",
) -> list[tuple[str, float]]:
    """(article id, bm25 score) best first: the raw MATCH, the floor the benchmark compares
    against. ``columns="titles"`` asks the titles-and-keywords table instead (the same
    rowids, a fraction of the rows to rank). Only rowids and scores are sorted; the ids
    are read for the rows kept."""
    if not expression or language not in LANGUAGES:
        return []
    name = table(language)
    ranked, weights = (f"{name}_titles", TITLE_WEIGHTS) if columns else (name, WEIGHTS)
    rows = connection.execute(
        text(
            f"SELECT rowid, bm25({ranked}, {weights}) AS score FROM {ranked} "  # noqa: S608
            f"WHERE {ranked} MATCH :q ORDER BY score LIMIT :limit"
        ),
        {"q": expression, "limit": limit},
    ).all()
    if not rows:
        return []
    found = connection.execute(
        text(f"SELECT rowid, article_id FROM {name} WHERE rowid IN :rowids").bindparams(  # noqa: S608
            bindparam("rowids", expanding=True)
        ),
        {"rowids": [row[0] for row in rows]},
    )
    ids: dict[int, str] = {int(rowid): str(article) for rowid, article in found}
    return [(str(ids[row[0]]), float(row[1])) for row in rows if row[0] in ids]


def search(
    connection: Connection, the_plan: Plan, language: str, limit: int
) -> list[tuple[str, float]]:
    """Title and keywords holding every word; then every column; then any word."""
    every = the_plan.expression("AND")
    enough = max(limit, TITLE_FIRST)
    found = run(connection, every, language, enough, "titles")
    if len(found) >= enough:
        return found[:limit]
    found = run(connection, every, language, limit)
    if len(found) < limit and len(the_plan.groups) > 1:
        seen = {article for article, _score in found}
        more = run(connection, the_plan.expression("OR"), language, limit + len(found))
        found += [(a, s) for a, s in more if a not in seen][: limit - len(found)]
    return found


def highlight_terms(the_plan: Plan) -> tuple[set[str], tuple[str, ...]]:
    """What a snippet marks: the plan's terms and the prefixes being typed (folded)."""
    return the_plan.terms, tuple(fold(p) for p in the_plan.prefixes)
