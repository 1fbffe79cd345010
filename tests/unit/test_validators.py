"""Caller-verification checks: SNILS and INN check numbers (against a literal reading of the
official rules), passport series/number and dates, phone, e-mail and full name; the formats
people dictate, the canonical forms, the masks, and codes (never exceptions) for bad input."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import validators
from app.domain.validators import (
    EmailProblem,
    InnProblem,
    NameProblem,
    PassportProblem,
    PhoneProblem,
    SnilsProblem,
    email_problem,
    full_name_problem,
    inn_problem,
    is_valid_email,
    is_valid_full_name,
    is_valid_inn,
    is_valid_passport,
    is_valid_phone,
    is_valid_snils,
    make_inn,
    make_snils,
    mask_email,
    mask_inn,
    mask_passport,
    mask_phone,
    mask_snils,
    normalise_email,
    normalise_full_name,
    normalise_inn,
    normalise_passport,
    normalise_phone,
    normalise_snils,
    passport_issue_problem,
    passport_problem,
    phone_problem,
    snils_problem,
)

# --- the rules as the documents word them, to check the module against ---------------------


def reference_snils_check(nine: str) -> int:
    """PFR: weights 9..1; below 100 the sum itself; 100 and 101 give 00; above that the
    remainder of division by 101, a remainder of 100 again giving 00."""
    total = sum(int(digit) * (9 - position) for position, digit in enumerate(nine))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    remainder = total % 101
    return 0 if remainder == 100 else remainder


def reference_inn_remainder(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True)) % 11


INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def reference_inn(prefix: str) -> str:
    """A valid INN from its first 9 (organisation) or 10 (person) digits."""
    if len(prefix) == 9:
        return prefix + str(reference_inn_remainder(prefix, INN10) % 10)
    first = prefix + str(reference_inn_remainder(prefix, INN11) % 10)
    return first + str(reference_inn_remainder(first, INN12) % 10)


# --- strategies -----------------------------------------------------------------------------

#: Nine digits above 001-001-998, where the check number applies.
checked_nines = st.integers(1_001_999, 999_999_999).map(lambda n: f"{n:09d}")
any_nines = st.integers(1, 999_999_999).map(lambda n: f"{n:09d}")
inn_prefixes = st.one_of(
    st.integers(10**7, 10**9 - 1).map(lambda n: f"{n:09d}"),
    st.integers(10**8, 10**10 - 1).map(lambda n: f"{n:010d}"),
)
#: What people and operators put between digits while dictating.
separators = st.sampled_from(["", "", "", " ", "-", " - ", "  ", "\u00a0", "\u2013", "\t"])


@st.composite
def dictated(draw: st.DrawFn, digits: str) -> str:
    """``digits`` with random separators before, between and after them."""
    gaps = draw(st.lists(separators, min_size=len(digits) + 1, max_size=len(digits) + 1))
    return gaps[0] + "".join(digit + gap for digit, gap in zip(digits, gaps[1:], strict=True))


def only_digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def one_digit_changes(number: str) -> list[str]:
    return [
        number[:i] + other + number[i + 1 :]
        for i, digit in enumerate(number)
        for other in "0123456789"
        if other != digit
    ]


# --- SNILS ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "112-233-445 95",  # the example in the PFR instructions: sum 95
        "123-456-789 64",  # sum 165, 165 mod 101 = 64
        "123 456 789 64",
        "12345678964",
        " 123 - 456 - 789  64 ",
        "001-019-989 00",  # sum exactly 100
        "001-029-985 00",  # sum exactly 101
        "001-028-998 01",  # sum 102: 102 mod 101 = 1
        "003-998-986 00",  # sum 201: remainder 100 is written 00
        "003-997-999 00",  # sum 202: remainder 0
        "001-001-999 65",  # the first number with a check: sum 65
        "001-001-998 00",  # not above 001-001-998: no check at all ...
        "001-001-998 99",
        "000-000-001 42",  # ... however the last two digits read
    ],
)
def test_snils_accepted_and_written_in_the_printed_layout(text: str) -> None:
    assert snils_problem(text) is None
    assert is_valid_snils(text)
    canonical = normalise_snils(text)
    assert canonical is not None
    assert re.fullmatch(r"\d{3}-\d{3}-\d{3} \d{2}", canonical)
    assert only_digits(canonical) == only_digits(text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (None, SnilsProblem.EMPTY),
        ("", SnilsProblem.EMPTY),
        (" - - ", SnilsProblem.EMPTY),
        ("112-233-445 96", SnilsProblem.CHECK_DIGITS),
        ("112-233-445 59", SnilsProblem.CHECK_DIGITS),  # check digits swapped
        ("121-233-445 95", SnilsProblem.CHECK_DIGITS),  # neighbours swapped
        ("001-019-989 100", SnilsProblem.WRONG_LENGTH),  # a sum of 100 written as it is
        ("001-001-999 00", SnilsProblem.CHECK_DIGITS),  # just above the threshold
        ("000-000-000 00", SnilsProblem.ALL_ZEROS),
        ("112-233-445 9", SnilsProblem.WRONG_LENGTH),
        ("112-233-445 955", SnilsProblem.WRONG_LENGTH),
        ("112/233/445 95", SnilsProblem.NOT_DIGITS),
        ("СНИЛС 112-233-445 95", SnilsProblem.NOT_DIGITS),
        ("١١٢٢٣٣٤٤٥٩٥", SnilsProblem.NOT_DIGITS),  # Arabic-Indic digits
        ("１１２２３３４４５９５", SnilsProblem.NOT_DIGITS),  # full-width digits
        ("1" * 100_000, SnilsProblem.WRONG_LENGTH),
    ],
)
def test_snils_refused_with_the_reason(text: str | None, problem: SnilsProblem) -> None:
    assert snils_problem(text) is problem
    assert not is_valid_snils(text)
    assert normalise_snils(text) is None


@given(nine=any_nines)
def test_make_snils_follows_the_rule_as_worded(nine: str) -> None:
    assert (
        make_snils(nine) == f"{nine[:3]}-{nine[3:6]}-{nine[6:]} {reference_snils_check(nine):02d}"
    )


@given(nine=any_nines, data=st.data())
def test_dictated_snils_validates_and_normalises_to_one_form(
    nine: str, data: st.DataObject
) -> None:
    canonical = make_snils(nine)
    spoken = data.draw(dictated(only_digits(canonical)))

    assert is_valid_snils(spoken)
    assert normalise_snils(spoken) == canonical
    assert normalise_snils(canonical) == canonical
    assert mask_snils(spoken) == mask_snils(canonical)


@given(nine=checked_nines)
def test_one_wrong_digit_in_a_snils_is_caught_except_in_the_00_class(nine: str) -> None:
    """A changed digit is let through only when the new number is at or below 001-001-998
    or both weighted sums give 00 (a remainder of 0 or 100): the check cannot tell them apart."""
    original = only_digits(make_snils(nine))

    for changed in one_digit_changes(original):
        if not is_valid_snils(changed):
            continue
        first_nine = changed[:9]
        both_00 = {reference_snils_check(nine), reference_snils_check(first_nine)} == {0}
        assert int(first_nine) <= 1_001_998 or both_00, changed


def test_the_snils_check_misses_some_single_digit_errors() -> None:
    """Sums 101 and 100 both give 00: "5" misheard as "4" in the last place goes unseen."""
    assert is_valid_snils("001-029-985 00")
    assert is_valid_snils("001-029-984 00")


# --- INN ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "7707083893",  # Sberbank
        "7736207543",  # Yandex
        "7728168971",  # Alfa-Bank
        "500100732259",  # a personal INN
        "77 07 08 38 93",
        "7707-083-893",
    ],
)
def test_inn_accepted(text: str) -> None:
    assert inn_problem(text) is None
    assert is_valid_inn(text)
    assert normalise_inn(text) == only_digits(text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (None, InnProblem.EMPTY),
        ("   ", InnProblem.EMPTY),
        ("7707083894", InnProblem.CHECK_DIGITS),
        ("500100732258", InnProblem.CHECK_DIGITS),
        ("500100732249", InnProblem.CHECK_DIGITS),  # the first check digit wrong
        ("0000000000", InnProblem.ALL_ZEROS),
        ("000000000000", InnProblem.ALL_ZEROS),
        ("770708389", InnProblem.WRONG_LENGTH),
        ("77070838931", InnProblem.WRONG_LENGTH),  # 11 digits: neither kind
        ("5001007322590", InnProblem.WRONG_LENGTH),
        ("ИНН 7707083893", InnProblem.NOT_DIGITS),
        ("٧٧٠٧٠٨٣٨٩٣", InnProblem.NOT_DIGITS),
        ("7" * 100_000, InnProblem.WRONG_LENGTH),
    ],
)
def test_inn_refused_with_the_reason(text: str | None, problem: InnProblem) -> None:
    assert inn_problem(text) is problem
    assert not is_valid_inn(text)
    assert normalise_inn(text) is None


@given(prefix=inn_prefixes, data=st.data())
def test_generated_inn_validates_also_when_dictated(prefix: str, data: st.DataObject) -> None:
    inn = make_inn(prefix)
    spoken = data.draw(dictated(inn))

    assert inn == reference_inn(prefix)
    assert is_valid_inn(spoken)
    assert normalise_inn(spoken) == inn
    assert normalise_inn(normalise_inn(spoken)) == inn


@given(prefix=st.integers(10**9, 10**10 - 1).map(str))
def test_any_one_wrong_digit_in_a_personal_inn_is_caught(prefix: str) -> None:
    for changed in one_digit_changes(make_inn(prefix)):
        assert inn_problem(changed) is InnProblem.CHECK_DIGITS, changed


@given(prefix=st.integers(10**8, 10**9 - 1).map(str))
def test_one_wrong_digit_in_an_organisation_inn_is_caught_unless_remainders_10_and_0_meet(
    prefix: str,
) -> None:
    """Remainders 10 and 0 both give the check digit 0, so a change between them is unseen."""
    inn = make_inn(prefix)
    for changed in one_digit_changes(inn):
        if is_valid_inn(changed):
            remainders = {
                reference_inn_remainder(inn[:9], INN10),
                reference_inn_remainder(changed[:9], INN10),
            }
            assert remainders == {0, 10}, changed


def test_the_organisation_inn_check_misses_some_single_digit_errors() -> None:
    assert is_valid_inn("7791907480")  # weighted sum 296: remainder 10, check 0
    assert is_valid_inn("2791907480")  # weighted sum 286: remainder 0, check 0


@pytest.mark.parametrize(
    ("make", "bad"),
    [(make_snils, bad) for bad in ("12345678", "12345678a", "١٢٣٤٥٦٧٨٩")]
    + [(make_inn, bad) for bad in ("12345678", "12345678901", "77070838x")],
)
def test_number_makers_refuse_bad_prefixes(make: Callable[[str], str], bad: str) -> None:
    with pytest.raises(ValueError, match="digits are needed"):
        make(bad)


# --- passport -------------------------------------------------------------------------------

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    "text", ["4510 123456", "45 10 123456", "4510123456", "45-10-123456", "45 10 № 123456"]
)
def test_passport_formats_read_as_series_and_number(text: str) -> None:
    assert passport_problem(text) is None
    assert normalise_passport(text) == ("4510", "123456")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (None, PassportProblem.EMPTY),
        ("", PassportProblem.EMPTY),
        ("0010 123456", PassportProblem.NO_REGION),
        ("4510 000000", PassportProblem.ZERO_NUMBER),
        ("4510 12345", PassportProblem.WRONG_LENGTH),
        ("45 10 N 123456", PassportProblem.NOT_DIGITS),
        ("IV-МЮ 123456", PassportProblem.NOT_DIGITS),  # a Soviet-style series
        ("٤٥١٠ ١٢٣٤٥٦", PassportProblem.NOT_DIGITS),
        ("4" * 100_000, PassportProblem.WRONG_LENGTH),
    ],
)
def test_passport_refused_with_the_reason(text: str | None, problem: PassportProblem) -> None:
    assert passport_problem(text) is problem
    assert normalise_passport(text) is None


@pytest.mark.parametrize(
    ("born_on", "issued_on", "problem"),
    [
        (date(1996, 5, 2), date(2010, 5, 2), None),  # on the 14th birthday
        (date(1996, 5, 2), date(2010, 5, 1), PassportProblem.ISSUED_BEFORE_14),
        (date(1996, 2, 29), date(2010, 2, 28), None),  # born on 29 February
        (date(1996, 2, 29), date(2010, 2, 27), PassportProblem.ISSUED_BEFORE_14),
        (date(1960, 1, 1), date(1997, 10, 1), None),  # the first day of issue
        (date(1960, 1, 1), date(1997, 9, 30), PassportProblem.ISSUED_BEFORE_1997),
        (date(1960, 1, 1), TODAY, None),
        (date(1960, 1, 1), TODAY + timedelta(days=1), PassportProblem.ISSUED_IN_FUTURE),
        (TODAY + timedelta(days=1), TODAY, PassportProblem.BORN_IN_FUTURE),
        (None, date(2001, 1, 1), None),  # no birth date: only what can be checked
        (None, date(1995, 1, 1), PassportProblem.ISSUED_BEFORE_1997),
    ],
)
def test_passport_issue_date_rules(
    born_on: date | None, issued_on: date, problem: PassportProblem | None
) -> None:
    assert passport_issue_problem(issued_on, born_on=born_on, today=TODAY) is problem
    assert passport_problem("4510 123456", issued_on=issued_on, born_on=born_on, today=TODAY) is (
        problem
    )
    assert is_valid_passport("4510 123456", issued_on=issued_on, born_on=born_on, today=TODAY) is (
        problem is None
    )


class EveningInMoscow(datetime):
    """The clock at 18:00 in Moscow on 25 November 2026: already the 26th in Kamchatka."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> EveningInMoscow:
        instant = cls(2026, 11, 25, 15, 0, tzinfo=UTC)
        return instant.astimezone(tz) if tz is not None else instant


