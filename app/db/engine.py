"""Opening a database (the embedded SQLite file or central PostgreSQL) and migrating it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 5000


class DatabaseUnavailable(RuntimeError):
    """The database cannot be opened or reached; ``url`` is safe to show (no password)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"database {url} unavailable: {reason}")
        self.url = url
        self.reason = reason


def failure_reason(exc: SQLAlchemyError, url: URL) -> str:
    """The driver's first line (e.g. "connection refused"), never with the password in it."""
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    first = lines[0] if lines else ""
    if url.password:
        first = first.replace(str(url.password), "***")
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise IntegrityError(
            "PRAGMA foreign_key_check",
            None,
            ValueError(f"rows point nowhere in {', '.join(tables)}"),
        )


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path))


def safe_url(url: str | URL) -> str:
    """The URL with any password hidden, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()
    # SQLite's own lower() folds ASCII only; reports group Cyrillic text (app/reports/sql.py).
    dbapi_connection.create_function("unicode_lower", 1, _lower, deterministic=True)


def _lower(text: object) -> object:
    return text.lower() if isinstance(text, str) else text


def open_engine(url: str | URL) -> Engine:
    """An engine for ``url``; SQLite files get WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


#: Tables the schema does not own: the knowledge base's full-text index and its shadow tables
#: (derived data, built by app/kb/index.py).
DERIVED_TABLES = ("kb_search",)


def in_schema(name: str | None, type_: str, _parents: object = None) -> bool:
    """Alembic's include_name: what the migrations own (not the derived index)."""
    return not (type_ == "table" and name is not None and name.startswith(DERIVED_TABLES))


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None, "the migration chain has no head"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(safe_url(engine.url), failure_reason(exc, engine.url)) from exc


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Bring the database to ``revision`` (the latest by default); returns the new revision.

    On SQLite foreign keys are off while the migrations run: a batch migration rebuilds a
    table by copying it, dropping the old one and renaming the copy, and dropping a table
    that other rows point at fails with foreign keys on (a desk file with tickets could
    not get past revision 0011). They are checked once at the end, in the same
    transaction: a migration that really broke one is rolled back."""
    config = _alembic_config()
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:  # only outside a transaction does SQLite take it
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            try:
                with connection.begin():
                    config.attributes["connection"] = connection
                    command.upgrade(config, revision)
                    if sqlite:
                        _check_foreign_keys(connection)
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                    connection.commit()
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(safe_url(engine.url), failure_reason(exc, engine.url)) from exc
    now = current_revision(engine)
    log.info("database at revision %s", now)
    return now or ""
