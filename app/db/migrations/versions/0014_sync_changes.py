"""Sync, the pulling half: the central change log with its triggers, the local cursor, and
what the outbox needs to see edits made elsewhere (base version) and refused rows.

The trigger is PostgreSQL only: every insert, update and delete of a table that comes down
to the desks writes the row's line in ``sync_changes`` with a new sequence number and the
writing transaction's id, which the pull's snapshot horizon compares (app/sync/pull.py).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The tables that come down, as of this revision (app/sync/pull.py PULLED must match).
PULLED = (
    "operators",
    "departments",
    "lines",
    "ticket_categories",
    "kb_articles",
    "kb_versions",
    "tickets",
    "ticket_calls",
    "ticket_events",
    "ticket_attachments",
)

NOTE_CHANGE = """
CREATE OR REPLACE FUNCTION sync_note_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    changed uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD.id;
    ELSE
        changed := NEW.id;
    END IF;
    INSERT INTO public.sync_changes (table_name, row_id, seq, xid, deleted)
    VALUES (TG_TABLE_NAME, changed, nextval('public.sync_change_seq'),
            pg_current_xact_id()::text::bigint, TG_OP = 'DELETE')
    ON CONFLICT (table_name, row_id) DO UPDATE
        SET seq = EXCLUDED.seq, xid = EXCLUDED.xid, deleted = EXCLUDED.deleted;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "sync_changes",
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("xid", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "row_id", name=op.f("pk_sync_changes")),
        sa.UniqueConstraint("seq", name=op.f("uq_sync_changes_seq")),
    )
    op.create_index("ix_sync_changes_xid_seq", "sync_changes", ["xid", "seq"])
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )
    with op.batch_alter_table("sync_outbox") as batch:
        batch.add_column(
            sa.Column("base_version", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("error", sa.String(length=200), nullable=False, server_default="")
        )
    with op.batch_alter_table("sync_outbox") as batch:
        batch.alter_column("base_version", server_default=None)
        batch.alter_column("error", server_default=None)

    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE SEQUENCE sync_change_seq AS bigint")
    op.execute(NOTE_CHANGE)
    for table in PULLED:
        op.execute(
            f"CREATE TRIGGER sync_note_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION sync_note_change()"
        )
        # Rows already there (a central database upgraded with data) come down too.
        backfill = (
            "INSERT INTO sync_changes (table_name, row_id, seq, xid, deleted) "  # noqa: S608 - fixed names
            f"SELECT '{table}', id, nextval('sync_change_seq'), "
            f"pg_current_xact_id()::text::bigint, false FROM {table}"
        )
        op.execute(backfill)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in PULLED:
            op.execute(f"DROP TRIGGER IF EXISTS sync_note_change ON {table}")
        op.execute("DROP FUNCTION IF EXISTS sync_note_change()")
        op.execute("DROP SEQUENCE IF EXISTS sync_change_seq")
    with op.batch_alter_table("sync_outbox") as batch:
        batch.drop_column("error")
        batch.drop_column("base_version")
    op.drop_table("sync_state")
    op.drop_index("ix_sync_changes_xid_seq", table_name="sync_changes")
    op.drop_table("sync_changes")
