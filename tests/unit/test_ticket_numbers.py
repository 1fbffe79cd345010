"""Ticket numbers: the Damm check digit against its published examples and defining property,
every misheard digit and swapped pair caught, numbers read back however they are typed,
codes (never exceptions) for bad input, and desks that never collide while offline."""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.tickets.numbers import (
    DESK_MAX,
    DESK_MIN,
    SEQUENCE_MAX,
    SEQUENCE_MIN,
    MemorySequenceAllocator,
    NumberProblem,
    SequenceAllocator,
    SequenceExhausted,
    TicketNumber,
    damm_check_digit,
    damm_valid,
    default_desk_number,
    format_number,
    issue_number,
    normalise_number,
    number_problem,
    parse_number,
)

desks = st.integers(DESK_MIN, DESK_MAX)
sequences = st.integers(SEQUENCE_MIN, SEQUENCE_MAX)
numbers = st.builds(TicketNumber, desks, sequences)

#: The corners of the range and a few ordinary numbers.
SAMPLES = [
    TicketNumber(DESK_MIN, SEQUENCE_MIN),
    TicketNumber(DESK_MIN, SEQUENCE_MAX),
    TicketNumber(DESK_MAX, SEQUENCE_MIN),
    TicketNumber(DESK_MAX, SEQUENCE_MAX),
    TicketNumber(42, 1337),
    TicketNumber(100, 100_000),
    TicketNumber(507, 90_909),
]


def damm_reference(digits: str) -> int:
    """Damm's check digit written out from the published table (Wikipedia, "Damm algorithm")."""
    rows = [
        "0317598642",
        "7092154863",
        "4206871359",
        "1750983426",
        "6123045978",
        "3674209581",
        "5869720134",
        "8945362017",
        "9438617205",
        "2581436790",
    ]
    interim = 0
    for digit in digits:
        interim = int(rows[interim][int(digit)])
    return interim


def substitutions(digits: str) -> Iterator[str]:
    """Every way of getting exactly one digit wrong."""
    for position, right in enumerate(digits):
        for wrong in "0123456789":
            if wrong != right:
                yield f"{digits[:position]}{wrong}{digits[position + 1 :]}"


def adjacent_swaps(digits: str) -> Iterator[str]:
    """Every swap of two neighbouring digits that changes the text."""
    for position in range(len(digits) - 1):
        first, second = digits[position], digits[position + 1]
        if first != second:
            yield f"{digits[:position]}{second}{first}{digits[position + 2 :]}"


# --- the check digit ----------------------------------------------------------------------


@pytest.mark.parametrize(("digits", "check"), [("572", 4), ("11294", 6), ("12345", 9)])
def test_damm_check_digit_matches_published_examples(digits: str, check: int) -> None:
    # 572 -> 4 (Wikipedia), 112946 valid (Rosetta Code), 12345 -> 9 (R package "Damm").
    assert damm_check_digit(digits) == check


@pytest.mark.parametrize(
    ("digits", "valid"), [("5724", True), ("5727", False), ("112946", True), ("112949", False)]
)
def test_damm_valid_matches_published_examples(digits: str, valid: bool) -> None:
    assert damm_valid(digits) is valid


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_damm_check_digit_agrees_with_the_table_written_out(digits: str) -> None:
    check = damm_check_digit(digits)
    assert check == damm_reference(digits)
    assert damm_valid(f"{digits}{check}")
    assert not damm_valid(f"{digits}{(check + 1) % 10}")


def test_the_table_is_a_weakly_totally_anti_symmetric_quasigroup() -> None:
    """The property Damm proves sufficient for catching every single wrong digit and every
    adjacent swap, checked over every interim digit and every pair of digits."""

    # damm_check_digit(prefix) is the interim digit after the prefix; one-digit prefixes reach
    # every interim digit c, so c * y is the check digit of (a prefix reaching c) + y.
    prefix_for = {damm_check_digit(str(p)): str(p) for p in range(10)}
    assert sorted(prefix_for) == list(range(10))  # row 0 reaches every interim digit

    def star(c: int, y: int) -> int:
        return damm_check_digit(f"{prefix_for[c]}{y}")

    for c in range(10):
        assert sorted(star(c, y) for y in range(10)) == list(range(10))  # rows are permutations
        assert star(c, c) == 0
    for y in range(10):
        assert sorted(star(c, y) for c in range(10)) == list(range(10))  # so are columns
    for c, x, y in itertools.product(range(10), repeat=3):
        if x != y:
            assert star(star(c, x), y) != star(star(c, y), x)


