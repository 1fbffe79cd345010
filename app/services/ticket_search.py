"""Ticket search for the history view: one box that takes whatever the operator types.

:func:`classify` reads the text, and each kind becomes an exact or prefix match on an
indexed column (never ``LIKE '%...%'``), a few index lookups even on a million tickets:

* a ticket number, with or without separators, and a valid check digit: ``tickets.number``
  in canonical form. Number-shaped text with a wrong check digit is ``bad_number`` (the UI
  says the check digit does not match) and finds nothing. Ten bare digits are a number
  when the check digit holds, else a phone if they are one, else a bad number;
* a phone in any spelling, as E.164: the ticket's caller number or the citizen's phone
  (eleven bare digits are a phone before a SNILS; with its separators a SNILS is a SNILS);
* a SNILS, with or without separators: the citizen's SNILS;
* anything else starts a citizen's full name, normalised as names are stored (parts
  capitalised, ё kept, single spaces) and matched as ``full_name >= q AND full_name <
  q || U+FFFF``: SQLite's LIKE folds only ASCII case and would not use the index. SQL and
  LIKE characters are just letters of a name nobody has; every value is a bound parameter.

Dates are whole days in Moscow time. Deleted tickets are never shown, drafts are (the UI
marks them); newest first. On PostgreSQL the name range means "starts with" only under
the "C" collation (or a ``text_pattern_ops`` index); SQLite compares bytes, as needed.
"""

from __future__ import annotations

import enum
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.db.database import Database
from app.db.models import Citizen
from app.db.ticket_models import Ticket
from app.domain.clock import MOSCOW
from app.domain.validators import normalise_full_name, normalise_phone, normalise_snils
from app.tickets.numbers import damm_valid, normalise_number
from app.tickets.workflow import TicketStatus

DESCRIPTION_CHARS = 120
#: A name prefix with this many tickets ("с", "иван") is found by reading the newest tickets
#: and keeping its citizens' (a few hundred rows) instead of sorting all of its tickets.
BROAD_NAME_TICKETS = 5_000
#: Sorts after every character a name holds, so ``q + _TOP`` bounds the names starting q.
_TOP = "\uffff"
#: Text made only of digits and what people put between them (or before: №, #, +).
_DIGITS_TYPED = re.compile(r"[№#+]?[0-9\s().\-\u2010-\u2015\u2212/]+")
_DIGIT_GROUPS = re.compile(r"[0-9]+")
_HYPHEN = re.compile(r"\s*[\-\u2010-\u2015\u2212]\s*")
_APOSTROPHES = re.compile("[\u2019\u02bc\u2018`\u00b4]")


class SearchKind(enum.StrEnum):
    """What the typed text was read as."""

    ALL = "all"  # nothing typed: the newest tickets
    NUMBER = "number"
    BAD_NUMBER = "bad_number"  # shaped like a ticket number, but the check digit is wrong
    PHONE = "phone"
    SNILS = "snils"
    NAME = "name"  # the beginning of a full name


@dataclass(frozen=True)
class TicketQuery:
    text: str = ""
    status: TicketStatus | None = None
    since: date | None = None  # Moscow day, inclusive
    until: date | None = None  # Moscow day, inclusive
    limit: int = 200


@dataclass(frozen=True)
class TicketRow:
    """One line of the history view."""

    id: uuid.UUID
    number: str
    status: TicketStatus
    created_at: datetime
    due_at: datetime | None
    category_id: uuid.UUID | None
    caller_number: str
    citizen_name: str
    description: str  # the first 120 characters
    is_draft: bool


def _clean(text: str) -> str:
    """Control characters and lone surrogates out (no database takes them), spaces single."""
    kept = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cs") else char for char in str(text)
    )
    return " ".join(unicodedata.normalize("NFC", kept).split())


def _capitalise(piece: str) -> str:
    """A part typed in one case gets a capital first letter; mixed case ("McDonald") stays."""
    if piece and (piece.islower() or piece.isupper()):
        return piece[0].upper() + piece[1:].lower()
    return piece


def name_prefix(text: str) -> str:
    """``text`` as the start of a stored full name: "петров ив" -> "Петров Ив"."""
    value = _HYPHEN.sub("-", _APOSTROPHES.sub("'", _clean(text)))
    full = normalise_full_name(value)  # two or more valid parts: exactly as names are stored
    if full is not None:
        return full
    return " ".join("-".join(map(_capitalise, word.split("-"))) for word in value.split(" "))


def _digits_kind(text: str) -> tuple[SearchKind, str] | None:  # noqa: PLR0911
    groups = tuple(len(group) for group in _DIGIT_GROUPS.findall(text))
    digits = "".join(_DIGIT_GROUPS.findall(text))
    sign = text[0]
    if sign in "№#" or groups == (3, 6, 1):
        number = normalise_number(text)
        return (SearchKind.NUMBER, number) if number else (SearchKind.BAD_NUMBER, digits)
    if sign != "+" and groups == (3, 3, 3, 2):
        snils = normalise_snils(text)
        return (SearchKind.SNILS, snils) if snils else None
    bare = sign != "+" and "(" not in text
    if groups == (10,) and damm_valid(digits):
        number = normalise_number(digits)
        return (SearchKind.NUMBER, number) if number else (SearchKind.BAD_NUMBER, digits)
    phone = normalise_phone(text)
    if phone is not None:
        return SearchKind.PHONE, phone
    if bare and len(digits) == 11:
        snils = normalise_snils(digits)
        return (SearchKind.SNILS, snils) if snils else None
    if groups == (10,):
        return SearchKind.BAD_NUMBER, digits
    return None