def test_a_passport_issued_today_in_the_far_east_is_not_in_the_future(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(validators, "datetime", EveningInMoscow)

    assert passport_issue_problem(date(2026, 11, 26)) is None
    assert passport_issue_problem(date(2026, 11, 27)) is PassportProblem.ISSUED_IN_FUTURE
    assert passport_problem("4510 123456", issued_on=date(2026, 11, 26)) is None


# --- phone ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("+7 (916) 123-45-67", "+79161234567"),
        ("8 916 123 45 67", "+79161234567"),
        ("8 (916) 123-45-67", "+79161234567"),
        ("916 123 45 67", "+79161234567"),
        ("8 (495) 123-45-67", "+74951234567"),
        ("8 800 555-35-35", "+78005553535"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_formats_normalise_to_e164(text: str, e164: str) -> None:
    assert phone_problem(text) is None
    assert is_valid_phone(text)
    assert normalise_phone(text) == e164


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (None, PhoneProblem.EMPTY),
        ("  ", PhoneProblem.EMPTY),
        ("123", PhoneProblem.TOO_SHORT),
        ("+7 916 123 45 67 89 00", PhoneProblem.TOO_LONG),
        ("+7 000 123 45 67", PhoneProblem.NOT_ASSIGNED),
        ("+999 123 45 67", PhoneProblem.INVALID_COUNTRY_CODE),
        ("1-800-FLOWERS", PhoneProblem.NOT_A_NUMBER),
        ("+7 916 123 45 67 доб. 12", PhoneProblem.NOT_A_NUMBER),
        ("+7 ٩١٦ ١٢٣ ٤٥ ٦٧", PhoneProblem.NOT_A_NUMBER),
        ("+", PhoneProblem.NOT_A_NUMBER),
        ("9" * 100_000, PhoneProblem.TOO_LONG),
    ],
)
def test_phone_refused_with_the_reason(text: str | None, problem: PhoneProblem) -> None:
    assert phone_problem(text) is problem
    assert normalise_phone(text) is None


