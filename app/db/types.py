"""Column types and key helpers shared by every synced table."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import uuid6
from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

#: Namespace for keys of reference rows seeded from resources/ (same key on every desktop).
REFERENCE_NAMESPACE = uuid.UUID("6f1c2a4e-3b7d-4c55-9a31-0d2b8e7f9c10")


def new_id() -> uuid.UUID:
    """A time-ordered UUID v7: made on the client, sorts by creation, safe to merge."""
    return uuid.UUID(int=uuid6.uuid7().int)  # a plain UUID, as the database gives back


def reference_id(kind: str, code: str) -> uuid.UUID:
    """The stable key of a seeded reference row, the same on every desktop."""
    return uuid.uuid5(REFERENCE_NAMESPACE, f"{kind}:{code}")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite has no time zones, so values are stored naive in UTC there and
    given back their zone on read; PostgreSQL stores ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
