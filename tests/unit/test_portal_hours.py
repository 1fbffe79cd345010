"""Working hours and call-backs for portal requests: deadlines and escalation count only open
time, attempts fall inside the citizen's window and the line's hours, lines across midnight
and round the clock, days when the clocks change, and refusal of moments without a zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.clock import MOSCOW
from app.domain.clock import is_open as wall_clock_open
from app.portal.callbacks import Window, deadline, escalated, next_attempt, retry_after
from app.portal.hours import WorkingHours, hours_of

BERLIN = ZoneInfo("Europe/Berlin")
LINE = WorkingHours(time(8), time(22), MOSCOW)
EVENING = Window(time(18), time(20))
DAY = date(2026, 11, 25)
SPRING_FORWARD, FALL_BACK = date(2026, 3, 29), date(2026, 10, 25)  # in Europe/Berlin


def at(day: date, hour: int, minute: int = 0, zone: ZoneInfo = MOSCOW) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def tomorrow(hour: int, minute: int = 0) -> datetime:
    return at(DAY + timedelta(days=1), hour, minute)


def test_a_request_left_at_night_is_due_the_next_day_counting_from_opening() -> None:
    assert deadline(at(DAY, 23), timedelta(hours=4), LINE) == tomorrow(12)


def test_a_request_left_before_closing_uses_what_is_left_of_today_first() -> None:
    """One hour today (21:00-22:00) and three tomorrow from 08:00."""
    assert deadline(at(DAY, 21), timedelta(hours=4), LINE) == tomorrow(11)


def test_results_come_back_in_utc_whatever_zone_the_moment_was_given_in() -> None:
    due = deadline(at(DAY, 21), timedelta(hours=4), LINE)
    assert due.tzinfo is UTC
    assert due == datetime(2026, 11, 26, 8, tzinfo=UTC)
    assert LINE.next_open(at(DAY, 23, zone=BERLIN)) == datetime(2026, 11, 26, 5, tzinfo=UTC)


def test_weeks_of_open_time_are_counted_day_by_day() -> None:
    """Six weeks of 14-hour days, from one opening to the closing 41 days later."""
    six_weeks, later = timedelta(hours=14 * 42), DAY + timedelta(days=41)
    assert LINE.add(at(DAY, 8), six_weeks) == at(later, 22)
    assert LINE.open_between(at(DAY, 8), at(later + timedelta(days=1), 8)) == six_weeks


def test_a_duration_ends_at_closing_if_it_runs_out_there_and_zero_waits_for_opening() -> None:
    second = timedelta(seconds=1)
    assert LINE.add(at(DAY, 20), timedelta(hours=2)) == at(DAY, 22)
    assert LINE.add(at(DAY, 20), timedelta(hours=2) + second) == tomorrow(8) + second
    assert LINE.add(at(DAY, 22), timedelta(0)) == tomorrow(8)
    assert LINE.add(at(DAY, 9), timedelta(0)) == at(DAY, 9)
    with pytest.raises(ValueError, match="negative"):
        LINE.add(at(DAY, 9), -second)


def test_opening_and_closing_edges() -> None:
    assert not LINE.is_open(at(DAY, 7, 59))
    assert LINE.is_open(at(DAY, 8))
    assert LINE.is_open(at(DAY, 21, 59))
    assert not LINE.is_open(at(DAY, 22))
    assert LINE.next_open(at(DAY, 22)) == tomorrow(8)
    assert LINE.next_open(at(DAY, 3)) == at(DAY, 8)


def test_open_time_between_moments() -> None:
    assert LINE.open_between(at(DAY, 21), tomorrow(9)) == timedelta(hours=2)
    assert LINE.open_between(at(DAY, 22), tomorrow(8)) == timedelta(0)
    assert LINE.open_between(tomorrow(9), at(DAY, 21)) == timedelta(0)
    assert LINE.open_between(at(DAY, 12), at(DAY, 10)) == timedelta(0)  # backwards, both open


def test_a_round_the_clock_line_counts_every_hour() -> None:
    always = WorkingHours(time(0), time(0), MOSCOW)
    assert always.is_open(at(DAY, 3))
    assert always.next_open(at(DAY, 3)) == at(DAY, 3)
    assert always.add(at(DAY, 23), timedelta(hours=4)) == tomorrow(3)
    assert always.open_between(at(DAY, 23), tomorrow(3)) == timedelta(hours=4)


def test_a_line_open_across_midnight() -> None:
    night = WorkingHours(time(20), time(8), MOSCOW)
    assert night.is_open(at(DAY, 23))
    assert night.is_open(at(DAY, 2))
    assert not night.is_open(at(DAY, 12))
    assert night.next_open(at(DAY, 12)) == at(DAY, 20)
    assert night.add(at(DAY, 7), timedelta(hours=2)) == at(DAY, 21)
    assert night.open_between(at(DAY, 0), tomorrow(0)) == timedelta(hours=12)


@pytest.mark.parametrize(
    ("opens", "closes", "usual", "spring", "autumn"),
    [
        (time(0), time(0), 24, 23, 25),  # round the clock: the day itself is shorter or longer
        (time(1), time(4), 3, 2, 4),  # the change (02:00 / 03:00) falls inside the hours
        (time(8), time(22), 14, 14, 14),  # the change falls at night, outside the hours
        (time(20), time(8), 12, 11, 13),  # the night span that starts the day before holds it
    ],
)
def test_a_day_when_the_clocks_change_counts_the_hours_that_really_passed(
    opens: time, closes: time, usual: int, spring: int, autumn: int
) -> None:
    """Midnight to midnight; for a night line, noon to noon across the night of the change."""
    line = WorkingHours(opens, closes, BERLIN)
    ordinary = date(2026, 6, 10)
    for day, hours in ((ordinary, usual), (SPRING_FORWARD, spring), (FALL_BACK, autumn)):
        first, hour = (day - timedelta(days=1), 12) if closes < opens else (day, 0)
        begin, end = at(first, hour, zone=BERLIN), at(first + timedelta(days=1), hour, zone=BERLIN)
        assert line.open_between(begin, end) == timedelta(hours=hours), day
        assert line.add(begin, timedelta(hours=hours)) <= end, day


def test_an_opening_time_the_clock_skips_opens_the_line_when_the_clock_jumps() -> None:
    """On 2026-03-29 Berlin's clocks go from 02:00 straight to 03:00 (01:00 UTC)."""
    line = WorkingHours(time(2, 30), time(12), BERLIN)
    jump = datetime(2026, 3, 29, 1, tzinfo=UTC)
    assert line.next_open(at(SPRING_FORWARD, 0, zone=BERLIN)) == jump
    assert line.is_open(jump)
    assert not line.is_open(jump - timedelta(seconds=1))
    day = (at(SPRING_FORWARD, 0, zone=BERLIN), at(SPRING_FORWARD, 23, zone=BERLIN))
    assert line.open_between(*day) == timedelta(hours=9)  # 03:00-12:00, not 02:30-12:00


