"""Reports: the cache of finished Moscow days (app/reports/cache.py) and the triggers that
keep it honest. Every insert, update or delete of a call record or an operator state span
bumps the version of the Moscow days it touches in ``report_days`` (the day a call was
offered; every day a span covers), so a day cached before a late push from an offline desk
is seen to be out of date. Only days someone cached have a row to bump: today's writes,
the busy ones, touch nothing.

On PostgreSQL the trigger functions are SECURITY DEFINER: operators write call records but
may not touch the cache (app/sync/central.py).

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SUMS = (
    ("offered", False),
    ("answered", False),
    ("abandoned", False),
    ("short_abandoned", False),
    ("missed", False),
    ("answered_in_time", False),
    ("abandoned_in_time", False),
    ("wait_seconds", True),
    ("handle_seconds", True),
    ("after_call_seconds", True),
    ("outbound", False),
)

_DAY_SQLITE = "date({0}, '+3 hours')"
_DAY_POSTGRES = "to_char(({0}) AT TIME ZONE 'Europe/Moscow', 'YYYY-MM-DD')"


def _sqlite_call(row: str) -> str:
    day = _DAY_SQLITE.format(f"{row}.offered_at")
    return f"UPDATE report_days SET version = version + 1 WHERE part = 'calls' AND day = {day};"  # noqa: S608 - fixed names


def _sqlite_span(row: str) -> str:
    first = _DAY_SQLITE.format(f"{row}.started_at")
    last = _DAY_SQLITE.format(f"{row}.ended_at")
    return (
        "UPDATE report_days SET version = version + 1 "  # noqa: S608 - fixed names
        f"WHERE part = 'spans' AND day >= {first} AND ({row}.ended_at IS NULL OR day <= {last});"
    )


NOTE_POSTGRES = """
CREATE OR REPLACE FUNCTION report_note_{name}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE public.report_days SET version = version + 1 WHERE {old};
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE public.report_days SET version = version + 1 WHERE {new};
    END IF;
    RETURN NULL;
END
$$
"""


def _postgres_call(row: str) -> str:
    return f"part = 'calls' AND day = {_DAY_POSTGRES.format(f'{row}.offered_at')}"


def _postgres_span(row: str) -> str:
    first = _DAY_POSTGRES.format(f"{row}.started_at")
    last = _DAY_POSTGRES.format(f"{row}.ended_at")
    return f"part = 'spans' AND day >= {first} AND ({row}.ended_at IS NULL OR day <= {last})"


#: trigger name -> (table, how a row's days are written on each dialect)
WATCHED = {
    "call": ("call_records", _sqlite_call, _postgres_call),
    "span": ("operator_state_spans", _sqlite_span, _postgres_span),
}


def upgrade() -> None:
    op.create_table(
        "report_days",
        sa.Column("part", sa.String(length=8), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("part", "day", name=op.f("pk_report_days")),
    )
    op.create_table(
        "report_built",
        sa.Column("part", sa.String(length=8), nullable=False),
        sa.Column("settings", sa.String(length=32), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("part", "settings", "day", name=op.f("pk_report_built")),
    )
    op.create_table(
        "report_call_groups",
        sa.Column("settings", sa.String(length=32), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("month", sa.String(length=10), nullable=False),
        sa.Column("hour", sa.String(length=2), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        sa.Column("line_id", sa.Uuid(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        *[
            sa.Column(name, sa.Float() if seconds else sa.Integer(), nullable=False)
            for name, seconds in SUMS
        ],
    )
    op.create_index("ix_report_call_groups_settings_day", "report_call_groups", ["settings", "day"])
    op.create_table(
        "report_staffed",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
    )
    op.create_index("ix_report_staffed_day", "report_staffed", ["day"])
    if op.get_bind().dialect.name == "postgresql":
        for name, (table, _, days) in WATCHED.items():
            op.execute(NOTE_POSTGRES.format(name=name, old=days("OLD"), new=days("NEW")))
            op.execute(
                f"CREATE TRIGGER report_note_{name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION report_note_{name}()"
            )
        return
    for name, (table, days, _) in WATCHED.items():
        op.execute(
            f"CREATE TRIGGER report_note_{name}_insert AFTER INSERT ON {table} "
            f"BEGIN {days('NEW')} END"
        )
        op.execute(
            f"CREATE TRIGGER report_note_{name}_update AFTER UPDATE ON {table} "
            f"BEGIN {days('OLD')} {days('NEW')} END"
        )
        op.execute(
            f"CREATE TRIGGER report_note_{name}_delete AFTER DELETE ON {table} "
            f"BEGIN {days('OLD')} END"
        )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, (table, _, _) in WATCHED.items():
        if postgres:
            op.execute(f"DROP TRIGGER IF EXISTS report_note_{name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS report_note_{name}()")
        else:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS report_note_{name}_{event}")
    op.drop_index("ix_report_staffed_day", table_name="report_staffed")
    op.drop_table("report_staffed")
    op.drop_index("ix_report_call_groups_settings_day", table_name="report_call_groups")
    op.drop_table("report_call_groups")
    op.drop_table("report_built")
    op.drop_table("report_days")
