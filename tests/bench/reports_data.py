"""The reports benchmark's data: a million calls over 400 days (about 75,000 a month), some
300,000 tickets with their events and links, and the operators' state spans, generated day
by day from a fixed seed and written fast: ``executemany`` batches into a SQLite desk file
(secondary indexes dropped while loading, kept in the temp directory between runs) and
``COPY`` into PostgreSQL.

Shapes follow the demo month (app/db/demo_reports.py): its hour curve, categories, failures
and ticket stories (``ticket_story`` itself). Calls wait for the first free of 26 operators
(a heap), so each operator's spans (Ready, in a call, after-call work) never overlap and
occupancy is what the calls make it.
"""

from __future__ import annotations

import heapq
import json
import os
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from app.db.database import Database
from app.db.demo import load_reference, seed_reference
from app.db.demo_reports import CATEGORIES, FAILURES, HOURS, ticket_story, weighted
from app.db.engine import sqlite_url
from app.db.models import CallRecord
from app.db.report_models import OperatorStateSpan
from app.db.ticket_models import Ticket, TicketCall, TicketEvent
from app.db.types import reference_id
from app.domain.clock import MOSCOW
from app.tickets.numbers import format_number
from app.tickets.workflow import DEFAULT_REVIEW_DAYS, EventKind

CALLS = int(os.environ.get("REPORT_BENCH_CALLS", "1000000"))
DAYS = 400
LAST_DAY = date(2026, 11, 4)
FIRST_DAY = LAST_DAY - timedelta(days=DAYS - 1)
NOW = datetime(2026, 11, 5, 9, 0, tzinfo=MOSCOW)  # when the report is made (overdue)
OPERATORS = 26
TICKET_SHARE = 0.307  # of answered inbound calls: about 300,000 tickets
BUILDER_VERSION = 1
SEED = 20261128
WEEKDAY = (1.0, 0.97, 0.95, 0.93, 0.88, 0.5, 0.38)  # Monday ... Sunday
OPEN, CLOSE = 8 * 3600, 22 * 3600  # the lines' hours, Moscow

CALL_COLUMNS = (
    "id", "created_at", "updated_at", "version", "deleted_at", "sip_call_id", "direction",
    "line_id", "operator_id", "remote_uri", "caller_number", "display_name", "language",
    "queue_wait_seconds", "offered_at", "answered_at", "ended_at", "end_reason", "end_code",
    "end_detail", "talk_seconds", "hold_seconds", "transfer_target", "case_number", "mos_min",
    "mos_avg", "loss_pct", "jitter_ms", "rtt_ms", "recording_path", "citizen_id",
    "verification_level", "wrap_up", "after_call_seconds",
)  # fmt: skip
SPAN_COLUMNS = ("id", "created_at", "updated_at", "version", "deleted_at", "operator_id",
                "state", "started_at", "ended_at")  # fmt: skip
TICKET_COLUMNS = (
    "id", "created_at", "updated_at", "version", "deleted_at", "number", "category_id",
    "subcategory_id", "priority", "status", "citizen_id", "caller_number", "application_number",
    "service", "description", "details", "department_id", "operator_id", "due_at",
    "waiting_since", "is_draft",
)  # fmt: skip
EVENT_COLUMNS = ("id", "created_at", "updated_at", "version", "deleted_at", "ticket_id", "kind",
                 "operator_id", "occurred_at", "details")  # fmt: skip
LINK_COLUMNS = ("id", "created_at", "updated_at", "version", "deleted_at", "ticket_id", "call_id")
#: Table, its model, its columns in the order the generator fills them (parents first).
TABLES = (
    ("call_records", CallRecord, CALL_COLUMNS),
    ("operator_state_spans", OperatorStateSpan, SPAN_COLUMNS),
    ("tickets", Ticket, TICKET_COLUMNS),
    ("ticket_events", TicketEvent, EVENT_COLUMNS),
    ("ticket_calls", TicketCall, LINK_COLUMNS),
)