# --- e-mail ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("ivan.petrov@mail.ru", "ivan.petrov@mail.ru"),
        ("  Ivan.Petrov@Mail.RU ", "Ivan.Petrov@mail.ru"),
        ("a+hotline@gosuslugi.ru", "a+hotline@gosuslugi.ru"),
        ("user@sub.domain-x.example.com", "user@sub.domain-x.example.com"),
        ("иван@Почта.РФ", "иван@почта.рф"),
    ],
)
def test_email_accepted_with_the_domain_in_lower_case(text: str, canonical: str) -> None:
    assert email_problem(text) is None
    assert is_valid_email(text)
    assert normalise_email(text) == canonical


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (None, EmailProblem.EMPTY),
        ("", EmailProblem.EMPTY),
        ("ivan.mail.ru", EmailProblem.NO_AT_SIGN),
        ("@mail.ru", EmailProblem.BAD_LOCAL_PART),
        ("ivan..petrov@mail.ru", EmailProblem.BAD_LOCAL_PART),
        (".ivan@mail.ru", EmailProblem.BAD_LOCAL_PART),
        ("ivan petrov@mail.ru", EmailProblem.BAD_LOCAL_PART),
        ("ivan@mail@ru", EmailProblem.BAD_LOCAL_PART),
        ("ivan@mailru", EmailProblem.BAD_DOMAIN),
        ("ivan@mail.", EmailProblem.BAD_DOMAIN),
        ("ivan@-mail.ru", EmailProblem.BAD_DOMAIN),
        ("ivan@10.0.0.1", EmailProblem.BAD_DOMAIN),
        ("ivan@mail.r", EmailProblem.BAD_DOMAIN),
        ("ivan@mail.ру١", EmailProblem.BAD_DOMAIN),
        (f"{'a' * 65}@mail.ru", EmailProblem.BAD_LOCAL_PART),
        (f"ivan@{'a' * 64}.ru", EmailProblem.BAD_DOMAIN),
        (f"ivan@{'a' * 300}.ru", EmailProblem.TOO_LONG),
    ],
)
def test_email_refused_with_the_reason(text: str | None, problem: EmailProblem) -> None:
    assert email_problem(text) is problem
    assert normalise_email(text) is None


