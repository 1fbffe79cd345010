"""The wallboard's statements on a real PostgreSQL (where supervisors read every desk's
presence): the same hand-built floor as on SQLite gives the same figures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.db.database import Database
from app.db.demo import seed_reference
from app.reports.wallboard import wallboard
from tests.unit.test_presence_wallboard import NOW, check_empty, check_floor, write_floor

pytestmark = pytest.mark.service


@pytest.fixture
def database(pg_url: str) -> Iterator[Database]:
    db = Database.open(pg_url)
    db.write_now(seed_reference)
    yield db
    db.close()


def test_the_floor_on_postgresql_as_on_sqlite(database: Database) -> None:
    check_empty(wallboard(database.engine, NOW))
    database.write_now(write_floor)
    check_floor(wallboard(database.engine, NOW))
    with database.engine.connect() as connection:
        check_floor(wallboard(connection, NOW))
