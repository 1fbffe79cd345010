"""The connection to the central PostgreSQL database, built from the settings and keyring.

Made to pass through a connection pooler in transaction mode (PgBouncer): psycopg's
automatic server-side prepared statements are off (a pooled server connection may change
between two transactions, and its prepared statements with it), and nothing is kept in
session state — the sync runs each step in one transaction. A short connect timeout lets
the desk notice quickly that the server is gone; it then works on its local file.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL

from app.settings import Options, Settings

CONNECT_TIMEOUT_SECONDS = 5


def central_url(settings: Settings, password: str | None) -> URL:
    """The central database's URL from the settings (user, host, port, name, sslmode)."""
    host = settings.get(Options.DB_HOST)
    if not host:
        raise ValueError("no central database host is set")
    return URL.create(
        "postgresql+psycopg",
        username=settings.get(Options.DB_USER) or None,
        password=password or None,
        host=host,
        port=settings.get(Options.DB_PORT),
        database=settings.get(Options.DB_NAME),
        query={"sslmode": settings.get(Options.DB_SSLMODE).value},
    )


def open_central(url: str | URL) -> Engine:
    """An engine for the central database that works through a transaction-mode pooler."""
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=0,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "prepare_threshold": None,  # no server-side prepared statements (PgBouncer)
            "application_name": "hotline-desk",
        },
    )
