"""Categories name their department and form; tickets pause while waiting; attachments;
calls keep their wrap-up code and after-call time.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ticket_categories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("form", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_ticket_categories_department_id_departments"),
            "departments",
            ["department_id"],
            ["id"],
        )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("waiting_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_tickets_created_at"), ["created_at"], unique=False)
    with op.batch_alter_table("call_records", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("wrap_up", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("after_call_seconds", sa.Integer(), nullable=True))
    op.create_table(
        "ticket_attachments",
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_attachments_ticket_id_tickets")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_ticket_attachments_operator_id_operators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_attachments")),
    )
    with op.batch_alter_table("ticket_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ticket_attachments_ticket_id"), ["ticket_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ticket_attachments_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    op.drop_table("ticket_attachments")
    with op.batch_alter_table("call_records", schema=None) as batch_op:
        batch_op.drop_column("after_call_seconds")
        batch_op.drop_column("wrap_up")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_created_at"))
        batch_op.drop_column("waiting_since")
    with op.batch_alter_table("ticket_categories", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_ticket_categories_department_id_departments"), type_="foreignkey"
        )
        batch_op.drop_column("form")
        batch_op.drop_column("department_id")
