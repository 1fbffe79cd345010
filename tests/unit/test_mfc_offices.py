"""The MFC offices as the operator reads them (app/services/mfc_offices.py) on a demo desk's
file: the filter by service, the shortest known wait first with unknown and stale loads
last, open or closed by the hours and working days in Moscow time (whatever the UTC date),
and the demo offices' details seeded once, filling only what is unset."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.application_models import MfcOffice, PortalService
from app.db.database import Database
from app.db.demo import seed_reference
from app.db.demo_applications import seed_applications, seed_mfc, seed_mfc_details
from app.db.demo_citizens import seed_citizens
from app.db.engine import sqlite_url
from app.db.types import reference_id
from app.domain.clock import MOSCOW
from app.services.mfc_offices import STALE_AFTER, MfcOffices, OfficeInfo

#: A Wednesday, 12:30 in Moscow: every demo office is open.
NOW = datetime(2026, 11, 25, 12, 30, tzinfo=MOSCOW)
LATER = NOW + timedelta(minutes=1)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    for seed in (seed_reference, seed_citizens, seed_applications):
        db.write_now(seed)
    db.write_now(lambda session: seed_mfc(session, NOW))
    yield db
    db.close()


def codes(offices: list[OfficeInfo]) -> list[str]:
    return [office.code for office in offices]


def change(database: Database, code: str, **values: object) -> None:
    database.write_now(
        lambda session: session.execute(
            update(MfcOffice).where(MfcOffice.code == code).values(**values)
        )
    )


def office(
    opens: time | None = time(9),
    closes: time | None = time(20),
    weekdays: str = "1111110",
    *,
    minutes: int | None = 10,
    updated: datetime | None = NOW,
) -> OfficeInfo:
    return OfficeInfo(
        reference_id("mfc-office", "test"),
        "test",
        "МФЦ",
        "MFC",
        "Москва",
        opens,
        closes,
        weekdays,
        (),
        3,
        minutes,
        updated,
    )


def msk(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC instant named by its Moscow wall time in November 2026."""
    return datetime(2026, 11, day, hour, minute, tzinfo=MOSCOW).astimezone(UTC)


def test_the_demo_offices_come_with_hours_services_and_load(database: Database) -> None:
    found = {o.code: o for o in MfcOffices(database).offices(now=LATER)}

    tverskoy, arbat, kazan = found["mfc_tverskoy"], found["mfc_arbat"], found["mfc_kazan_center"]
    assert (tverskoy.opens_at, tverskoy.closes_at, tverskoy.weekdays) == (
        time(8),
        time(20),
        "1111111",
    )
    assert (arbat.opens_at, arbat.closes_at, arbat.weekdays) == (time(9), time(20), "1111110")
    assert (kazan.opens_at, kazan.closes_at, kazan.weekdays) == (time(9), time(19), "1111110")
    assert (tverskoy.queue_waiting, tverskoy.queue_minutes) == (12, 25)
    assert tverskoy.queue_updated_at == NOW - timedelta(minutes=4)
    assert [s.name("ru") for s in arbat.services] == [
        "Выписка из ЕГРН об объекте недвижимости",
        "Замена паспорта гражданина РФ",
        "Единое пособие на детей",
    ]
    assert arbat.services[0].name("en") == "Extract from the real estate register"


def test_every_service_an_office_gives_is_a_portal_service(database: Database) -> None:
    known = set(database.read(lambda s: list(s.scalars(select(PortalService.code)))))
    given = {
        service.code for o in MfcOffices(database).offices(now=LATER) for service in o.services
    }

    assert given and given <= known
    assert {s.code for s in MfcOffices(database).services()} == known


def test_the_shortest_known_wait_comes_first(database: Database) -> None:
    assert codes(MfcOffices(database).offices(now=LATER)) == [
        "mfc_arbat",  # ~10 min
        "mfc_tverskoy",  # ~25 min
        "mfc_kazan_center",  # ~40 min
    ]


def test_the_filter_keeps_the_offices_giving_the_service(database: Database) -> None:
    offices = MfcOffices(database)

    assert codes(offices.offices("driving_licence", now=LATER)) == [
        "mfc_tverskoy",
        "mfc_kazan_center",
    ]
    assert codes(offices.offices("child_benefit", now=LATER)) == ["mfc_arbat", "mfc_tverskoy"]
    assert offices.offices("doctor_appointment", now=LATER) == []


