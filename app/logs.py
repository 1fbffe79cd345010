"""Logging set-up for the desk: a rotating log file, an optional SIP trace file, and a mask that
keeps citizens' personal data (SNILS, INN, passport, phone, e-mail) out of every line written."""

from __future__ import annotations

import logging
import re
import sys
import threading
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

__all__ = [
    "LOG_FILE_NAME",
    "SIP_LOGGER",
    "SIP_LOG_FILE_NAME",
    "MaskingFormatter",
    "PersonalDataFilter",
    "close_logging",
    "enable_sip_trace",
    "mask_personal_data",
    "setup_logging",
    "sip_trace_enabled",
]

LOG_FILE_NAME = "hotline-desk.log"
SIP_LOG_FILE_NAME = "sip.log"
#: The logger the SIP engine writes pjsua2's own log lines to (its ``LogWriter``).
SIP_LOGGER = "pjsip"

MAX_BYTES = 5 * 1024 * 1024
BACKUP_COUNT = 5
LOG_FORMAT = "%(asctime)s %(levelname)-8s [%(threadName)s] %(name)s: %(message)s"

# Handlers this module installs carry a name with this prefix, so a second call replaces them.
_TAG = "hotline-desk:"
_FILE_TAG = _TAG + "file"
_CONSOLE_TAG = _TAG + "console"
_SIP_TAG = _TAG + "sip"

_lock = threading.RLock()

# ---------------------------------------------------------------------------------------------
# Masking
# ---------------------------------------------------------------------------------------------

_D = "[0-9]"  # ASCII digits only: ``\d`` would also take other scripts' digits as boundaries.
_SEP = r"[ \t\u00a0-]?"  # one optional separator inside a dictated number
_NB = r"(?<![0-9])"  # not preceded by a digit
_NA = r"(?![0-9])"  # not followed by a digit

# Each alternative is a named group; at one position the first alternative that matches wins, so
# the more specific shapes come first. Everything is scanned in a single pass, so a placeholder
# is never looked at again.
_PATTERNS: tuple[tuple[str, str], ...] = (
    # Kept as is ("keep_" groups). A UUID's last group may be twelve digits, which would
    # otherwise read as an INN; SIP tags, branches and Call-IDs are random tokens that often hold
    # long digit runs or an "@host" part.
    ("keep_sip_param", r"(?<=;)[ \t]*(?i:tag|branch)=[^\s;,>\"]+"),
    ("keep_call_id", r"(?<![\w-])(?i:call-id)[ \t]*:[ \t]*[^\s;,>\"]+"),
    (
        "keep_uuid",
        r"(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}"
        r"-[0-9A-Fa-f]{12}(?![0-9A-Fa-f-])",
    ),
    # An address with a host name whose last label has a letter ("1001@10.0.0.5" is a SIP
    # extension at an IP address, not an e-mail). Digits inside it never reach the rules below.
    (
        "email",
        r"(?<![\w.!#$%&*+?^{|}~-])[\w.!#$%&*+?^{|}~-]+@[\w-]+(?:\.[\w-]+)*"
        r"\.(?=[\w-]*[^\W\d_])[\w-]{2,}",
    ),
    # Russian numbers: +7 (912) 345-67-89, 8 912 345 67 89, 89123456789, +79123456789.
    (
        "ru_phone",
        rf"(?<![0-9+])(?:\+[ \t]?7|[78]){_SEP}\(?{_SEP}{_D}{{3}}{_SEP}\)?{_SEP}{_D}{{3}}"
        rf"{_SEP}{_D}{{2}}{_SEP}{_D}{{2}}{_NA}",
    ),
    # Without the country prefix, only in the unmistakable grouped forms:
    # (912) 345-67-89, 912 345-67-89.
    (
        "ru_phone_local",
        rf"(?:\({_D}{{3}}\)[ \t]?|{_NB}{_D}{{3}}[ \t]){_D}{{3}}[ -]?{_D}{{2}}-{_D}{{2}}{_NA}",
    ),
    # SNILS as dictated: 123-456-789 01, 123 456 789 01, 123-456-789-01.
    ("snils", rf"{_NB}{_D}{{3}}[ -]{_D}{{3}}[ -]{_D}{{3}}[ -]?{_D}{{2}}{_NA}"),
    # International (E.164), with optional spaces, dashes and brackets: +441632960961.
    ("intl_phone", rf"(?<![0-9+])\+[1-9](?:[ \t()-]{{0,2}}{_D}){{7,14}}{_NA}"),
    # A bare run of 10-12 digits: an INN, a SNILS, a phone or a passport written without spaces.
    ("digits", rf"{_NB}{_D}{{10,12}}{_NA}"),
    # Passport series and number: 45 08 123456, 4508 123456, 4508 № 123456.
    (
        "passport",
        rf"{_NB}(?:{_D}{{2}}[ \u00a0]{_D}{{2}}|{_D}{{4}})[ \u00a0]?(?:№[ \u00a0]?)?{_D}{{6}}{_NA}",
    ),
)

