"""The audit trail: who did what and when, written through the database's single writer."""

from __future__ import annotations

import uuid
from concurrent.futures import Future
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import AuditEvent


class AuditLog:
    """Appends audit events; ``details`` must never carry personal data."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def record(
        self,
        action: str,
        operator_id: uuid.UUID | None = None,
        entity_type: str = "",
        entity_id: uuid.UUID | None = None,
        details: dict[str, Any] | None = None,
    ) -> Future[uuid.UUID]:
        def work(session: Session) -> uuid.UUID:
            event = AuditEvent(
                action=action,
                operator_id=operator_id,
                entity_type=entity_type,
                entity_id=entity_id,
                details=details or {},
            )
            session.add(event)
            session.flush()
            return event.id

        return self._db.write(work)

    def recent(self, limit: int = 50) -> list[tuple[str, dict[str, Any]]]:
        def work(session: Session) -> list[tuple[str, dict[str, Any]]]:
            rows = session.scalars(
                select(AuditEvent).order_by(AuditEvent.occurred_at.desc()).limit(limit)
            )
            return [(row.action, dict(row.details)) for row in rows]

        return self._db.read(work)
