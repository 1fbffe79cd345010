"""MFC appointments booked from central desks, against a real PostgreSQL after `central
init`, logged in as operators: the slots stay on the server (operators cannot read the
table), the desk sees them through the server's functions with the office names it pulled;
a booking, move or cancellation is made on the server first and then recorded in the
desk's own file, from where it goes up; two operators reaching for one slot from two desks
get one booking and one refusal; with the server gone the operator is told and nothing is
written; and a whole central desk is wired to book on the server."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from keyring.backends import fail
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.db.application_models import Application, MfcOffice
from app.db.database import Database
from app.db.demo_applications import DAYS_AHEAD, seed_applications, seed_mfc
from app.db.demo_citizens import DEMO_CALLER, demo_citizens, demo_id, seed_citizens
from app.db.engine import sqlite_url
from app.db.models import AccountRequest, AccountRequestKind, AuditEvent, Citizen
from app.db.sync_models import SyncOutbox
from app.desk import open_desk
from app.domain.clock import MOSCOW, utc_now
from app.paths import HOME_ENV, AppDirs
from app.secrets import SecretStore
from app.services import back_office
from app.services.audit import AuditLog
from app.services.back_office import REQUESTED, BackOffice, Requested, SlotTaken
from app.settings import DatabaseMode, Options, Settings, SslMode
from app.sync import outbox, signin
from app.sync.appointments import CentralSlots
from app.sync.citizens import CentralCitizens, DirectoryUnavailable
from app.sync.pull import pull_all
from app.sync.push import drain
from app.sync.worker import Link
from tests.appointments import verified
from tests.central import PASSWORD, Hub, Person
from tests.netcut import NetCut

pytestmark = pytest.mark.service

CALLER = demo_id(DEMO_CALLER.snils)


@dataclass
class Seat:
    """An operator at a central desk of their own: the desk's file, the back office booking
    on the server, and the look-up that brings the caller down."""

    person: Person
    desk: Database
    office: BackOffice
    directory: CentralCitizens
    way: Engine  # to the server, for the look-ups and slots

    def settle(self) -> None:
        """Wait for the requests under way and the audit lines they queued."""
        self.office.close()
        self.desk.write_now(lambda s: None)

    def requests(self) -> list[AccountRequest]:
        query = select(AccountRequest).order_by(AccountRequest.created_at)
        return self.desk.read(lambda s: list(s.scalars(query)))

    def audited(self) -> int:
        query = select(AuditEvent).where(AuditEvent.action == REQUESTED)
        return len(self.desk.read(lambda s: list(s.scalars(query))))

    def queued(self) -> int:
        query = select(SyncOutbox).where(SyncOutbox.table_name == "account_requests")
        return len(self.desk.read(lambda s: list(s.scalars(query))))


@pytest.fixture
def seeded(hub: Hub) -> Hub:
    """The central database with the demo citizens, applications, offices and slots."""
    central = Database.open(hub.url)
    try:
        for seed in (seed_citizens, seed_applications, seed_mfc):
            central.write_now(seed)
    finally:
        central.close()
    return hub


@pytest.fixture
def seats(seeded: Hub, tmp_path: Path) -> Iterator[list[Seat]]:
    """Filled by :func:`seat`; every desk is closed at the end."""
    made: list[Seat] = []
    yield made
    for one in made:
        one.office.close()
        one.desk.close()
        if one.way is not one.person.engine:
            one.way.dispose()


def seat(
    seats: list[Seat], hub: Hub, tmp_path: Path, name: str, relay: NetCut | None = None
) -> Seat:
    """A central desk for a new operator, with what comes down pulled (the offices among it);
    its look-ups and slots go through ``relay`` when there is one."""
    person = hub.person(name)
    desk = Database.open(sqlite_url(tmp_path / f"{name}.sqlite3").render_as_string())
    desk.operator_id = person.id
    pull_all(desk, person.engine)
    way = person.engine
    if relay is not None:
        url = make_url(hub.url).set(username=person.login, password=PASSWORD, port=relay.port)
        way = create_engine(url, connect_args={"connect_timeout": 5})
    made = Seat(
        person,
        desk,
        BackOffice(desk, AuditLog(desk), slots=CentralSlots(way)),
        CentralCitizens(way, desk),
        way,
    )
    seats.append(made)
    return made


def bring_down(hub: Hub, seat: Seat, citizen_id: uuid.UUID) -> None:
    """The caller found by SNILS during the call: their row is now in the desk's file."""
    snils = scalar(hub.admin, "SELECT snils FROM citizens WHERE id = :id", id=citizen_id)
    assert seat.directory.fetch(None, snils=snils) == 1


