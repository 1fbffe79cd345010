"""The knowledge base as the desk reads it: search, articles with their placeholders
filled, operator scripts, favourites and suggestions for the ticket on screen.

Search runs on the calling thread with a read session of its own (the pane calls it off
the GUI thread); the vocabulary for typo correction is read once and again only after the
index changed. Placeholders come from the lines and the ticket categories in the database,
so an article never states an hour or a number as text. Editing, importing and indexing
are in app/services/kb_admin.py.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial

from sqlalchemy import ColumnElement, Connection, Select, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.kb_models import ArticleStatus, KbArticle, KbFavourite
from app.db.models import Line, TicketCategory
from app.domain.clock import utc_now
from app.kb import index
from app.kb.articles import fill, split_list
from app.kb.normalise import Normaliser
from app.kb.snippets import Piece, Prepared, prepare, snippet

LANGUAGES = index.LANGUAGES
PLACEHOLDERS_KEPT_S = 5.0
SNIPPET_ARTICLES = 2_000  # articles whose words are kept prepared for snippets


@dataclass(frozen=True)
class ArticleSummary:
    id: uuid.UUID
    slug: str
    language: str
    kind: str
    title: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class ArticleView(ArticleSummary):
    keywords: tuple[str, ...]
    body: str  # Markdown, placeholders filled
    source: str  # Markdown as stored, with {{placeholders}}
    status: ArticleStatus
    revision: int


@dataclass(frozen=True)
class Hit:
    article: ArticleSummary
    score: float
    snippet: list[Piece]


@dataclass(frozen=True)
class SearchOutcome:
    hits: list[Hit]
    corrections: tuple[tuple[str, str], ...] = ()  # (what was typed, the word used instead)


def summary(row: KbArticle) -> ArticleSummary:
    return ArticleSummary(
        row.id, row.slug, row.language, row.kind, row.title, split_list(row.categories)
    )


#: Moscow time, as an article in each language writes it.
_MOSCOW = {"ru": "МСК", "en": "MSK"}


def _hours(opens: dt.time, closes: dt.time, language: str) -> str:
    return f"{opens:%H:%M}–{closes:%H:%M} {_MOSCOW.get(language, 'МСК')}"


def placeholder_values(session: Session, language: str = "ru") -> dict[str, str]:
    """What ``{{line.<code>.phone}}``, ``{{line.<code>.hours}}`` and ``{{days.<category>}}``
    stand for now."""
    values: dict[str, str] = {}
    for line in session.scalars(select(Line).where(Line.deleted_at.is_(None))):
        values[f"line.{line.code}.phone"] = line.phone_number
        values[f"line.{line.code}.hours"] = _hours(line.opens_at, line.closes_at, language)
    categories = list(session.scalars(select(TicketCategory)))
    by_id = {category.id: category for category in categories}
    for category in categories:
        parent = by_id.get(category.parent_id) if category.parent_id else None
        days = category.review_days or (parent.review_days if parent else None)
        if days:
            values[f"days.{category.code}"] = str(days)
    return values


class KnowledgeBase:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._normalisers = {language: Normaliser(language) for language in LANGUAGES}
        self._vocabularies: dict[str, index.Vocabulary] = {}
        self._lock = threading.Lock()
        self._ensured = False
        self._snippet_words: OrderedDict[tuple[uuid.UUID, int, int], Prepared] = OrderedDict()
        self._values: dict[str, tuple[float, dict[str, str]]] = {}
        self.generation = 0  # raised by every change to the index

    def normaliser(self, language: str) -> Normaliser:
        return self._normalisers.get(language, self._normalisers["ru"])

    def index_changed(self, language: str | None = None, terms: set[str] | None = None) -> None:
        """The index changed: an article's new terms join the kept vocabulary (a rebuild,
        with no terms given, drops it to be read again)."""
        with self._lock:
            self.generation += 1
            self._values = {}
            if terms is None:
                self._vocabularies.clear()
            elif language in self._vocabularies:
                self._vocabularies[language].add(terms)

    def _vocab(self, connection: Connection, language: str) -> index.Vocabulary:
        with self._lock:
            if language not in self._vocabularies:
                self._vocabularies[language] = index.Vocabulary.read(connection, language)
            return self._vocabularies[language]

    def _ensure(self, connection: Connection) -> None:
        if not self._ensured:
            index.ensure(connection)
            self._ensured = True

    def _placeholders(self, session: Session, language: str) -> dict[str, str]:
        """The placeholder values, kept a few seconds (lines and categories rarely change;
        every keystroke's snippets need them)."""
        now = time.monotonic()
        kept = self._values.get(language)
        if kept is None or now - kept[0] > PLACEHOLDERS_KEPT_S:
            kept = (now, placeholder_values(session, language))
            self._values[language] = kept
        return kept[1]

    def warm_up(self) -> None:
        """Load the dictionaries and the vocabulary now (a second or so), so the operator's
        first search does not wait for them."""
        for normaliser in self._normalisers.values():
            normaliser.terms("проверка check")

        def read(session: Session) -> None:
            self._ensure(session.connection())
            for language in LANGUAGES:
                self._vocab(session.connection(), language)

        self._db.read(read)

    # search ---------------------------------------------------------------------------------
    def search(self, query: str, language: str = "ru", limit: int = 10) -> SearchOutcome:
        """Ranked published articles for whatever was typed (never an error for bad input)."""
        if language not in LANGUAGES:
            language = "ru"
        normaliser = self.normaliser(language)
        if not query.strip() or limit <= 0:
            return SearchOutcome([])

        def work(session: Session) -> SearchOutcome:
            connection = session.connection()
            self._ensure(connection)
            plan = index.plan(query, normaliser, self._vocab(connection, language))
            found = index.search(connection, plan, language, limit)
            if not found:
                return SearchOutcome([], plan.corrections)
            ids = [uuid.UUID(article) for article, _score in found]
            rows = {
                r.id: r for r in session.scalars(select(KbArticle).where(KbArticle.id.in_(ids)))
            }
            values = self._placeholders(session, language)
            terms, prefixes = index.highlight_terms(plan)
            hits = [
                Hit(
                    summary(rows[i]),
                    -score,
                    snippet(self._prepared(rows[i], values, normaliser), terms, prefixes),
                )
                for i, (_article, score) in zip(ids, found, strict=True)
                if i in rows
            ]
            return SearchOutcome(hits, plan.corrections)

        return self._db.read(work)

    def _prepared(self, row: KbArticle, values: dict[str, str], normaliser: Normaliser) -> Prepared:
        """An article's words and terms, prepared once per version and placeholder values."""
        key = (row.id, row.revision, hash(frozenset(values.items())))
        with self._lock:
            kept = self._snippet_words.get(key)
            if kept is not None:
                self._snippet_words.move_to_end(key)
                return kept
        prepared = prepare(fill(row.body, values), normaliser.word_terms)
        with self._lock:
            self._snippet_words[key] = prepared
            while len(self._snippet_words) > SNIPPET_ARTICLES:
                self._snippet_words.popitem(last=False)
        return prepared

    def suggestions(
        self, category: str, text: str, language: str = "ru", limit: int = 5
    ) -> list[ArticleSummary]:
        """For the ticket on screen: articles of its category, then those its words find."""
        out: list[ArticleSummary] = []
        if category:
            root = category.split(".", 1)[0]
            for article in self.articles(language):
                if category in article.categories or root in article.categories:
                    out.append(article)
        if text.strip():
            for hit in self.search(text + " ", language, limit).hits:
                if hit.article.id not in {a.id for a in out}:
                    out.append(hit.article)
        return out[:limit]

    # reading --------------------------------------------------------------------------------
    def placeholders(self, language: str = "ru") -> dict[str, str]:
        return self._db.read(lambda s: placeholder_values(s, language))

    def articles(self, language: str, kind: str | None = None) -> list[ArticleSummary]:
        query = select(KbArticle).where(
            KbArticle.language == language,
            KbArticle.status == ArticleStatus.PUBLISHED,
            KbArticle.deleted_at.is_(None),
        )
        if kind is not None:
            query = query.where(KbArticle.kind == kind)
        query = query.order_by(KbArticle.title)
        return self._db.read(lambda s: [summary(row) for row in s.scalars(query)])

    def find_slug(self, slug: str, language: str = "ru") -> uuid.UUID | None:
        """The published article with this slug in this language (or, failing that, in
        Russian), for links from elsewhere in the desk (an application's guidance)."""
        for wanted in dict.fromkeys((language, "ru")):
            query = select(KbArticle.id).where(
                KbArticle.slug == slug,
                KbArticle.language == wanted,
                KbArticle.status == ArticleStatus.PUBLISHED,
                KbArticle.deleted_at.is_(None),
            )
            found: uuid.UUID | None = self._db.read(partial(_first, query))
            if found is not None:
                return found
        return None

    def scripts(self, language: str) -> list[ArticleSummary]:
        return self.articles(language, "script")

    def drafts(self, language: str) -> list[ArticleSummary]:
        """Articles a supervisor has not published (operators never see them)."""
        query = (
            select(KbArticle)
            .where(
                KbArticle.language == language,
                KbArticle.status == ArticleStatus.DRAFT,
                KbArticle.deleted_at.is_(None),
            )
            .order_by(KbArticle.title)
        )
        return self._db.read(lambda s: [summary(row) for row in s.scalars(query)])

    def article(self, article_id: uuid.UUID, include_drafts: bool = False) -> ArticleView:
        """An article with its placeholders filled; a draft only for a supervisor."""

        def work(session: Session) -> ArticleView:
            row = session.get(KbArticle, article_id)
            hidden = row is not None and row.status is ArticleStatus.DRAFT and not include_drafts
            if row is None or row.deleted_at is not None or hidden:
                raise LookupError("no such article")
            return ArticleView(
                row.id,
                row.slug,
                row.language,
                row.kind,
                row.title,
                split_list(row.categories),
                split_list(row.keywords),
                fill(row.body, placeholder_values(session, row.language)),
                row.body,
                row.status,
                row.revision,
            )

        return self._db.read(work)

    def favourites(self, operator_id: uuid.UUID | None = None) -> list[ArticleSummary]:
        """The operator's favourites (by default whoever is signed in at this desk)."""
        operator_id = operator_id or self._db.operator_id
        query = (
            select(KbArticle)
            .join(KbFavourite, KbFavourite.article_id == KbArticle.id)
            .where(
                _owner(operator_id),
                KbFavourite.deleted_at.is_(None),
                KbArticle.status == ArticleStatus.PUBLISHED,
                KbArticle.deleted_at.is_(None),
            )
            .order_by(KbArticle.title)
        )
        return self._db.read(lambda s: [summary(row) for row in s.scalars(query)])

    def set_favourite(
        self, article_id: uuid.UUID, on: bool, operator_id: uuid.UUID | None = None
    ) -> Future[None]:
        operator_id = operator_id or self._db.operator_id

        def work(session: Session) -> None:
            row = session.scalar(
                select(KbFavourite).where(KbFavourite.article_id == article_id, _owner(operator_id))
            )
            if on and row is None:
                session.add(KbFavourite(article_id=article_id, operator_id=operator_id))
            elif on and row is not None:
                row.deleted_at = None
            elif row is not None and row.deleted_at is None:
                row.deleted_at = utc_now()

        return self._db.write(work)


def _first(query: Select[uuid.UUID], session: Session) -> uuid.UUID | None:
    return session.scalar(query)


def _owner(operator_id: uuid.UUID | None) -> ColumnElement[bool]:
    if operator_id is None:
        return KbFavourite.operator_id.is_(None)
    return KbFavourite.operator_id == operator_id
