"""The central database for sync tests: a fresh PostgreSQL database, migrated (change log and
triggers included), with the reference rows every desk shares; and the same after
`central init`, with people logged in to it as their own roles (:class:`Hub`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import open_engine
from app.db.models import OperatorRole
from app.db.types import reference_id
from app.sync import central as central_db
from tests.netcut import NetCut


@pytest.fixture
def relay(central: Database) -> Iterator[NetCut]:
    """A relay in front of the central database that a test cuts and restores."""
    port = make_url(central.engine.url).port
    assert port is not None
    cut = NetCut(port)
    yield cut
    cut.close()


@pytest.fixture
def central(pg_url: str) -> Iterator[Database]:
    db = Database.open(pg_url)
    db.write_now(seed_reference)
    yield db
    db.close()


PASSWORD = "correct horse battery staple"


@dataclass
class Person:
    login: str
    id: uuid.UUID
    engine: Engine  # logged in as this person, over TCP, with the password


class Hub:
    """The central database after `central init`, and the people logged in to it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.admin = open_engine(url)
        self.people: list[Person] = []
        self.roles: list[str] = []

    def login(self, login: str, password: str = PASSWORD) -> Engine:
        url = make_url(self.url).set(username=login, password=password)
        assert url.host == "127.0.0.1"  # TCP, not the socket
        return create_engine(url)

    def person(self, name: str, role: OperatorRole = OperatorRole.OPERATOR) -> Person:
        login = f"{name}_{uuid.uuid4().hex[:8]}"  # roles outlive a test's database
        report = central_db.add_operator(self.url, login, name.title(), role, PASSWORD)
        assert report.created and report.operator_id == reference_id("operator", login)
        self.roles.append(login)
        person = Person(login, report.operator_id, self.login(login))
        self.people.append(person)
        return person

    def close(self) -> None:
        for person in self.people:
            person.engine.dispose()
        with self.admin.begin() as connection:
            for role in self.roles:
                connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        self.admin.dispose()


@pytest.fixture
def hub(pg_url: str) -> Iterator[Hub]:
    central_db.init(pg_url)
    database = Database.open(pg_url)
    database.write_now(seed_reference)
    database.close()
    hub = Hub(pg_url)
    yield hub
    hub.close()
