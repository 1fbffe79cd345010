"""Changing the knowledge base: the shipped articles seeded at first start, a folder
imported by an administrator, a supervisor's edits with a version per save, and the
full-text index kept in step (app/kb/index.py) in the same write transaction.

Importing is all or nothing: every file is read and checked first (front-matter, ids,
placeholders the data can fill); one bad file refuses the import with its reason and
nothing changes. Seeding adds only what is missing, so an article a supervisor edited is
never overwritten by the copy shipped with the desk.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.kb_models import ArticleStatus, KbArticle, KbVersion
from app.db.types import reference_id
from app.kb import index
from app.kb.articles import PLACEHOLDER, ArticleText, read_directory, split_list
from app.kb.snippets import plain
from app.paths import resource_path
from app.services.knowledge import KnowledgeBase, placeholder_values


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class VersionView:
    number: int
    saved_at: datetime
    title: str
    body: str
    status: ArticleStatus


@dataclass(frozen=True)
class ArticleEdit(ArticleText):
    """What a supervisor saves: an article's text and whether operators see it yet."""

    status: ArticleStatus = ArticleStatus.PUBLISHED


#: Articles re-indexed per write transaction (about 0.4 ms each: a write of ~40 ms).
REINDEX_CHUNK = 100


def shipped_folder() -> Path:
    return resource_path("kb")


