"""Ticket numbers dictated to callers: the scheme, the Damm check digit, reading a number back,
and the per-desk sequence that makes numbers unique without asking the central database.

The scheme
==========

A ticket number is ``DDD-NNNNNN-C``: twelve characters, ten digits in three groups.

* ``DDD``, the desk number (001-999), names the installation that issued the ticket: one
  local database on one desktop. Desks never share a desk number, so two desks never issue
  the same number even while both are offline. Operators move between desks; the number
  belongs to the desk, because the counter lives in the desk's local database.
* ``NNNNNN``, the sequence (000001-999999), counts the desk's tickets from 1, in the desk's
  own database; a gap is harmless, a value issued twice is what must never happen.
* ``C``, the check digit, is the Damm check digit of the nine digits before it.

Desk 000 and sequence 000000 are never issued, so ``000-000000-0`` (which passes the check)
is refused as a placeholder.

Why this shape: a caller writes it down and reads it back over the phone in three short
groups ("ноль сорок два - ноль ноль тринадцать тридцать семь - четыре"); it is digits only,
so the IVR can take it by DTMF (the ``X-Case`` header); its length is fixed, so a dropped
leading zero is caught as a wrong length, not read as another number.

How long a desk lasts, taking 100 tickets per operator a day (an estimate, not a measured
figure: a ticket is opened on only some of a shift's calls). One operator every day of the
year: 36,500 a year, 27 years of sequence. A desk shared by three shifts of a
24/7 line: 110,000 a year, 9 years. When the million runs out the allocator refuses
(:class:`SequenceExhausted`) and the desk needs a new desk number; its old numbers stay valid.
The scheme holds 999 desks at a time; a contact centre that needs more would need an eleventh
digit, which no longer fits twelve characters with two separators.

Where a desk number comes from
------------------------------

Uniqueness across desks comes *only* from assigning desk numbers, never from chance:

* The central database assigns it: when an installation first registers, it takes the lowest
  desk number not yet used (a ``desks`` table with a unique desk number column and the
  installation's id). This is the normal way.
* The administrator may set it in the settings instead (for example to keep "desk 17" in
  room 17). The central registration must then refuse a number another installation holds.
* :func:`default_desk_number` derives a number from the installation's id (a UUID made once
  per local database). It is a fallback for a desk that has never reached the central
  database and has no number from the administrator, and it is **not unique**: with 999
  values, two desks collide with 4 % odds among 10 desks and 50 % among 38. Tickets made
  under a derived number must be checked against the central database before the number is
  kept.

A new local database (a reinstall, a replaced desktop) starts its sequence at 1 again, so it
must get a new desk number. Reusing the old one is safe only when every ticket of the old
database has reached the central database and the allocator continues after the highest
sequence the central database holds for that desk.

The check digit
===============

The Damm algorithm (H. Michael Damm, "Total anti-symmetrische Quasigruppen", dissertation,
Marburg 2004) runs an interim digit, starting at 0, through a 10 x 10 operation table, one
table lookup per digit; the check digit is the final interim digit, and a number with its
check digit appended runs to 0. The table below is the one Damm's dissertation and the
Wikipedia article "Damm algorithm" publish (the same table as python-stdnum's
``stdnum.damm`` and Rosetta Code's "Damm algorithm" task, whose examples are 572 -> 4,
``5724`` and ``112946`` valid). Its diagonal is all zeros and it is weakly totally
anti-symmetric: ``(c*x)*y == (c*y)*x`` only when ``x == y``. That is what makes every single
wrong digit and every swap of two adjacent digits (the check digit included) change the
result; the tests check the property over the whole table and on the numbers themselves.
This table also catches the English "thirteen/thirty" confusions (1a <-> a0 for a = 3..9,
which covers "тринадцать/тридцать" too), but not every "двенадцать/двадцать" (12 <-> 20),
nor every doubled or jumped error (about 92 % of aa -> bb and 89 % of abc -> cba are caught).

python-stdnum has the same algorithm; it is not used here because the table is the whole
algorithm and the package would be a new dependency for ten rows of digits.

Reading a number back
=====================

:func:`number_problem`, :func:`parse_number` and :func:`normalise_number` accept what an
operator types while a caller reads the number: with or without the hyphens, with spaces,
dots, slashes or any kind of dash anywhere, and a leading "№" or "#" pasted from a letter.
Only the ten ASCII digits count. Bad input never raises: it gets a :class:`NumberProblem`
code, which the Qt layer translates.

Issuing numbers
===============

:class:`SequenceAllocator` is what hands out the next sequence of a desk;
:class:`MemorySequenceAllocator` keeps the counters in memory (tests, the demo). The
database version must allocate on the single db-writer thread (``Database.write``), in the
same transaction that inserts the ticket, from a per-desk counter row it updates there: a
sequence is then committed with its ticket or not at all, so no value is issued twice, and a
rolled-back ticket only leaves a gap, which is harmless.
"""