# --- full name ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Иванов Иван Иванович", "Иванов Иван Иванович"),
        ("  иванов   иван  иванович ", "Иванов Иван Иванович"),
        ("ИВАНОВ ИВАН", "Иванов Иван"),
        ("ёлкина алёна фёдоровна", "Ёлкина Алёна Фёдоровна"),  # ё stays ё
        ("иванова-петрова анна", "Иванова-Петрова Анна"),
        ("Иванова – Петрова Анна", "Иванова-Петрова Анна"),
        ("o'brien patrick", "O'Brien Patrick"),
        ("O’Brien Patrick", "O'Brien Patrick"),
        ("д'артаньян шарль", "Д'Артаньян Шарль"),
        ("Дар'я Иванова", "Дар'я Иванова"),
        ("McDonald ronald", "McDonald Ronald"),
        ("иВАНОВ иВАН", "Иванов Иван"),  # Caps Lock was on
        ("мамедов рашид оглы", "Мамедов Рашид оглы"),
        ("José Müller", "José Müller"),
        ("Иван\tИванов\n", "Иван Иванов"),
    ],
)
def test_full_name_capitalised_and_spaced(text: str, canonical: str) -> None:
    assert full_name_problem(text) is None
    assert is_valid_full_name(text)
    assert normalise_full_name(text) == canonical


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (None, NameProblem.EMPTY),
        (" \t ", NameProblem.EMPTY),
        ("Иванов", NameProblem.TOO_FEW_PARTS),
        ("Иванов2 Иван", NameProblem.BAD_CHARACTERS),
        ("Иванов Иван.", NameProblem.BAD_CHARACTERS),
        ("Ιωάννης Παπαδόπουλος", NameProblem.BAD_CHARACTERS),  # Greek
        ("Ивaнов Иван", NameProblem.MIXED_ALPHABETS),  # a Latin "a"
        ("Иванов Иван-", NameProblem.BAD_PUNCTUATION),
        ("'Иванов Иван", NameProblem.BAD_PUNCTUATION),
        ("Иванов Ив''ан", NameProblem.BAD_PUNCTUATION),
        ("Иванов -- Иван", NameProblem.BAD_PUNCTUATION),
        ("Иван " * 100, NameProblem.TOO_LONG),
    ],
)
def test_full_name_refused_with_the_reason(text: str | None, problem: NameProblem) -> None:
    assert full_name_problem(text) is problem
    assert normalise_full_name(text) is None


