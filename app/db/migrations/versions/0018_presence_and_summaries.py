"""Operators' present state and the spans of time in each state (the wallboard and
occupancy), and the citizen-facing summary of each call (for the portal's personal account).

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = ("ready", "not_ready", "in_call", "after_call_work", "offline")


def _state(name: str) -> sa.Enum:
    return sa.Enum(*STATES, name=name, native_enum=False, create_constraint=True, length=32)


def _synced() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "operator_presence",
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("state", _state("presence_state"), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("caller_waiting_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_operator_presence_operator_id_operators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operator_presence")),
        sa.UniqueConstraint("operator_id", name=op.f("uq_operator_presence_operator_id")),
    )
    op.create_table(
        "operator_state_spans",
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("state", _state("presence_span_state"), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_operator_state_spans_operator_id_operators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operator_state_spans")),
    )
    op.create_index(
        op.f("ix_operator_state_spans_operator_id"), "operator_state_spans", ["operator_id"]
    )
    op.create_index("ix_operator_state_spans_started_at", "operator_state_spans", ["started_at"])
    op.create_table(
        "call_summaries",
        sa.Column("call_id", sa.Uuid(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("topic_ru", sa.String(length=200), nullable=False),
        sa.Column("topic_en", sa.String(length=200), nullable=False),
        sa.Column("ticket_number", sa.String(length=12), nullable=False),
        sa.Column("ticket_status", sa.String(length=24), nullable=False),
        sa.Column("next_step_ru", sa.String(length=300), nullable=False),
        sa.Column("next_step_en", sa.String(length=300), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_call_summaries_citizen_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_call_summaries_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_summaries")),
        sa.UniqueConstraint("call_id", name=op.f("uq_call_summaries_call_id")),
    )
    op.create_index(op.f("ix_call_summaries_citizen_id"), "call_summaries", ["citizen_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_call_summaries_citizen_id"), table_name="call_summaries")
    op.drop_table("call_summaries")
    op.drop_index("ix_operator_state_spans_started_at", table_name="operator_state_spans")
    op.drop_index(op.f("ix_operator_state_spans_operator_id"), table_name="operator_state_spans")
    op.drop_table("operator_state_spans")
    op.drop_table("operator_presence")
