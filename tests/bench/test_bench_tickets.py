"""Ticket search on a million tickets (`make bench`), each query kind beside its baseline.

Ours: app/services/ticket_search.py, through TicketSearch.search (SQLAlchemy, rows built),
on an SQLite file of 1,000,000 tickets and 5,000 citizens. Baseline, in the same run on the
same file and through the same session: what a helpdesk without a search engine sends
(Zammad's SQL fallback, app/models/ticket/search.rb, ORs a case-insensitive ``LIKE
'%text%'`` over the ticket's title, number and article fields), here over the number,
description, caller's number, and the citizen's name (``lower(full_name) LIKE``), phone and
SNILS, newest first, 200 rows. The baseline is given the text as stored ("042-000123-7"),
as it needs; ours is given what an operator types ("0420001237", "петров ив").

The file is built once (about a minute) and kept in the temp directory under a key made of
the migration head and this builder's version; set TICKET_BENCH_DB to put it elsewhere, or
TICKET_BENCH_TICKETS for another size. No ANALYZE is run: the desk never runs it, so SQLite
chooses plans without statistics, as it does on an operator's machine.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import head_revision, sqlite_url
from app.domain.validators import make_snils
from app.services.ticket_search import TicketQuery, TicketSearch, search_statement
from app.tickets.numbers import format_number
from app.tickets.workflow import TicketStatus
from tests.bench.conftest import NOTES, record

pytestmark = pytest.mark.bench

TICKETS = int(os.environ.get("TICKET_BENCH_TICKETS", "1000000"))
CITIZENS = 5_000
BUILDER_VERSION = 1
RUNS = 5
SEED = 20261127
FIRST_DAY = datetime(2023, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=1400)

_MALE = ["Иван", "Алексей", "Сергей", "Дмитрий", "Андрей", "Михаил", "Николай", "Артём"]
_FEMALE = ["Анна", "Ольга", "Мария", "Елена", "Наталья", "Татьяна", "Ирина", "Алёна"]
_PATRONYMICS = [("Иванович", "Ивановна"), ("Петрович", "Петровна"), ("Сергеевич", "Сергеевна"),
                ("Андреевич", "Андреевна"), ("Юрьевич", "Юрьевна"), ("Олегович", "Олеговна"),
                ("Игоревич", "Игоревна"), ("Викторович", "Викторовна")]  # fmt: skip
_SURNAMES = ["Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
             "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов",
             "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев",
             "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов",
             "Яковлев"]  # fmt: skip
_TOPICS = [
    "Не приходит код подтверждения при входе на портал, пробовали трижды за день.",
    "Заявление на замену паспорта висит в статусе «отправлено» больше десяти дней.",
    "Ошибка 500 при загрузке скана документа, браузер Яндекс, файл около 3 МБ.",
    "Не отображается начисленный налог, хотя уведомление пришло по почте.",
    "Просит перенести запись к врачу, в личном кабинете нет свободного времени.",
    "Учётная запись заблокирована после смены номера телефона, нужна разблокировка.",
    "Оплата госпошлины прошла, но в заявлении она не видна уже три дня.",
]


def _db_path() -> Path:
    if "TICKET_BENCH_DB" in os.environ:
        return Path(os.environ["TICKET_BENCH_DB"])
    key = f"{head_revision()}-b{BUILDER_VERSION}-{TICKETS}"
    return Path(tempfile.gettempdir()) / "hotline-desk-bench" / f"tickets-{key}.sqlite3"


def _stamp(moment: datetime) -> str:
    """A timestamp as SQLAlchemy stores it in SQLite: naive UTC with microseconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _uuid7(moment: datetime, rng: random.Random) -> str:
    """A UUID v7 for ``moment`` in SQLAlchemy's SQLite form (32 hex digits)."""
    ms = int(moment.timestamp() * 1000)
    value = (ms << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62)
    return uuid.UUID(int=value | rng.getrandbits(62)).hex


