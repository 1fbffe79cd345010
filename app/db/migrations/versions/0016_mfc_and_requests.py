"""MFC offices and their appointment slots; back-office requests get more kinds (block,
book, move and cancel an appointment), a number to read back and their details; and their
status comes back to the desk that made them (they now come down too).

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Tables this revision adds to those that come down (app/sync/pull.py PULLED).
PULLED_ADDED = ("mfc_offices", "account_requests")

OLD_KINDS = ("unblock", "password_reset", "change_phone", "change_email")
NEW_KINDS = (*OLD_KINDS, "block", "book_appointment", "move_appointment", "cancel_appointment")


def _kinds(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="account_request_kind", native_enum=False, create_constraint=True, length=32
    )


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
        "mfc_offices",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name_ru", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        *_synced(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mfc_offices")),
        sa.UniqueConstraint("code", name=op.f("uq_mfc_offices_code")),
    )
    op.create_table(
        "mfc_slots",
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_mfc_slots_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_mfc_slots_citizen_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["mfc_offices.id"], name=op.f("fk_mfc_slots_office_id_mfc_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mfc_slots")),
        sa.UniqueConstraint(
            "office_id", "starts_at", name=op.f("uq_mfc_slots_office_id_starts_at")
        ),
    )
    op.create_index(op.f("ix_mfc_slots_citizen_id"), "mfc_slots", ["citizen_id"])
    with op.batch_alter_table("account_requests", recreate="always") as batch:
        batch.add_column(
            sa.Column("number", sa.String(length=16), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("details", sa.JSON(), nullable=False, server_default="{}"))
        batch.alter_column("kind", existing_type=_kinds(OLD_KINDS), type_=_kinds(NEW_KINDS))
    with op.batch_alter_table("account_requests") as batch:
        batch.alter_column("number", server_default=None)
        batch.alter_column("details", server_default=None)
    if op.get_bind().dialect.name == "postgresql":
        for table in PULLED_ADDED:  # the change-log trigger of revision 0014
            op.execute(
                f"CREATE TRIGGER sync_note_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION sync_note_change()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS sync_note_change ON account_requests")
    with op.batch_alter_table("account_requests", recreate="always") as batch:
        batch.alter_column("kind", existing_type=_kinds(NEW_KINDS), type_=_kinds(OLD_KINDS))
        batch.drop_column("details")
        batch.drop_column("number")
    op.drop_index(op.f("ix_mfc_slots_citizen_id"), table_name="mfc_slots")
    op.drop_table("mfc_slots")
    op.drop_table("mfc_offices")
