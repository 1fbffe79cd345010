"""The fields a category's form asks for: what an operator types is understood the way a
Russian caller dictates it, and a mistake is named before the ticket is filed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.tickets.fields import (
    FORMS,
    FieldKind,
    FormField,
    Problem,
    check_form,
    form_fields,
    parse_value,
    shown_value,
)

TODAY = date(2026, 11, 26)


def value(kind: FieldKind, text: str, **options: bool) -> tuple[object, Problem | None]:
    return parse_value(FormField("f", kind, **options), text, TODAY)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1 234,50", "1234.50"), ("1234.5", "1234.50"), ("350 ₽", "350.00"), ("99", "99.00")],
)
def test_amounts_are_read_as_dictated(typed: str, stored: str) -> None:
    assert value(FieldKind.MONEY, typed) == (stored, None)


@pytest.mark.parametrize("typed", ["двести", "-5", "0", "1,234", "1e9", "12.345", "NaN"])
def test_an_amount_that_is_not_one_is_named(typed: str) -> None:
    assert value(FieldKind.MONEY, typed) == (None, Problem.NOT_AN_AMOUNT)


def test_dates_typed_the_russian_way_or_as_iso() -> None:
    assert value(FieldKind.DATE, "20.11.2026") == ("2026-11-20", None)
    assert value(FieldKind.DATE, "2026-11-20") == ("2026-11-20", None)
    assert value(FieldKind.DATETIME, "20.11.2026 14:05") == ("2026-11-20T14:05", None)
    assert value(FieldKind.DATETIME, "20.11.2026") == ("2026-11-20T00:00", None)
    assert value(FieldKind.DATE, "31.02.2026") == (None, Problem.NOT_A_DATE)
    assert value(FieldKind.DATE, "вчера") == (None, Problem.NOT_A_DATE)


def test_when_it_happened_cannot_be_next_month() -> None:
    assert value(FieldKind.DATE, "26.12.2026", past_only=True) == (None, Problem.IN_FUTURE)
    assert value(FieldKind.DATE, "27.11.2026", past_only=True) == ("2026-11-27", None)
    assert value(FieldKind.DATE, "26.12.2026") == ("2026-12-26", None)  # an appointment may


def test_application_numbers_keep_their_digits_only() -> None:
    assert value(FieldKind.APPLICATION_NUMBER, "1234 5678-90") == ("1234567890", None)
    assert value(FieldKind.APPLICATION_NUMBER, "12-34") == (None, Problem.NOT_AN_APPLICATION_NUMBER)
    assert value(FieldKind.APPLICATION_NUMBER, "АБ123456") == (
        None,
        Problem.NOT_AN_APPLICATION_NUMBER,
    )


def test_yes_and_no_in_either_language() -> None:
    assert value(FieldKind.YES_NO, "Да") == (True, None)
    assert value(FieldKind.YES_NO, "no") == (False, None)
    assert value(FieldKind.YES_NO, "") == (None, None)


def test_a_required_field_left_empty_and_a_field_too_long() -> None:
    assert value(FieldKind.TEXT, "   ", required=True) == (None, Problem.REQUIRED)
    assert parse_value(FormField("f", FieldKind.TEXT, max_length=5), "123456", TODAY) == (
        None,
        Problem.TOO_LONG,
    )


def test_each_form_the_issue_names_asks_for_its_fields() -> None:
    keys = {form: [f.key for f in fields] for form, fields in FORMS.items()}
    assert keys["technical"] == ["error", "happened_at", "client", "steps"]
    assert keys["payment"] == ["amount", "paid_on", "double_charge"]
    assert keys["application"] == ["application_number"]
    assert keys["mfc"] == ["office", "appointment_at"]
    assert keys["complaint"] == ["subject", "about"]
    assert form_fields("") == ()


def test_a_complaint_form_needs_subject_and_about() -> None:
    stored, problems = check_form("complaint", {"subject": "Грубость оператора"}, TODAY)
    assert stored == {"subject": "Грубость оператора"}
    assert problems == {"about": Problem.REQUIRED}


def test_a_stored_value_is_shown_as_typed_and_a_draft_text_as_it_was() -> None:
    date_field = FormField("d", FieldKind.DATE)
    assert shown_value(date_field, "2026-11-20") == "20.11.2026"
    assert shown_value(date_field, "20.11.20") == "20.11.20"  # a draft, not parsed yet
    assert shown_value(FormField("y", FieldKind.YES_NO), True) == "yes"
    assert shown_value(date_field, None) == ""


@given(st.sampled_from(list(FieldKind)), st.text(max_size=60))
def test_nothing_typed_raises(kind: FieldKind, text: str) -> None:
    stored, problem = value(kind, text)
    assert stored is None or problem is None
