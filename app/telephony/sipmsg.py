"""Reading what a SIP request says about the caller: headers, PBX context, auto-answer, number.

Pure text parsing, no SIP stack: every input may be hostile or malformed, and
nothing here raises on bad input — it returns "unknown" instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import phonenumbers

from app.telephony.model import PbxContext

#: Compact forms RFC 3261 allows for the headers we read.
_COMPACT = {"f": "from", "t": "to", "i": "call-id", "m": "contact"}
_MAX_HEADER_LINES = 200
_LINES = {"domestic", "international"}
_LANGUAGES = {"ru", "en"}
_CASE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/]{0,39}$")


def parse_headers(message: str) -> dict[str, str]:
    """Header name (lower case) to its first value, from a whole SIP message's text."""
    head = message.split("\r\n\r\n", 1)[0].split("\n\n", 1)[0]
    lines = head.replace("\r\n", "\n").split("\n")[1:_MAX_HEADER_LINES]
    headers: dict[str, str] = {}
    last = ""
    for line in lines:
        if line[:1] in (" ", "\t") and last:  # a folded continuation line
            headers[last] = f"{headers[last]} {line.strip()}"
            continue
        name, sep, value = line.partition(":")
        if not sep:
            continue
        key = name.strip().lower()
        key = _COMPACT.get(key, key)
        if key and key not in headers:
            headers[key] = value.strip()
            last = key
    return headers


def pbx_context(headers: Mapping[str, str]) -> PbxContext:
    """The queue's data from X-Line, X-Language, X-Queue-Wait and X-Case; junk is ignored."""
    line = headers.get("x-line", "").strip().lower() or None
    language = headers.get("x-language", "").strip().lower()[:2] or None
    wait_text = headers.get("x-queue-wait", "").strip()
    case = headers.get("x-case", "").strip() or None
    wait = int(wait_text) if wait_text.isdigit() and len(wait_text) <= 6 else None
    return PbxContext(
        line=line if line in _LINES else None,
        language=language if language in _LANGUAGES else None,
        queue_wait_seconds=wait,
        case_number=case if case and _CASE.match(case) else None,
    )


_ANSWER_AFTER = re.compile(r"answer-after\s*=\s*(\d{1,4})", re.IGNORECASE)


def auto_answer_delay(headers: Mapping[str, str]) -> float | None:
    """Seconds after which the PBX asks us to answer by itself, or None.

    Understood: ``Call-Info: <...>;answer-after=N`` and ``Alert-Info`` carrying
    ``auto-answer`` / ``info=alert-autoanswer`` (answer at once).
    """
    call_info = headers.get("call-info", "")
    found = _ANSWER_AFTER.search(call_info)
    if found:
        return float(found.group(1))
    alert = headers.get("alert-info", "").lower().replace("_", "-")
    if "auto-answer" in alert or "autoanswer" in alert:
        return 0.0
    return None


_NAME_ADDR = re.compile(r'^\s*(?:"((?:[^"\\]|\\.)*)"|([^<"]*?))\s*<([^>]*)>')
_USER = re.compile(r"^(?:sips?|tel):([^@;>]+)", re.IGNORECASE)


def split_remote(remote: str) -> tuple[str, str]:
    """The display name and the user part of ``"Name" <sip:user@host>`` (either may be '')."""
    found = _NAME_ADDR.match(remote)
    if found:
        display = (found.group(1) or found.group(2) or "").replace('\\"', '"').strip()
        uri = found.group(3)
    else:
        display, uri = "", remote.strip()
    user = _USER.match(uri)
    return display, (user.group(1) if user else "")


def normalise_number(user: str, region: str = "RU") -> str:
    """E.164 for anything that parses as a phone number, else the text as it came."""
    text = user.strip()
    digits = re.sub(r"[\s\-().]", "", text)
    if not digits or not re.fullmatch(r"\+?\d{3,16}", digits):
        return text
    candidate = digits
    if region == "RU" and len(digits) == 11 and digits.startswith("8"):
        candidate = "+7" + digits[1:]  # the Russian trunk prefix
    elif len(digits) == 11 and digits.startswith("7"):
        candidate = "+" + digits
    if len(candidate) == 12 and candidate.startswith("+7") and candidate[2] in "3489":
        # Russian geographic and mobile numbers, most of every queue: +7 and ten digits are
        # always a possible number, and this spares phonenumbers' 0.2 ms in the SIP thread.
        return candidate
    try:
        parsed = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_possible_number(parsed):
        return text
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
