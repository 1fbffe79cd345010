"""The HID report-descriptor parser on descriptors recorded from real headsets (tests/data/hid),
and on malformed and truncated ones: those must give a clear DescriptorError, nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.headset.hid_descriptor import (
    DescriptorError,
    ParsedDescriptor,
    ReportField,
    ReportKind,
    parse_descriptor,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "hid"
RECORDED = [
    "jabra_link_380c.hex",
    "poly_blackwire_3220_telephony.hex",
    "jlab_realtek_teams_telephony.hex",
    "usbif_digitizer_push_pop.hex",
]

INPUT, OUTPUT = ReportKind.INPUT, ReportKind.OUTPUT
TELEPHONY, LED, BUTTON = 0x0B, 0x08, 0x09


def load_descriptor(name: str) -> bytes:
    """A recorded descriptor: hex pairs, ``#`` starts a comment."""
    text = (DATA / name).read_text()
    return bytes.fromhex(" ".join(line.split("#")[0] for line in text.splitlines()))


def only(descriptor: ParsedDescriptor, kind: ReportKind, page: int, usage: int) -> ReportField:
    fields = descriptor.find(kind, page, usage)
    assert len(fields) == 1, fields
    return fields[0]


def where(f: ReportField) -> tuple[int, int, int, bool]:
    return (f.report_id, f.bit_offset, f.bit_size, f.relative)


def test_jabra_link_380c_telephony_controls_and_leds_share_report_2() -> None:
    d = parse_descriptor(load_descriptor("jabra_link_380c.hex"))
    assert d.uses_report_ids
    assert d.applications == ((TELEPHONY, 0x05), (0xFF00, 0x01), (0x0C, 0x01))

    hook = only(d, INPUT, TELEPHONY, 0x20)
    assert where(hook) == (2, 0, 1, False)
    assert hook.constant  # Jabra flags its inputs Constant (0x23) and still sends them
    assert (hook.logical_min, hook.logical_max, hook.application) == (0, 1, (TELEPHONY, 0x05))
    assert where(only(d, INPUT, TELEPHONY, 0x2F)) == (2, 3, 1, True)  # Phone Mute, relative
    assert where(only(d, INPUT, TELEPHONY, 0x21)) == (2, 4, 1, True)  # Flash
    assert where(only(d, INPUT, TELEPHONY, 0x24)) == (2, 5, 1, True)  # Redial
    keypad = [f for f in d.of_kind(INPUT) if f.is_array and f.report_id == 2]
    assert [(f.bit_offset, f.bit_size) for f in keypad] == [(7, 4)]
    assert keypad[0].array_usages == tuple((TELEPHONY, u) for u in range(0xB0, 0xBC))
    # "Usage (Programmable Button), Usage Page (Button), Input": the bit is Button 7.
    assert where(only(d, INPUT, BUTTON, 0x07)) == (2, 11, 1, False)
    assert d.report_length(INPUT, 2) == 2

    leds = {u: only(d, OUTPUT, LED, u).bit_offset for u in (0x17, 0x09, 0x18, 0x20, 0x21)}
    assert leds == {0x17: 0, 0x09: 2, 0x18: 3, 0x20: 4, 0x21: 5}
    assert where(only(d, OUTPUT, TELEPHONY, 0x9E)) == (2, 7, 1, False)  # Ringer
    assert d.report_length(OUTPUT, 2) == 2


def test_jabra_vendor_collection_reusing_telephony_ids_is_kept_apart() -> None:
    d = parse_descriptor(load_descriptor("jabra_link_380c.hex"))
    # Report 4 repeats Hook Switch's id 0x20 on vendor page 0xFF30; it is not the Hook Switch.
    assert only(d, INPUT, 0xFF30, 0x20).report_id == 4
    assert where(only(d, INPUT, 0xFF30, 0xFFFB)) == (4, 1, 1, False)  # a two-byte usage
    assert d.report_length(INPUT, 5) == 62  # "82 02 01": a Main item with two data bytes
    assert d.report_length(INPUT, 1) == 2  # consumer keys: 9 bits + 7 padding