@cache
def ref(kind: str, code: str) -> str:
    return reference_id(kind, code).hex


def operator_logins() -> list[str]:
    return [f"bench-{n:02d}" for n in range(OPERATORS)]


def day_volumes() -> list[int]:
    """Calls per day, on the weekday pattern, adding up to CALLS exactly."""
    weights = [WEEKDAY[(FIRST_DAY + timedelta(days=n)).weekday()] for n in range(DAYS)]
    total = sum(weights)
    volumes = [int(CALLS * w / total) for w in weights]
    volumes[-1] += CALLS - sum(volumes)
    return volumes


class Generator:
    """The rows of one day after another, as tuples ready for the database: ids as 32 hex
    digits, times as UTC text ending in ``suffix`` (SQLite's '.000000', PostgreSQL's '+00')."""

    def __init__(self, suffix: str) -> None:
        self.rng = random.Random(SEED)
        self.hms = [
            f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{suffix}" for s in range(86400)
        ]
        self.dates: dict[int, str] = {}
        self.now = NOW.timestamp()
        self.tickets = 0
        self.calls = 0
        self.recent: list[tuple[int, str, str, str, str]] = []  # filed, caller, code, error, id
        self.hour = weighted(list(HOURS.items()))
        self.topic = weighted(
            [((c, ("",)), w) for c, w in CATEGORIES] + [(f[:2], f[2]) for f in FAILURES]
        )
        self.operators = [ref("operator", login) for login in operator_logins()]
        self.categories = {c["code"]: c for c in load_reference()["categories"]}

    def stamp(self, moment: float) -> str:
        day, second = divmod(int(moment), 86400)
        prefix = self.dates.get(day)
        if prefix is None:
            prefix = datetime.fromtimestamp(day * 86400, UTC).strftime("%Y-%m-%d ")
            self.dates[day] = prefix
        return prefix + self.hms[second]

    def uid(self, moment: float) -> str:
        rng = self.rng
        value = (int(moment * 1000) << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (2 << 62)
        return f"{value | rng.getrandbits(62):032x}"

    def days(self) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
        for n, volume in enumerate(day_volumes()):
            yield self.day(FIRST_DAY + timedelta(days=n), volume)

    def day(self, day: date, volume: int) -> dict[str, list[tuple[Any, ...]]]:
        rng = self.rng
        rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name, _, _ in TABLES}
        calls, spans = rows["call_records"], rows["operator_state_spans"]
        midnight = int(datetime.combine(day, time(), MOSCOW).timestamp())
        free = [(midnight + OPEN, k) for k in range(OPERATORS)]  # a heap: the first free first
        ready_from = [midnight + OPEN] * OPERATORS
        arrivals = sorted(
            midnight + int(self.hour(rng) * 3600 + rng.random() * 3600) for _ in range(volume)
        )
        for arrival in arrivals:
            at_free, k = free[0]
            queue, ring = max(0, at_free - arrival), rng.randint(2, 8)
            patience = (
                rng.randint(2, 4) if rng.random() < 0.02 else int(15 + rng.expovariate(1 / 600))
            )
            foreign = rng.random() < 0.12
            caller, repeat = self.caller(arrival)
            line = ref("line", "international" if foreign else "domestic")
            language = rng.choice(("ru", "en", "en", "de", "zh")) if foreign else "ru"
            who = (self.operators[k], line, caller, language)
            if queue + ring > patience:  # gave up
                queue = patience - min(patience, rng.randint(1, 10))
                gave_up = arrival + patience
                calls.append(
                    self.call_row(arrival + queue, gave_up, None, "abandoned", who, queue=queue)
                )
                continue
            offered = arrival + queue
            if rng.random() < 0.012:  # declined
                calls.append(
                    self.call_row(offered, offered + ring, None, "rejected", who, queue=queue)
                )
                continue
            answered = offered + ring
            talk = int(110 + min(rng.expovariate(1 / 60), 370))
            hold = rng.randint(15, 120) if rng.random() < 0.25 else 0
            acw = rng.randint(20, 90)
            ended = answered + talk + hold
            call = self.call_row(
                offered,
                ended,
                answered,
                "completed",
                who,
                queue=queue,
                talk=talk,
                hold=hold,
                acw=acw,
            )
            calls.append(call)
            if answered > ready_from[k]:
                spans.append(self.span(who[0], "ready", ready_from[k], answered))
            spans.append(self.span(who[0], "in_call", answered, ended))
            spans.append(self.span(who[0], "after_call_work", ended, ended + acw))
            ready_from[k] = ended + acw
            if rng.random() < TICKET_SHARE:
                filed = ended + rng.randint(10, acw)
                self.ticket(rows, call[0], who[0], caller, filed=filed, repeat=repeat)
                if rng.random() < 0.06:  # a call-back
                    dialled, talk = ended + acw + rng.randint(10, 60), rng.randint(60, 180)
                    back = self.call_row(dialled, dialled + 15 + talk, dialled + 15, "completed",
                                         who, queue=None, talk=talk, acw=0)  # fmt: skip
                    calls.append(back)
                    spans.append(self.span(who[0], "in_call", dialled, dialled + 15 + talk))
                    ready_from[k] = dialled + 15 + talk
            elif repeat is not None and rng.random() < 0.1:  # a later call about the ticket
                rows["ticket_calls"].append(self.link(repeat[4], call[0], ended))
            heapq.heapreplace(free, (ready_from[k], k))
        for k, since in enumerate(ready_from):
            if since < midnight + CLOSE:
                spans.append(self.span(self.operators[k], "ready", since, midnight + CLOSE))
        return rows

    def caller(self, moment: int) -> tuple[str, tuple[int, str, str, str, str] | None]:
        rng = self.rng
        if self.recent and rng.random() < 0.12:
            earlier = self.recent[-rng.randrange(1, min(len(self.recent), 3000) + 1)]
            if moment - earlier[0] < 6 * 86400:
                return earlier[1], earlier
        return f"+7999{rng.randrange(10**7):07d}", None

    def call_row(
        self, offered: int, ended: int, answered: int | None, reason: str,
        who: tuple[str, str, str, str], *, queue: int | None, talk: int | None = None,
        hold: int = 0, acw: int | None = None,
    ) -> tuple[Any, ...]:  # fmt: skip
        """A call record; ``who`` is (operator, line, caller, language); no queue: outbound."""
        stamp = self.stamp
        operator, line, caller, language = who
        self.calls += 1
        return (
            self.uid(offered), stamp(offered), stamp(ended), 1, None, f"bench-{self.calls:07d}",
            "inbound" if queue is not None else "outbound", line, operator, "", caller, "",
            language, queue, stamp(offered), None if answered is None else stamp(answered),
            stamp(ended), reason, None, "", talk, hold, "", "", None, None, None, None, None, "",
            None, "", "", acw,
        )  # fmt: skip

    def span(self, operator: str, state: str, start: int, end: int) -> tuple[Any, ...]:
        return (
            self.uid(start),
            self.stamp(start),
            self.stamp(end),
            1,
            None,
            operator,
            state,
            self.stamp(start),
            self.stamp(end),
        )

    def link(self, ticket: str, call: str, moment: int) -> tuple[Any, ...]:
        return (self.uid(moment), self.stamp(moment), self.stamp(moment), 1, None, ticket, call)

    def ticket(
        self, rows: dict[str, list[tuple[Any, ...]]], call: str, operator: str, caller: str,
        *, filed: int, repeat: tuple[int, str, str, str, str] | None,
    ) -> None:  # fmt: skip
        rng, stamp = self.rng, self.stamp
        if repeat is not None and rng.random() < 0.8:
            code, error = repeat[2], repeat[3]
        else:
            code, errors = self.topic(rng)
            error = rng.choice(errors)
        top, _, sub = code.partition(".")
        category, parent = self.categories[code], self.categories[top]
        days = category.get("review_days") or parent.get("review_days") or DEFAULT_REVIEW_DAYS
        story = ticket_story(rng, filed, days, self.now)
        ticket = self.uid(filed)
        department = category.get("department") or parent.get("department") or "services"
        last = story.events[-1][0] if story.events else filed
        self.tickets += 1
        number = format_number(1 + self.tickets % 26, 1 + self.tickets // 26)
        rows["tickets"].append((
            ticket, stamp(filed), stamp(last), 1, None, number, ref("category", top),
            ref("category", code) if sub else None, "normal", story.status.value, None, caller,
            "", "", category["name_ru"], json.dumps({"error": error} if error else {}),
            ref("department", department) if story.escalated else None, operator,
            stamp(story.due), story.waiting_since and stamp(story.waiting_since), 0,
        ))  # fmt: skip
        events = rows["ticket_events"]
        for moment, kind, details in [(filed, EventKind.CREATED, {"call": call}), *story.events]:
            at = stamp(moment)
            events.append((self.uid(moment), at, at, 1, None, ticket, kind.value, operator, at,
                           json.dumps(details)))  # fmt: skip
        rows["ticket_calls"].append(self.link(ticket, call, filed))
        self.recent.append((filed, caller, code, error, ticket))


def _operators(suffix: str) -> list[tuple[Any, ...]]:
    made = f"2025-01-01 00:00:00{suffix}"
    return [(ref("operator", login), made, made, 1, None, login, f"Оператор {login[-2:]}",
             "operator", "ru", 1) for login in operator_logins()]  # fmt: skip


_OPERATOR_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "version",
    "deleted_at",
    "login",
    "full_name",
    "role",
    "languages",
    "is_active",
)


