"""Call records keep what the softphone learns; departments get the extension calls go to.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _columns() -> list[sa.Column[object]]:
    return [
        sa.Column("display_name", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("end_code", sa.Integer(), nullable=True),
        sa.Column("end_detail", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("talk_seconds", sa.Integer(), nullable=True),
        sa.Column("hold_seconds", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("transfer_target", sa.String(length=255), nullable=False, server_default=""),
        sa.Column("case_number", sa.String(length=40), nullable=False, server_default=""),
    ]


def upgrade() -> None:
    with op.batch_alter_table("departments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("extension", sa.String(length=64), nullable=False, server_default="")
        )
    with op.batch_alter_table("call_records", schema=None) as batch_op:
        for column in _columns():
            batch_op.add_column(column)
        # The screen pop looks callers up by number on every ring.
        batch_op.create_index(
            batch_op.f("ix_call_records_caller_number"), ["caller_number"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("departments", schema=None) as batch_op:
        batch_op.drop_column("extension")
    with op.batch_alter_table("call_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_records_caller_number"))
        for column in reversed(_columns()):
            batch_op.drop_column(column.name)
