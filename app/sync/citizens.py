"""Citizens looked up on the central database during a call, kept only for the open case.

A central desk never pulls citizens in bulk (the server does not even let an operator read
the table: app/sync/central.py). When the operator searches for the caller, the desk asks
the server's exact look-up (``hotline_find_citizens``: a phone, a SNILS, or a name with a
birth date; five rows at most) and writes what comes back into its own encrypted file, so
the verification steps work as they do on the embedded desk. When the next case starts
(a search for another call) or the desk closes, those rows are removed.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, delete, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from app.db.database import Database
from app.db.models import Citizen

log = logging.getLogger(__name__)

FIND = text(
    "SELECT * FROM hotline_find_citizens(CAST(:phone AS text), CAST(:snils AS text),"
    " CAST(:full_name AS text), CAST(:birth AS date))"
)


class DirectoryUnavailable(RuntimeError):
    """The central database did not answer the look-up; ``reason`` is safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CentralCitizens:
    """The online look-up, with the local cache of the open case."""

    def __init__(self, central: Engine, local: Database) -> None:
        self._central = central
        self._local = local
        self._case: uuid.UUID | None = None  # the call the cached rows belong to

    def fetch(
        self,
        call_id: uuid.UUID | None,
        phone: str = "",
        snils: str = "",
        full_name: str = "",
        birth: date | None = None,
    ) -> int:
        """Look the caller up centrally and cache the matches locally; returns how many.
        A search for another call first forgets the previous case's rows."""
        if call_id != self._case:
            self.forget()
            self._case = call_id
        params = {"phone": phone, "snils": snils, "full_name": full_name, "birth": birth}
        try:
            with self._central.connect() as connection:
                rows = [dict(row._mapping) for row in connection.execute(FIND, params)]
        except DBAPIError as exc:
            first = str(exc.orig or exc).strip().splitlines()
            reason = f"{type(exc.orig or exc).__name__}: {first[0] if first else ''}"
            log.warning("citizen look-up failed: %s", reason)
            raise DirectoryUnavailable(reason) from None
        if rows:
            self._local.write_unchecked(lambda c: _keep(c, rows)).result()
        return len(rows)

    def forget(self) -> None:
        """Remove every cached citizen (the case is over)."""
        self._local.write_unchecked(lambda c: c.execute(delete(Citizen))).result()
        self._case = None


def _keep(connection: Connection, rows: list[dict[str, Any]]) -> None:
    statement = sqlite_insert(Citizen)
    statement = statement.on_conflict_do_update(
        index_elements=[Citizen.id],
        set_={c.name: statement.excluded[c.name] for c in Citizen.__table__.columns},
    )
    connection.execute(statement, rows)
