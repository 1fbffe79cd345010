"""Ticket search on a real SQLite file: what the operator types is read right, each kind
finds exactly its tickets through an index, and no text at all can make it fail."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Select, event, inspect
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.engine import sqlite_url
from app.db.models import Citizen
from app.db.ticket_models import Ticket
from app.domain.validators import make_snils
from app.services import ticket_search
from app.services.ticket_search import (
    SearchKind,
    TicketQuery,
    TicketSearch,
    classify,
    search_statement,
)
from app.tickets.numbers import format_number
from app.tickets.workflow import TicketStatus

DESK = 42
PHONE = "+79161234567"
SNILS = make_snils("112233445")  # "112-233-445 95"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _number(sequence: int) -> str:
    return format_number(DESK, sequence)


def _seed(session: Session) -> None:
    """Three citizens; tickets an hour apart on 1 March (1 oldest), one deleted, one draft,
    and two either side of midnight in Moscow at the end of March."""
    petrov = Citizen(
        full_name="Петров Иван Сергеевич", birth_date=date(1985, 3, 14), snils=SNILS, phone=PHONE
    )
    petrova = Citizen(
        full_name="Петрова Анна Ивановна",
        birth_date=date(1990, 1, 2),
        snils=make_snils("223344556"),
        phone="+79035550011",
    )
    semyonov = Citizen(
        full_name="Семёнов Пётр Олегович",
        birth_date=date(1970, 5, 6),
        snils=make_snils("334455667"),
        phone="+79261112233",
    )
    session.add_all([petrov, petrova, semyonov])
    session.flush()
    specs: list[dict[str, Any]] = [
        {"caller_number": PHONE},  # 1: Petrov's phone, no citizen linked
        {"citizen_id": petrov.id, "caller_number": "+79031112233"},  # 2: Petrov from elsewhere
        {"citizen_id": petrova.id, "caller_number": "+79035550011"},  # 3
        {"citizen_id": semyonov.id, "status": TicketStatus.CLOSED},  # 4
        {"caller_number": "+79169998877", "status": TicketStatus.CLOSED},  # 5
        {"caller_number": PHONE, "deleted_at": START},  # 6: deleted
        {"description": "Д" * 300, "is_draft": True},  # 7: a draft with a long description
        {"citizen_id": petrov.id, "status": TicketStatus.WAITING},  # 8
        {"caller_number": "+79160000001"},  # 9: 23:30 in Moscow on 31 March
        {"caller_number": "+79160000001"},  # 10: 00:30 in Moscow on 1 April
    ]
    late = datetime(2026, 3, 31, 20, 30, tzinfo=UTC)
    for sequence, spec in enumerate(specs, start=1):
        moment = START + timedelta(hours=sequence) if sequence < 9 else late
        moment += timedelta(hours=1) if sequence == 10 else timedelta()
        fields = {"is_draft": False, "description": f"Обращение {sequence}", **spec}
        session.add(Ticket(number=_number(sequence), created_at=moment, **fields))


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path_factory.mktemp("search") / "desk.db").render_as_string())
    db.write_now(_seed)
    yield db
    db.close()


@pytest.fixture(scope="module")
def search(database: Database) -> TicketSearch:
    return TicketSearch(database)


def _found(search: TicketSearch, text: str = "", **filters: Any) -> list[str]:
    return [row.number for row in search.search(TicketQuery(text, **filters))]


def _sequences(*sequences: int) -> list[str]:
    """The numbers newest first, as search returns them."""
    return [_number(n) for n in sorted(sequences, reverse=True)]


# --- reading what was typed ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("", SearchKind.ALL, ""),
        ("   ", SearchKind.ALL, ""),
        ("042-001337-4", SearchKind.NUMBER, "042-001337-4"),
        ("0420013374", SearchKind.NUMBER, "042-001337-4"),
        ("№ 042 001337 4", SearchKind.NUMBER, "042-001337-4"),
        ("042-001337-5", SearchKind.BAD_NUMBER, "0420013375"),
        ("0420013375", SearchKind.BAD_NUMBER, "0420013375"),
        ("+7 916 123-45-67", SearchKind.PHONE, PHONE),
        ("8 (916) 1234567", SearchKind.PHONE, PHONE),
        ("79161234567", SearchKind.PHONE, PHONE),
        ("916 123-45-67", SearchKind.PHONE, PHONE),
        ("112-233-445 95", SearchKind.SNILS, SNILS),
        ("11223344595", SearchKind.SNILS, SNILS),
        ("петров ив", SearchKind.NAME, "Петров Ив"),
        ("  ПЕТРОВ   иван ", SearchKind.NAME, "Петров Иван"),
        ("семёнов", SearchKind.NAME, "Семёнов"),
        ("иванова - петрова", SearchKind.NAME, "Иванова-Петрова"),
        ("%_'--;*", SearchKind.NAME, "%_'--;*"),
        ("12345", SearchKind.NAME, "12345"),  # no kind of number: a name nobody has
    ],
)
def test_classify_reads_what_was_typed(text: str, kind: SearchKind, value: str) -> None:
    assert classify(text) == (kind, value)


# --- each kind finds exactly its tickets --------------------------------------------------


def test_a_number_with_or_without_separators_finds_that_ticket(search: TicketSearch) -> None:
    number = _number(3)
    for typed in (number, number.replace("-", ""), number.replace("-", " "), f"№{number}"):
        assert _found(search, typed) == [number], typed


def test_a_mistyped_digit_is_a_bad_number_and_finds_nothing(search: TicketSearch) -> None:
    number = _number(3)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert classify(wrong)[0] is SearchKind.BAD_NUMBER
    assert classify(wrong.replace("-", ""))[0] is SearchKind.BAD_NUMBER
    assert _found(search, wrong) == []
    assert search_statement(TicketQuery(wrong)) is None


@pytest.mark.parametrize("typed", ["+7 916 123-45-67", "8 (916) 1234567", "79161234567"])
def test_a_phone_finds_by_caller_number_and_by_citizen(search: TicketSearch, typed: str) -> None:
    # 1 called from the number; 2 and 8 are the citizen whose phone it is; 6 is deleted.
    assert _found(search, typed) == _sequences(1, 2, 8)


@pytest.mark.parametrize("typed", [SNILS, "11223344595", "112 233 445 95"])
def test_a_snils_finds_the_citizens_tickets(search: TicketSearch, typed: str) -> None:
    assert _found(search, typed) == _sequences(2, 8)


def test_a_name_prefix_in_any_case_finds_the_citizen(search: TicketSearch) -> None:
    assert _found(search, "петров ив") == _sequences(2, 8)
    assert _found(search, "ПЕТРОВ") == _sequences(2, 3, 8)  # Петров and Петрова
    assert _found(search, "петрова анна ивановна") == _sequences(3)
    assert _found(search, "семёнов") == _sequences(4)
    assert _found(search, "семенов") == []  # ё is kept, as names are stored
    rows = search.search(TicketQuery("петров ив"))
    assert {row.citizen_name for row in rows} == {"Петров Иван Сергеевич"}


def test_a_broad_name_reads_newest_first_and_finds_the_same(
    search: TicketSearch, monkeypatch: pytest.MonkeyPatch
) -> None:
    narrow = _found(search, "петров")
    monkeypatch.setattr(ticket_search, "BROAD_NAME_TICKETS", 2)
    assert _found(search, "петров") == narrow
    assert _found(search, "петров", limit=1) == narrow[:1]


def test_days_are_moscow_days_and_inclusive(search: TicketSearch) -> None:
    assert _found(search, since=date(2026, 3, 31), until=date(2026, 3, 31)) == [_number(9)]
    assert _found(search, since=date(2026, 4, 1), until=date(2026, 4, 1)) == [_number(10)]
    assert _found(search, "+79160000001", since=date(2026, 3, 31)) == _sequences(9, 10)
    assert _found(search, "+79160000001", until=date(2026, 3, 31)) == [_number(9)]
    march_first = _found(search, since=date(2026, 3, 1), until=date(2026, 3, 1))
    assert march_first == _sequences(1, 2, 3, 4, 5, 7, 8)  # 10:00-17:00 UTC; 6 is deleted
    assert _found(search, since=date(2026, 3, 2), until=date(2026, 3, 1)) == []


def test_status_filters_with_and_without_text(search: TicketSearch) -> None:
    assert _found(search, status=TicketStatus.CLOSED) == _sequences(4, 5)
    assert _found(search, status=TicketStatus.WAITING) == _sequences(8)
    assert _found(search, "петров ив", status=TicketStatus.WAITING) == _sequences(8)
    assert _found(search, "петров ив", status=TicketStatus.CLOSED) == []
    assert _found(search, PHONE, status=TicketStatus.NEW) == _sequences(1, 2)


def test_deleted_tickets_are_never_shown_and_drafts_are(search: TicketSearch) -> None:
    assert _found(search, _number(6)) == []
    everything = search.search(TicketQuery(limit=1000))
    assert _number(6) not in [row.number for row in everything]
    draft = search.search(TicketQuery(_number(7)))
    assert [row.is_draft for row in draft] == [True]
    assert draft[0].description == "Д" * 120
    assert draft[0].citizen_name == ""


def test_rows_come_newest_first_within_the_limit(search: TicketSearch) -> None:
    rows = search.search(TicketQuery(limit=3))
    assert len(rows) == 3
    assert [row.created_at for row in rows] == sorted(
        (row.created_at for row in rows), reverse=True
    )
    assert rows[0].created_at.tzinfo is not None
    assert isinstance(rows[0].id, uuid.UUID)
    assert search.search(TicketQuery(limit=0)) == []


# --- nothing typed can break it -----------------------------------------------------------

HOSTILE = ["%", "_", "'", "--", ";", "*", "' OR 1=1 --", "%'; DROP TABLE tickets; --", "\\",
           "%%%", "__", "петров%", "' || '", "№", "+", "()", "-", "x\x00y", "\ud800x"]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
def test_sql_and_like_operators_find_nothing_without_error(
    search: TicketSearch, database: Database, text: str
) -> None:
    assert search.search(TicketQuery(text)) == []
    assert inspect(database.engine).has_table("tickets")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(
        st.text(),
        st.text(alphabet="0123456789 -+()№#./%_'"),
        st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГПС -'%_"),
    )
)
def test_no_text_ever_raises(search: TicketSearch, text: str) -> None:
    kind, _ = classify(text)
    rows = search.search(TicketQuery(text))
    assert kind in SearchKind
    assert len(rows) <= 200


# --- every kind is answered from an index -------------------------------------------------


def _plan(database: Database, statement: Select[Any]) -> list[str]:
    """EXPLAIN QUERY PLAN of the SQL (and parameters) SQLAlchemy sends for ``statement``."""
    sent: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, sql: str, params: Any, _ctx: Any, _many: bool) -> None:
        sent.append((sql, params))

    with database.engine.connect() as connection:
        event.listen(database.engine, "before_cursor_execute", capture)
        try:
            connection.execute(statement).all()
        finally:
            event.remove(database.engine, "before_cursor_execute", capture)
        sql, params = sent[-1]
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params).all()
    return [row[-1] for row in rows]


MARCH = {"since": date(2026, 3, 1), "until": date(2026, 3, 31)}


@pytest.mark.parametrize(
    ("query", "index"),
    [
        (TicketQuery(_number(3)), "(number=?)"),
        (TicketQuery("8 916 123 45 67"), "ix_tickets_caller_number (caller_number=?)"),
        (TicketQuery("8 916 123 45 67"), "ix_citizens_phone (phone=?)"),
        (TicketQuery(SNILS), "(snils=?)"),
        (TicketQuery("петров ив"), "ix_citizens_full_name_birth_date (full_name>? AND full_name<?"),
        (TicketQuery("петров ив"), "ix_tickets_citizen_id (citizen_id=?)"),
        (TicketQuery(**MARCH), "ix_tickets_created_at (created_at>? AND created_at<?)"),
        (TicketQuery(status=TicketStatus.CLOSED, **MARCH), "ix_tickets_created_at (created_at>?"),
        (TicketQuery(PHONE, status=TicketStatus.CLOSED, **MARCH), "(caller_number=?)"),
        (TicketQuery("петров", status=TicketStatus.CLOSED), "ix_tickets_citizen_id"),
        (TicketQuery(status=TicketStatus.WAITING), "ix_tickets_status_due_at (status=?)"),
    ],
)  # fmt: skip
def test_each_kind_of_query_searches_an_index(
    database: Database, query: TicketQuery, index: str
) -> None:
    statement = search_statement(query)
    assert statement is not None
    plan = _plan(database, statement)
    assert any(index in line and line.startswith("SEARCH") for line in plan), plan
    assert not any(line.startswith("SCAN") for line in plan), plan  # no table read through


def test_newest_first_reads_the_date_index_without_sorting(database: Database) -> None:
    for query in (TicketQuery(), TicketQuery(status=TicketStatus.CLOSED)):
        statement = search_statement(query)
        assert statement is not None
        plan = _plan(database, statement)
        assert plan[0] == "SCAN tickets USING INDEX ix_tickets_created_at", plan
        assert not any("TEMP B-TREE" in line for line in plan), plan
    broad = search_statement(TicketQuery("петров"), broad_name=True)
    assert broad is not None
    plan = _plan(database, broad)
    assert plan[0] == "SCAN tickets USING INDEX ix_tickets_created_at", plan
    assert any("ix_citizens_full_name_birth_date" in line for line in plan), plan
