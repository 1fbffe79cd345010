"""Supervisors edit operators' skills: the topics and languages saved are what routes
portal requests afterwards (on the desk's file here, on the central server in
tests/integration/test_portal_requests_pg.py); bad input is refused and changes nothing."""

from __future__ import annotations

import uuid

import pytest

from app.db.database import Database
from app.db.types import reference_id
from app.services.portal_store import LocalRequests
from app.services.skills import SkillsRefused, SkillsService, parse_languages
from tests.portal import OFFERED, PEOPLE, database

__all__ = ["database"]  # the fixture

__all__ = ["database"]  # the fixture

ANNA = PEOPLE["anna"]
SIGN_IN, TECHNICAL = reference_id("category", "sign_in"), reference_id("category", "technical")


def offered(database: Database) -> list[str]:
    return [r.number for r in LocalRequests(database).offered(ANNA)]


def check_skills(skills: SkillsService, offered_to_anna: object, who: uuid.UUID = ANNA) -> None:
    """Anna (sign-in, Russian) gets technical failures in Russian and English instead."""
    anna = next(p for p in skills.operators() if p.operator_id == who)
    assert (anna.topics, anna.languages) == (frozenset({SIGN_IN}), ("ru",))
    skills.save(who, {TECHNICAL, SIGN_IN}, "ru, EN")
    skills.save(who, {TECHNICAL}, "ru, en")
    anna = next(p for p in skills.operators() if p.operator_id == who)
    assert (anna.topics, anna.languages) == (frozenset({TECHNICAL}), ("ru", "en"))
    assert offered_to_anna() == ["П-2611-0002"]  # type: ignore[operator]
    for topics, languages in (({TECHNICAL}, ""), ({TECHNICAL}, "russian"), ({who}, "ru")):
        with pytest.raises(SkillsRefused):
            skills.save(who, topics, languages)
    assert next(p for p in skills.operators() if p.operator_id == who) == anna  # unchanged


def test_skills_route_the_requests_on_the_desks_file(database: Database) -> None:
    assert offered(database) == OFFERED["anna"]
    check_skills(SkillsService(database.engine), lambda: offered(database))


def test_languages_are_read_as_typed() -> None:
    assert parse_languages(" RU; en ,ru") == ("ru", "en")
    with pytest.raises(SkillsRefused, match="at least one"):
        parse_languages(" , ")