from __future__ import annotations

import hashlib
import re
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Final, Protocol

#: Desk numbers that may be assigned; 0 is never issued.
DESK_MIN: Final = 1
DESK_MAX: Final = 999
#: Sequences a desk may issue; 0 is never issued.
SEQUENCE_MIN: Final = 1
SEQUENCE_MAX: Final = 999_999

_DESK_DIGITS: Final = 3
_SEQUENCE_DIGITS: Final = 6
#: Desk, sequence and check digit.
NUMBER_DIGITS: Final = _DESK_DIGITS + _SEQUENCE_DIGITS + 1
#: The canonical form's length: the digits and two hyphens.
NUMBER_LENGTH: Final = NUMBER_DIGITS + 2

# Damm's operation table of order 10 (row: the interim digit, column: the next digit).
_DAMM_TABLE: Final[tuple[tuple[int, ...], ...]] = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

_ASCII_DIGITS = re.compile(r"[0-9]+")
#: What people put between the groups: whitespace, dots, slashes, hyphens and other dashes.
_SEPARATORS = re.compile(r"[\s./\-\u2010-\u2015\u2212]+")
#: "№ 042-001337-4" or "#042-001337-4", as pasted from a letter or a chat.
_NUMBER_SIGN = re.compile(r"^\s*[№#]")


# --- the check digit ----------------------------------------------------------------------


def _damm_interim(digits: str) -> int:
    """The interim digit after running ``digits`` through the table; raises ValueError."""
    if _ASCII_DIGITS.fullmatch(digits) is None:
        raise ValueError("only ASCII digits have a Damm check digit")
    interim = 0
    for char in digits:
        interim = _DAMM_TABLE[interim][ord(char) - ord("0")]
    return interim


def damm_check_digit(digits: str) -> int:
    """The Damm check digit to append to ``digits`` (one or more ASCII digits).

    For programs, not for input: anything but ASCII digits raises ValueError.
    """
    return _damm_interim(digits)


def damm_valid(digits: str) -> bool:
    """Whether ``digits`` ends in the right Damm check digit; False for anything not digits."""
    if len(digits) < 2 or _ASCII_DIGITS.fullmatch(digits) is None:
        return False
    return _damm_interim(digits) == 0


# --- numbers ------------------------------------------------------------------------------


def _check_range(desk: int, sequence: int) -> None:
    for name, value, low, high in (
        ("desk", desk, DESK_MIN, DESK_MAX),
        ("sequence", sequence, SEQUENCE_MIN, SEQUENCE_MAX),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"{name} must be an integer from {low} to {high}")


@dataclass(frozen=True, order=True, slots=True)
class TicketNumber:
    """A ticket number: the desk that issued it and the desk's sequence.

    Building one out of range raises ValueError (a program error, not a caller's).
    """

    desk: int
    sequence: int

    def __post_init__(self) -> None:
        _check_range(self.desk, self.sequence)

    @property
    def check_digit(self) -> int:
        return damm_check_digit(self._payload)

    @property
    def digits(self) -> str:
        """The ten digits without separators, as the IVR takes them by DTMF."""
        return f"{self._payload}{self.check_digit}"

    @property
    def _payload(self) -> str:
        return f"{self.desk:0{_DESK_DIGITS}d}{self.sequence:0{_SEQUENCE_DIGITS}d}"

    def __str__(self) -> str:
        digits = self.digits
        return f"{digits[:_DESK_DIGITS]}-{digits[_DESK_DIGITS:-1]}-{digits[-1]}"


def format_number(desk: int, sequence: int) -> str:
    """The canonical form, "042-001337-4": always twelve characters.

    For programs, not for input: a desk or sequence out of range raises ValueError.
    """
    return str(TicketNumber(desk, sequence))


class NumberProblem(Enum):
    """Why a text typed in as a ticket number is not one."""

    #: Nothing but spaces and separators.
    EMPTY = "empty"
    #: Letters or other characters besides digits and separators.
    NOT_DIGITS = "not_digits"
    #: Not ten digits: one missed or heard twice, or another kind of number.
    WRONG_LENGTH = "wrong_length"
    #: Ten digits whose check digit is wrong: a digit misheard or two swapped.
    CHECK_DIGIT = "check_digit"
    #: Desk 000 or sequence 000000, which are never issued (a placeholder such as all zeros).
    NEVER_ISSUED = "never_issued"


