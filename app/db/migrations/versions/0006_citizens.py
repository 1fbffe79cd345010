"""Citizens: the portal accounts the operator verifies a caller against.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "citizens",
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("snils", sa.String(length=14), nullable=False),
        sa.Column("inn", sa.String(length=12), nullable=False),
        sa.Column("passport_series", sa.String(length=4), nullable=False),
        sa.Column("passport_number", sa.String(length=6), nullable=False),
        sa.Column("passport_issued", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("security_question", sa.String(length=200), nullable=False),
        sa.Column("security_answer_hash", sa.String(length=200), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "active",
                "blocked",
                "locked",
                name="account_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizens")),
        sa.UniqueConstraint("snils", name=op.f("uq_citizens_snils")),
    )
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.create_index(
            "ix_citizens_full_name_birth_date", ["full_name", "birth_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_citizens_inn"), ["inn"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizens_phone"), ["phone"], unique=False)


def downgrade() -> None:
    op.drop_table("citizens")
