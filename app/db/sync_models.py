"""The local side of sync: the outbox of rows waiting to go up to the central database.

Local only (never synced itself). One entry per row, in the order rows were first written
(``seq``), so a ticket always goes up before its events; ``version`` is the row's version
when last written: a push that sent an older version leaves the entry for another round.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base
from app.db.types import UtcDateTime, utcnow


class SyncOutbox(Base):
    __tablename__ = "sync_outbox"
    __table_args__ = (UniqueConstraint("table_name", "row_id"),)

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    version: Mapped[int] = mapped_column()
    deleted: Mapped[bool] = mapped_column(default=False)  # a hard delete (soft ones are rows)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