def scalar(engine: Engine, query: str, **params: Any) -> Any:
    with engine.connect() as connection:
        return connection.execute(text(query), params).scalar()


def on_server(hub: Hub, slot_id: uuid.UUID) -> tuple[Any, ...]:
    with hub.admin.connect() as connection:
        row = connection.execute(
            text("SELECT citizen_id, application_id, version FROM mfc_slots WHERE id = :id"),
            {"id": slot_id},
        ).one()
    return tuple(row)


def office_named(office: BackOffice, code: str) -> MfcOffice:
    return next(o for o in office.offices() if o.code == code)


def in_days(days: int) -> date:
    return (utc_now().astimezone(MOSCOW) + timedelta(days=days)).date()


def caller_application(hub: Hub) -> uuid.UUID:
    query = "SELECT id FROM applications WHERE citizen_id = :id ORDER BY number LIMIT 1"
    found = scalar(hub.admin, query, id=CALLER)
    assert found is not None
    return uuid.UUID(str(found))


def test_an_operator_on_a_central_desk_books_a_slot_on_the_server(
    seeded: Hub, seats: list[Seat], tmp_path: Path
) -> None:
    olga = seat(seats, seeded, tmp_path, "olga")
    assert olga.office.remote
    tverskoy = office_named(olga.office, "mfc_tverskoy")  # the offices came down

    free = olga.office.free_slots(tverskoy.id, in_days(1))
    assert len(free) == 18  # 9:00 to 17:30, every half hour
    assert {(s.office_id, s.office_ru, s.office_en) for s in free} == {
        (tverskoy.id, tverskoy.name_ru, tverskoy.name_en)
    }
    assert [s.starts_at for s in free] == sorted(s.starts_at for s in free)
    held = olga.office.appointments(CALLER)
    assert len(held) == 1 and held[0].office_ru == tverskoy.name_ru  # the demo appointment
    assert held[0].starts_at.date() >= in_days(1)

    bring_down(seeded, olga, CALLER)
    application = caller_application(seeded)
    done = olga.office.book(verified(CALLER), free[0].id, application).result(30)
    olga.settle()

    assert done.kind is AccountRequestKind.BOOK_APPOINTMENT
    assert on_server(seeded, free[0].id) == (CALLER, application, 2)
    assert free[0].id not in {s.id for s in olga.office.free_slots(tverskoy.id, in_days(1))}
    assert {s.id for s in olga.office.appointments(CALLER)} == {held[0].id, free[0].id}
    [request] = olga.requests()
    assert (request.id, request.citizen_id, request.details) == (
        done.id,
        CALLER,
        {"slot": str(free[0].id)},
    )
    assert request.operator_id == olga.person.id
    assert olga.audited() == 1
    assert olga.desk.read(outbox.pending) >= 1  # waiting to go up

    drain(olga.desk, olga.person.engine, operator=olga.person.id)
    assert olga.queued() == 0
    pushed = "SELECT number FROM account_requests WHERE id = :id AND operator_id = :me"
    assert scalar(seeded.admin, pushed, id=done.id, me=olga.person.id) == done.number
    # The operator's local file never held a slot: only the request.
    assert olga.desk.read(lambda s: s.scalar(text("SELECT count(*) FROM mfc_slots"))) == 0


