"""tel: and sip: links as the desk's dial field receives them: numbers in E.164 whatever
their separators, SIP addresses without parameters; anything else refused."""

from __future__ import annotations

import pytest

from app.click_to_call import dial_target, is_link


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("tel:+79161234567", "+79161234567"),
        ("tel:+7-916-123-45-67", "+79161234567"),
        ("tel:+7%20(916)%20123-45-67;ext=12", "+79161234567"),
        ("TEL:89161234567", "+79161234567"),
        ("callto://+79161234567", "+79161234567"),
        ("sip:citizen@127.0.0.1:5080;transport=udp", "sip:citizen@127.0.0.1:5080"),
        ("SIPS:2001@pbx.example.ru?subject=x", "sips:2001@pbx.example.ru"),
        ("tel:12", None),
        ("tel:", None),
        ("sip:no-host", None),
        ("sip:a@b c", None),
        ("http://example.ru", None),
        ("+79161234567", None),
    ],
)
def test_links_become_what_is_dialled(link: str, target: str | None) -> None:
    assert dial_target(link) == target


def test_only_calling_schemes_are_links() -> None:
    assert is_link(" tel:+7916") and is_link("sip:a@b") and not is_link("demo")
