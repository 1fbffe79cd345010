"""Two operators booking the same MFC slot at once on a real PostgreSQL (the central data
every desk books from): the row lock makes the second re-check and be told."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.db.application_models import MfcSlot
from app.db.database import Database
from app.db.demo_applications import seed_applications, seed_mfc
from app.db.demo_citizens import demo_citizens, demo_id, seed_citizens
from app.domain.clock import MOSCOW, utc_now
from app.services.audit import AuditLog
from app.services.back_office import BackOffice
from tests.appointments import race

pytestmark = pytest.mark.service


def test_two_operators_on_the_central_database_one_slot_one_booking(
    central: Database, pg_url: str
) -> None:
    for seed in (seed_citizens, seed_applications, seed_mfc):
        central.write_now(seed)
    office = BackOffice(central, AuditLog(central))
    arbat = next(o for o in office.offices() if o.code == "mfc_arbat")
    day = (utc_now().astimezone(MOSCOW) + timedelta(days=3)).date()
    slot = office.free_slots(arbat.id, day)[4].id
    callers = tuple(demo_id(p.snils) for i, p in enumerate(demo_citizens()) if i in (3, 4))
    other = Database.open(pg_url)
    try:
        outcomes = race(central, other, slot, (callers[0], callers[1]))
    finally:
        other.close()
    assert sorted(type(o).__name__ for o in outcomes) == ["Requested", "SlotTaken"]
    assert central.read(lambda s: s.get_one(MfcSlot, slot).citizen_id) in callers