def test_poly_blackwire_3220_has_one_report_per_led() -> None:
    d = parse_descriptor(load_descriptor("poly_blackwire_3220_telephony.hex"))
    mute = only(d, INPUT, TELEPHONY, 0x2F)
    assert where(mute) == (8, 0, 1, True)
    assert mute.preferred_state  # 0x06: a toggle button
    hook = only(d, INPUT, TELEPHONY, 0x20)
    assert where(hook) == (8, 1, 1, False)
    assert not hook.preferred_state  # 0x22: a toggle switch, the headset's hook state
    assert where(only(d, INPUT, TELEPHONY, 0x21)) == (8, 2, 1, False)
    assert [where(only(d, OUTPUT, LED, u)) for u in (0x09, 0x17, 0x18)] == [
        (0x09, 0, 1, False),
        (0x17, 0, 1, False),
        (0x18, 0, 1, False),
    ]
    assert d.report_ids(OUTPUT) == [0x09, 0x17, 0x18]
    assert all(d.report_length(OUTPUT, r) == 1 for r in d.report_ids(OUTPUT))


def test_teams_style_firmware_has_a_relative_hook_switch() -> None:
    d = parse_descriptor(load_descriptor("jlab_realtek_teams_telephony.hex"))
    assert where(only(d, INPUT, TELEPHONY, 0x20)) == (0x0B, 0, 1, True)
    assert [only(d, INPUT, TELEPHONY, u).bit_offset for u in (0x2F, 0x24, 0x21, 0x26)] == [
        1,
        2,
        3,
        4,
    ]
    # "Usage (Programmable Button), Usage Page (Button), Usage (Button 1)", one bit: the first
    # usage names it, and it keeps the telephony page (Button 1 already carries the new page).
    assert where(only(d, INPUT, TELEPHONY, 0x07)) == (0x0B, 5, 1, False)
    assert d.find(INPUT, BUTTON, 0x07) == []
    assert [only(d, OUTPUT, LED, u).bit_offset for u in (0x17, 0x09, 0x18, 0x21, 0x20)] == [
        0,
        1,
        2,
        3,
        5,
    ]
    assert d.report_length(OUTPUT, 0x0B) == 1


def test_push_and_pop_share_globals_between_reports() -> None:
    # Chromium's expectations for this descriptor: report ids 1, 2, 3; largest input 6 bytes.
    d = parse_descriptor(load_descriptor("usbif_digitizer_push_pop.hex"))
    assert d.report_ids(INPUT) == [1, 2, 3]
    assert [d.report_length(INPUT, r) for r in (1, 2, 3)] == [5, 6, 6]
    # Report 2's X comes right after a Pop: size, count and range are the pushed ones.
    x2 = next(f for f in d.find(INPUT, 0x01, 0x30) if f.report_id == 2)
    assert (x2.bit_offset, x2.bit_size, x2.logical_max) == (0, 16, 12000)
    buttons = [f for f in d.of_kind(INPUT) if f.report_id == 2 and f.is_array]
    assert [(f.bit_offset, f.bit_size, len(f.array_usages)) for f in buttons] == [
        (34, 5, 17),
        (39, 5, 17),
    ]
    pressure = next(f for f in d.find(INPUT, 0x0D, 0x30) if f.report_id == 3)
    assert (pressure.bit_offset, pressure.bit_size, pressure.logical_max) == (40, 8, 127)


def test_long_items_are_skipped() -> None:
    plain = load_descriptor("poly_blackwire_3220_telephony.hex")
    long_item = bytes([0xFE, 0x03, 0x10, 0xAA, 0xBB, 0xCC])
    with_long = plain[:6] + long_item + plain[6:]
    assert parse_descriptor(with_long).fields == parse_descriptor(plain).fields


def test_four_byte_usage_carries_its_own_page() -> None:
    d = parse_descriptor(
        bytes.fromhex(
            "05 08 09 01 A1 01"  # LED page, an application collection
            " 0B 20 00 0B 00"  # Usage (Telephony: Hook Switch), given as 32 bits
            " 15 00 25 01 75 01 95 01 81 02 75 07 81 03 C0"
        )
    )
    assert where(only(d, INPUT, TELEPHONY, 0x20)) == (0, 0, 1, False)
    assert d.find(INPUT, LED, 0x20) == []
    assert not d.uses_report_ids


