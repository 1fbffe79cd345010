"""Alembic environment: runs on the connection app.db.engine hands it (SQLite or PostgreSQL)."""

from alembic import context

from app.db.engine import in_schema
from app.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the desk always passes a connection
    raise RuntimeError("run migrations through app.db.engine.upgrade()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=in_schema,  # the knowledge base's full-text index is derived, not schema
)
with context.begin_transaction():
    context.run_migrations()
