"""The knowledge base's tables: articles (one row per article and language), every saved
version of each, and the operators' favourites.

Kept apart from app/db/models.py (one module per subject); they share its Base. The
full-text index is not here: it is derived data (app/kb/index.py builds it in the SQLite
file and rebuilds it on demand), so neither the models nor the migrations know it.
"""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base, Synced, _enum


class ArticleStatus(enum.StrEnum):
    DRAFT = "draft"  # a supervisor's work in progress: operators do not see it
    PUBLISHED = "published"


class KbArticle(Synced, Base):
    __tablename__ = "kb_articles"
    __table_args__ = (UniqueConstraint("slug", "language"),)

    slug: Mapped[str] = mapped_column(String(100))  # the same for an article's translations
    language: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16), default="article")  # or "script"
    title: Mapped[str] = mapped_column(String(300))
    categories: Mapped[str] = mapped_column(String(500), default="")  # codes, comma-separated
    keywords: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)  # Markdown with {{placeholders}}
    status: Mapped[ArticleStatus] = mapped_column(
        _enum(ArticleStatus, "kb_article_status"), default=ArticleStatus.PUBLISHED
    )
    revision: Mapped[int] = mapped_column(default=1)  # the number of the latest version


class KbVersion(Synced, Base):
    """An article as it was saved: each save adds one, none is ever changed."""

    __tablename__ = "kb_versions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    article_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("kb_articles.id"), index=True)
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(300))
    categories: Mapped[str] = mapped_column(String(500), default="")
    keywords: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[ArticleStatus] = mapped_column(_enum(ArticleStatus, "kb_version_status"))
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operators.id"), default=None)


class KbFavourite(Synced, Base):
    __tablename__ = "kb_favourites"

    article_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("kb_articles.id"), index=True)
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operators.id"), default=None)