# --- masks ----------------------------------------------------------------------------------


def test_masks_show_only_the_last_four_digits() -> None:
    assert mask_snils("123-456-789 64") == "***-***-*89 64"
    assert mask_inn("7707083893") == "******3893"
    assert mask_inn("500100732259") == "********2259"
    assert mask_passport("45 10 123456") == "**** **3456"
    assert mask_passport(("4510", "123456")) == "**** **3456"
    assert mask_phone("8 916 123-45-67") == "+*******4567"
    assert mask_email("Ivan.Petrov@Mail.RU") == "I***@mail.ru"


@pytest.mark.parametrize(
    "mask", [mask_snils, mask_inn, mask_passport, mask_phone, mask_email], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("text", [None, "", "12", "abc", "١٢٣٤٥٦٧٨٩٠١", "7" * 100_000])
def test_masks_of_unusable_input_show_nothing(
    mask: Callable[[str | None], str], text: str | None
) -> None:
    assert mask(text) == "***"


def assert_only_last_four(mask: str, digits: str) -> None:
    assert only_digits(mask) == digits[-4:]
    assert mask.count("*") == len(digits) - 4


@given(
    nine=any_nines,
    inn_prefix=inn_prefixes,
    passport=st.integers(100_000_001, 9_999_999_999).map(lambda n: f"{n:010d}"),
    subscriber=st.integers(0, 9_999_999),
    data=st.data(),
)
def test_masks_reveal_at_most_the_last_four_digits(
    nine: str, inn_prefix: str, passport: str, subscriber: int, data: st.DataObject
) -> None:
    snils = only_digits(make_snils(nine))
    assert_only_last_four(mask_snils(data.draw(dictated(snils))), snils)
    inn = make_inn(inn_prefix)
    assert_only_last_four(mask_inn(data.draw(dictated(inn))), inn)
    assert_only_last_four(mask_passport(data.draw(dictated(passport))), passport)
    phone = f"8 916 {subscriber:07d}"
    assert_only_last_four(mask_phone(phone), only_digits(normalise_phone(phone) or ""))


# --- anything at all ------------------------------------------------------------------------

PROBLEM_FUNCTIONS = [
    (snils_problem, normalise_snils, SnilsProblem),
    (inn_problem, normalise_inn, InnProblem),
    (passport_problem, normalise_passport, PassportProblem),
    (phone_problem, normalise_phone, PhoneProblem),
    (email_problem, normalise_email, EmailProblem),
    (full_name_problem, normalise_full_name, NameProblem),
]
arbitrary_text = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet="0123456789 -+()@.'№١٢٣４５²"),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=50, max_size=400),
)


@given(text=arbitrary_text)
def test_any_input_gets_a_code_or_a_canonical_form_never_an_exception(text: str | None) -> None:
    for problem_of, normalise, codes in PROBLEM_FUNCTIONS:
        problem = problem_of(text)
        canonical = normalise(text)
        assert problem is None or isinstance(problem, codes)
        assert (problem is None) == (canonical is not None)
        if isinstance(canonical, str):  # the canonical form is itself valid and stable
            assert problem_of(canonical) is None
            assert normalise(canonical) == canonical
    for mask in (mask_snils, mask_inn, mask_passport, mask_phone, mask_email):
        assert isinstance(mask(text), str)
