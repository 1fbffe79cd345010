"""A desk file from an older release, with rows in it, upgrades to the latest schema: the
batch migrations that rebuild a table others point at (0011 rebuilds the ticket
categories) ran with foreign keys on and failed, so such a desk could not start. Foreign
keys are now checked once after the migrations; a file whose rows truly point nowhere is
refused whole, left as it was."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from app.db.engine import (
    DatabaseUnavailable,
    current_revision,
    head_revision,
    open_engine,
    sqlite_url,
    upgrade,
)

CATEGORY, TICKET = uuid.uuid4().hex, uuid.uuid4().hex
NOW = "2026-01-15 09:00:00.000000"


def file_at_0010(path: Path, category: str) -> Engine:
    """A desk file at revision 0010 with a category and a ticket filed under ``category``
    (written with foreign keys off, so the ticket may point nowhere)."""
    engine = open_engine(sqlite_url(path))
    upgrade(engine, "0010")
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        connection.execute(
            text(
                "INSERT INTO ticket_categories (id, code, name_ru, name_en, sort_order,"
                " created_at, updated_at, version)"
                " VALUES (:id, 'sign_in', 'Вход', 'Sign-in', 1, :now, :now, 1)"
            ),
            {"id": CATEGORY, "now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO tickets (id, number, priority, status, caller_number,"
                " application_number, service, description, details, is_draft, category_id,"
                " created_at, updated_at, version) VALUES (:id, '001-000001-7', 'normal',"
                " 'new', '', '', '', 'не входит', '{}', 0, :category, :now, :now, 1)"
            ),
            {"id": TICKET, "category": category, "now": NOW},
        )
        connection.commit()
    engine.dispose()  # the next connection has foreign keys on again
    return engine


def test_a_file_with_tickets_upgrades_to_the_latest_schema(tmp_path: Path) -> None:
    engine = file_at_0010(tmp_path / "old.sqlite3", CATEGORY)
    assert upgrade(engine) == head_revision()
    with engine.connect() as connection:
        category = connection.execute(
            text("SELECT category_id FROM tickets WHERE id = :id"), {"id": TICKET}
        ).scalar_one()
        assert category == CATEGORY
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    engine.dispose()


def test_a_file_whose_rows_point_nowhere_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    engine = file_at_0010(tmp_path / "broken.sqlite3", uuid.uuid4().hex)
    with pytest.raises(DatabaseUnavailable, match="rows point nowhere in tickets"):
        upgrade(engine)
    assert current_revision(engine) == "0010"
    engine.dispose()
