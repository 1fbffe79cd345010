"""Sync bookkeeping tables: the local outbox and cursor, and the central change log.

The outbox is local only (never synced itself). One entry per row, in the order rows were
first written (``seq``), so a ticket always goes up before its events; ``version`` is the
row's version when last written (a push that sent an older version leaves the entry for
another round) and ``base_version`` the version the row had before the first write still
waiting, which the server compares with its own to see an edit made elsewhere meanwhile.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Index, String, UniqueConstraint, Uuid
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
    base_version: Mapped[int] = mapped_column(default=0)  # 0: a row new on this desk
    #: Why the server refused this row ('' while it may still go): a refused row waits for
    #: an administrator instead of blocking every row behind it.
    error: Mapped[str] = mapped_column(String(200), default="")


class SyncChange(Base):
    """The central change log: one line per row of a table that comes down, stamped by a
    trigger (migration 0014, PostgreSQL only) with a sequence number and the writing
    transaction's id. A deleted row keeps its line as a tombstone (``deleted``). The
    table exists in the local file too (one schema on both sides) but stays empty there."""

    __tablename__ = "sync_changes"
    __table_args__ = (Index("ix_sync_changes_xid_seq", "xid", "seq"),)

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    xid: Mapped[int] = mapped_column(BigInteger)  # pg_current_xact_id() of the last write
    deleted: Mapped[bool] = mapped_column(default=False)


class SyncState(Base):
    """The local side's sync bookkeeping (the pull cursor, the last good sync), as text."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), default="")