def test_two_operators_on_two_central_desks_one_slot_one_booking(
    seeded: Hub, seats: list[Seat], tmp_path: Path
) -> None:
    olga, pavel = seat(seats, seeded, tmp_path, "olga"), seat(seats, seeded, tmp_path, "pavel")
    callers = [demo_id(p.snils) for i, p in enumerate(demo_citizens()) if i in (3, 4)]
    bring_down(seeded, olga, callers[0])
    bring_down(seeded, pavel, callers[1])
    arbat = office_named(olga.office, "mfc_arbat")
    slot = olga.office.free_slots(arbat.id, in_days(3))[4].id

    barrier = threading.Barrier(2)
    outcomes: dict[str, Requested | SlotTaken] = {}
    lock = threading.Lock()

    def book(at: Seat, citizen_id: uuid.UUID) -> None:
        barrier.wait(10)
        future = at.office.book(verified(citizen_id), slot)
        try:
            outcome: Requested | SlotTaken = future.result(30)
        except SlotTaken as taken:
            outcome = taken
        with lock:
            outcomes[at.person.login] = outcome

    threads = [
        threading.Thread(target=book, args=(at, who))
        for at, who in zip((olga, pavel), callers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
        assert not thread.is_alive()

    assert sorted(type(o).__name__ for o in outcomes.values()) == ["Requested", "SlotTaken"]
    winner = olga if isinstance(outcomes[olga.person.login], Requested) else pavel
    loser = pavel if winner is olga else olga
    holder = on_server(seeded, slot)[0]
    assert holder == callers[0 if winner is olga else 1]
    for at in (olga, pavel):
        at.settle()
    assert [r.citizen_id for r in winner.requests()] == [holder]
    assert (loser.requests(), loser.audited(), loser.queued()) == ([], 0, 0)


def test_a_move_then_a_cancel_leave_the_old_slots_free_on_the_server(
    seeded: Hub, seats: list[Seat], tmp_path: Path
) -> None:
    olga = seat(seats, seeded, tmp_path, "olga")
    bring_down(seeded, olga, CALLER)
    tverskoy = office_named(olga.office, "mfc_tverskoy")
    first, second = (s.id for s in olga.office.free_slots(tverskoy.id, in_days(4))[:2])
    [demo] = olga.office.appointments(CALLER)
    application = caller_application(seeded)
    caller = verified(CALLER)

    olga.office.book(caller, first, application).result(30)
    # A move to a slot someone holds changes nothing, on the server or here.
    with pytest.raises(SlotTaken):
        olga.office.move(caller, first, demo.id).result(30)
    assert on_server(seeded, first)[:2] == (CALLER, application)

    moved = olga.office.move(caller, first, second).result(30)
    assert on_server(seeded, first)[:2] == (None, None)
    assert on_server(seeded, second)[:2] == (CALLER, application)  # the application went along
    with pytest.raises(LookupError):  # no longer the caller's
        olga.office.cancel(caller, first).result(30)

    cancelled = olga.office.cancel(caller, second).result(30)
    assert on_server(seeded, second)[:2] == (None, None)
    assert [a.id for a in olga.office.appointments(CALLER)] == [demo.id]
    olga.settle()
    kinds = [(r.kind, r.details) for r in olga.requests()]
    assert kinds == [
        (AccountRequestKind.BOOK_APPOINTMENT, {"slot": str(first)}),
        (AccountRequestKind.MOVE_APPOINTMENT, {"from": str(first), "to": str(second)}),
        (AccountRequestKind.CANCEL_APPOINTMENT, {"slot": str(second)}),
    ]
    assert [r.id for r in olga.requests()][1:] == [moved.id, cancelled.id]
    assert olga.audited() == 3


def test_a_move_the_desk_cannot_record_is_undone_on_the_server(
    seeded: Hub, seats: list[Seat], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    olga = seat(seats, seeded, tmp_path, "olga")
    bring_down(seeded, olga, CALLER)
    tverskoy = office_named(olga.office, "mfc_tverskoy")
    target = olga.office.free_slots(tverskoy.id, in_days(4))[0].id
    [demo] = olga.office.appointments(CALLER)
    before = on_server(seeded, demo.id)[:2]

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError("database or disk is full")  # what cannot be made to happen here

    monkeypatch.setattr(back_office, "new_request", disk_full)
    with pytest.raises(OSError, match="disk is full"):
        olga.office.move(verified(CALLER), demo.id, target).result(30)
    assert on_server(seeded, demo.id)[:2] == before  # the caller keeps the old time
    assert on_server(seeded, target)[:2] == (None, None)
    olga.settle()
    assert (olga.requests(), olga.audited()) == ([], 0)


def test_with_the_server_gone_the_operator_is_told_and_nothing_is_written(
    seeded: Hub, seats: list[Seat], tmp_path: Path
) -> None:
    port = make_url(seeded.url).port
    assert port is not None
    relay = NetCut(port)
    try:
        olga = seat(seats, seeded, tmp_path, "olga", relay)
        bring_down(seeded, olga, CALLER)
        tverskoy = office_named(olga.office, "mfc_tverskoy")
        free = olga.office.free_slots(tverskoy.id, in_days(1))
        assert free

        relay.cut()
        with pytest.raises(DirectoryUnavailable) as refused:
            olga.office.free_slots(tverskoy.id, in_days(1))
        assert refused.value.reason.startswith("OperationalError")
        with pytest.raises(DirectoryUnavailable) as failed:
            olga.office.book(verified(CALLER), free[0].id).result(30)
        assert failed.value.reason.startswith("OperationalError")
        with pytest.raises(DirectoryUnavailable):
            olga.office.appointments(CALLER)
        olga.settle()
        assert (olga.requests(), olga.audited(), olga.queued()) == ([], 0, 0)
        assert on_server(seeded, free[0].id)[0] is None
    finally:
        relay.close()


def test_an_operator_reads_slots_only_through_the_functions(
    seeded: Hub, seats: list[Seat], tmp_path: Path
) -> None:
    olga = seat(seats, seeded, tmp_path, "olga")
    with pytest.raises(DBAPIError) as caught, olga.person.engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM mfc_slots"))
    assert isinstance(caught.value.orig, psycopg.errors.InsufficientPrivilege)
    with pytest.raises(DBAPIError) as caught, olga.person.engine.begin() as connection:
        connection.execute(text("UPDATE mfc_slots SET citizen_id = NULL"))
    assert isinstance(caught.value.orig, psycopg.errors.InsufficientPrivilege)

    tverskoy = office_named(olga.office, "mfc_tverskoy")
    slots = CentralSlots(olga.person.engine)
    start = utc_now()
    week = slots.free(tverskoy.id, start, start + timedelta(days=30))
    assert len(week) == DAYS_AHEAD * 18 - 1  # every demo slot but the demo caller's
    assert len(slots.held(CALLER)) == 1

    # A login whose operators row is inactive is nobody: it sees nothing and takes nothing.
    boris = seeded.person("boris")
    with seeded.admin.begin() as connection:
        connection.execute(
            text("UPDATE operators SET is_active = false WHERE id = :id"), {"id": boris.id}
        )
    nobody = CentralSlots(boris.engine)
    assert nobody.free(tverskoy.id, start, start + timedelta(days=30)) == []
    assert nobody.held(CALLER) == []
    slot = slots.free(tverskoy.id, start, start + timedelta(days=30))[0].id
    with pytest.raises(SlotTaken):
        nobody.change(take=(slot, CALLER, None))
    with pytest.raises(LookupError):
        nobody.change(free=(slots.held(CALLER)[0].id, CALLER))
    assert on_server(seeded, slot)[0] is None

    # Another citizen's application is not attached to this caller's slot.
    other = seeded.admin.connect()
    try:
        foreign = other.execute(
            select(Application.id).where(Application.citizen_id != CALLER).limit(1)
        ).scalar_one()
    finally:
        other.close()
    with pytest.raises(SlotTaken):
        slots.change(take=(slot, CALLER, foreign))
    assert on_server(seeded, slot)[0] is None
    assert olga.desk.read(lambda s: s.scalar(select(Citizen.id))) is None  # nothing came down


def test_a_central_desk_books_through_the_server(
    seeded: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = seeded.person("anna")
    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    dirs = AppDirs.default().ensure()
    url = make_url(seeded.url)
    settings = Settings.load(dirs.settings_file)
    settings.set(Options.DB_MODE, DatabaseMode.CENTRAL)
    settings.set(Options.DB_HOST, str(url.host))
    settings.set(Options.DB_PORT, int(url.port or 5432))
    settings.set(Options.DB_NAME, str(url.database))
    settings.set(Options.DB_SSLMODE, SslMode.DISABLE)
    store = SecretStore(backend=fail.Keyring())
    assert signin.sign_in(settings, store, signin.card_path(dirs.data), anna.login, PASSWORD).online

    desk = open_desk(dirs, secrets=store)
    try:
        assert desk.back_office.remote
        assert desk.sync is not None
        assert desk.sync.run_once().link is Link.ONLINE  # the offices come down
        tverskoy = office_named(desk.back_office, "mfc_tverskoy")
        assert len(desk.back_office.free_slots(tverskoy.id, in_days(1))) == 18
        assert len(desk.back_office.appointments(CALLER)) == 1
    finally:
        desk.close()