def _compact(text: object) -> str | NumberProblem:
    """The ASCII digits of ``text`` once the number sign and the separators are gone."""
    if text is None:
        return NumberProblem.EMPTY
    if not isinstance(text, str):
        return NumberProblem.NOT_DIGITS
    compact = _SEPARATORS.sub("", _NUMBER_SIGN.sub("", text, count=1))
    if not compact:
        return NumberProblem.EMPTY
    if _ASCII_DIGITS.fullmatch(compact) is None:  # also refuses "١٢٣" and "²"
        return NumberProblem.NOT_DIGITS
    return compact


def _read(text: object) -> TicketNumber | NumberProblem:
    compact = _compact(text)
    if isinstance(compact, NumberProblem):
        return compact
    if len(compact) != NUMBER_DIGITS:
        return NumberProblem.WRONG_LENGTH
    if not damm_valid(compact):
        return NumberProblem.CHECK_DIGIT
    desk = int(compact[:_DESK_DIGITS])
    sequence = int(compact[_DESK_DIGITS:-1])
    if desk < DESK_MIN or sequence < SEQUENCE_MIN:
        return NumberProblem.NEVER_ISSUED
    return TicketNumber(desk, sequence)


def number_problem(text: str | None) -> NumberProblem | None:
    """What is wrong with ``text`` as a ticket number, or None when it is one."""
    result = _read(text)
    return result if isinstance(result, NumberProblem) else None


def parse_number(text: str | None) -> TicketNumber | None:
    """The ticket number in ``text`` as read back by a caller, or None when it is not one."""
    result = _read(text)
    return result if isinstance(result, TicketNumber) else None


def normalise_number(text: str | None) -> str | None:
    """``text`` in the canonical form "042-001337-4", or None when it is no ticket number.

    Search uses it, so a number is found however it was typed in.
    """
    number = parse_number(text)
    return None if number is None else str(number)


# --- desk numbers -------------------------------------------------------------------------


def default_desk_number(installation_id: uuid.UUID | str) -> int:
    """A desk number (1-999) derived from the installation's id, the same on every run.

    Only a fallback until the central database or the administrator assigns one: two
    installations may well get the same number (see the module's documentation).
    """
    key = str(uuid.UUID(installation_id) if isinstance(installation_id, str) else installation_id)
    digest = hashlib.sha256(f"hotline-desk desk number {key}".encode()).digest()
    return DESK_MIN + int.from_bytes(digest[:8], "big") % (DESK_MAX - DESK_MIN + 1)


# --- issuing sequences --------------------------------------------------------------------


class SequenceExhausted(Exception):
    """The desk has issued its last sequence (999999) and needs a new desk number."""

    def __init__(self, desk: int) -> None:
        super().__init__(f"desk {desk} has issued all {SEQUENCE_MAX} ticket numbers")
        self.desk = desk


class SequenceAllocator(Protocol):
    """Hands out each desk's sequences: 1, 2, 3, ..., never the same value twice.

    An implementation over the database runs on the single writer thread, in the transaction
    that inserts the ticket (see the module's documentation); gaps are allowed, repeats never.
    """

    def next_sequence(self, desk: int) -> int:
        """The desk's next sequence; raises SequenceExhausted after 999999."""
        ...


class MemorySequenceAllocator:
    """Counters kept in memory, safe to share between threads (tests, the demo desk)."""

    def __init__(self, last_issued: Mapping[int, int] | None = None) -> None:
        """``last_issued`` continues desks from the highest sequence each has issued."""
        self._lock = threading.Lock()
        self._last: dict[int, int] = {}
        for desk, last in (last_issued or {}).items():
            _check_range(desk, SEQUENCE_MIN)
            if isinstance(last, bool) or not isinstance(last, int):
                raise ValueError("the last issued sequence must be an integer")
            if not 0 <= last <= SEQUENCE_MAX:
                raise ValueError(f"the last issued sequence must be from 0 to {SEQUENCE_MAX}")
            self._last[desk] = last

    def next_sequence(self, desk: int) -> int:
        _check_range(desk, SEQUENCE_MIN)
        with self._lock:
            last = self._last.get(desk, 0)
            if last >= SEQUENCE_MAX:
                raise SequenceExhausted(desk)
            self._last[desk] = last + 1
            return last + 1

    def last_issued(self, desk: int) -> int:
        """The highest sequence the desk has issued, 0 when none."""
        with self._lock:
            return self._last.get(desk, 0)


def issue_number(allocator: SequenceAllocator, desk: int) -> TicketNumber:
    """The desk's next ticket number; raises SequenceExhausted when the desk has none left."""
    return TicketNumber(desk, allocator.next_sequence(desk))
