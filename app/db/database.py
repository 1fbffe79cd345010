"""The desk's database handle: sessions for reads, one writer thread for every write.

Writes are serialised on a single-worker executor (Anki's pattern), so the GUI
thread hands work over and gets a :class:`~concurrent.futures.Future` back
instead of waiting on a lock. Reads open their own short session wherever they
are called.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Select
from sqlalchemy.orm import Session, sessionmaker

from app.db import engine as db_engine
from app.db.prepared import PreparedRead
from app.sync import outbox

log = logging.getLogger(__name__)

T = TypeVar("T")


class Database:
    """One database (embedded or central) with its engine, sessions and writer."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        #: Who is signed in at this desk (central mode): named on the rows they create.
        self.operator_id: uuid.UUID | None = None
        if engine.dialect.name == "sqlite":  # a desk's own file: its writes queue for sync
            outbox.install(self._sessions, lambda: self.operator_id)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-writer")
        self._prepared: list[PreparedRead] = []

    @classmethod
    def open(cls, url: str, migrate: bool = True) -> Database:
        """Open ``url``, bringing its schema to the latest migration unless told not to."""
        engine = db_engine.open_engine(url)
        if migrate:
            db_engine.upgrade(engine)
        return cls(engine)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def prepared(self, statement: Select[*tuple[Any, ...]]) -> PreparedRead | None:
        """A kept, compiled form of ``statement`` for hot reads (SQLite files only, else None:
        PostgreSQL's reads go through sessions as usual)."""
        if not self.is_sqlite or self.engine.url.database in (None, "", ":memory:"):
            return None
        reader = PreparedRead(self.engine, statement)
        self._prepared.append(reader)
        return reader

    def read(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a fresh read session on the calling thread."""
        with self._sessions() as session:
            return work(session)

    def write(self, work: Callable[[Session], T]) -> Future[T]:
        """Queue ``work`` on the writer thread inside one transaction; the future has its result."""
        return self._writer.submit(self._run_write, work)

    def write_now(self, work: Callable[[Session], T]) -> T:
        """Queue ``work`` and wait for it: for the command line and start-up, not the GUI."""
        return self.write(work).result()

    def _run_write(self, work: Callable[[Session], T]) -> T:
        with self._sessions.begin() as session:
            return work(session)

    def write_unchecked(self, work: Callable[[Connection], T]) -> Future[T]:
        """Queue ``work`` on the writer thread in one transaction of a plain connection with
        SQLite's foreign-key checks off: for rows that come down from the central database,
        which may name a parent a later page brings, or one that never comes (a citizen).
        Core statements only: nothing written here enters the outbox."""
        return self._writer.submit(self._run_unchecked, work)

    def _run_unchecked(self, work: Callable[[Connection], T]) -> T:
        with self.engine.connect() as connection:
            if self.is_sqlite:  # only outside a transaction does the pragma take effect
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            try:
                with connection.begin():
                    return work(connection)
            finally:
                if self.is_sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                    connection.commit()

    def close(self) -> None:
        self._writer.shutdown(wait=True)
        for reader in self._prepared:
            reader.close()
        self.engine.dispose()
