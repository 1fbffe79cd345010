"""Reports: an index on the moment a call was offered, so a period's calls are read as a
range instead of a scan of every call record (docs/benchmarks.md, "Reports": on a million
calls one month's call figures took 350 ms on SQLite without it, most of it reading calls
of other months). Operator state spans are found by when they ended (after the period's
start, or not yet), not by when they started: the index on ``started_at`` led SQLite to
read every span since the first.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_call_records_offered_at", "call_records", ["offered_at"])
    op.drop_index("ix_operator_state_spans_started_at", table_name="operator_state_spans")
    op.create_index(op.f("ix_operator_state_spans_ended_at"), "operator_state_spans", ["ended_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_operator_state_spans_ended_at"), table_name="operator_state_spans")
    op.create_index("ix_operator_state_spans_started_at", "operator_state_spans", ["started_at"])
    op.drop_index("ix_call_records_offered_at", table_name="call_records")
