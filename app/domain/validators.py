"""Checks for what a caller dictates to prove who they are: SNILS, INN, passport, phone,
e-mail and full name; each value can be validated, normalised and masked for display.

Every ``*_problem`` function returns an enum code (or None when the value is fine) that the
Qt layer translates; nothing here raises on bad input or builds a sentence for people.

Check-number rules:

* SNILS: the first nine digits are weighted 9, 8, ..., 1 and summed; the check number is the
  sum while it is below 100, 00 for 100 and 101, and otherwise the remainder of division by
  101 with a remainder of 100 written as 00 (in short: ``sum % 101 % 100``). Numbers not
  greater than 001-001-998 were given out before the check existed and carry no check: any
  two check digits are accepted for them (PFR reporting instructions, section "Алгоритм
  формирования контрольного числа Страхового номера"). The all-zero number is a placeholder
  and is refused here even though the rule would let it through.
* INN: a 10-digit (organisation) number has one check digit, a 12-digit (personal) number two;
  each is a weighted sum modulo 11 and then modulo 10.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from enum import Enum
from zoneinfo import ZoneInfo

import phonenumbers


class SnilsProblem(Enum):
    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"
    ALL_ZEROS = "all_zeros"
    CHECK_DIGITS = "check_digits"


class InnProblem(Enum):
    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    #: Neither 10 digits (organisation) nor 12 digits (person).
    WRONG_LENGTH = "wrong_length"
    ALL_ZEROS = "all_zeros"
    CHECK_DIGITS = "check_digits"


class PassportProblem(Enum):
    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    #: Series and number together are not 4 + 6 = 10 digits.
    WRONG_LENGTH = "wrong_length"
    #: The series starts with "00", which is no region code.
    NO_REGION = "no_region"
    ZERO_NUMBER = "zero_number"
    BORN_IN_FUTURE = "born_in_future"
    ISSUED_IN_FUTURE = "issued_in_future"
    #: Before 1 October 1997, when passports of the Russian Federation were first issued.
    ISSUED_BEFORE_1997 = "issued_before_1997"
    ISSUED_BEFORE_14 = "issued_before_14"


class PhoneProblem(Enum):
    EMPTY = "empty"
    #: Letters or other characters that are not part of a dialled number.
    NOT_A_NUMBER = "not_a_number"
    INVALID_COUNTRY_CODE = "invalid_country_code"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    #: Between the shortest and the longest numbers of the country, but no length it uses.
    WRONG_LENGTH = "wrong_length"
    #: The right shape, but no such number range is in use.
    NOT_ASSIGNED = "not_assigned"


class EmailProblem(Enum):
    EMPTY = "empty"
    NO_AT_SIGN = "no_at_sign"
    BAD_LOCAL_PART = "bad_local_part"
    BAD_DOMAIN = "bad_domain"
    TOO_LONG = "too_long"


class NameProblem(Enum):
    EMPTY = "empty"
    #: Digits, symbols or letters of an alphabet other than Cyrillic or Latin.
    BAD_CHARACTERS = "bad_characters"
    #: One word mixes Cyrillic and Latin letters (a Latin "a" in "Ивaнов").
    MIXED_ALPHABETS = "mixed_alphabets"
    #: A hyphen or apostrophe with no letters on one side ("Иванов-", "-Петров", "''").
    BAD_PUNCTUATION = "bad_punctuation"
    #: A single word: a full name has at least a surname and a first name.
    TOO_FEW_PARTS = "too_few_parts"
    TOO_LONG = "too_long"


# --- dictated digits ----------------------------------------------------------------------

#: What people put between the groups of a number: spaces and all kinds of dashes.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
_ASCII_DIGITS = re.compile(r"[0-9]+")


class _Unusable(Enum):
    """Why a text cannot be a number at all; the values match the public problem codes."""

    EMPTY = "empty"
    NOT_DIGITS = "not_digits"


def _dictated_digits(text: object, *, drop: str = "") -> str | _Unusable:
    """The ASCII digits of ``text`` once separators (and the characters in ``drop``) are gone."""
    if not isinstance(text, str):
        return _Unusable.EMPTY if text is None else _Unusable.NOT_DIGITS
    for char in drop:
        text = text.replace(char, " ")
    compact = _SEPARATORS.sub("", text)
    if not compact:
        return _Unusable.EMPTY
    if _ASCII_DIGITS.fullmatch(compact) is None:  # also refuses "١٢٣" and "²"
        return _Unusable.NOT_DIGITS
    return compact


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True))


# --- SNILS --------------------------------------------------------------------------------

_SNILS_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, 1)
#: Numbers up to and including 001-001-998 carry no check number.
_SNILS_LAST_UNCHECKED = 1_001_998


def _snils_check(nine: str) -> int:
    return _weighted(nine, _SNILS_WEIGHTS) % 101 % 100


def _snils_layout(digits: str) -> str:
    return f"{digits[0:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:11]}"


def make_snils(nine_digits: str) -> str:
    """The SNILS with these nine digits and the check number, as "123-456-789 64".

    For programs (demo data, tests), not for input: bad arguments raise ValueError.
    """
    if _ASCII_DIGITS.fullmatch(nine_digits) is None or len(nine_digits) != 9:
        raise ValueError("nine ASCII digits are needed")
    return _snils_layout(f"{nine_digits}{_snils_check(nine_digits):02d}")


def snils_problem(text: str | None) -> SnilsProblem | None:
    compact = _dictated_digits(text)
    if isinstance(compact, _Unusable):
        return SnilsProblem(compact.value)
    if len(compact) != 11:
        return SnilsProblem.WRONG_LENGTH
    nine = compact[:9]
    if int(nine) == 0:
        return SnilsProblem.ALL_ZEROS
    if int(nine) > _SNILS_LAST_UNCHECKED and _snils_check(nine) != int(compact[9:]):
        return SnilsProblem.CHECK_DIGITS
    return None


def is_valid_snils(text: str | None) -> bool:
    return snils_problem(text) is None


def normalise_snils(text: str | None) -> str | None:
    """The SNILS as "123-456-789 64", or None when it is not valid."""
    if snils_problem(text) is not None:
        return None
    compact = _dictated_digits(text)
    assert isinstance(compact, str)
    return _snils_layout(compact)


def mask_snils(text: str | None) -> str:
    """ "***-***-*89 64": only the last four digits show; "***" when it is not 11 digits."""
    compact = _dictated_digits(text)
    if isinstance(compact, _Unusable) or len(compact) != 11:
        return "***"
    return _snils_layout("*" * 7 + compact[7:])


# --- INN ----------------------------------------------------------------------------------

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _inn_digit(digits: str, weights: tuple[int, ...]) -> str:
    return str(_weighted(digits, weights) % 11 % 10)


def make_inn(digits: str) -> str:
    """The INN that starts with ``digits`` plus its check digits.

    Nine digits give an organisation's 10-digit INN, ten digits a person's 12-digit INN.
    For programs (demo data, tests), not for input: bad arguments raise ValueError.
    """
    if _ASCII_DIGITS.fullmatch(digits) is None or len(digits) not in (9, 10):
        raise ValueError("nine or ten ASCII digits are needed")
    if len(digits) == 9:
        return digits + _inn_digit(digits, _INN10_WEIGHTS)
    first = digits + _inn_digit(digits, _INN11_WEIGHTS)
    return first + _inn_digit(first, _INN12_WEIGHTS)


def inn_problem(text: str | None) -> InnProblem | None:
    compact = _dictated_digits(text)
    if isinstance(compact, _Unusable):
        return InnProblem(compact.value)
    if len(compact) not in (10, 12):
        return InnProblem.WRONG_LENGTH
    if int(compact) == 0:
        return InnProblem.ALL_ZEROS
    if make_inn(compact[: len(compact) - (1 if len(compact) == 10 else 2)]) != compact:
        return InnProblem.CHECK_DIGITS
    return None


def is_valid_inn(text: str | None) -> bool:
    return inn_problem(text) is None


def normalise_inn(text: str | None) -> str | None:
    """The INN as bare digits, or None when it is not valid."""
    compact = _dictated_digits(text)
    return compact if isinstance(compact, str) and inn_problem(compact) is None else None


def mask_inn(text: str | None) -> str:
    """ "******3893": only the last four digits show; "***" when it is not 10 or 12 digits."""
    compact = _dictated_digits(text)
    if isinstance(compact, _Unusable) or len(compact) not in (10, 12):
        return "***"
    return "*" * (len(compact) - 4) + compact[-4:]


# --- passport of the Russian Federation ---------------------------------------------------

#: Passports of the Russian Federation have been issued since this day (Government decree
#: No. 828 of 8 July 1997, item 2).
_FIRST_PASSPORT_DAY = date(1997, 10, 1)
_PASSPORT_AGE = 14
#: Where in Russia the day starts first: "today" there is the latest date that is not future.
_EASTERNMOST = ZoneInfo("Asia/Kamchatka")


def _passport_digits(text: object) -> str | _Unusable:
    # The blank prints "45 10 № 123456"; people read the sign out or write "No".
    return _dictated_digits(text, drop="№")


def _birthday(born_on: date, years: int) -> date:
    """The day a person born on ``born_on`` turns ``years``; 29 February falls on the 28th."""
    try:
        return born_on.replace(year=born_on.year + years)
    except ValueError:
        return born_on.replace(year=born_on.year + years, day=28)


def passport_issue_problem(
    issued_on: date, *, born_on: date | None = None, today: date | None = None
) -> PassportProblem | None:
    """What is wrong with an issue date (and the birth date it is checked against), if any.

    ``today`` defaults to the date in Kamchatka, so a passport issued today anywhere in
    Russia is never "in the future".
    """
    today = today if today is not None else datetime.now(_EASTERNMOST).date()
    if born_on is not None and born_on > today:
        return PassportProblem.BORN_IN_FUTURE
    if issued_on > today:
        return PassportProblem.ISSUED_IN_FUTURE
    if issued_on < _FIRST_PASSPORT_DAY:
        return PassportProblem.ISSUED_BEFORE_1997
    if born_on is not None and issued_on < _birthday(born_on, _PASSPORT_AGE):
        return PassportProblem.ISSUED_BEFORE_14
    return None


def passport_problem(
    text: str | None,
    *,
    issued_on: date | None = None,
    born_on: date | None = None,
    today: date | None = None,
) -> PassportProblem | None:
    """What is wrong with a series and number (and the dates, when given), if anything."""
    compact = _passport_digits(text)
    if isinstance(compact, _Unusable):
        return PassportProblem(compact.value)
    if len(compact) != 10:
        return PassportProblem.WRONG_LENGTH
    if compact.startswith("00"):
        return PassportProblem.NO_REGION
    if compact[4:] == "000000":
        return PassportProblem.ZERO_NUMBER
    if issued_on is not None:
        return passport_issue_problem(issued_on, born_on=born_on, today=today)
    return None


def is_valid_passport(
    text: str | None,
    *,
    issued_on: date | None = None,
    born_on: date | None = None,
    today: date | None = None,
) -> bool:
    return passport_problem(text, issued_on=issued_on, born_on=born_on, today=today) is None


def normalise_passport(text: str | None) -> tuple[str, str] | None:
    """The series and the number, as ("4510", "123456"), or None when they are not valid."""
    if passport_problem(text) is not None:
        return None
    compact = _passport_digits(text)
    assert isinstance(compact, str)
    return compact[:4], compact[4:]


def mask_passport(value: str | tuple[str, str] | None) -> str:
    """ "**** **3456" for "4510 123456" or ("4510", "123456"); "***" when not 10 digits."""
    compact = _passport_digits(" ".join(value) if isinstance(value, tuple) else value)
    if isinstance(compact, _Unusable) or len(compact) != 10:
        return "***"
    return f"**** **{compact[-4:]}"


# --- phone --------------------------------------------------------------------------------

_DEFAULT_REGION = "RU"
#: Digits and what people write between them; letters (vanity numbers, "доб.") are refused.
_DIALLED = re.compile(r"\+?[0-9()\s.\-\u2010-\u2015\u2212]+")
_MAX_PHONE_INPUT = 64
_POSSIBLE_REASONS = {
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: PhoneProblem.INVALID_COUNTRY_CODE,
    phonenumbers.ValidationResult.TOO_SHORT: PhoneProblem.TOO_SHORT,
    phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY: PhoneProblem.TOO_SHORT,
    phonenumbers.ValidationResult.TOO_LONG: PhoneProblem.TOO_LONG,
    phonenumbers.ValidationResult.INVALID_LENGTH: PhoneProblem.WRONG_LENGTH,
}
_PARSE_ERRORS = {
    phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: PhoneProblem.INVALID_COUNTRY_CODE,
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: PhoneProblem.TOO_SHORT,
    phonenumbers.NumberParseException.TOO_SHORT_NSN: PhoneProblem.TOO_SHORT,
    phonenumbers.NumberParseException.TOO_LONG: PhoneProblem.TOO_LONG,
}


def _parse_phone(text: object) -> phonenumbers.PhoneNumber | PhoneProblem:  # noqa: PLR0911
    if not isinstance(text, str) or not text.strip():
        return PhoneProblem.EMPTY
    text = text.strip()
    if len(text) > _MAX_PHONE_INPUT:
        return PhoneProblem.TOO_LONG
    if _DIALLED.fullmatch(text) is None or not any(char.isdigit() for char in text):
        return PhoneProblem.NOT_A_NUMBER
    try:
        number = phonenumbers.parse(text, _DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        return _PARSE_ERRORS.get(error.error_type, PhoneProblem.NOT_A_NUMBER)
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in _POSSIBLE_REASONS:
        return _POSSIBLE_REASONS[reason]
    if not phonenumbers.is_valid_number(number):
        shorter = phonenumbers.PhoneNumber()
        shorter.merge_from(number)
        # A valid number followed by extra digits reads better as "too long".
        if phonenumbers.truncate_too_long_number(shorter):
            return PhoneProblem.TOO_LONG
        return PhoneProblem.NOT_ASSIGNED
    return number


def phone_problem(text: str | None) -> PhoneProblem | None:
    parsed = _parse_phone(text)
    return parsed if isinstance(parsed, PhoneProblem) else None


def is_valid_phone(text: str | None) -> bool:
    return phone_problem(text) is None


def normalise_phone(text: str | None) -> str | None:
    """The number in E.164 ("+79161234567"), or None when it is not valid."""
    parsed = _parse_phone(text)
    if isinstance(parsed, PhoneProblem):
        return None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def mask_phone(text: str | None) -> str:
    """ "+*******4567": only the last four digits show; "***" when it is not a valid number."""
    e164 = normalise_phone(text)
    if e164 is None:
        return "***"
    return "+" + "*" * (len(e164) - 5) + e164[-4:]


# --- e-mail -------------------------------------------------------------------------------

_MAX_EMAIL = 254
_MAX_LOCAL = 64
_MAX_LABEL = 63
#: What RFC 5322 allows unquoted in the part before "@", besides letters and digits.
_LOCAL_SYMBOLS = frozenset("!#$%&'*+/=?^_`{|}~-.")


def _is_letter_or_digit(char: str) -> bool:
    """ASCII letters and digits, and letters of any alphabet (internationalised addresses)."""
    return (char.isascii() and char.isalnum()) or (not char.isascii() and char.isalpha())


def _local_ok(local: str) -> bool:
    if not 0 < len(local) <= _MAX_LOCAL or local[0] == "." or local[-1] == "." or ".." in local:
        return False
    return all(_is_letter_or_digit(char) or char in _LOCAL_SYMBOLS for char in local)


def _domain_ok(domain: str) -> bool:
    labels = domain.split(".")
    if len(labels) < 2 or labels[-1].isdigit() or len(labels[-1]) < 2:
        return False
    for label in labels:
        if not 0 < len(label) <= _MAX_LABEL or label[0] == "-" or label[-1] == "-":
            return False
        if not all(_is_letter_or_digit(char) or char == "-" for char in label):
            return False
    try:  # "почта.рф" must have an ASCII (punycode) form for mail to reach it
        ascii_domain = domain.encode("idna")
    except UnicodeError:
        return False
    return len(ascii_domain) <= _MAX_EMAIL


def _split_email(text: object) -> tuple[str, str] | EmailProblem:
    if not isinstance(text, str) or not text.strip():
        return EmailProblem.EMPTY
    value = unicodedata.normalize("NFC", text.strip())
    if len(value) > _MAX_EMAIL:
        return EmailProblem.TOO_LONG
    local, at, domain = value.rpartition("@")
    if not at:
        return EmailProblem.NO_AT_SIGN
    if not _local_ok(local):
        return EmailProblem.BAD_LOCAL_PART
    domain = domain.lower()
    if not _domain_ok(domain):
        return EmailProblem.BAD_DOMAIN
    return local, domain


def email_problem(text: str | None) -> EmailProblem | None:
    parts = _split_email(text)
    return parts if isinstance(parts, EmailProblem) else None


def is_valid_email(text: str | None) -> bool:
    return email_problem(text) is None


def normalise_email(text: str | None) -> str | None:
    """The address trimmed, with the domain in lower case; None when it is not valid.

    The part before "@" keeps its case: some mail servers tell "Ivan" from "ivan".
    """
    parts = _split_email(text)
    if isinstance(parts, EmailProblem):
        return None
    return f"{parts[0]}@{parts[1]}"


def mask_email(text: str | None) -> str:
    """ "i***@mail.ru": the first character and the domain; "***" when it is not valid."""
    parts = _split_email(text)
    if isinstance(parts, EmailProblem):
        return "***"
    return f"{parts[0][0]}***@{parts[1]}"


# --- full name ----------------------------------------------------------------------------

_MAX_NAME = 200
_APOSTROPHES = re.compile("[\u2019\u02bc\u2018`\u00b4]")
_HYPHEN = re.compile(r"\s*[\-\u2010-\u2015\u2212]\s*")
#: Turkic patronymic endings written as separate lower-case words ("Мамедов Рашид оглы").
_LOWER_CASE_WORDS = frozenset({"оглы", "кызы", "угли", "кизи", "ogly", "kyzy"})


def _alphabet(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for alphabet in ("CYRILLIC", "LATIN"):
        if name.startswith(alphabet + " "):
            return alphabet
    return None


def _clean_name(text: object) -> str | NameProblem:  # noqa: PLR0911 - one code per rule
    if not isinstance(text, str) or not text.strip():
        return NameProblem.EMPTY
    if len(text) > _MAX_NAME * 2:
        return NameProblem.TOO_LONG
    value = unicodedata.normalize("NFC", text)
    value = _APOSTROPHES.sub("'", value)
    value = _HYPHEN.sub("-", " ".join(value.split()))
    if len(value) > _MAX_NAME:
        return NameProblem.TOO_LONG
    if any(char not in "'- " and _alphabet(char) is None for char in value):
        return NameProblem.BAD_CHARACTERS
    words = value.split(" ")
    for word in words:
        for piece in word.split("-"):
            if not piece or piece[0] == "'" or piece[-1] == "'" or "''" in piece:
                return NameProblem.BAD_PUNCTUATION
        if len({_alphabet(char) for char in word} - {None}) > 1:
            return NameProblem.MIXED_ALPHABETS
    if len(words) < 2:
        return NameProblem.TOO_FEW_PARTS
    return value


def _capitalise(piece: str) -> str:
    """One hyphen-free part with a capital first letter.

    Parts typed all in one case (or with Caps Lock on: "иВАНОВ") are fixed; mixed case
    ("McDonald", "DeWitt") is the person's own spelling and stays.
    """
    letters = [char for char in piece if char.isalpha()]
    rest = letters[1:]
    all_one_case = piece.islower() or piece.isupper()
    caps_lock = letters[0].islower() and bool(rest) and all(char.isupper() for char in rest)
    if not (all_one_case or caps_lock):
        return piece
    fixed = piece[0].upper() + piece[1:].lower()
    if len(fixed) > 2 and fixed[1] == "'":  # O'Brien, Д'Артаньян; but Дар'я stays
        fixed = fixed[:2] + fixed[2].upper() + fixed[3:]
    return fixed


def full_name_problem(text: str | None) -> NameProblem | None:
    cleaned = _clean_name(text)
    return cleaned if isinstance(cleaned, NameProblem) else None


def is_valid_full_name(text: str | None) -> bool:
    return full_name_problem(text) is None


def normalise_full_name(text: str | None) -> str | None:
    """Single spaces, each part capitalised ("Иванова-Петрова Алёна"), ё kept; None if bad."""
    cleaned = _clean_name(text)
    if isinstance(cleaned, NameProblem):
        return None
    words = []
    for position, word in enumerate(cleaned.split(" ")):
        if position > 0 and word.lower() in _LOWER_CASE_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(_capitalise(piece) for piece in word.split("-")))
    return " ".join(words)


def parse_date(text: str) -> date | None:
    """A day as a caller dictates or an operator types it: 31.12.1985, 31.12.85, 1985-12-31
    or 31 12 1985; None for anything else."""
    for layout in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d %m %Y"):
        try:
            return datetime.strptime(text.strip(), layout).date()
        except ValueError:
            continue
    return None
