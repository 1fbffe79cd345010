"""The central database for sync tests: a fresh PostgreSQL database, migrated (change log and
triggers included), with the reference rows every desk shares."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.db.database import Database
from app.db.demo import seed_reference


@pytest.fixture
def central(pg_url: str) -> Iterator[Database]:
    db = Database.open(pg_url)
    db.write_now(seed_reference)
    yield db
    db.close()