_MASK_RE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS))

SNILS = "[snils]"
INN = "[inn]"
PASSPORT = "[passport]"
PHONE = "[phone]"
EMAIL = "[email]"


def _snils_checksum_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(9, 0, -1), strict=True))
    check = total % 101
    if check == 100:
        check = 0
    return check == int(digits[9:])


def _inn10_checksum_ok(digits: str) -> bool:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    total = sum(int(d) * w for d, w in zip(digits[:9], weights, strict=True))
    return total % 11 % 10 == int(digits[9])


def _classify_digits(digits: str) -> str:
    """Name a bare run of 10-12 digits; every such run is masked, only the label differs."""
    if len(digits) == 12:
        return INN
    if len(digits) == 11:
        if digits[0] in "78" and not _snils_checksum_ok(digits):
            return PHONE
        return SNILS
    return INN if _inn10_checksum_ok(digits) else PASSPORT


_LABELS = {
    "email": EMAIL,
    "ru_phone": PHONE,
    "ru_phone_local": PHONE,
    "intl_phone": PHONE,
    "snils": SNILS,
    "passport": PASSPORT,
}


def _replace(match: re.Match[str]) -> str:
    kind = match.lastgroup
    text = match.group()
    if kind is None or kind.startswith("keep_"):
        return text
    if kind == "digits" or (kind == "ru_phone" and text.isdigit()):
        return _classify_digits(text)
    return _LABELS[kind]


def mask_personal_data(text: str) -> str:
    """Return ``text`` with SNILS, INN, passport, phone numbers and e-mail addresses replaced by
    ``[snils]``, ``[inn]``, ``[passport]``, ``[phone]`` and ``[email]``.

    Short numbers (times, ports, SIP codes, ticket numbers such as ``HD-20261125-0042``, dates)
    and UUIDs are left alone. Any standalone run of 10-12 digits is masked: it may be personal.
    """
    return _MASK_RE.sub(_replace, text)


