"""The knowledge base: articles, their versions, favourites. (The full-text index is
derived data, built by app/kb/index.py, not part of the schema.)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _synced() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    ]


def _status(name: str) -> sa.Enum:
    return sa.Enum(
        "draft", "published", name=name, native_enum=False, create_constraint=True, length=32
    )


def upgrade() -> None:
    op.create_table(
        "kb_articles",
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("categories", sa.String(length=500), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", _status("kb_article_status"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        *_synced(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_articles")),
        sa.UniqueConstraint("slug", "language", name=op.f("uq_kb_articles_slug_language")),
    )
    op.create_table(
        "kb_versions",
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("categories", sa.String(length=500), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", _status("kb_version_status"), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["article_id"], ["kb_articles.id"], name=op.f("fk_kb_versions_article_id_kb_articles")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_kb_versions_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_versions")),
        sa.UniqueConstraint("article_id", "number", name=op.f("uq_kb_versions_article_id_number")),
    )
    op.create_index(op.f("ix_kb_versions_article_id"), "kb_versions", ["article_id"])
    op.create_table(
        "kb_favourites",
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["kb_articles.id"],
            name=op.f("fk_kb_favourites_article_id_kb_articles"),
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_kb_favourites_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_favourites")),
    )
    op.create_index(op.f("ix_kb_favourites_article_id"), "kb_favourites", ["article_id"])


def downgrade() -> None:
    op.drop_table("kb_favourites")
    op.drop_table("kb_versions")
    op.drop_table("kb_articles")