class KnowledgeAdmin:
    def __init__(self, database: Database, kb: KnowledgeBase) -> None:
        self._db = database
        self._kb = kb

    # import and seed ------------------------------------------------------------------------
    def seed(self, folder: Path | None = None) -> int:
        """At start: the shipped articles that are missing are added; the index is built
        when it is empty. Returns how many articles were added."""
        folder = folder or shipped_folder()
        values = self._db.read(placeholder_values)
        articles = read_directory(folder, values) if folder.exists() else []

        def work(session: Session) -> int:
            connection = session.connection()
            index.ensure(connection)
            have = {
                (slug, language)
                for slug, language in session.execute(select(KbArticle.slug, KbArticle.language))
            }
            added = [
                self._add(session, a, None) for a in articles if (a.slug, a.language) not in have
            ]
            indexed = index.size(connection)
            if not indexed or added:
                self._reindex(session)
            return len(added)

        added = self._db.write_now(work)
        return added

    def import_directory(self, folder: Path) -> ImportReport:
        """Every article of the folder, added or updated (a new version when it changed)."""
        values = self._db.read(placeholder_values)
        articles = read_directory(folder, values)  # ArticleProblem: nothing written

        def work(session: Session) -> ImportReport:
            added = updated = unchanged = 0
            for article in articles:
                row = session.scalar(
                    select(KbArticle).where(
                        KbArticle.slug == article.slug, KbArticle.language == article.language
                    )
                )
                if row is None:
                    self._add(session, article, None)
                    added += 1
                elif _differs(row, article):
                    self._update(session, row, _edit_of(article), None)
                    updated += 1
                else:
                    unchanged += 1
            self._reindex(session)
            return ImportReport(added, updated, unchanged)

        return self._db.write_now(work)

    def reindex(self) -> int:
        return self._db.write_now(self._reindex)

    def reindex_articles(self, ids: Iterable[uuid.UUID]) -> Future[int]:
        """Bring these articles' index entries in step (articles that came down from the
        central database: added, changed, unpublished or gone). Done in small writes, so
        an operator's save queued meanwhile waits for one of them, not for all. The future
        is the last write's (the count of its articles)."""
        wanted = list(ids)
        chunks = [wanted[i : i + REINDEX_CHUNK] for i in range(0, len(wanted), REINDEX_CHUNK)]
        futures = [self._reindex_some(chunk) for chunk in chunks or [[]]]
        return futures[-1]

    def _reindex_some(self, wanted: list[uuid.UUID]) -> Future[int]:
        def work(session: Session) -> int:
            connection = session.connection()
            index.ensure(connection)
            rows = {
                r.id: r for r in session.scalars(select(KbArticle).where(KbArticle.id.in_(wanted)))
            }
            for article_id in wanted:
                row = rows.get(article_id)
                if row is None:
                    index.remove(connection, str(article_id))
                else:
                    self._index(session, row)
            self._kb.index_changed()
            return len(wanted)

        return self._db.write(work)

    def _reindex(self, session: Session) -> int:
        connection = session.connection()
        index.ensure(connection)
        index.clear(connection)
        rows = session.scalars(
            select(KbArticle).where(
                KbArticle.status == ArticleStatus.PUBLISHED, KbArticle.deleted_at.is_(None)
            )
        ).all()
        for row in rows:
            self._index(session, row, replace=False)  # the index was just cleared
        self._kb.index_changed()
        return len(rows)

    def _index(self, session: Session, row: KbArticle, replace: bool = True) -> set[str]:
        """Put one article in the index (or take it out: a draft, a deleted one); returns
        the terms it added."""
        connection = session.connection()
        index.ensure(connection)
        if row.status is not ArticleStatus.PUBLISHED or row.deleted_at is not None:
            index.remove(connection, str(row.id))
            return set()
        if row.language not in index.LANGUAGES:
            return set()
        return index.put(
            connection,
            str(row.id),
            row.language,
            self._kb.normaliser(row.language),
            title=row.title,
            keywords=row.keywords,
            body=searchable(row.body),
            replace=replace,
        )

    # editing --------------------------------------------------------------------------------
    def save(
        self,
        article_id: uuid.UUID | None,
        edit: ArticleEdit,
        operator_id: uuid.UUID | None = None,
    ) -> Future[uuid.UUID]:
        """A supervisor's save: a new version, and the index in step. ValueError when the
        slug is taken by another article in that language."""

        def work(session: Session) -> uuid.UUID:
            clash = session.scalar(
                select(KbArticle.id).where(
                    KbArticle.slug == edit.slug, KbArticle.language == edit.language
                )
            )
            if clash is not None and clash != article_id:
                raise ValueError("another article has that id in that language")
            if article_id is None:
                row = self._add(session, edit, operator_id, edit.status)
            else:
                row = session.get_one(KbArticle, article_id)
                self._update(session, row, edit, operator_id)
            terms = self._index(session, row)
            self._kb.index_changed(row.language, terms)
            return row.id

        return self._db.write(work)

    def versions(self, article_id: uuid.UUID) -> list[VersionView]:
        query = (
            select(KbVersion)
            .where(KbVersion.article_id == article_id)
            .order_by(KbVersion.number.desc())
        )
        return self._db.read(
            lambda s: [
                VersionView(v.number, v.created_at, v.title, v.body, v.status)
                for v in s.scalars(query)
            ]
        )

    def count(self) -> int:
        return self._db.read(lambda s: int(s.scalar(select(func.count(KbArticle.id))) or 0))

    def _add(
        self,
        session: Session,
        article: ArticleText,
        operator_id: uuid.UUID | None,
        status: ArticleStatus = ArticleStatus.PUBLISHED,
    ) -> KbArticle:
        row = KbArticle(
            # The same article has the same key on every desk: shipped and imported copies
            # are one row centrally, not one per desk.
            id=reference_id("kb-article", f"{article.language}:{article.slug}"),
            slug=article.slug,
            language=article.language,
            kind=article.kind,
            title=article.title,
            categories=", ".join(article.categories),
            keywords=", ".join(article.keywords),
            body=article.body,
            status=status,
            revision=1,
        )
        session.add(row)
        session.flush()
        _keep_version(session, row, operator_id)
        return row

    def _update(
        self, session: Session, row: KbArticle, edit: ArticleEdit, operator_id: uuid.UUID | None
    ) -> None:
        row.slug, row.language, row.kind = edit.slug, edit.language, edit.kind
        row.title, row.body, row.status = edit.title, edit.body, edit.status
        row.categories = ", ".join(edit.categories)
        row.keywords = ", ".join(edit.keywords)
        row.revision += 1
        session.flush()
        _keep_version(session, row, operator_id)


def searchable(body: str) -> str:
    """What of a body is indexed: its readable text, without Markdown marks, link targets
    or placeholders (their names are not words a caller says)."""
    return plain(PLACEHOLDER.sub(" ", body))


def _keep_version(session: Session, row: KbArticle, operator_id: uuid.UUID | None) -> None:
    session.add(
        KbVersion(
            id=reference_id("kb-version", f"{row.id}:{row.revision}"),
            article_id=row.id,
            number=row.revision,
            title=row.title,
            categories=row.categories,
            keywords=row.keywords,
            body=row.body,
            status=row.status,
            operator_id=operator_id,
        )
    )


def _differs(row: KbArticle, article: ArticleText) -> bool:
    return (row.title, row.body, row.kind, row.categories, row.keywords) != (
        article.title,
        article.body,
        article.kind,
        ", ".join(article.categories),
        ", ".join(article.keywords),
    )


def _edit_of(article: ArticleText) -> ArticleEdit:
    return ArticleEdit(**vars(article))


__all__ = ("ArticleEdit", "ImportReport", "KnowledgeAdmin", "split_list")
