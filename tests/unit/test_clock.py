"""Moscow time and line opening hours: the edges of the working day, hours past midnight,
round-the-clock lines, and refusal of timestamps without a time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.clock import is_open, moscow_time

MOSCOW_TZ = "Europe/Moscow"
#: Moscow has been UTC+3 all year round since October 2014 (no daylight saving).
MOSCOW_OFFSET = timedelta(hours=3)
DAY = date(2026, 11, 25)

# Instants from the end of 2014 on, when Moscow settled on UTC+3.
utc_instants = st.datetimes(
    min_value=datetime(2015, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)


def utc_instant_for_moscow_wall_time(wall: time, day: date = DAY) -> datetime:
    """The UTC instant at which clocks in Moscow show ``wall`` on ``day``."""
    return (datetime.combine(day, wall) - MOSCOW_OFFSET).replace(tzinfo=UTC)


def test_moscow_time_of_a_utc_instant_is_three_hours_ahead() -> None:
    instant = datetime(2026, 11, 25, 21, 30, tzinfo=UTC)

    local = moscow_time(instant)

    assert local == instant  # the same moment ...
    assert local.utcoffset() == MOSCOW_OFFSET  # ... on Moscow clocks
    assert (local.date(), local.time()) == (date(2026, 11, 26), time(0, 30))


def test_moscow_time_converts_from_any_zone() -> None:
    vladivostok = timezone(timedelta(hours=10))
    instant = datetime(2026, 7, 1, 9, 0, tzinfo=vladivostok)

    assert moscow_time(instant).time() == time(2, 0)


@pytest.mark.parametrize(
    ("wall", "expected_open"),
    [
        (time(7, 59, 59), False),
        (time(8, 0), True),
        (time(8, 0, 1), True),
        (time(12, 0), True),
        (time(21, 59, 59), True),
        (time(22, 0), False),
        (time(22, 0, 1), False),
        (time(3, 0), False),
    ],
)
def test_day_line_opens_at_eight_and_closes_at_ten_moscow_time(
    wall: time, expected_open: bool
) -> None:
    instant = utc_instant_for_moscow_wall_time(wall)

    assert is_open(instant, time(8, 0), time(22, 0), MOSCOW_TZ) is expected_open


@given(instant=utc_instants)
def test_day_line_hours_follow_utc_plus_three(instant: datetime) -> None:
    moscow_hour = (instant + MOSCOW_OFFSET).hour

    assert is_open(instant, time(8, 0), time(22, 0), MOSCOW_TZ) is (8 <= moscow_hour < 22)


@pytest.mark.parametrize(
    ("wall", "expected_open"),
    [
        (time(21, 59, 59), False),
        (time(22, 0), True),
        (time(23, 59, 59), True),
        (time(0, 0), True),
        (time(5, 59, 59), True),
        (time(6, 0), False),
        (time(6, 0, 1), False),
        (time(14, 0), False),
    ],
)
def test_night_line_hours_pass_midnight(wall: time, expected_open: bool) -> None:
    instant = utc_instant_for_moscow_wall_time(wall)

    assert is_open(instant, time(22, 0), time(6, 0), MOSCOW_TZ) is expected_open


@given(instant=utc_instants, hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_equal_opening_and_closing_times_mean_open_round_the_clock(
    instant: datetime, hour: int, minute: int
) -> None:
    same = time(hour, minute)

    assert is_open(instant, same, same, MOSCOW_TZ)


def test_hours_are_read_in_the_lines_own_time_zone() -> None:
    # 09:00 UTC is 12:00 in Moscow but 19:00 in Vladivostok.
    instant = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    assert is_open(instant, time(8, 0), time(18, 0), MOSCOW_TZ)
    assert not is_open(instant, time(8, 0), time(18, 0), "Asia/Vladivostok")


def test_moscow_time_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="aware"):
        moscow_time(datetime(2026, 11, 25, 12, 0))


def test_is_open_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="aware"):
        is_open(datetime(2026, 11, 25, 12, 0), time(8, 0), time(22, 0), MOSCOW_TZ)
