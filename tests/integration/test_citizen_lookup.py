"""The online look-up of a caller on a central desk, against a real PostgreSQL after
`central init`, logged in as an operator: the caller is found by phone, SNILS or name with
birth date; only the people found are kept locally, and only for the open case; with the
server gone the operator is told, not shown an empty result."""

from __future__ import annotations

import socket
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from app.db.application_models import Application
from app.db.database import Database
from app.db.demo_applications import seed_applications
from app.db.demo_citizens import DEMO_CALLER, demo_id, seed_citizens
from app.db.engine import sqlite_url
from app.db.models import Citizen
from app.services.applications import ApplicationService
from app.services.audit import AuditLog
from app.services.verification import VerificationService
from app.sync.citizens import CentralCitizens, DirectoryUnavailable
from app.sync.pull import pull_all
from app.verification.session import Level
from tests.central import Hub

pytestmark = pytest.mark.service


def cached(desk: Database) -> set[str]:
    return set(desk.read(lambda s: list(s.scalars(select(Citizen.full_name)))))


@pytest.fixture
def people(hub: Hub) -> list[Citizen]:
    central = Database.open(hub.url)
    try:
        central.write_now(seed_citizens)
        return central.read(lambda s: list(s.scalars(select(Citizen).order_by(Citizen.snils))))
    finally:
        central.close()


def desk_for(hub: Hub, tmp_path: Path) -> tuple[Database, VerificationService]:
    operator = hub.person("olga")
    desk = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    desk.operator_id = operator.id
    directory = CentralCitizens(operator.engine, desk)
    return desk, VerificationService(desk, AuditLog(desk), directory=directory)


def test_the_caller_is_found_online_and_only_the_open_case_is_kept(
    hub: Hub, people: list[Citizen], tmp_path: Path
) -> None:
    desk, service = desk_for(hub, tmp_path)
    first, second = people[0], people[1]
    try:
        assert desk.read(lambda s: s.scalar(select(func.count(Citizen.id)))) == 0
        cards = service.find_by_phone(first.phone, call_id=None)
        assert [c.full_name for c in cards] == [first.full_name]
        assert cached(desk) == {first.full_name}  # nobody else came down

        by_name = service.find_by_name(first.full_name, first.birth_date, call_id=None)
        assert [c.id for c in by_name] == [first.id]
        assert service.find_by_name(first.full_name, date(1900, 1, 1), call_id=None) == []

        # The next call's search: the previous caller is forgotten first.
        next_call = uuid.uuid4()
        found = service.find_by_snils(second.snils, call_id=next_call)
        assert [c.id for c in found] == [second.id]
        assert cached(desk) == {second.full_name}

        assert service.directory is not None
        service.directory.forget()
        assert cached(desk) == set()
    finally:
        desk.close()
    assert len(people) > 5  # many citizens centrally; a desk saw one at a time


def test_with_the_server_gone_the_operator_is_told_why(
    hub: Hub, people: list[Citizen], tmp_path: Path
) -> None:
    desk = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        gone = create_engine(
            f"postgresql+psycopg://olga@127.0.0.1:{holder.getsockname()[1]}/hotline",
            connect_args={"connect_timeout": 2},
        )
        service = VerificationService(desk, AuditLog(desk), directory=CentralCitizens(gone, desk))
        try:
            with pytest.raises(DirectoryUnavailable) as failed:
                service.find_by_phone(people[0].phone)
            assert failed.value.reason.startswith("OperationalError")
            assert people[0].phone not in failed.value.reason
        finally:
            gone.dispose()
            desk.close()


def test_a_central_desk_finds_an_application_online_and_keeps_only_that_case(
    hub: Hub, tmp_path: Path
) -> None:
    central = Database.open(hub.url)
    try:
        central.write_now(seed_citizens)
        central.write_now(seed_applications)
    finally:
        central.close()
    operator = hub.person("pavel")
    desk = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    desk.operator_id = operator.id
    try:
        pull_all(desk, operator.engine)  # services and reasons come down; applications do not
        assert desk.read(lambda s: s.scalar(select(func.count(Application.id)))) == 0
        directory = CentralCitizens(operator.engine, desk)
        service = ApplicationService(desk, AuditLog(desk), directory=directory)

        late = service.find_number("2031 877 405", call_id=None)
        assert late is not None and late.overdue and late.details is None
        assert [s.stage.value for s in late.steps] == ["submitted", "registered", "under_review"]
        numbers = set(desk.read(lambda s: list(s.scalars(select(Application.number)))))
        assert numbers == {"2031877405"}  # only what was asked for

        mine = service.for_citizen(demo_id(DEMO_CALLER.snils), Level.PARTIAL, call_id=None)
        assert {a.number for a in mine} == {"2031877405", "2048531976", "2044610328"}
        assert all(a.details is not None for a in mine)

        directory.forget()
        assert desk.read(lambda s: s.scalar(select(func.count(Application.id)))) == 0
    finally:
        desk.close()