def test_a_stale_load_and_an_unknown_one_go_last_by_name(database: Database) -> None:
    change(database, "mfc_arbat", queue_updated_at=NOW - STALE_AFTER - timedelta(minutes=1))
    change(database, "mfc_kazan_center", queue_waiting=None, queue_minutes=None)

    found = MfcOffices(database).offices(now=NOW)

    # Known first; then «Центральный», Казань (no figures) and Арбат (stale) by Russian name.
    assert codes(found) == ["mfc_tverskoy", "mfc_kazan_center", "mfc_arbat"]
    kazan, arbat = found[1], found[2]
    assert not arbat.load_known(NOW)
    assert arbat.load_age(NOW) == STALE_AFTER + timedelta(minutes=1)
    assert arbat.queue_minutes == 10  # still there, just not trusted
    assert not kazan.load_known(NOW)


def test_a_load_is_known_up_to_two_hours() -> None:
    published = office(updated=NOW)

    assert published.load_known(NOW + STALE_AFTER)
    assert not published.load_known(NOW + STALE_AFTER + timedelta(seconds=1))
    assert office(updated=None).load_age(NOW) is None
    assert not office(updated=None).load_known(NOW)


def test_a_load_without_figures_is_not_known() -> None:
    empty = OfficeInfo(
        reference_id("mfc-office", "x"),
        "x",
        "М",
        "M",
        "",
        None,
        None,
        "1111111",
        (),
        None,
        None,
        NOW,
    )

    assert not empty.load_known(NOW)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (msk(25, 9, 0), True),  # Wednesday, opening time
        (msk(25, 8, 59), False),
        (msk(25, 19, 59), True),
        (msk(25, 20, 0), False),  # closing time
        (msk(25, 21, 30), False),  # 18:30 UTC: inside 9-20 in UTC, not in Moscow
        (msk(28, 12, 0), True),  # Saturday
        (msk(29, 12, 0), False),  # Sunday, closed all day
    ],
)
def test_open_by_hours_and_working_days_in_moscow(moment: datetime, expected: bool) -> None:
    assert office().is_open(moment) is expected


def test_the_working_day_is_moscows_not_utcs() -> None:
    all_day = office(time(0), time(0), "1111110")  # round the clock, closed on Sundays

    assert all_day.is_open(msk(30, 2, 0))  # Monday in Moscow, still Sunday in UTC
    assert not all_day.is_open(msk(29, 23, 0))  # Sunday in Moscow


def test_hours_past_midnight_belong_to_the_day_they_began() -> None:
    friday_night = office(time(22), time(6), "0000100")

    assert friday_night.is_open(msk(27, 23, 0))  # Friday 23:00
    assert friday_night.is_open(msk(28, 3, 0))  # Saturday 03:00, still Friday's night
    assert not friday_night.is_open(msk(27, 3, 0))  # Friday 03:00 is Thursday's night
    assert not friday_night.is_open(msk(28, 23, 0))


def test_unknown_hours_are_never_open_and_a_naive_moment_is_refused() -> None:
    assert not office(None, None).is_open(msk(25, 12, 0))
    with pytest.raises(ValueError, match="aware"):
        office().is_open(datetime(2026, 11, 25, 12, 0))  # no zone


def read_office(database: Database, code: str) -> MfcOffice:
    found = database.read(
        lambda s: s.scalars(select(MfcOffice).where(MfcOffice.code == code)).one()
    )
    assert isinstance(found, MfcOffice)
    return found


def details_later(session: Session) -> int:
    return seed_mfc_details(session, LATER)


def test_the_details_are_seeded_once_and_keep_what_an_office_has(database: Database) -> None:
    versions = {code: read_office(database, code).version for code in ("mfc_arbat", "mfc_tverskoy")}

    assert database.write_now(details_later) == 0  # nothing is unset: nothing written
    assert read_office(database, "mfc_arbat").version == versions["mfc_arbat"]

    # A desk seeded before the offices had details, and one office's queue published since.
    change(
        database,
        "mfc_arbat",
        opens_at=None,
        closes_at=None,
        weekdays="1111111",
        services=[],
        queue_waiting=None,
        queue_minutes=None,
        queue_updated_at=None,
    )
    change(database, "mfc_tverskoy", queue_waiting=30, queue_updated_at=NOW)
    assert database.write_now(lambda session: seed_mfc(session, LATER)) == 0  # no new slots

    arbat, tverskoy = read_office(database, "mfc_arbat"), read_office(database, "mfc_tverskoy")
    assert (arbat.opens_at, arbat.weekdays) == (time(9), "1111110")
    assert arbat.services == ["egrn_extract", "passport_replacement", "child_benefit"]
    assert arbat.queue_updated_at == LATER - timedelta(minutes=7)
    assert (tverskoy.queue_waiting, tverskoy.queue_updated_at) == (30, NOW)  # kept
    assert database.write_now(details_later) == 0
