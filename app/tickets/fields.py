"""The fields a ticket form asks for beyond the description, by the category's form.

A category names its form (resources/demo/reference.json, ``form``): a technical failure
asks for the error, when it happened, the browser or app and what the caller did before;
a payment for the amount, the date and whether it was charged twice; an application for
its number; an MFC appointment for the office and the date; a complaint for its subject
and who or what it is about. The operator types every value as text (keyboard first);
this module turns the text into a stored value or names the problem, so the form can mark
the field at once and the service refuses to file a ticket with a problem left in it.
Dates are typed the Russian way (дд.мм.гггг, with an optional чч:мм) or as ISO.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from app.applications import numbers as application_numbers


class FieldKind(enum.StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    DATETIME = "datetime"
    MONEY = "money"
    YES_NO = "yes_no"
    APPLICATION_NUMBER = "application_number"


class Problem(enum.StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    NOT_A_DATE = "not_a_date"
    IN_FUTURE = "in_future"
    NOT_AN_AMOUNT = "not_an_amount"
    NOT_AN_APPLICATION_NUMBER = "not_an_application_number"


@dataclass(frozen=True)
class FormField:
    key: str
    kind: FieldKind
    required: bool = False
    past_only: bool = False  # a date that cannot be later than now (when it happened)
    max_length: int = 500
    column: bool = False  # stored in its own ticket column, not in ``details``


FORMS: dict[str, tuple[FormField, ...]] = {
    "technical": (
        FormField("error", FieldKind.TEXT, required=True),
        FormField("happened_at", FieldKind.DATETIME, past_only=True),
        FormField("client", FieldKind.TEXT, max_length=200),
        FormField("steps", FieldKind.LONG_TEXT, max_length=4000),
    ),
    "payment": (
        FormField("amount", FieldKind.MONEY, required=True),
        FormField("paid_on", FieldKind.DATE, past_only=True),
        FormField("double_charge", FieldKind.YES_NO),
    ),
    "application": (
        FormField("application_number", FieldKind.APPLICATION_NUMBER, required=True, column=True),
    ),
    "mfc": (
        FormField("office", FieldKind.TEXT, required=True, max_length=200),
        FormField("appointment_at", FieldKind.DATETIME),
    ),
    "complaint": (
        FormField("subject", FieldKind.TEXT, required=True),
        FormField("about", FieldKind.TEXT, required=True),
    ),
}

MAX_AMOUNT = Decimal("100000000")  # a hundred million roubles: anything above is a typo
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y")
_DATETIME_FORMATS = ("%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%y %H:%M")


def form_fields(form: str) -> tuple[FormField, ...]:
    return FORMS.get(form, ())


def _parse_moment(text: str, with_time: bool) -> datetime | None:
    formats = _DATETIME_FORMATS + _DATE_FORMATS if with_time else _DATE_FORMATS
    for pattern in formats:
        try:
            return datetime.strptime(text, pattern)  # a wall time in Moscow
        except ValueError:
            continue
    return None


def _moment(field: FormField, text: str, today: date) -> tuple[Any, Problem | None]:
    moment = _parse_moment(text, field.kind is FieldKind.DATETIME)
    if moment is None or moment.year < 2000:
        return None, Problem.NOT_A_DATE
    if field.past_only and moment.date() > today + timedelta(days=1):
        return None, Problem.IN_FUTURE
    if field.kind is FieldKind.DATE:
        return moment.date().isoformat(), None
    return moment.isoformat(timespec="minutes"), None


def _money(_field: FormField, text: str, _today: date) -> tuple[Any, Problem | None]:
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    cleaned = cleaned.removesuffix("₽").removesuffix("руб.").removesuffix("р.")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None, Problem.NOT_AN_AMOUNT
    valid = amount.is_finite() and 0 < amount < MAX_AMOUNT
    if not valid or amount != amount.quantize(Decimal("0.01")):
        return None, Problem.NOT_AN_AMOUNT
    return f"{amount:.2f}", None


def _yes_no(_field: FormField, text: str, _today: date) -> tuple[Any, Problem | None]:
    folded = text.casefold()
    if folded in ("да", "yes", "1", "true"):
        return True, None
    if folded in ("нет", "no", "0", "false"):
        return False, None
    return None, None


def _application(_field: FormField, text: str, _today: date) -> tuple[Any, Problem | None]:
    """Digits with the separators callers dictate (app/applications/numbers.py)."""
    digits = application_numbers.normalise(text)
    if digits is None:
        return None, Problem.NOT_AN_APPLICATION_NUMBER
    return digits, None


def _text(_field: FormField, text: str, _today: date) -> tuple[Any, Problem | None]:
    return text, None


_PARSERS = {
    FieldKind.TEXT: _text,
    FieldKind.LONG_TEXT: _text,
    FieldKind.DATE: _moment,
    FieldKind.DATETIME: _moment,
    FieldKind.MONEY: _money,
    FieldKind.YES_NO: _yes_no,
    FieldKind.APPLICATION_NUMBER: _application,
}


def parse_value(field: FormField, text: str, today: date) -> tuple[Any, Problem | None]:
    """The stored value of what was typed (None when empty), or the problem with it."""
    text = " ".join(text.split()) if field.kind is not FieldKind.LONG_TEXT else text.strip()
    if not text:
        return None, Problem.REQUIRED if field.required else None
    if len(text) > field.max_length:
        return None, Problem.TOO_LONG
    return _PARSERS[field.kind](field, text, today)


def check_form(
    form: str, values: dict[str, str], today: date
) -> tuple[dict[str, Any], dict[str, Problem]]:
    """Every field of the form parsed: (stored values, problems by field key)."""
    stored: dict[str, Any] = {}
    problems: dict[str, Problem] = {}
    for field in form_fields(form):
        value, problem = parse_value(field, values.get(field.key, ""), today)
        if problem is not None:
            problems[field.key] = problem
        elif value is not None:
            stored[field.key] = value
    return stored, problems


def shown_value(field: FormField, stored: Any) -> str:
    """A value as the form shows it: a filed ticket's stored value the way an operator types
    it, a draft's text (kept as typed, even when not valid yet) unchanged."""
    if stored is None:
        return ""
    if isinstance(stored, bool):
        return "yes" if stored else "no"
    text = str(stored)
    try:
        if field.kind is FieldKind.DATE:
            return date.fromisoformat(text).strftime("%d.%m.%Y")
        if field.kind is FieldKind.DATETIME:
            return datetime.fromisoformat(text).strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return text
    return text
