"""Portal requests (issue 11): the requests citizens leave on the portal, their files, the
operators' skills that route them, and the MFC offices' hours, services and queue load.

A request's status follows the ticket it became: a trigger on ``tickets`` (SQLite; on
PostgreSQL a SECURITY DEFINER function, since operators write tickets but may not touch
requests) sets it to resolved when the ticket is resolved or closed, and back to taken (or
call attempted) when the ticket is reopened. So the status goes back to the portal with the
ticket's own push.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("received", "taken", "call_attempted", "resolved")

#: The request's status for its ticket's (``{ticket}``: NEW on either dialect).
FOLLOW = (
    "CASE WHEN {ticket}.status IN ('resolved', 'closed') THEN 'resolved'"
    " WHEN portal_requests.attempts > 0 THEN 'call_attempted' ELSE 'taken' END"
)

SQLITE_TRIGGER = f"""
CREATE TRIGGER portal_request_follows_ticket_{{event}} AFTER {{on}} tickets
BEGIN
    UPDATE portal_requests
    SET status = {FOLLOW.format(ticket="NEW")}, version = version + 1,
        updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'
    WHERE ticket_id = NEW.id AND status <> {FOLLOW.format(ticket="NEW")};
END
"""  # noqa: S608 - fixed names

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION portal_request_follows_ticket() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE public.portal_requests
    SET status = {FOLLOW.format(ticket="NEW")}, version = version + 1, updated_at = now()
    WHERE ticket_id = NEW.id AND status <> {FOLLOW.format(ticket="NEW")};
    RETURN NULL;
END
$$
"""  # noqa: S608 - fixed names


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
        "portal_requests",
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("callback_phone", sa.String(length=16), nullable=False),
        sa.Column("window_start", sa.Time(), nullable=True),
        sa.Column("window_end", sa.Time(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                *STATUSES,
                name="portal_request_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ticket_id", sa.Uuid(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_portal_requests_citizen_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["ticket_categories.id"],
            name=op.f("fk_portal_requests_category_id_ticket_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_portal_requests_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_requests")),
        sa.UniqueConstraint("number", name=op.f("uq_portal_requests_number")),
    )
    op.create_index(op.f("ix_portal_requests_citizen_id"), "portal_requests", ["citizen_id"])
    op.create_index(op.f("ix_portal_requests_ticket_id"), "portal_requests", ["ticket_id"])
    op.create_index(
        "ix_portal_requests_status_created_at", "portal_requests", ["status", "created_at"]
    )
    op.create_table(
        "portal_request_files",
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["portal_requests.id"],
            name=op.f("fk_portal_request_files_request_id_portal_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_request_files")),
    )
    op.create_index(
        op.f("ix_portal_request_files_request_id"), "portal_request_files", ["request_id"]
    )
    op.create_table(
        "operator_skills",
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_operator_skills_operator_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["ticket_categories.id"],
            name=op.f("fk_operator_skills_category_id_ticket_categories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operator_skills")),
        sa.UniqueConstraint(
            "operator_id", "category_id", name=op.f("uq_operator_skills_operator_id_category_id")
        ),
    )
    op.create_index(op.f("ix_operator_skills_operator_id"), "operator_skills", ["operator_id"])
    with op.batch_alter_table("mfc_offices") as batch:
        batch.add_column(sa.Column("opens_at", sa.Time(), nullable=True))
        batch.add_column(sa.Column("closes_at", sa.Time(), nullable=True))
        batch.add_column(
            sa.Column("weekdays", sa.String(length=7), nullable=False, server_default="1111111")
        )
        batch.add_column(sa.Column("services", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("queue_waiting", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("queue_minutes", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("queue_updated_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("mfc_offices") as batch:
        batch.alter_column("weekdays", server_default=None)
        batch.alter_column("services", server_default=None)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(
            "CREATE TRIGGER portal_request_follows_ticket"
            " AFTER INSERT OR UPDATE OF status ON tickets"
            " FOR EACH ROW EXECUTE FUNCTION portal_request_follows_ticket()"
        )
    else:  # a ticket pushed or pulled already resolved, and a status changed later
        op.execute(SQLITE_TRIGGER.format(event="insert", on="INSERT ON"))
        op.execute(SQLITE_TRIGGER.format(event="update", on="UPDATE OF status ON"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS portal_request_follows_ticket ON tickets")
        op.execute("DROP FUNCTION IF EXISTS portal_request_follows_ticket()")
    else:
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS portal_request_follows_ticket_{event}")
    with op.batch_alter_table("mfc_offices") as batch:
        for column in ("queue_updated_at", "queue_minutes", "queue_waiting", "services",
                       "weekdays", "closes_at", "opens_at"):  # fmt: skip
            batch.drop_column(column)
    op.drop_table("operator_skills")
    op.drop_table("portal_request_files")
    op.drop_table("portal_requests")
