"""Call records keep the verification's outcome: which citizen, and how far (none/partial/full).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("call_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("citizen_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("verification_level", sa.String(length=16), nullable=False, server_default="")
        )
        batch_op.create_index(
            batch_op.f("ix_call_records_citizen_id"), ["citizen_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_call_records_citizen_id_citizens"), "citizens", ["citizen_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("call_records", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_call_records_citizen_id_citizens"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_call_records_citizen_id"))
        batch_op.drop_column("verification_level")
        batch_op.drop_column("citizen_id")