def classify(text: str) -> tuple[SearchKind, str]:
    """What the operator typed, and the value to look for in the form the database holds."""
    cleaned = _clean(text)
    if not cleaned:
        return SearchKind.ALL, ""
    if _DIGITS_TYPED.fullmatch(cleaned) and _DIGIT_GROUPS.search(cleaned):
        found = _digits_kind(cleaned)
        if found is not None:
            return found
    return SearchKind.NAME, name_prefix(cleaned)


def moscow_day_start(day: date) -> datetime:
    """The UTC moment a day begins in Moscow."""
    return datetime.combine(day, time.min, tzinfo=MOSCOW).astimezone(UTC)


_Owner = aliased(Citizen, name="owner")  # the citizen shown on the row
_COLUMNS = (
    Ticket.id,
    Ticket.number,
    Ticket.status,
    Ticket.created_at,
    Ticket.due_at,
    Ticket.category_id,
    Ticket.caller_number,
    _Owner.full_name,
    func.substr(Ticket.description, 1, DESCRIPTION_CHARS).label("description"),
    Ticket.is_draft,
)
_BASE = (
    select(*_COLUMNS)
    .outerjoin(_Owner, Ticket.citizen_id == _Owner.id)
    .where(Ticket.deleted_at.is_(None))
)


def _unindexed(column: Any) -> Any:
    """``column`` as an expression no index answers: the filter is checked row by row."""
    return func.coalesce(column, column)


def _citizens(*conditions: Any, indexed: bool = True) -> Any:
    """Tickets of the citizens matching ``conditions``: an IN over the citizen_id index."""
    column = Ticket.citizen_id if indexed else _unindexed(Ticket.citizen_id)
    return column.in_(select(Citizen.id).where(*conditions))


def _name_range(prefix: str) -> tuple[Any, Any]:
    return Citizen.full_name >= prefix, Citizen.full_name < prefix + _TOP


def search_statement(query: TicketQuery, *, broad_name: bool = False) -> Select[Any] | None:
    """The SELECT for ``query``, or None when it can find nothing (a bad number, no limit).

    ``broad_name``: the name prefix matches so many tickets that reading the newest tickets
    and keeping those of the matching citizens beats fetching and sorting all of them.
    """
    kind, value = classify(query.text)
    if kind is SearchKind.BAD_NUMBER or query.limit <= 0:
        return None
    return _statement(query, kind, value, broad=broad_name)


def _statement(query: TicketQuery, kind: SearchKind, value: str, *, broad: bool) -> Select[Any]:
    statement = _BASE
    if kind is SearchKind.NUMBER:
        statement = statement.where(Ticket.number == value)
    elif kind is SearchKind.PHONE:
        statement = statement.where(
            or_(Ticket.caller_number == value, _citizens(Citizen.phone == value))
        )
    elif kind is SearchKind.SNILS:
        statement = statement.where(_citizens(Citizen.snils == value))
    elif kind is SearchKind.NAME:
        statement = statement.where(_citizens(*_name_range(value), indexed=not broad))
    if query.status is not None:
        # Open statuses are the backlog (few rows): worth their index when no text narrows
        # more. Closed and resolved are most of the history: better filtered newest first.
        use_index = kind is SearchKind.ALL and query.status.is_open
        column = Ticket.status if use_index else _unindexed(Ticket.status)
        statement = statement.where(column == query.status)
    if query.since is not None:
        statement = statement.where(Ticket.created_at >= moscow_day_start(query.since))
    if query.until is not None:
        end = moscow_day_start(query.until + timedelta(days=1))
        statement = statement.where(Ticket.created_at < end)
    return statement.order_by(Ticket.created_at.desc()).limit(query.limit)


def _is_broad(connection: Connection, prefix: str) -> bool:
    """Whether names starting ``prefix`` have BROAD_NAME_TICKETS tickets (index-only count)."""
    tickets = select(Ticket.citizen_id).where(_citizens(*_name_range(prefix)))
    counted = select(func.count()).select_from(tickets.limit(BROAD_NAME_TICKETS).subquery())
    return (connection.execute(counted).scalar() or 0) >= BROAD_NAME_TICKETS


class TicketSearch:
    """Runs ticket searches on the calling thread (a read session of its own)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def search(self, query: TicketQuery) -> list[TicketRow]:
        kind, value = classify(query.text)
        if kind is SearchKind.BAD_NUMBER or query.limit <= 0:
            return []

        def work(session: Session) -> Sequence[Any]:
            connection = session.connection()  # a Core result: no ORM row loading
            broad = kind is SearchKind.NAME and _is_broad(connection, value)
            return connection.execute(_statement(query, kind, value, broad=broad)).all()

        rows = self._db.read(work)
        return [
            TicketRow(id_, number, status, created, due, category, caller, name or "", text or "",
                      bool(draft))
            for id_, number, status, created, due, category, caller, name, text, draft in rows
        ]  # fmt: skip
