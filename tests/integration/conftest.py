"""Fixtures for the sync tests: desks on SQLite files (the central database is tests/central.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.services.tickets import TicketService

#: A desk: a fresh local database file, with or without the reference rows already in it.
DeskFactory = Callable[..., Database]


@pytest.fixture
def new_desk(tmp_path: Path) -> Iterator[DeskFactory]:
    opened: list[Database] = []

    def make(name: str = "desk", seeded: bool = True) -> Database:
        db = Database.open(sqlite_url(tmp_path / f"{name}.sqlite3").render_as_string())
        if seeded:  # the same reference keys on every side (app/db/demo.py reference_id)
            db.write_now(seed_reference)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


@pytest.fixture
def local(new_desk: DeskFactory) -> Database:
    return new_desk()


def type_tickets(
    desk: Database, how_many: int, desk_number: int = 7, text: str = "Обращение"
) -> None:
    """An operator at work: drafts opened and described ("<text> 0", "<text> 1", …)."""
    service = TicketService(desk, desk_number)
    for n in range(how_many):
        draft = service.open_draft().result(10)
        service.save_draft(draft.id, {"description": f"{text} {n}"}).result(10)