@pytest.mark.parametrize("text", ["", "7", "12a4", "１２３４", "57 24", "-5724"])
def test_damm_valid_is_false_for_what_is_not_a_checked_number(text: str) -> None:
    assert damm_valid(text) is False


@pytest.mark.parametrize("text", ["", "12a", "٥٧٢", " 572"])
def test_damm_check_digit_refuses_anything_but_ascii_digits(text: str) -> None:
    with pytest.raises(ValueError, match="ASCII digits"):
        damm_check_digit(text)


# --- every typical mistake is caught --------------------------------------------------------


@pytest.mark.parametrize("number", SAMPLES, ids=str)
def test_every_wrong_digit_and_every_swap_of_a_sample_is_refused(number: TicketNumber) -> None:
    canonical = str(number)
    mistakes = [*substitutions(number.digits), *adjacent_swaps(number.digits)]
    assert len(mistakes) >= 90
    for typed in mistakes:
        assert parse_number(typed) is None, (canonical, typed)
        assert number_problem(typed) is NumberProblem.CHECK_DIGIT, (canonical, typed)


def test_every_desk_catches_every_wrong_digit_and_swap() -> None:
    """All 999 desks, each with a short, a middle and the last sequence: ~300,000 mistakes."""
    caught = 0
    for desk in range(DESK_MIN, DESK_MAX + 1):
        for sequence in (SEQUENCE_MIN, 271_828, SEQUENCE_MAX):
            digits = TicketNumber(desk, sequence).digits
            for typed in itertools.chain(substitutions(digits), adjacent_swaps(digits)):
                assert not damm_valid(typed), typed
                caught += 1
    assert caught > 999 * 3 * 90


@given(numbers, st.data())
def test_any_single_wrong_digit_is_refused(number: TicketNumber, data: st.DataObject) -> None:
    digits = number.digits
    position = data.draw(st.integers(0, len(digits) - 1))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != digits[position]]))
    typed = f"{digits[:position]}{wrong}{digits[position + 1 :]}"
    assert parse_number(typed) is None
    assert number_problem(typed) is NumberProblem.CHECK_DIGIT


@given(numbers, st.data())
def test_any_swap_of_neighbouring_digits_is_refused(
    number: TicketNumber, data: st.DataObject
) -> None:
    swaps = list(adjacent_swaps(number.digits))
    assume(swaps)  # 333-333333-3 has nothing to swap
    typed = data.draw(st.sampled_from(swaps))
    assert parse_number(typed) is None
    assert number_problem(typed) is NumberProblem.CHECK_DIGIT


@pytest.mark.parametrize("tens", range(3, 10))
def test_thirteen_heard_as_thirty_is_caught(tens: int) -> None:
    """ "тринадцать"/"тридцать": 1a read as a0, anywhere in the sequence."""
    for desk, sequence in [(42, 1337), (999, 111_111), (1, 123_456)]:
        digits = TicketNumber(desk, sequence).digits
        for position in range(len(digits) - 1):
            pair = digits[position : position + 2]
            for spoken, heard in ((f"1{tens}", f"{tens}0"), (f"{tens}0", f"1{tens}")):
                if pair == spoken:
                    typed = f"{digits[:position]}{heard}{digits[position + 2 :]}"
                    assert number_problem(typed) is NumberProblem.CHECK_DIGIT


# --- formatting and reading back ------------------------------------------------------------


def test_format_number_gives_three_groups_with_the_check_digit_last() -> None:
    assert format_number(42, 1337) == "042-001337-4"
    assert format_number(1, 1) == f"001-000001-{damm_check_digit('001000001')}"


@given(desks, sequences)
def test_format_then_parse_gives_the_same_desk_and_sequence(desk: int, sequence: int) -> None:
    text = format_number(desk, sequence)
    assert len(text) <= 12
    assert parse_number(text) == TicketNumber(desk, sequence)
    assert number_problem(text) is None
    assert normalise_number(text) == text


def test_the_longest_and_shortest_numbers_fit_twelve_characters() -> None:
    for desk in (DESK_MIN, 9, 10, 99, 100, DESK_MAX):
        for sequence in (SEQUENCE_MIN, 9, 10, 99_999, 100_000, SEQUENCE_MAX):
            text = format_number(desk, sequence)
            assert len(text) == 12
            assert text.replace("-", "").isdigit()