def _naive_calls() -> list[Callable[[], object]]:
    naive = datetime(2026, 11, 25, 12)
    return [
        lambda: LINE.is_open(naive),
        lambda: LINE.next_open(naive),
        lambda: LINE.add(naive, timedelta(hours=1)),
        lambda: LINE.open_between(naive, at(DAY, 13)),
        lambda: LINE.open_between(at(DAY, 11), naive),
        lambda: next_attempt(naive, EVENING, LINE),
        lambda: next_attempt(naive, None, LINE),
        lambda: deadline(naive, timedelta(hours=1), LINE),
        lambda: escalated(naive, at(DAY, 13), timedelta(minutes=30), LINE),
        lambda: retry_after(naive, timedelta(minutes=15), EVENING, LINE),
    ]


@pytest.mark.parametrize("call", _naive_calls())
def test_moments_without_a_time_zone_are_refused(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="aware"):
        call()


def test_hours_from_a_database_row() -> None:
    assert hours_of(time(8), time(22), "Europe/Moscow") == LINE


@pytest.mark.parametrize("name", ["Europe/Moskva", "", "../etc/passwd"])
def test_a_bad_zone_name_is_refused_with_the_name(name: str) -> None:
    with pytest.raises(ValueError, match=f"unknown time zone {name!r}"):
        hours_of(time(8), time(22), name)


ZONES = ["Europe/Moscow", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]
quarter_hours = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
zones = st.sampled_from(ZONES).map(ZoneInfo)
any_hours = st.builds(WorkingHours, quarter_hours, quarter_hours, zones)
moments = st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31), timezones=zones)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30))


@given(any_hours, moments, durations)
def test_adding_open_time_and_measuring_it_agree_and_the_sum_never_ends_while_closed(
    hours: WorkingHours, start: datetime, duration: timedelta
) -> None:
    end = hours.add(start, duration)
    assert end >= start
    assert hours.open_between(start, end) == duration
    # Open then, or exactly at a closing: open until the moment before.
    assert hours.is_open(end) or hours.is_open(end - timedelta(microseconds=1))


@given(any_hours, moments)
def test_the_next_opening_is_open_and_nothing_before_it_counts(
    hours: WorkingHours, moment: datetime
) -> None:
    opening = hours.next_open(moment)
    assert hours.is_open(opening)
    assert hours.open_between(moment, opening) == timedelta(0)
    # In UTC: a reading shown twice never equals a moment in another zone (PEP 495).
    assert (opening == moment.astimezone(UTC)) == hours.is_open(moment)


@given(any_hours, moments, durations, durations)
def test_open_time_adds_up_over_consecutive_stretches(
    hours: WorkingHours, start: datetime, first: timedelta, second: timedelta
) -> None:
    middle, end = start + first, start + first + second
    assert hours.open_between(start, middle) + hours.open_between(middle, end) == (
        hours.open_between(start, end)
    )


@given(quarter_hours, quarter_hours, moments, st.sampled_from(["Europe/Moscow", "Asia/Kolkata"]))
def test_without_clock_changes_open_means_the_wall_clock_is_within_the_hours(
    opens: time, closes: time, moment: datetime, zone: str
) -> None:
    assert hours_of(opens, closes, zone).is_open(moment) == wall_clock_open(
        moment, opens, closes, zone
    )


