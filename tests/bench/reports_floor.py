"""The floor for the reports benchmark: every query ``app.reports.report.build`` makes for a
month, written by hand as raw SQL for SQLite and for PostgreSQL, run as plain strings on the
same connection (no statement building, no result types): the same aggregates over the same
rows, as someone would write them without app/reports (docs/kpi.md's definitions, the
default thresholds: 20 s service level, 5 s short abandons, a 7-day repeat window)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection

from app.domain.clock import MOSCOW

Rows = list[Any]
#: Groups that are a part of another one, timed alone (not added into the whole report).
PART = "- "


@dataclass(frozen=True)
class Dialect:
    name: str

    @property
    def sqlite(self) -> bool:
        return self.name == "sqlite"

    def p(self, name: str) -> str:
        return f":{name}" if self.sqlite else f"%({name})s"

    def count(self, condition: str) -> str:
        if self.sqlite:
            return f"coalesce(sum({condition}), 0)"
        return f"count(*) FILTER (WHERE {condition})"

    def seconds(self, later: str, earlier: str) -> str:
        if self.sqlite:
            # julianday's days are floats: rounded to the millisecond, seconds come out exact.
            return f"round((julianday({later}) - julianday({earlier})) * 86400.0, 3)"
        return f"extract(epoch FROM {later} - {earlier})"

    def bucket(self, column: str, grain: str) -> str:
        if self.sqlite:
            return {
                "hour": f"strftime('%H', {column}, '+3 hours')",
                "day": f"date({column}, '+3 hours')",
                "week": f"date({column}, '+3 hours', '-6 days', 'weekday 1')",
            }[grain]
        local = f"({column} AT TIME ZONE 'Europe/Moscow')"
        return {
            "hour": f"to_char({local}, 'HH24')",
            "day": f"to_char({local}, 'YYYY-MM-DD')",
            "week": f"to_char(date_trunc('week', {local}), 'YYYY-MM-DD')",
        }[grain]

    def json(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')" if self.sqlite else f"({column} ->> '{key}')"

    def within_week(self, later: str, earlier: str) -> str:
        if self.sqlite:
            return (f"julianday({later}) > julianday({earlier})"
                    f" AND julianday({later}) <= julianday({earlier}) + 7")  # fmt: skip
        return f"{later} > {earlier} AND {later} <= {earlier} + interval '7 days'"

    @property
    def larger_smaller(self) -> tuple[str, str]:
        """The functions taking the larger and the smaller of two values."""
        return ("max", "min") if self.sqlite else ("greatest", "least")

    def stamp(self, moment: datetime) -> Any:
        if self.sqlite:
            return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        return moment


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time(), MOSCOW).astimezone(UTC)
    return start, datetime.combine(last + timedelta(days=1), time(), MOSCOW).astimezone(UTC)


def _calls(d: Dialect, key: str | None) -> str:
    inbound = "direction = 'inbound'"
    answered = f"({inbound} AND answered_at IS NOT NULL)"
    abandoned = f"({inbound} AND answered_at IS NULL AND end_reason = 'abandoned')"
    queue = "coalesce(queue_wait_seconds, 0)"
    wait = f"({queue} + {d.seconds('answered_at', 'offered_at')})"
    gave_up = f"({queue} + {d.seconds('ended_at', 'offered_at')})"
    handle = "coalesce(talk_seconds, 0) + hold_seconds + coalesce(after_call_seconds, 0)"
    columns = [
        d.count(inbound), d.count(answered), d.count(abandoned),
        d.count(f"{abandoned} AND {gave_up} < 5"),
        d.count(f"{inbound} AND answered_at IS NULL AND end_reason <> 'abandoned'"),
        d.count(f"{answered} AND {wait} <= 20"), d.count(f"{abandoned} AND {gave_up} <= 20"),
        f"coalesce(sum(CASE WHEN {answered} THEN {wait} END), 0)",
        f"coalesce(sum(CASE WHEN {answered} THEN {handle} END), 0)",
        f"coalesce(sum(CASE WHEN {answered} THEN coalesce(after_call_seconds, 0) END), 0)",
        d.count("direction = 'outbound'"),
    ]  # fmt: skip
    head = f"{key} AS k, " if key else ""
    tail = " GROUP BY k ORDER BY k" if key else ""
    return (
        f"SELECT {head}{', '.join(columns)} FROM call_records"  # noqa: S608
        f" WHERE offered_at >= {d.p('start')} AND offered_at < {d.p('end')}"
        f" AND deleted_at IS NULL{tail}"
    )


def _staffed(d: Dialect, by_operator: bool) -> str:
    larger, smaller = d.larger_smaller
    ended = f"coalesce(ended_at, {d.p('now')})"
    seconds = d.seconds(
        f"{smaller}({ended}, {d.p('end')})", f"{larger}(started_at, {d.p('start')})"
    )
    # SQLite must not group by walking the operator_id index over every span ever: "+".
    operator = "+operator_id" if d.sqlite else "operator_id"
    head, tail = (f"{operator}, ", f" GROUP BY {operator}") if by_operator else ("", "")
    return (
        f"SELECT {head}coalesce(sum({seconds}), 0) FROM operator_state_spans"  # noqa: S608
        " WHERE state IN ('ready', 'in_call', 'after_call_work')"
        f" AND started_at < {d.p('end')} AND (ended_at > {d.p('start')} OR ended_at IS NULL)"
        f" AND deleted_at IS NULL{tail}"
    )


def _filed(d: Dialect, since: str = "start") -> str:
    return (f"t.created_at >= {d.p(since)} AND t.created_at < {d.p('end')}"
            " AND NOT t.is_draft AND t.deleted_at IS NULL")  # fmt: skip


def _first_closed(d: Dialect) -> str:
    return (
        "(SELECT min(e.occurred_at) FROM ticket_events e WHERE e.ticket_id = t.id"  # noqa: S608
        f" AND e.kind = 'status_changed' AND {d.json('e.details', 'to')} IN ('resolved', 'closed'))"
    )


def _tickets(d: Dialect, key: str | None) -> str:
    flags = (
        f"SELECT t.id, t.created_at, t.due_at, t.status, {key or 'NULL'} AS k,"  # noqa: S608
        " t.status IN ('resolved', 'closed') AS closed,"
        " EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id"
        " AND e.kind = 'reopened') AS reopened,"
        f" {_first_closed(d)} AS first_closed,"
        " (t.caller_number <> '' AND t.category_id IS NOT NULL) AS repeatable,"
        " EXISTS (SELECT 1 FROM tickets l WHERE l.caller_number = t.caller_number"
        " AND l.category_id = t.category_id AND l.id <> t.id AND NOT l.is_draft"
        f" AND l.deleted_at IS NULL AND {d.within_week('l.created_at', 't.created_at')})"
        f" AS repeated FROM tickets t WHERE {_filed(d)}"
    )
    timed = "closed AND first_closed IS NOT NULL"
    columns = [
        "count(*)", d.count("closed"), d.count("reopened"), d.count("closed OR reopened"),
        d.count(f"NOT closed AND status <> 'waiting' AND due_at < {d.p('now')}"),
        d.count("repeatable"),
        d.count("repeatable AND NOT repeated"), d.count(timed),
        f"coalesce(sum(CASE WHEN {timed} THEN {d.seconds('first_closed', 'created_at')} END), 0)",
    ]  # fmt: skip
    tail = " GROUP BY k ORDER BY k" if key else ""
    return f"WITH f AS ({flags}) SELECT {'k, ' if key else ''}{', '.join(columns)} FROM f{tail}"  # noqa: S608


def _error(d: Dialect) -> str:
    text = f"trim(coalesce({d.json('t.details', 'error')}, ''))"
    return f"unicode_lower({text})" if d.sqlite else f"lower({text})"


def _failures(d: Dialect) -> str:
    return (
        f"WITH f AS (SELECT t.category_id, t.subcategory_id, {_error(d)} AS error,"  # noqa: S608
        " (SELECT count(*) FROM ticket_calls c WHERE c.ticket_id = t.id) AS calls,"
        f" {_first_closed(d)} AS first_closed, t.created_at FROM tickets t WHERE {_filed(d)})"
        " SELECT category_id, subcategory_id, error, count(*), coalesce(sum(calls), 0),"
        f" {d.count('first_closed IS NOT NULL')}, coalesce(sum(CASE WHEN first_closed IS NOT NULL"
        f" THEN {d.seconds('first_closed', 'created_at')} END), 0) FROM f"
        " GROUP BY category_id, subcategory_id, error ORDER BY count(*) DESC, error"
    )


def _weekly(d: Dialect) -> str:
    week = d.bucket("t.created_at", "week")
    return (f"SELECT {week} AS w, t.category_id, count(*) FROM tickets t WHERE {_filed(d)}"  # noqa: S608
            " GROUP BY w, t.category_id ORDER BY w, t.category_id")  # fmt: skip


def _rising(d: Dialect) -> str:
    now, before = (d.count(f"t.created_at {op} {d.p('start')}") for op in (">=", "<"))
    return (
        f"SELECT t.category_id, t.subcategory_id, {_error(d)} AS error, {now} AS now,"  # noqa: S608
        f" {before} AS before FROM tickets t WHERE {_filed(d, 'before_start')}"
        f" GROUP BY t.category_id, t.subcategory_id, error HAVING {now} > {before}"
        f" ORDER BY {now} - {before} DESC, error LIMIT 10"
    )


_NAMES = [f"SELECT id, name_ru, name_en FROM {table}"  # noqa: S608
          for table in ("lines", "departments", "ticket_categories")] + [
          "SELECT id, full_name FROM operators"]  # fmt: skip


#: The groups that build()'s two big statements stand for.
CALLS_GROUP = "calls: the month, the month before, by day, hour, operator, line, language"
TICKETS_GROUP = "tickets: the month, the month before, by department, failures"


def calls_by_hour(d: Dialect) -> tuple[str, str]:
    return (_calls(d, d.bucket("offered_at", "hour")), "now")


def queries(d: Dialect) -> dict[str, list[tuple[str, str]]]:
    """The statements of a month's report, one per figure (a total, a grouping), grouped as
    build()'s statements stand for them; each is (SQL, which period's parameters: 'now' or
    'before'). The first call, staffed and ticket statement is the month's total."""
    calls = [
        (_calls(d, None), "now"),
        (_calls(d, None), "before"),
        (_calls(d, d.bucket("offered_at", "day")), "now"),
        calls_by_hour(d),
        (_calls(d, "operator_id"), "now"),
        (_calls(d, "line_id"), "now"),
        (_calls(d, "language"), "now"),
    ]
    staffed = [
        (_staffed(d, False), "now"),
        (_staffed(d, False), "before"),
        (_staffed(d, True), "now"),
    ]
    return {
        "names": [(q, "now") for q in _NAMES],
        CALLS_GROUP: calls + staffed,
        PART + "the call statement alone": calls,
        PART + "staffed time alone (state spans)": staffed,
        TICKETS_GROUP: [
            (_tickets(d, None), "now"),
            (_tickets(d, None), "before"),
            (_tickets(d, "t.department_id"), "now"),
            (_failures(d), "now"),
        ],
        "failures by category and week": [(_weekly(d), "now")],
        "rising failures": [(_rising(d), "now")],
    }


def runner(
    connection: Connection, d: Dialect, first: date, last: date, now: datetime
) -> Callable[[list[tuple[str, str]]], list[Rows]]:
    """Runs statements with the month's (or the month before's) parameters."""
    start, end = bounds(first, last)
    days = (last - first).days + 1
    before_start, before_end = bounds(first - timedelta(days=days), first - timedelta(days=1))
    stamp = d.stamp
    params = {
        "now": {"start": stamp(start), "end": stamp(end), "now": stamp(now),
                "before_start": stamp(before_start)},
        "before": {"start": stamp(before_start), "end": stamp(before_end), "now": stamp(now)},
    }  # fmt: skip

    def run(statements: list[tuple[str, str]]) -> list[Rows]:
        return [connection.exec_driver_sql(q, params[which]).all() for q, which in statements]

    return run