class MaskingFormatter(logging.Formatter):
    """A formatter whose output, tracebacks and stack dumps included, is passed through the mask.

    The traceback text it caches on the record (``record.exc_text``) is masked as well, so a
    second handler reusing that cache never sees the raw text.
    """

    def format(self, record: logging.LogRecord) -> str:
        return mask_personal_data(super().format(record))

    def formatException(  # noqa: N802 - the stdlib's name
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        return mask_personal_data(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 - the stdlib's name
        return mask_personal_data(super().formatStack(stack_info))

    def formatTime(  # noqa: N802 - the stdlib's name
        self, record: logging.LogRecord, datefmt: str | None = None
    ) -> str:
        if datefmt:
            return super().formatTime(record, datefmt)
        # ISO 8601 in local time with the offset: 2026-11-25T14:03:22.123+03:00.
        moment = datetime.fromtimestamp(record.created).astimezone()
        return moment.isoformat(timespec="milliseconds")


class PersonalDataFilter(logging.Filter):
    """Masks a record in place: its message (with the arguments merged in), its traceback and its
    stack dump. For handlers this module does not install (ours use :class:`MaskingFormatter`).

    Fields given through ``extra`` are not touched; a handler that prints them should use
    :class:`MaskingFormatter`, which masks the final text whatever the format.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):
            # Arguments that do not fit the format: keep both, masked, rather than fail the call.
            message = f"{record.msg!s} {record.args!r}"
        record.msg = mask_personal_data(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
        return True


class _SipBelowWarningFilter(logging.Filter):
    """Keeps the SIP engine's chatter out of the main log: only its warnings and errors pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        is_sip = record.name == SIP_LOGGER or record.name.startswith(SIP_LOGGER + ".")
        return not is_sip or record.levelno >= logging.WARNING


# ---------------------------------------------------------------------------------------------
# Handlers
# ---------------------------------------------------------------------------------------------


def _remove_tagged(logger: logging.Logger, tag: str) -> None:
    for handler in list(logger.handlers):
        if handler.get_name() == tag:
            logger.removeHandler(handler)
            handler.close()


def _tagged(handler: logging.Handler, tag: str, level: int) -> logging.Handler:
    handler.set_name(tag)
    handler.setLevel(level)
    handler.setFormatter(MaskingFormatter(LOG_FORMAT))
    return handler


def _rotating_file(path: Path) -> RotatingFileHandler:
    return RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")


def setup_logging(log_dir: Path, level: int = logging.INFO, console: bool = False) -> Path:
    """Send the root logger to ``log_dir/hotline-desk.log`` (rotated at 5 MB, 5 backups) and, if
    ``console``, to stderr; every line is masked. Calling it again replaces the handlers it added
    before (others' handlers are left alone). Returns the log file's path.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME
    with _lock:
        root = logging.getLogger()
        _remove_tagged(root, _FILE_TAG)
        _remove_tagged(root, _CONSOLE_TAG)
        handlers = [_tagged(_rotating_file(path), _FILE_TAG, level)]
        if console and sys.stderr is not None:  # None under pythonw.exe on Windows
            handlers.append(_tagged(logging.StreamHandler(sys.stderr), _CONSOLE_TAG, level))
        for handler in handlers:
            handler.addFilter(_SipBelowWarningFilter())
            root.addHandler(handler)
        root.setLevel(level)
        sip = logging.getLogger(SIP_LOGGER)
        if not _has_tagged(sip, _SIP_TAG):
            sip.setLevel(logging.WARNING)
    return path


def _has_tagged(logger: logging.Logger, tag: str) -> bool:
    return any(handler.get_name() == tag for handler in logger.handlers)


def enable_sip_trace(log_dir: Path, enabled: bool) -> Path | None:
    """Switch the SIP trace file ``log_dir/sip.log`` on or off (off unless called).

    While on, everything logged to :data:`SIP_LOGGER` goes to the trace file, masked; the main
    log still gets the SIP engine's warnings and errors either way. Returns the trace file's path
    while on, ``None`` when switched off.
    """
    sip = logging.getLogger(SIP_LOGGER)
    with _lock:
        _remove_tagged(sip, _SIP_TAG)
        if not enabled:
            sip.setLevel(logging.WARNING)
            return None
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / SIP_LOG_FILE_NAME
        sip.addHandler(_tagged(_rotating_file(path), _SIP_TAG, logging.DEBUG))
        sip.setLevel(logging.DEBUG)
    return path


def sip_trace_enabled() -> bool:
    """Whether the SIP trace file is on (the engine can then raise pjsua2's own log level)."""
    with _lock:
        return _has_tagged(logging.getLogger(SIP_LOGGER), _SIP_TAG)


def close_logging() -> None:
    """Flush, close and remove every handler this module installed (at exit, and in tests)."""
    with _lock:
        _remove_tagged(logging.getLogger(), _FILE_TAG)
        _remove_tagged(logging.getLogger(), _CONSOLE_TAG)
        _remove_tagged(logging.getLogger(SIP_LOGGER), _SIP_TAG)
        logging.getLogger(SIP_LOGGER).setLevel(logging.NOTSET)