def test_an_attempt_waits_for_the_citizens_window_today_or_tomorrow() -> None:
    assert next_attempt(at(DAY, 13), EVENING, LINE) == at(DAY, 18)
    assert next_attempt(at(DAY, 19, 10), EVENING, LINE) == at(DAY, 19, 10)
    assert next_attempt(at(DAY, 20, 30), EVENING, LINE) == tomorrow(18)
    assert next_attempt(at(DAY, 20), EVENING, LINE) == tomorrow(18)


def test_a_window_partly_outside_the_hours_uses_the_part_inside() -> None:
    late = Window(time(21), time(23))
    assert next_attempt(at(DAY, 21, 30), late, LINE) == at(DAY, 21, 30)
    assert next_attempt(at(DAY, 22, 10), late, LINE) == tomorrow(21)
    # A window wholly outside the hours gives no attempt at all.
    assert next_attempt(at(DAY, 13), Window(time(23), time(23, 30)), LINE) is None


def test_without_a_window_the_attempt_goes_when_the_line_opens() -> None:
    assert next_attempt(at(DAY, 23), None, LINE) == tomorrow(8)
    assert next_attempt(at(DAY, 13), None, LINE) == at(DAY, 13)


def test_a_line_in_another_zone_meets_the_window_only_while_its_offset_allows() -> None:
    """23:00 Moscow is 21:00 in Berlin in winter (open) but 22:00 in summer (closed)."""
    berlin = WorkingHours(time(8), time(22), BERLIN)
    late = Window(time(23), time(23, 30))
    winter, summer = date(2026, 1, 15), date(2026, 7, 15)
    assert next_attempt(at(winter, 12), late, berlin) == at(winter, 23)
    assert next_attempt(at(summer, 12), late, berlin) is None


def test_an_attempt_is_looked_for_eight_days_ahead_and_no_further() -> None:
    """Berlin 21:30-22:00 ends at 23:00 Moscow in summer and only meets a 23:00-23:59 Moscow
    window from 25 October 2026, when it is 23:30-24:00 Moscow (20:30 UTC)."""
    berlin, late = WorkingHours(time(21, 30), time(22), BERLIN), Window(time(23), time(23, 59))
    first = datetime(2026, 10, 25, 20, 30, tzinfo=UTC)
    assert next_attempt(datetime(2026, 10, 18, tzinfo=UTC), late, berlin) == first
    assert next_attempt(datetime(2026, 10, 17, tzinfo=UTC), late, berlin) is None


def test_the_gap_before_a_retry_is_real_time_even_when_the_clocks_go_back() -> None:
    """02:50 summer time in Berlin on 25 October 2026 is 00:50 UTC; fifteen minutes later the
    clocks read 02:05 again (winter time), not 03:05."""
    always = WorkingHours(time(0), time(0), MOSCOW)
    ended = datetime(2026, 10, 25, 2, 50, tzinfo=BERLIN)
    expected = datetime(2026, 10, 25, 1, 5, tzinfo=UTC)
    assert retry_after(ended, timedelta(minutes=15), None, always) == expected


def test_a_retry_keeps_the_gap_and_the_window() -> None:
    gap = timedelta(minutes=15)
    assert retry_after(at(DAY, 18, 30), gap, EVENING, LINE) == at(DAY, 18, 45)
    assert retry_after(at(DAY, 19, 50), gap, EVENING, LINE) == tomorrow(18)
    assert retry_after(at(DAY, 21, 50), gap, None, LINE) == tomorrow(8)


@pytest.mark.parametrize("start", [time(20), time(18)])
def test_a_window_must_end_after_it_starts(start: time) -> None:
    with pytest.raises(ValueError, match=f"end after it starts, got {start:%H:%M}-18:00"):
        Window(start, time(18))


def test_escalation_counts_only_working_minutes() -> None:
    """Ten minutes before closing plus the first twenty after opening make thirty."""
    received, half_hour = at(DAY, 21, 50), timedelta(minutes=30)
    assert not escalated(received, tomorrow(7, 59), half_hour, LINE)
    assert not escalated(received, tomorrow(8, 19), half_hour, LINE)
    assert escalated(received, tomorrow(8, 20), half_hour, LINE)
    assert escalated(received, tomorrow(8, 21), half_hour, LINE)


@given(moments, st.sampled_from([None, EVENING, Window(time(21), time(23))]))
def test_an_attempt_is_inside_the_window_while_open_and_could_not_be_sooner(
    after: datetime, window: Window | None
) -> None:

    def callable_at(moment: datetime) -> bool:
        wall = moment.astimezone(MOSCOW).time()
        return LINE.is_open(moment) and (window is None or window.start <= wall < window.end)

    attempt = next_attempt(after, window, LINE)
    assert attempt is not None
    assert attempt >= after
    assert callable_at(attempt)
    if attempt > after:  # else the moment just before would have done
        assert not callable_at(attempt - timedelta(microseconds=1))