def test_usage_ranges_and_logical_ranges() -> None:
    d = parse_descriptor(
        bytes.fromhex(
            "05 08 09 01 A1 01"
            " 19 01 29 05 15 00 25 01 75 01 95 05 91 02"  # LED 1..5, one bit each
            " 95 01 75 03 91 01"  # padding
            " 09 4B 15 00 25 FF 75 08 95 01 91 02"  # 0..255: FF is unsigned here
            " 09 4C 15 81 25 7F 75 08 95 01 91 02"  # -127..127: signed
            " C0"
        )
    )
    assert [only(d, OUTPUT, LED, u).bit_offset for u in range(1, 6)] == [0, 1, 2, 3, 4]
    assert (only(d, OUTPUT, LED, 0x4B).logical_min, only(d, OUTPUT, LED, 0x4B).logical_max) == (
        0,
        255,
    )
    signed = only(d, OUTPUT, LED, 0x4C)
    assert (signed.bit_offset, signed.logical_min, signed.logical_max) == (16, -127, 127)
    assert d.report_length(OUTPUT, 0) == 3


def test_field_values_are_read_and_written_at_their_bits() -> None:
    d = parse_descriptor(load_descriptor("jabra_link_380c.hex"))
    ringer = only(d, OUTPUT, TELEPHONY, 0x9E)
    buffer = bytearray(2)
    ringer.write(buffer, 1)
    assert bytes(buffer) == b"\x80\x00"
    keypad = next(f for f in d.of_kind(INPUT) if f.is_array and f.report_id == 2)
    assert keypad.read(bytes([0b1000_0000, 0b0000_0101])) == 0b1011  # bits 7..10
    with pytest.raises(ValueError, match="needs 2 data bytes"):
        keypad.read(b"\x80")


MALFORMED = [
    (b"", "empty"),
    (b"\x05", "needs 1 data bytes, only 0 left"),
    (b"\x06\x0b", "needs 2 data bytes, only 1 left"),
    (bytes.fromhex("05 0B 09 05 A1 01 FE 05 00 01 02"), "long item at byte 6 needs 5"),
    (bytes.fromhex("05 0B FE"), "long item at byte 2 is cut off"),
    (bytes.fromhex("05 0B C0"), "End Collection at byte 2 without a Collection"),
    (bytes.fromhex("05 0B 09 05 A1 01 85 02"), "1 collection(s) left open"),
    (bytes.fromhex("05 0B B4"), "Pop at byte 2 without a Push"),
    (bytes.fromhex("05 0B 85 00"), "Report ID 0 at byte 2 is invalid"),
    (bytes.fromhex("05 0B 0C"), "reserved item type"),
    (bytes.fromhex("05 0B D0"), "reserved Main item tag 0xD at byte 2"),
    (bytes.fromhex("05 08 19 05 29 01"), "Usage Maximum 0x1 is below Usage Minimum 0x5"),
    (bytes.fromhex("96 FF FF"), "Report Count 65535 at byte 0 is too large"),
    (bytes.fromhex("76 00 10"), "Report Size 4096 at byte 0 is too large"),
    (bytes.fromhex("05 0B 19 00 2A FF FF 81 00"), "more than 12288 usages"),
    (bytes.fromhex("A4" * 17), "Push at byte 16 nests too deep"),
]


@pytest.mark.parametrize(("descriptor", "message"), MALFORMED, ids=[m for _, m in MALFORMED])
def test_malformed_descriptors_raise_a_clear_error(descriptor: bytes, message: str) -> None:
    with pytest.raises(DescriptorError, match=re.escape(message)):
        parse_descriptor(descriptor)


def test_not_bytes_is_a_descriptor_error() -> None:
    with pytest.raises(DescriptorError, match="sequence of bytes"):
        parse_descriptor([0x05, 300])


@pytest.mark.parametrize("name", RECORDED)
def test_every_truncation_of_a_recorded_descriptor_fails_cleanly(name: str) -> None:
    descriptor = load_descriptor(name)
    whole = parse_descriptor(descriptor).fields
    errors = 0
    for end in range(len(descriptor)):
        try:
            cut = parse_descriptor(descriptor[:end])
        except DescriptorError:
            errors += 1
            continue
        # A cut that parses fell between two top-level collections: it may only lose fields.
        assert cut.fields == whole[: len(cut.fields)]
    assert errors >= len(descriptor) - 12  # only a few cut points lie outside every collection


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_raise_anything_but_descriptor_error(data: bytes) -> None:
    try:
        parsed = parse_descriptor(data)
    except DescriptorError:
        return
    for f in parsed.fields:  # whatever parses describes bits inside its own report
        assert f.bit_offset + f.bit_size <= parsed.report_bits[(f.kind, f.report_id)]
