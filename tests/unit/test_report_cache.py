"""The report cache (app/reports/cache.py) on SQLite, and through ``check_cache`` on
PostgreSQL: a cached report says what the live one says; a call or a state span written
late into a cached day (a desk back from offline) takes that day out of the cache until it
is built again, a span over three days the middle one too; other thresholds are cached
apart; today is never cached."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.db.models import CallDirection, CallRecord
from app.db.report_models import OperatorStateSpan, PresenceState
from app.domain.clock import utc_now
from app.reports import cache
from app.reports.period import DEFAULTS, Filters, Period, Split, Thresholds
from app.reports.report import Report, build
from app.reports.sql import Grain
from app.telephony.model import EndReason
from tests.reports_day import DAY, OP1, msk, write_day, write_tickets

ONE_DAY = Filters(Period(DAY, DAY))  # with the day before: two days to cache
LATER = msk(12, 0, 0, DAY + timedelta(days=3))  # both days are over


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    for seed in (seed_reference, write_day, write_tickets):
        db.write_now(seed)
    yield db
    db.close()


def report(
    database: Database, thresholds: Thresholds = DEFAULTS, grain: Grain = Grain.DAY
) -> Report:
    with database.engine.connect() as connection:
        return build(connection, ONE_DAY, grain, thresholds=thresholds, now=LATER)


def cached(database: Database, thresholds: Thresholds = DEFAULTS) -> tuple[list[str], list[str]]:
    """The cached days of calls and of spans."""
    with database.engine.connect() as connection:
        found = cache.split(connection, ONE_DAY, thresholds)
    return (
        [d.isoformat() for d in found.calls.days(live=False)],
        [d.isoformat() for d in found.spans.days(live=False)],
    )


def same(one: Report, other: Report) -> None:
    assert one.calls == other.calls
    assert one.tiles == other.tiles
    assert (one.hours, one.over_time) == (other.hours, other.over_time)
    assert one.tables == other.tables


def late_call(session: Session) -> None:
    session.add(
        CallRecord(
            sip_call_id="report-late",
            direction=CallDirection.INBOUND,
            operator_id=OP1,
            offered_at=msk(18),
            answered_at=msk(18, 0, 6),
            ended_at=msk(18, 2),
            end_reason=EndReason.COMPLETED.value,
            talk_seconds=114,
        )
    )


def forget_late_call(session: Session) -> None:
    session.execute(
        update(CallRecord)
        .where(CallRecord.sip_call_id == "report-late")
        .values(deleted_at=utc_now())
    )


def three_day_span(session: Session) -> None:
    """Ready from 23:00 the day before to 01:00 the day after: the whole day between."""
    session.add(
        OperatorStateSpan(
            operator_id=OP1,
            state=PresenceState.READY,
            started_at=msk(23, 0, 0, DAY - timedelta(days=1)),
            ended_at=msk(1, 0, 0, DAY + timedelta(days=1)),
        )
    )


def check_cache(database: Database) -> None:
    """The whole story, on either database."""
    both = [(DAY - timedelta(days=1)).isoformat(), DAY.isoformat()]
    live = report(database)
    assert cached(database) == ([], [])
    assert cache.refresh(database.engine, ONE_DAY, DEFAULTS, now=LATER) == 4
    assert cached(database) == (both, both)
    same(report(database), live)
    same(report(database, grain=Grain.HOUR), report_live(database, Grain.HOUR))
    assert cache.refresh(database.engine, ONE_DAY, DEFAULTS, now=LATER) == 0

    database.write_now(late_call)  # pushed late by a desk that was offline
    assert cached(database) == (both[:1], both)
    assert report(database).calls.offered == live.calls.offered + 1
    assert cache.refresh(database.engine, ONE_DAY, DEFAULTS, now=LATER) == 1
    assert cached(database) == (both, both)
    assert report(database).calls.offered == live.calls.offered + 1
    database.write_now(forget_late_call)
    assert cached(database) == (both[:1], both)
    cache.refresh(database.engine, ONE_DAY, DEFAULTS, now=LATER)
    same(report(database), live)

    database.write_now(three_day_span)
    assert cached(database) == (both, [])  # the day before, and the day it covers whole
    staffed = report(database).calls.staffed_seconds
    assert staffed == live.calls.staffed_seconds + 24 * 3600
    assert cache.refresh(database.engine, ONE_DAY, DEFAULTS, now=LATER) == 2
    assert report(database).calls.staffed_seconds == staffed

    stricter = Thresholds(service_level_seconds=5)
    assert cached(database, stricter) == ([], both)  # the spans do not depend on it
    assert cache.refresh(database.engine, ONE_DAY, stricter, now=LATER) == 2
    strict = report(database, stricter)
    assert strict.calls.answered_in_time < live.calls.answered_in_time
    assert report(database).calls.answered_in_time == live.calls.answered_in_time


def report_live(database: Database, grain: Grain) -> Report:
    """The report as if nothing were cached."""
    with database.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM report_built")
        found = build(connection, ONE_DAY, grain, now=LATER)
        connection.rollback()
    return found


def test_the_cache_on_sqlite(database: Database) -> None:
    check_cache(database)


def test_today_is_never_cached(database: Database) -> None:
    today = msk(15, 0, 0, DAY)
    assert cache.refresh(database.engine, ONE_DAY, DEFAULTS, now=today) == 2  # the day before
    with database.engine.connect() as connection:
        found = cache.split(connection, ONE_DAY, DEFAULTS)
        figures = build(connection, ONE_DAY, now=today).calls
    assert [p.start for p in found.calls.live] == [DAY]
    assert figures.offered == 9  # counted from the call records themselves
    assert (
        cache.refresh(database.engine, ONE_DAY, DEFAULTS, now=msk(9, 0, 0, DAY - timedelta(days=1)))
        == 0
    )


@given(st.sets(st.integers(0, 40)), st.integers(0, 40))
def test_a_range_parts_into_runs_of_cached_and_live_days(held: set[int], length: int) -> None:
    whole = Period(DAY, DAY + timedelta(days=length))
    cached_days = {DAY + timedelta(days=n) for n in held}
    split = Split.of(whole, cached_days)
    every = [DAY + timedelta(days=n) for n in range(length + 1)]
    assert split.days(live=False) == [d for d in every if d in cached_days]
    assert split.days(live=True) == [d for d in every if d not in cached_days]
    runs = sorted(split.cached + split.live, key=lambda run: run.start)
    for before, after in pairwise(runs):  # maximal: runs alternate
        assert after.start == before.end + timedelta(days=1)
        assert (before in split.cached) != (after in split.cached)
