"""Portal applications: services and rejection reasons (reference data, they come down to
the desks), applications and their stage history (personal data, looked up online).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Tables this revision adds to those that come down (app/sync/pull.py PULLED).
PULLED_ADDED = ("portal_services", "application_reasons")

STAGES = (
    "submitted",
    "registered",
    "under_review",
    "documents_requested",
    "completed",
    "rejected",
    "returned",
)


def _synced() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    ]


def _stage(name: str) -> sa.Enum:
    return sa.Enum(*STAGES, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "application_reasons",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("text_ru", sa.String(length=300), nullable=False),
        sa.Column("text_en", sa.String(length=300), nullable=False),
        sa.Column("kb_slug", sa.String(length=100), nullable=False),
        *_synced(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_reasons")),
        sa.UniqueConstraint("code", name=op.f("uq_application_reasons_code")),
    )
    op.create_table(
        "portal_services",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name_ru", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("term_days", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Uuid(), nullable=True),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_portal_services_department_id_departments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_services")),
        sa.UniqueConstraint("code", name=op.f("uq_portal_services_code")),
    )
    op.create_table(
        "applications",
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stage", _stage("application_stage"), nullable=False),
        sa.Column("stage_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason_id", sa.Uuid(), nullable=True),
        sa.Column("reason_note", sa.Text(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_applications_citizen_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["reason_id"],
            ["application_reasons.id"],
            name=op.f("fk_applications_reason_id_application_reasons"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["portal_services.id"],
            name=op.f("fk_applications_service_id_portal_services"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("number", name=op.f("uq_applications_number")),
    )
    op.create_index(op.f("ix_applications_citizen_id"), "applications", ["citizen_id"])
    op.create_index("ix_applications_stage_expected_at", "applications", ["stage", "expected_at"])
    op.create_table(
        "application_steps",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("stage", _stage("application_step_stage"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_steps_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_steps")),
    )
    op.create_index(
        op.f("ix_application_steps_application_id"), "application_steps", ["application_id"]
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in PULLED_ADDED:  # the change-log trigger of revision 0014
            op.execute(
                f"CREATE TRIGGER sync_note_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION sync_note_change()"
            )


def downgrade() -> None:
    op.drop_index(op.f("ix_application_steps_application_id"), table_name="application_steps")
    op.drop_table("application_steps")
    op.drop_index("ix_applications_stage_expected_at", table_name="applications")
    op.drop_index(op.f("ix_applications_citizen_id"), table_name="applications")
    op.drop_table("applications")
    op.drop_table("portal_services")
    op.drop_table("application_reasons")
