"""Personal data never reaches a log file: each kind is logged every way a caller might, then the
file on disk is read back; harmless numbers stay readable; the SIP trace is off until enabled."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import logs
from app.logs import (
    SIP_LOGGER,
    MaskingFormatter,
    PersonalDataFilter,
    close_logging,
    enable_sip_trace,
    mask_personal_data,
    setup_logging,
    sip_trace_enabled,
)

# Each raw value as a caller would dictate it, with the placeholder it must turn into.
PERSONAL: dict[str, list[str]] = {
    "[snils]": ["123-456-789 01", "112 233 445 95", "112-233-445-95", "12345678901"],
    "[inn]": ["7707083893", "500100732259"],
    "[passport]": ["45 08 123456", "4508 123456", "4508123456", "4508 № 123456"],
    "[phone]": [
        "+7 (912) 345-67-89",
        "8 912 345 67 89",
        "89123456789",
        "+79123456789",
        "8-912-345-67-89",
        "(912) 345-67-89",
        "+441632960961",
        "+44 1632 960961",
    ],
    "[email]": ["ivan.petrov@example.ru", "o.sidorova+gos@mail.example.com", "анна@пример.рф"],
}
ALL_RAW = [(placeholder, raw) for placeholder, values in PERSONAL.items() for raw in values]

HARMLESS = (
    "ticket HD-20261125-0042 created at 14:03:22 on 2026-11-25; SIP 486 Busy Here from "
    "sip:1001@127.0.0.1:5060 (port 5060, 10.0.0.15:5080); call-id "
    "550e8400-e29b-41d4-a716-446655440000 and 01234567-1234-1234-1234-123456789012; "
    "queue wait 37 s, 3 retries, 200 OK, build 0.1.0, 1.5 MB, 16000 Hz"
)


@pytest.fixture
def clean_logging() -> Iterator[None]:
    """Put the root and SIP loggers back as they were, closing the handlers the test added."""
    root = logging.getLogger()
    sip = logging.getLogger(SIP_LOGGER)
    saved = (list(root.handlers), root.level, list(sip.handlers), sip.level, sip.propagate)
    yield
    close_logging()
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    sip.handlers[:] = saved[2]
    sip.setLevel(saved[3])
    sip.propagate = saved[4]


def _read(path: Path) -> str:
    for handler in logging.getLogger().handlers + logging.getLogger(SIP_LOGGER).handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def _assert_masked(text: str, placeholder: str, raw: str) -> None:
    assert raw not in text
    assert placeholder in text


@pytest.mark.parametrize(("placeholder", "raw"), ALL_RAW)
def test_personal_data_is_masked_in_the_file(
    tmp_path: Path, clean_logging: None, placeholder: str, raw: str
) -> None:
    path = setup_logging(tmp_path)
    log = logging.getLogger("app.test.citizen")

    log.info("citizen %s called", raw)  # as an argument
    log.info(f"citizen {raw} called")  # inside the message itself
    try:
        raise ValueError(f"lookup failed for {raw}")
    except ValueError:
        log.exception("lookup failed")  # inside an exception message
    log.warning("checked", extra={"citizen_data": raw}, stack_info=True)
    log.error("%r", {"data": [raw]})  # inside a repr

    text = _read(path)
    _assert_masked(text, placeholder, raw)
    assert text.count(placeholder) >= 4
    assert "ValueError: lookup failed for " + placeholder in text


def test_literals_in_traceback_and_stack_source_lines_are_masked(
    tmp_path: Path, clean_logging: None
) -> None:
    # Tracebacks and stack dumps quote the source line, so a literal there reaches the log too.
    path = setup_logging(tmp_path)
    log = logging.getLogger("app.test.source")
    try:
        raise RuntimeError("refused for 112-233-445 95 and ivan.petrov@example.ru")
    except RuntimeError:
        log.error("failed", exc_info=True)
    log.info("at %s", "+7 (912) 345-67-89", stack_info=True)

    text = _read(path)
    for raw in ("112-233-445 95", "ivan.petrov@example.ru", "+7 (912) 345-67-89"):
        assert raw not in text
    assert "Traceback (most recent call last)" in text
    assert "Stack (most recent call last)" in text
    assert 'raise RuntimeError("refused for [snils] and [email]")' in text
    assert 'log.info("at %s", "[phone]", stack_info=True)' in text


def test_chained_exceptions_are_masked(tmp_path: Path, clean_logging: None) -> None:
    path = setup_logging(tmp_path)
    try:
        try:
            raise KeyError("500100732259")
        except KeyError as inner:
            raise LookupError("no account for 8 912 345 67 89") from inner
    except LookupError:
        logging.getLogger("app.test").exception("chain")
    text = _read(path)
    assert "500100732259" not in text
    assert "8 912 345 67 89" not in text
    assert "KeyError: '[inn]'" in text
    assert "LookupError: no account for [phone]" in text


def test_harmless_numbers_survive(tmp_path: Path, clean_logging: None) -> None:
    path = setup_logging(tmp_path)
    logging.getLogger("app.test").info("%s", HARMLESS)
    assert HARMLESS in _read(path)
    assert mask_personal_data(HARMLESS) == HARMLESS


def test_line_format(tmp_path: Path, clean_logging: None) -> None:
    path = setup_logging(tmp_path)
    logging.getLogger("app.telephony").warning("registration expired")
    line = _read(path).splitlines()[-1]
    pattern = (
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2} WARNING  "
        r"\[MainThread\] app\.telephony: registration expired"
    )
    assert re.fullmatch(pattern, line), line


def test_setup_is_idempotent_and_leaves_other_handlers(tmp_path: Path, clean_logging: None) -> None:
    root = logging.getLogger()
    foreign = logging.NullHandler()
    root.addHandler(foreign)
    setup_logging(tmp_path / "first", console=True)
    path = setup_logging(tmp_path / "second", level=logging.DEBUG)

    ours = [h for h in root.handlers if (h.get_name() or "").startswith("hotline-desk:")]
    assert len(ours) == 1
    assert isinstance(ours[0].formatter, MaskingFormatter)
    assert foreign in root.handlers
    assert root.level == logging.DEBUG

    logging.getLogger("app.test").debug("once")
    assert _read(path).count("once") == 1
    assert "once" not in (tmp_path / "first" / logs.LOG_FILE_NAME).read_text(encoding="utf-8")


def test_console_handler_masks_too(
    tmp_path: Path, clean_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging(tmp_path, console=True)
    logging.getLogger("app.test").warning("caller %s", "o.sidorova@example.com")
    err = capsys.readouterr().err
    assert "o.sidorova@example.com" not in err
    assert "caller [email]" in err


def test_sip_trace_is_off_by_default_and_masked_when_on(
    tmp_path: Path, clean_logging: None
) -> None:
    main = setup_logging(tmp_path)
    sip = logging.getLogger(SIP_LOGGER)
    assert not sip_trace_enabled()
    sip.debug("INVITE sip:+79123456789@pbx.example SIP/2.0")
    assert not (tmp_path / logs.SIP_LOG_FILE_NAME).exists()

    trace = enable_sip_trace(tmp_path, enabled=True)
    assert trace == tmp_path / logs.SIP_LOG_FILE_NAME
    assert enable_sip_trace(tmp_path, enabled=True) == trace  # idempotent
    assert sip_trace_enabled()
    sip.debug("From: <sip:+79123456789@10.0.0.5>;tag=1928301774 SIP/2.0 180 Ringing")
    sip.warning("pjsua_call.c transport error for 8 912 345 67 89")

    text = _read(trace)
    assert "+79123456789" not in text
    assert "8 912 345 67 89" not in text
    assert "From: <sip:[phone]@10.0.0.5>;tag=1928301774 SIP/2.0 180 Ringing" in text
    assert text.count("tag=1928301774") == 1
    main_text = _read(main)
    assert "Ringing" not in main_text  # SIP chatter stays out of the main log...
    assert "transport error for [phone]" in main_text  # ...its warnings do not

    assert enable_sip_trace(tmp_path, enabled=False) is None
    assert not sip_trace_enabled()
    sip.warning("after trace off")
    assert "after trace off" not in _read(trace)


def test_masking_formatter_masks_extra_fields() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(MaskingFormatter("%(message)s caller=%(caller)s"))
    log = logging.getLogger("app.test.extra")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("verified", extra={"caller": "123-456-789 01"})
    finally:
        log.removeHandler(handler)
        log.propagate = True
    assert stream.getvalue() == "verified caller=[snils]\n"


def test_personal_data_filter_masks_the_record_for_foreign_handlers() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(PersonalDataFilter())
    log = logging.getLogger("app.test.filter")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            raise ValueError("passport 45 08 123456")
        except ValueError:
            log.exception("inn %s", "7707083893", stack_info=True)
        log.warning("bad args %s %s", "7707083893")  # noqa: PLE1206 - a format error must not raise
    finally:
        log.removeHandler(handler)
        log.propagate = True
    text = stream.getvalue()
    assert "7707083893" not in text
    assert "45 08 123456" not in text
    assert "inn [inn]" in text
    assert "ValueError: passport [passport]" in text
    assert "Stack (most recent call last)" in text
    assert "bad args %s %s ('[inn]',)" in text


@pytest.mark.parametrize(
    "text",
    [
        "14:03:22.123",
        "2026-11-25",
        "2026-11-25T14:03:22.123+03:00",
        "2026-11-25T14:03:22.123+10:00",
        "HD-20261125-0042",
        "SIP/2.0 486 Busy Here",
        "127.0.0.1:5060",
        "port 5060",
        "550e8400-e29b-41d4-a716-446655440000",
        "ffffffff-ffff-4fff-8fff-999999999999",
        "sip:1001@10.0.0.5",
        "Via: SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bKPj4508123456",
        "To: <sip:1001@10.0.0.5>;tag=1928301774",
        "Call-ID: 3848276298220188511@atlanta.example.com",
        "Call-ID: 0b8e6b1d-6d3f-4c1e-9a43-123456789012",
        "ext 1001, queue 12, 34.5 ms",
        "1732540800123",  # a 13-digit millisecond timestamp is not a personal number
    ],
)
def test_ordinary_numbers_are_not_masked(text: str) -> None:
    assert mask_personal_data(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ИНН7707083893", "ИНН[inn]"),
        ("snils=12345678901;", "snils=[snils];"),
        ("4508123456", "[passport]"),  # fails the INN check digit, so a passport
        ("7707083893", "[inn]"),  # passes it
        ("tel:+7-912-345-67-89", "tel:[phone]"),
        ("a@b.xn--p1ai", "[email]"),
        ("tag=89123456789", "tag=[phone]"),  # only a ;tag= parameter of a SIP header is kept
    ],
)
def test_labels(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected


# --- property tests ---------------------------------------------------------------------------


def _snils_check(first9: str) -> str:
    total = sum(int(d) * w for d, w in zip(first9, range(9, 0, -1), strict=True)) % 101
    return f"{0 if total == 100 else total:02d}"


@st.composite
def snils_values(draw: st.DrawFn) -> str:
    first9 = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    check = _snils_check(first9)
    a, b, c = first9[:3], first9[3:6], first9[6:]
    style = draw(st.sampled_from(["{a}-{b}-{c} {k}", "{a}{b}{c}{k}", "{a} {b} {c} {k}"]))
    return style.format(a=a, b=b, c=c, k=check)


@st.composite
def phone_values(draw: st.DrawFn) -> str:
    code = draw(st.from_regex(r"[3-9][0-9]{2}", fullmatch=True))
    n = draw(st.text(alphabet="0123456789", min_size=7, max_size=7))
    e164 = "+" + draw(st.from_regex(r"[1-9][0-9]{7,13}", fullmatch=True))
    style = draw(
        st.sampled_from(
            [
                "+7 ({c}) {a}-{b}-{d}",
                "8 ({c}) {a}-{b}-{d}",
                "8 {c} {a} {b} {d}",
                "8{c}{a}{b}{d}",
                "+7{c}{a}{b}{d}",
                "+7 {c} {a}-{b}-{d}",
                "8-{c}-{a}-{b}-{d}",
                "({c}) {a}-{b}-{d}",
                "{e}",
            ]
        )
    )
    return style.format(c=code, a=n[:3], b=n[3:5], d=n[5:], e=e164)


_local = st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,20}", fullmatch=True)
_label = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)
_tld = st.from_regex(r"[a-z]{2,6}", fullmatch=True)


@st.composite
def email_values(draw: st.DrawFn) -> str:
    labels = draw(st.lists(_label, min_size=1, max_size=3))
    return f"{draw(_local)}@{'.'.join(labels)}.{draw(_tld)}"


_separators = st.sampled_from([" ", ", ", "; ", ": ", "\n", "\t", " — ", " (", ") ", "='", "'"])


@given(
    value=st.one_of(snils_values(), phone_values(), email_values()),
    before=st.text(max_size=40),
    after=st.text(max_size=40),
    sep1=_separators,
    sep2=_separators,
)
def test_generated_personal_data_never_survives(
    value: str, before: str, after: str, sep1: str, sep2: str
) -> None:
    masked = mask_personal_data(before + sep1 + value + sep2 + after)
    assert value not in masked
