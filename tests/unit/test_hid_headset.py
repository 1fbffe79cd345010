"""The headset model on recorded descriptors: input report sequences become button events, the
desk's state becomes LED report bytes, and buttons plus the call situation become intents."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.headset.hid_headset import (
    CallSituation,
    HeadsetButton,
    HeadsetIntent,
    HidHeadset,
    LedState,
    ReportError,
    intent_for,
)
from tests.unit.test_hid_descriptor import DATA, load_descriptor

B = HeadsetButton
I = HeadsetIntent  # noqa: E741 - a table reads better with short names

SEQUENCES = json.loads((DATA / "input_reports.json").read_text())

JABRA = "jabra_link_380c.hex"
BLACKWIRE = "poly_blackwire_3220_telephony.hex"
JLAB = "jlab_realtek_teams_telephony.hex"


def headset(name: str) -> HidHeadset:
    return HidHeadset.from_descriptor(load_descriptor(name))


@pytest.mark.parametrize(
    ("sequence", "expected"),
    [
        # The answer button, and the headset falling back on-hook when the host stays silent.
        ("jabra_answer_without_echo", [[B.HOOK_OFF], [B.HOOK_ON]]),
        # Phone Mute is relative: 1 is a press, the 0 after it is nothing.
        ("jabra_mute_press", [[B.MUTE_TOGGLE], []]),
        ("jabra_reject_button", [[B.REJECT], []]),
        ("jabra_volume_up", [[], []]),
        # Absolute hook: the same state again is no news; only changes are events.
        ("blackwire_answer_then_hang_up", [[B.HOOK_OFF], [], [B.HOOK_ON]]),
        ("blackwire_mute_press", [[B.HOOK_OFF], [B.MUTE_TOGGLE], []]),
        # Absolute Flash is a momentary button: pressed is an event, released is not.
        ("blackwire_flash", [[B.HOOK_OFF], [B.FLASH], []]),
        # A relative hook switch: every press is a toggle.
        ("jlab_call_button_twice", [[B.HOOK_TOGGLE], [], [B.HOOK_TOGGLE], []]),
    ],
)
def test_recorded_report_sequences_become_button_events(
    sequence: str, expected: list[list[HeadsetButton]]
) -> None:
    recorded = SEQUENCES[sequence]
    model = headset(recorded["descriptor"])
    events = [model.parse(bytes.fromhex(report)) for report in recorded["reports"]]
    assert events == expected


def test_reports_as_hidapi_returns_them_are_accepted() -> None:
    model = headset(JABRA)
    assert model.parse([0x02, 0x01, 0x00]) == [B.HOOK_OFF]  # hidapi's read() gives a list


@pytest.mark.parametrize(
    ("name", "state", "expected"),
    [
        # Jabra report 2: bit 0 Off-Hook, 2 Mute, 3 Ring, 4 Hold, 5 Microphone, 7 Ringer.
        (JABRA, LedState(), ["020000"]),
        (JABRA, LedState(ringing=True), ["028800"]),
        (JABRA, LedState(off_hook=True, muted=True), ["022500"]),
        (JABRA, LedState(off_hook=True, on_hold=True), ["021100"]),
        # Blackwire: one report per LED (Mute 0x09, Off-Hook 0x17, Ring 0x18), each sent whole.
        (BLACKWIRE, LedState(off_hook=True, muted=True), ["0901", "1701", "1800"]),
        (BLACKWIRE, LedState(ringing=True), ["0900", "1700", "1801"]),
        # Teams-style report 0x0B: bit 0 Off-Hook, 1 Mute, 2 Ring, 3 Microphone, 5 Hold.
        (JLAB, LedState(ringing=True), ["0b04"]),
        (JLAB, LedState(off_hook=True, muted=True), ["0b0b"]),
        (JLAB, LedState(off_hook=True, on_hold=True), ["0b21"]),
    ],
)
def test_led_state_becomes_output_report_bytes(
    name: str, state: LedState, expected: list[str]
) -> None:
    assert [r.hex() for r in headset(name).led_reports(state)] == expected


# A telephony headset without report ids (one input byte, one output byte).
UNNUMBERED = bytes.fromhex(
    "05 0B 09 05 A1 01 15 00 25 01 75 01"
    " 09 20 95 01 81 22 09 2F 95 01 81 06 95 06 81 01"
    " 05 08 09 17 09 09 09 18 95 03 91 22 95 05 91 01 C0"
)


def test_a_headset_without_report_ids_reads_bare_data_and_writes_a_zero_id() -> None:
    model = HidHeadset.from_descriptor(UNNUMBERED)
    assert model.parse(b"\x01") == [B.HOOK_OFF]
    assert model.parse(b"\x03") == [B.MUTE_TOGGLE]
    assert model.led_reports(LedState(off_hook=True, ringing=True)) == [b"\x00\x05"]


def test_what_the_service_needs_to_know_about_a_device() -> None:
    assert headset(JABRA).has_call_controls
    assert headset(BLACKWIRE).has_call_controls
    assert headset(JLAB).has_call_controls
    assert not headset("usbif_digitizer_push_pop.hex").has_call_controls
    assert headset(JABRA).input_report_length == 63  # vendor report 5: 62 bytes + id
    assert headset(BLACKWIRE).led_report_ids == [0x09, 0x17, 0x18]


@pytest.mark.parametrize(
    ("report", "message"),
    [
        (b"", "empty"),
        (b"\x07\x00\x00", "input report id 7 is not in the descriptor"),
        (b"\x02\x01", "input report 2 has 1 data byte(s), the descriptor declares 2"),
    ],
)
def test_malformed_reports_raise_a_clear_error_and_change_nothing(
    report: bytes, message: str
) -> None:
    model = headset(JABRA)
    assert model.parse(b"\x02\x01\x00") == [B.HOOK_OFF]
    with pytest.raises(ReportError, match=re.escape(message)):
        model.parse(report)
    assert model.parse(b"\x02\x01\x00") == []  # still off-hook: the bad report changed nothing
    assert model.parse(b"\x02\x00\x00") == [B.HOOK_ON]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=70))
def test_random_reports_give_events_or_report_error(data: bytes) -> None:
    model = headset(JABRA)
    try:
        events = model.parse(data)
    except ReportError:
        return
    assert all(isinstance(e, HeadsetButton) for e in events)


IDLE = CallSituation()
RINGING = CallSituation(ringing=True)
TALKING = CallSituation(connected=True)
TALKING_MUTED = CallSituation(connected=True, muted=True)
HELD = CallSituation(held=True)
WAITING = CallSituation(ringing=True, connected=True)  # a second call rings during a call


@pytest.mark.parametrize(
    ("button", "situation", "intent"),
    [
        (B.HOOK_OFF, RINGING, I.ANSWER),
        (B.HOOK_OFF, WAITING, I.ANSWER),
        (B.HOOK_OFF, TALKING, None),  # the headset confirming our Off-Hook LED
        (B.HOOK_OFF, IDLE, None),  # no call, nothing rings: nothing to do
        (B.HOOK_ON, TALKING, I.HANG_UP),
        (B.HOOK_ON, HELD, I.HANG_UP),
        (B.HOOK_ON, RINGING, None),  # the echo of the last call's end must not reject the next
        (B.HOOK_ON, IDLE, None),
        (B.HOOK_TOGGLE, RINGING, I.ANSWER),
        (B.HOOK_TOGGLE, TALKING, I.HANG_UP),
        (B.HOOK_TOGGLE, HELD, I.TOGGLE_HOLD),
        (B.HOOK_TOGGLE, IDLE, None),
        (B.MUTE_TOGGLE, TALKING, I.TOGGLE_MUTE),
        (B.MUTE_TOGGLE, HELD, I.TOGGLE_MUTE),
        (B.MUTE_TOGGLE, IDLE, None),
        (B.MUTE_ON, TALKING, I.TOGGLE_MUTE),
        (B.MUTE_ON, TALKING_MUTED, None),
        (B.MUTE_OFF, TALKING_MUTED, I.TOGGLE_MUTE),
        (B.MUTE_OFF, TALKING, None),
        (B.FLASH, TALKING, I.TOGGLE_HOLD),
        (B.FLASH, HELD, I.TOGGLE_HOLD),
        (B.FLASH, RINGING, None),
        (B.REJECT, RINGING, I.REJECT),
        (B.REJECT, WAITING, I.REJECT),
        (B.REJECT, TALKING, None),
        (B.DROP, TALKING, I.HANG_UP),
        (B.DROP, RINGING, I.REJECT),
        (B.DROP, IDLE, None),
        (B.REDIAL, IDLE, None),
        (B.REDIAL, TALKING, None),
    ],
)
def test_intents(
    button: HeadsetButton, situation: CallSituation, intent: HeadsetIntent | None
) -> None:
    assert intent_for(button, situation) is intent


def test_every_button_has_an_intent_rule() -> None:
    situations = [IDLE, RINGING, TALKING, TALKING_MUTED, HELD, WAITING]
    for button in HeadsetButton:
        for situation in situations:
            result = intent_for(button, situation)
            assert result is None or isinstance(result, HeadsetIntent)
