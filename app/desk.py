"""The assembled core of one running desk: directories, settings, secrets, database, services.

Both front ends (the command line and the Qt window) start from :func:`open_desk`
so they see the same files and the same rules.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.demo_citizens import seed_citizens
from app.db.engine import sqlite_url
from app.paths import AppDirs
from app.secrets import SecretStore
from app.services.audit import AuditLog
from app.services.calls import CallLog
from app.services.reference import ReferenceService
from app.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Desk:
    dirs: AppDirs
    settings: Settings
    secrets: SecretStore
    database: Database
    reference: ReferenceService
    audit: AuditLog
    calls: CallLog

    def close(self) -> None:
        self.database.close()


def open_database(dirs: AppDirs, seed_demo: bool = True) -> Database:
    """The embedded SQLite database, created, migrated and seeded on first start."""
    database = Database.open(sqlite_url(dirs.database_file).render_as_string(), migrate=True)
    if seed_demo:
        database.write_now(seed_reference)
        database.write_now(seed_citizens)
    return database


def open_desk(dirs: AppDirs | None = None, secrets: SecretStore | None = None) -> Desk:
    dirs = (dirs or AppDirs.default()).ensure()
    settings = Settings.load(dirs.settings_file)
    database = open_database(dirs)
    log.info("desk opened on %s", dirs.database_file.name)
    return Desk(
        dirs=dirs,
        settings=settings,
        secrets=secrets or SecretStore(),
        database=database,
        reference=ReferenceService(database),
        audit=AuditLog(database),
        calls=CallLog(database),
    )
