"""Applications carry what their service lets the applicant change (contact phone and
e-mail, the day of the visit), and a back-office request may ask for such a change.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = (
    "unblock",
    "password_reset",
    "change_phone",
    "change_email",
    "block",
    "book_appointment",
    "move_appointment",
    "cancel_appointment",
)
NEW_KINDS = (*OLD_KINDS, "change_application")


def _kinds(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="account_request_kind", native_enum=False, create_constraint=True, length=32
    )


def upgrade() -> None:
    with op.batch_alter_table("portal_services") as batch:
        batch.add_column(sa.Column("changeable", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("applications") as batch:
        batch.add_column(
            sa.Column("contact_phone", sa.String(length=16), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("contact_email", sa.String(length=254), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("visit_on", sa.Date(), nullable=True))
    with op.batch_alter_table("account_requests", recreate="always") as batch:
        batch.alter_column("kind", existing_type=_kinds(OLD_KINDS), type_=_kinds(NEW_KINDS))
    # The defaults only filled the rows already there; the models give new rows theirs.
    with op.batch_alter_table("portal_services") as batch:
        batch.alter_column("changeable", server_default=None)
    with op.batch_alter_table("applications") as batch:
        batch.alter_column("contact_phone", server_default=None)
        batch.alter_column("contact_email", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("account_requests", recreate="always") as batch:
        batch.alter_column("kind", existing_type=_kinds(NEW_KINDS), type_=_kinds(OLD_KINDS))
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("visit_on")
        batch.drop_column("contact_email")
        batch.drop_column("contact_phone")
    with op.batch_alter_table("portal_services") as batch:
        batch.drop_column("changeable")
