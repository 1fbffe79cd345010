"""The SMS that gives the caller their ticket number after the call.

Written in the caller's language (the line's X-Language), short enough for one SMS part
in Cyrillic (70 characters), and only to a number that can take an SMS (a mobile number in
E.164; the desk never texts a landline or a SIP address).
"""

from __future__ import annotations

import phonenumbers

_TEXTS = {
    "ru": "Номер вашего обращения: {number}. Горячая линия Госуслуг",
    "en": "Your ticket number: {number}. Gosuslugi hotline",
}


def number_sms(number: str, language: str) -> str:
    return _TEXTS.get(language, _TEXTS["ru"]).format(number=number)


def can_text(phone_e164: str) -> bool:
    """A mobile (or mobile-or-fixed) number in E.164."""
    if not phone_e164.startswith("+"):
        return False
    try:
        parsed = phonenumbers.parse(phone_e164, None)
    except phonenumbers.NumberParseException:
        return False
    kind = phonenumbers.number_type(parsed)
    mobile = (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    return phonenumbers.is_valid_number(parsed) and kind in mobile