def build_sqlite(path: Path) -> dict[str, int]:
    """Migrate and seed through the app, then bulk-insert with the secondary indexes off."""
    building = path.with_suffix(".building")
    for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        stale.unlink(missing_ok=True)
    database = Database.open(sqlite_url(building).render_as_string())
    database.write_now(seed_reference)
    database.close()
    raw = sqlite3.connect(building)
    raw.execute("PRAGMA journal_mode=OFF")
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("PRAGMA cache_size=-1000000")
    indexes = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN (SELECT value FROM json_each(?))",
        (json.dumps([name for name, _, _ in TABLES]),),
    ).fetchall()
    counts = dict.fromkeys([name for name, _, _ in TABLES], 0)
    with raw:
        raw.executemany(_insert_sql("operators", _OPERATOR_COLUMNS), _operators(".000000"))
        for name, _ in indexes:
            raw.execute(f'DROP INDEX "{name}"')
        for rows in Generator(".000000").days():
            for name, _, columns in TABLES:
                raw.executemany(_insert_sql(name, columns), rows[name])
                counts[name] += len(rows[name])
        for _, statement in indexes:
            raw.execute(statement)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.close()
    building.rename(path)
    return counts


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608


def load_postgres(conninfo: str) -> dict[str, int]:
    """COPY the same rows into a migrated, seeded database (triggers and foreign-key checks
    off for the load: ``session_replication_role = replica``), then ANALYZE."""
    counts = dict.fromkeys([name for name, _, _ in TABLES], 0)
    with psycopg.connect(conninfo) as conn:
        conn.execute("SET session_replication_role = replica")
        _copy(conn, "operators", _OPERATOR_COLUMNS, _operators("+00"))
        for rows in Generator("+00").days():
            for name, _, columns in TABLES:
                _copy(conn, name, columns, rows[name])
                counts[name] += len(rows[name])
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return counts


def _copy(
    conn: psycopg.Connection[Any], table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with conn.cursor().copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