@given(numbers, st.lists(st.sampled_from([" ", "-", ".", "/", "\u00a0", "–", "—", "  "])))
def test_separators_anywhere_are_ignored(number: TicketNumber, separators: list[str]) -> None:
    chars = list(number.digits)
    for index, separator in enumerate(separators):
        chars.insert(index * 3 % (len(chars) + 1), separator)
    typed = "".join(chars)
    assert parse_number(typed) == number
    assert normalise_number(typed) == str(number)


@pytest.mark.parametrize(
    "typed",
    [
        "042-001337-4",
        "0420013374",
        "042 001337 4",
        "042.001337.4",
        " 04 20 01 33 74 ",
        "042–001337–4",
        "№ 042-001337-4",
        "#0420013374",
    ],
)
def test_what_operators_type_is_read(typed: str) -> None:
    assert parse_number(typed) == TicketNumber(42, 1337)
    assert normalise_number(typed) == "042-001337-4"


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        (None, NumberProblem.EMPTY),
        ("", NumberProblem.EMPTY),
        ("  - . ", NumberProblem.EMPTY),
        ("№", NumberProblem.EMPTY),
        ("042-00133a-4", NumberProblem.NOT_DIGITS),
        ("042-001337-4 ok", NumberProblem.NOT_DIGITS),
        ("٠٤٢٠٠١٣٣٧٤", NumberProblem.NOT_DIGITS),  # Arabic-Indic digits
        ("+042-001337-4", NumberProblem.NOT_DIGITS),
        ("42-001337-4", NumberProblem.WRONG_LENGTH),  # the leading zero not said
        ("042-0013377-4", NumberProblem.WRONG_LENGTH),  # a digit heard twice
        ("8 912 345-67-89", NumberProblem.WRONG_LENGTH),  # a phone number
        ("042-001337-5", NumberProblem.CHECK_DIGIT),
        ("000-000000-0", NumberProblem.NEVER_ISSUED),
        (f"000-000001-{damm_check_digit('000000001')}", NumberProblem.NEVER_ISSUED),
        (f"042-000000-{damm_check_digit('042000000')}", NumberProblem.NEVER_ISSUED),
    ],
)
def test_bad_input_gets_its_problem(typed: str | None, problem: NumberProblem) -> None:
    assert number_problem(typed) is problem
    assert parse_number(typed) is None
    assert normalise_number(typed) is None


@given(st.one_of(st.text(), st.text(alphabet="0123456789 -.–№#x")))
def test_any_text_gets_a_number_or_a_problem_and_never_raises(text: str) -> None:
    problem = number_problem(text)
    number = parse_number(text)
    assert (problem is None) == (number is not None)
    if number is not None:
        assert normalise_number(text) == str(number)
        assert parse_number(str(number)) == number


@pytest.mark.parametrize("value", [42, 420013374, b"0420013374", ["042-001337-4"], 4.2])
def test_values_that_are_not_text_get_a_problem(value: object) -> None:
    assert number_problem(value) is NumberProblem.NOT_DIGITS  # type: ignore[arg-type]
    assert parse_number(value) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("desk", "sequence"),
    [(0, 1), (1000, 1), (1, 0), (1, 1_000_000), (-1, 5), (True, 5), (1, 2.0)],
)
def test_numbers_out_of_range_are_never_formatted(desk: int, sequence: int) -> None:
    with pytest.raises(ValueError, match="must be an integer"):
        format_number(desk, sequence)


def test_ticket_numbers_sort_by_desk_then_sequence_and_print_canonically() -> None:
    assert sorted([TicketNumber(2, 1), TicketNumber(1, 9), TicketNumber(1, 10)]) == [
        TicketNumber(1, 9),
        TicketNumber(1, 10),
        TicketNumber(2, 1),
    ]
    assert f"{TicketNumber(42, 1337)}" == "042-001337-4"
    assert TicketNumber(42, 1337).digits == "0420013374"


# --- issuing: unique across desks, even offline ---------------------------------------------


def _offline_desk(desk: int, count: int, out: list[str]) -> None:
    """A desk with its own allocator and no contact with any other."""
    allocator = MemorySequenceAllocator()
    out.extend(str(issue_number(allocator, desk)) for _ in range(count))