def _citizens(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for n in range(CITIZENS):
        female = rng.random() < 0.5
        his, hers = rng.choice(_PATRONYMICS)
        if n == 0:
            name = "Петров Иван Сергеевич"
        elif female:
            name = f"{rng.choice(_SURNAMES)}а {rng.choice(_FEMALE)} {hers}"
        else:
            name = f"{rng.choice(_SURNAMES)} {rng.choice(_MALE)} {his}"
        made = FIRST_DAY - timedelta(days=rng.randrange(2000))
        rows.append(
            {
                "id": _uuid7(made, rng),
                "created_at": _stamp(made),
                "updated_at": _stamp(made),
                "version": 1,
                "deleted_at": None,
                "full_name": name,
                "birth_date": (date(1950, 1, 1) + timedelta(days=rng.randrange(20000))).isoformat(),
                "snils": make_snils(f"{200_000_000 + n * 1_009:09d}"),
                "inn": "",
                "passport_series": "",
                "passport_number": "",
                "passport_issued": None,
                "phone": f"+7916{1_000_000 + n * 17:07d}",
                "email": "",
                "security_question": "",
                "security_answer_hash": "",
                "state": "active",
            }
        )
    return rows


def _tickets(
    rng: random.Random, citizens: list[dict[str, Any]], categories: list[str]
) -> Iterator[tuple[Any, ...]]:
    step = SPAN / TICKETS
    per_desk = -(-TICKETS // 10)  # ten desks, each numbering its own from 1
    open_from = TICKETS - 5_000  # the backlog: the newest tickets are still open
    open_statuses = [s.value for s in TicketStatus if s.is_open]
    for n in range(TICKETS):
        created = FIRST_DAY + step * n + step * rng.random()
        citizen = rng.choice(citizens) if rng.random() < 0.65 else None
        if citizen is not None and rng.random() < 0.8:
            caller = citizen["phone"]
        else:
            caller = f"+7926{rng.randrange(300_000):07d}"
        if n >= open_from:
            status = rng.choice(open_statuses)
        else:
            status = "closed" if rng.random() < 0.9 else "resolved"
        stamp = _stamp(created)
        yield (
            _uuid7(created, rng),
            stamp,
            stamp,
            1,
            _stamp(created) if rng.random() < 0.005 else None,  # deleted
            format_number(1 + n // per_desk, 1 + n % per_desk),
            rng.choice(categories),
            "normal",
            status,
            citizen["id"] if citizen else None,
            caller,
            f"{rng.randrange(10**9):09d}" if rng.random() < 0.3 else "",
            rng.choice(_TOPICS) + f" Обращение {rng.randrange(10**6)}.",
            "{}",
            _stamp(created + timedelta(days=30)),
            1 if n >= TICKETS - 50 else 0,
        )


_TICKET_COLUMNS = (
    "id, created_at, updated_at, version, deleted_at, number, category_id, priority, status,"
    " citizen_id, caller_number, application_number, description, details, due_at, is_draft,"
    " service"
)


def _build(path: Path) -> None:
    """Migrate and seed through the app, then bulk-insert with the secondary indexes off."""
    building = path.with_suffix(".building")
    for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        stale.unlink(missing_ok=True)
    database = Database.open(sqlite_url(building).render_as_string())
    database.write_now(seed_reference)
    database.close()
    rng = random.Random(SEED)
    raw = sqlite3.connect(building)
    raw.execute("PRAGMA journal_mode=OFF")
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("PRAGMA cache_size=-1000000")
    categories = [row[0] for row in raw.execute("SELECT id FROM ticket_categories")]
    indexes = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('tickets', 'citizens')"
    ).fetchall()
    with raw:
        for name, _ in indexes:
            raw.execute(f'DROP INDEX "{name}"')
        citizens = _citizens(rng)
        columns = ", ".join(citizens[0])
        marks = ", ".join(f":{column}" for column in citizens[0])
        raw.executemany(f"INSERT INTO citizens ({columns}) VALUES ({marks})", citizens)  # noqa: S608
        marks = ", ".join("?" * (_TICKET_COLUMNS.count(",") + 1))
        rows = _tickets(rng, citizens, categories)
        while batch := [(*row, "") for _, row in zip(range(50_000), rows, strict=False)]:
            raw.executemany(f"INSERT INTO tickets ({_TICKET_COLUMNS}) VALUES ({marks})", batch)  # noqa: S608
        for _, sql in indexes:
            raw.execute(sql)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.close()
    building.rename(path)


def _open() -> Database:
    path = _db_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        _build(path)
        NOTES.append(f"ticket bench database built in {time.perf_counter() - started:.0f} s")
    return Database.open(sqlite_url(path).render_as_string())


_BASELINE = """
SELECT t.id, t.number, t.status, t.created_at, t.due_at, t.category_id, t.caller_number,
       c.full_name, substr(t.description, 1, 120) AS description, t.is_draft
FROM tickets AS t LEFT OUTER JOIN citizens AS c ON c.id = t.citizen_id
WHERE t.deleted_at IS NULL
  AND (t.number LIKE :q OR t.description LIKE :q OR t.caller_number LIKE :q
       OR lower(c.full_name) LIKE lower(:q) OR c.phone LIKE :q OR c.snils LIKE :q)
  {filters}
ORDER BY t.created_at DESC LIMIT 200
"""


def _baseline(database: Database, stored_text: str, **filters: str) -> Callable[[], list[Any]]:
    """The LIKE query for ``stored_text``, with ``status``/``since``/``until`` when given."""
    conditions = {"status": "t.status = :status", "since": "t.created_at >= :since",
                  "until": "t.created_at < :until"}  # fmt: skip
    where = "".join(f" AND {conditions[name]}" for name in filters)
    # Typed like ours (UUIDs, aware datetimes, the status enum): the same rows come back.
    statement = text(_BASELINE.format(filters=where)).columns(
        *(column.expression for column in search_statement(TicketQuery()).selected_columns)
    )
    params = {"q": f"%{stored_text}%", **filters}
    return lambda: database.read(
        lambda session: list(session.connection().execute(statement, params).all())
    )


def _median_ms(work: Callable[[], list[Any]]) -> tuple[float, int]:
    found = len(work())  # warm-up
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000, found


@pytest.mark.timeout(1800)
def test_ticket_search_on_a_million_tickets() -> None:
    database = _open()
    try:
        search = TicketSearch(database)
        middle = format_number(5, -(-TICKETS // 10) // 2)  # a ticket from the middle years
        sample = database.read(
            lambda s: s.execute(
                text(
                    "SELECT t.number, c.phone, c.snils FROM tickets t JOIN citizens c"
                    " ON c.id = t.citizen_id WHERE t.deleted_at IS NULL"
                    " AND t.number >= :middle ORDER BY t.number LIMIT 1"
                ),
                {"middle": middle},
            ).one()
        )
        number, phone, snils = sample
        typed_phone = f"8 ({phone[2:5]}) {phone[5:8]}-{phone[8:10]}-{phone[10:]}"
        month = (date(2025, 3, 1), date(2025, 3, 31))
        bounds = {  # the Moscow days as UTC, as the baseline would be handed them
            "since": "2025-02-28 21:00:00.000000",
            "until": "2025-03-31 21:00:00.000000",
        }
        cases = [
            ("number typed without separators", TicketQuery(number.replace("-", "")), number, {}),
            ("phone typed 8 (916) ...", TicketQuery(typed_phone), phone[2:], {}),
            ("SNILS typed without separators",
             TicketQuery("".join(c for c in snils if c.isdigit())), snils, {}),
            ("name prefix 'петров ив'", TicketQuery("петров ив"), "Петров Ив", {}),
            ("name prefix 'с' (a broad one)", TicketQuery("с"), "С", {}),
            ("March 2025 + status closed", TicketQuery(status=TicketStatus.CLOSED,
             since=month[0], until=month[1]), "", {"status": "closed", **bounds}),
            ("status waiting (backlog)", TicketQuery(status=TicketStatus.WAITING), "",
             {"status": "waiting"}),
            ("empty query, newest first", TicketQuery(), "", {}),
        ]  # fmt: skip
        lines = [
            f"Ticket search, {TICKETS:,} tickets, {CITIZENS:,} citizens (median of {RUNS} runs)",
            "| query | ours | found | LIKE baseline | found | baseline/ours |",
            "|---|---|---|---|---|---|",
        ]
        for what, query, stored, filters in cases:
            ours, found = _median_ms(lambda q=query: search.search(q))
            base, base_found = _median_ms(_baseline(database, stored, **filters))
            assert found > 0, what
            record(f"ticket search: {what}", ours, "LIKE '%…%' helpdesk query", base, "ms")
            lines.append(
                f"| {what} | {ours:.2f} ms | {found} | {base:.1f} ms | {base_found} |"
                f" {base / ours:.1f}× |"
            )
        NOTES.extend(lines)  # printed once, at the end of the run
    finally:
        database.close()
