"""Click-to-call: what a ``tel:`` or ``sip:`` link (a web page, an e-mail, the CRM) hands the
desk, as something to put in the dial field. ``tel:`` numbers (RFC 3966: visual separators,
parameters after ';') become E.164; ``sip:``/``sips:`` addresses stay as they are, without
their parameters and headers. Anything else is not a link the desk dials (None)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from app.domain.validators import normalise_phone

SCHEMES = ("tel:", "callto:", "sip:", "sips:")
_SIP_USER_HOST = re.compile(r"[A-Za-z0-9._~%!$&'()*+,;=:+-]+@[A-Za-z0-9.-]+(:\d{1,5})?")


def is_link(text: str) -> bool:
    """Whether ``text`` looks like a link the desk is asked to call (by its scheme)."""
    return text.strip().lower().startswith(SCHEMES)


def dial_target(link: str) -> str | None:
    """The number or SIP address ``link`` asks to call, or None when it asks for none."""
    text = unquote(link.strip())
    lowered = text.lower()
    if lowered.startswith(("tel:", "callto:")):
        body = text.split(":", 1)[1].lstrip("/")
        number = body.split(";", 1)[0].split("?", 1)[0]
        return normalise_phone(number)
    if lowered.startswith(("sip:", "sips:")):
        scheme, body = text.split(":", 1)
        address = body.split(";", 1)[0].split("?", 1)[0]
        if not _SIP_USER_HOST.fullmatch(address):
            return None
        return f"{scheme.lower()}:{address}"
    return None
