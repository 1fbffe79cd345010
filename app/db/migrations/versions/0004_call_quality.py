"""Call records keep how the call sounded: MOS (worst, average), worst loss and jitter, RTT.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("mos_min", "mos_avg", "loss_pct", "jitter_ms", "rtt_ms")


def upgrade() -> None:
    with op.batch_alter_table("call_records", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("call_records", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