def test_desks_working_offline_never_issue_the_same_number() -> None:
    desk_numbers = [1, 2, 42, 99, 100, 500, 998, 999]
    per_desk = 5000
    issued: dict[int, list[str]] = {desk: [] for desk in desk_numbers}
    threads = [
        threading.Thread(target=_offline_desk, args=(desk, per_desk, issued[desk]))
        for desk in desk_numbers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()
    everything = [text for texts in issued.values() for text in texts]
    assert len(everything) == len(desk_numbers) * per_desk
    assert len(set(everything)) == len(everything)
    assert len({text.replace("-", "") for text in everything}) == len(everything)
    for desk, texts in issued.items():
        parsed = [parse_number(text) for text in texts]
        assert all(number is not None and number.desk == desk for number in parsed)
        assert [number.sequence for number in parsed if number] == list(range(1, per_desk + 1))


def test_two_desks_given_the_same_desk_number_do_collide() -> None:
    """Why desk numbers must be assigned: nothing else keeps two offline desks apart."""
    first: list[str] = []
    second: list[str] = []
    _offline_desk(17, 10, first)
    _offline_desk(17, 10, second)
    assert first == second


def test_one_allocator_shared_by_threads_never_repeats_a_sequence() -> None:
    allocator = MemorySequenceAllocator()
    results: list[list[int]] = [[] for _ in range(8)]
    start = threading.Barrier(len(results))

    def take(out: list[int]) -> None:
        start.wait(timeout=10)
        out.extend(allocator.next_sequence(7) for _ in range(2000))

    threads = [threading.Thread(target=take, args=(out,)) for out in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()
    taken = sorted(itertools.chain.from_iterable(results))
    assert taken == list(range(1, 8 * 2000 + 1))
    assert allocator.last_issued(7) == 16_000
    assert allocator.last_issued(8) == 0


def test_an_allocator_continues_after_what_a_desk_already_issued() -> None:
    allocator: SequenceAllocator = MemorySequenceAllocator({42: 1336})
    assert issue_number(allocator, 42) == TicketNumber(42, 1337)
    assert issue_number(allocator, 43) == TicketNumber(43, 1)


def test_a_desk_that_issued_its_last_number_is_refused_more() -> None:
    allocator = MemorySequenceAllocator({5: SEQUENCE_MAX - 1})
    assert str(issue_number(allocator, 5)).startswith("005-999999-")
    with pytest.raises(SequenceExhausted) as raised:
        issue_number(allocator, 5)
    assert raised.value.desk == 5
    assert allocator.last_issued(5) == SEQUENCE_MAX
    assert issue_number(allocator, 6) == TicketNumber(6, 1)  # other desks go on


@pytest.mark.parametrize("start", [{0: 1}, {1000: 1}, {1: -1}, {1: SEQUENCE_MAX + 1}, {1: "7"}])
def test_an_allocator_refuses_impossible_starting_points(start: dict[int, object]) -> None:
    with pytest.raises(ValueError, match="must be"):
        MemorySequenceAllocator(start)  # type: ignore[arg-type]


@pytest.mark.parametrize("desk", [0, 1000, -3])
def test_no_sequence_is_handed_out_for_a_desk_out_of_range(desk: int) -> None:
    allocator = MemorySequenceAllocator()
    with pytest.raises(ValueError, match="desk must be"):
        allocator.next_sequence(desk)


# --- the derived default desk number ---------------------------------------------------------


def test_default_desk_number_is_stable_and_in_range() -> None:
    installation = uuid.UUID("0192f3c4-5b6a-7c8d-9e0f-a1b2c3d4e5f6")
    desk = default_desk_number(installation)
    assert DESK_MIN <= desk <= DESK_MAX
    assert default_desk_number(str(installation)) == desk
    assert default_desk_number(str(installation).upper()) == desk
    assert default_desk_number(installation.hex) == desk


def test_default_desk_numbers_spread_over_the_range_but_are_not_unique() -> None:
    derived = [default_desk_number(uuid.UUID(int=index)) for index in range(10_000)]
    assert all(DESK_MIN <= desk <= DESK_MAX for desk in derived)
    assert len(set(derived)) >= 990  # every value is reachable, none favoured much
    counts = [derived.count(desk) for desk in set(derived)]
    assert max(counts) < 30  # ten per value on average
    assert len(set(derived[:100])) < 100  # a hundred installations already share one


def test_default_desk_number_refuses_what_is_no_installation_id() -> None:
    with pytest.raises(ValueError, match="hexadecimal UUID"):
        default_desk_number("desk 17")
