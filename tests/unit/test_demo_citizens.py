"""Demo citizens: the same valid people on every desk, seeded once, the demo caller among
them with the documents the README gives, and answers kept only as hashes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo_citizens import DEMO_CALLER, demo_citizens, demo_id, seed_citizens
from app.db.engine import sqlite_url
from app.db.models import Citizen
from app.domain.validators import (
    is_valid_email,
    is_valid_inn,
    is_valid_passport,
    is_valid_phone,
    is_valid_snils,
)
from app.verification.answers import answer_matches


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    yield db
    db.close()


def test_every_demo_citizen_passes_the_validators() -> None:
    people = list(demo_citizens())
    assert len({p.snils for p in people}) == len(people)
    for p in people:
        assert is_valid_snils(p.snils) and is_valid_inn(p.inn), p.full_name
        passport = f"{p.passport[0]} {p.passport[1]}"
        today = date(2026, 11, 25)
        assert is_valid_passport(
            passport, issued_on=p.passport_issued, born_on=p.birth_date, today=today
        ), p.full_name
        assert is_valid_phone(p.phone) and is_valid_email(p.email)


def test_seeding_adds_the_people_once_with_the_same_keys(database: Database) -> None:
    assert database.write_now(seed_citizens) == len(list(demo_citizens()))
    assert database.write_now(seed_citizens) == 0

    def count(session: Session) -> int:
        return int(session.scalar(select(func.count()).select_from(Citizen)) or 0)

    assert database.read(count) == len(list(demo_citizens()))


def test_the_demo_caller_can_be_verified_with_the_documented_answer(database: Database) -> None:
    database.write_now(seed_citizens)
    caller = database.read(lambda s: s.get(Citizen, demo_id(DEMO_CALLER.snils)))

    assert caller is not None
    assert (caller.phone, caller.snils) == ("+79161234567", "112-233-445 95")
    assert caller.inn == "500100732259"
    assert caller.security_answer_hash.startswith("$argon2id$")
    assert "Мурка" not in caller.security_answer_hash
    assert answer_matches(caller.security_answer_hash, " мурка ")
