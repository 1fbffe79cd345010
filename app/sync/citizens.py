"""Citizens (and their applications) looked up on the central database during a call,
kept only for the open case.

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

from app.db.application_models import Application, ApplicationStep
from app.db.database import Database
from app.db.models import Citizen

log = logging.getLogger(__name__)

FIND_APPLICATIONS = text(
    "SELECT * FROM hotline_find_applications(CAST(:number AS text), CAST(:citizen AS uuid))"
)
STEPS = text("SELECT * FROM hotline_application_steps(CAST(:application AS uuid))")
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
            raise DirectoryUnavailable(_reason(exc)) from None
        if rows:
            self._local.write_unchecked(lambda c: _keep(c, rows)).result()
        return len(rows)

    def fetch_applications(
        self, call_id: uuid.UUID | None, number: str = "", citizen_id: uuid.UUID | None = None
    ) -> int:
        """Look an application up by number (or a verified citizen's, by id) with their
        stage histories, and cache them for the open case; returns how many."""
        if call_id != self._case:
            self.forget()
            self._case = call_id
        try:
            with self._central.connect() as connection:
                found = connection.execute(
                    FIND_APPLICATIONS, {"number": number, "citizen": citizen_id}
                )
                applications = [dict(row._mapping) for row in found]
                steps = [
                    dict(row._mapping)
                    for application in applications
                    for row in connection.execute(STEPS, {"application": application["id"]})
                ]
        except DBAPIError as exc:
            raise DirectoryUnavailable(_reason(exc)) from None
        if applications:
            self._local.write_unchecked(
                lambda c: _keep_applications(c, applications, steps)
            ).result()
        return len(applications)

    def forget(self) -> None:
        """Remove every cached citizen and application (the case is over)."""
        self._local.write_unchecked(_forget).result()
        self._case = None


def _reason(exc: DBAPIError) -> str:
    first = str(exc.orig or exc).strip().splitlines()
    reason = f"{type(exc.orig or exc).__name__}: {first[0] if first else ''}"
    log.warning("look-up on the central database failed: %s", reason)
    return reason


def _forget(connection: Connection) -> None:
    connection.execute(delete(ApplicationStep))
    connection.execute(delete(Application))
    connection.execute(delete(Citizen))


def _keep_applications(
    connection: Connection, applications: list[dict[str, Any]], steps: list[dict[str, Any]]
) -> None:
    for model, rows in ((Application, applications), (ApplicationStep, steps)):
        if rows:
            statement = sqlite_insert(model)
            statement = statement.on_conflict_do_update(
                index_elements=[model.id],
                set_={c.name: statement.excluded[c.name] for c in model.__table__.columns},
            )
            connection.execute(statement, rows)


def _keep(connection: Connection, rows: list[dict[str, Any]]) -> None:
    statement = sqlite_insert(Citizen)
    statement = statement.on_conflict_do_update(
        index_elements=[Citizen.id],
        set_={c.name: statement.excluded[c.name] for c in Citizen.__table__.columns},
    )
    connection.execute(statement, rows)
