"""Portal requests for the tests: four requests on known topics and languages, and the
skills of three operators, so who is offered what is known by hand (the store tests run it
on the desk's file and on the central server)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.demo_citizens import seed_citizens
from app.db.engine import sqlite_url
from app.db.models import Citizen, Operator
from app.db.portal_models import OperatorSkill, PortalRequest, PortalRequestFile
from app.db.types import reference_id
from app.domain.clock import MOSCOW

RECEIVED = datetime(2026, 11, 26, 9, 0, tzinfo=MOSCOW)
#: The operators of the demo reference who play anna, boris and clara.
PEOPLE = {
    "anna": reference_id("operator", "ivanova"),
    "boris": reference_id("operator", "petrov"),
    "clara": reference_id("operator", "sokolova"),
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32  # enough of a PNG for a media type


@dataclass(frozen=True)
class Filed:
    number: str
    topic: str  # a category code (a dotted one is a subcategory)
    language: str
    minutes: int  # after RECEIVED


REQUESTS = (
    Filed("П-2611-0001", "sign_in", "ru", 0),
    Filed("П-2611-0002", "technical.upload_500", "ru", 1),
    Filed("П-2611-0003", "sign_in", "en", 2),
    Filed("П-2611-0004", "other", "ru", 3),
)

#: name -> (topics, languages); who is offered what, worked out by hand:
SKILLS = {
    "anna": (("sign_in",), "ru"),  # 0001 (0003 is in English)
    "boris": (("technical",), "ru,en"),  # 0002, through its parent category
    "clara": (("sign_in",), "ru, en"),  # 0001 and 0003
}
OFFERED = {
    "anna": ["П-2611-0001"],
    "boris": ["П-2611-0002"],
    "clara": ["П-2611-0001", "П-2611-0003"],
}


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A desk's file with the demo reference and citizens, the requests and the skills."""
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    for seed in (seed_reference, seed_citizens):
        db.write_now(seed)
    db.write_now(lambda session: write_requests(session, PEOPLE))
    yield db
    db.close()


def request_id(number: str) -> uuid.UUID:
    return reference_id("portal_request", number)


def write_requests(session: Session, operators: dict[str, uuid.UUID]) -> None:
    """The requests (the first with a screenshot) and the skills of ``operators``."""
    citizen = session.scalars(select(Citizen.id).order_by(Citizen.snils)).first()
    assert citizen is not None, "seed the demo citizens first"
    for filed in REQUESTS:
        session.add(
            PortalRequest(
                id=request_id(filed.number),
                number=filed.number,
                citizen_id=citizen,
                category_id=reference_id("category", filed.topic),
                text=f"Обращение {filed.number}: не получается войти",
                language=filed.language,
                callback_phone="+79161234567",
                window_start=time(18, 0),
                window_end=time(20, 0),
                created_at=RECEIVED + timedelta(minutes=filed.minutes),
            )
        )
    session.flush()
    session.add(
        PortalRequestFile(
            request_id=request_id(REQUESTS[0].number),
            file_name="ошибка.png",
            media_type="image/png",
            content=PNG,
        )
    )
    for name, operator_id in operators.items():
        topics, languages = SKILLS[name]
        session.execute(
            update(Operator).where(Operator.id == operator_id).values(languages=languages)
        )
        for topic in topics:
            session.add(
                OperatorSkill(operator_id=operator_id, category_id=reference_id("category", topic))
            )
