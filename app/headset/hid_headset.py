"""The headset model: input reports become button events, the desk's state becomes LED reports,
and a button plus the call situation becomes a desk intent.

How real headsets behave (from Jabra's SDK documentation, the WebHID issues #61 and #72, Google's
libhidtelephony, the Yealink and Poly WebHID integrations), and what this module does about it:

- **Hook Switch** (Telephony 0x20) comes two ways. *Absolute* (Jabra, Poly Blackwire): the value
  is the headset's hook state, and the headset keeps it only while the host confirms it with the
  Off-Hook LED; unconfirmed, it falls back to on-hook about 2 s later (WebHID #61) - so every
  Off-Hook LED change the desk makes comes back as a Hook Switch report. We report only changes:
  ``HOOK_OFF`` on 0->1, ``HOOK_ON`` on 1->0. *Relative* (some Teams-style firmware): every press
  reports 1 and we report ``HOOK_TOGGLE``; the value 0 in the next report is "nothing new".
- **Phone Mute** (0x2F) is usually relative (a press = ``MUTE_TOGGLE``). The headset keeps its
  own mute state and expects the host to confirm it with the Mute / Microphone LED, or it resets
  itself (WebHID #72); the service rewrites the LEDs after every mute press for that reason.
  An absolute Phone Mute is a state: ``MUTE_ON`` / ``MUTE_OFF`` on change.
- Relative controls with a logical range of -1..1 are On/Off buttons (HID usage tables):
  +1 is the "on" event, -1 the "off" one.
- **Flash** (0x21), **Redial** (0x24), **Drop** (0x26) and the Teams "reject" button (Button page
  usage 7) are momentary: relative ones fire on every non-zero value, absolute ones on 0->1.
- Line Busy Tone (0x97) is the headset telling whether it is in a call; it is not a button and is
  ignored. Other pages (consumer volume keys, vendor reports) are ignored.
- LEDs: Off-Hook (LED 0x17), Ring (LED 0x18, and the Telephony Ringer 0x9E that makes a headset
  ring in the ear), Mute (LED 0x09 and LED Microphone 0x21 - headsets listen to one or the
  other), Hold (LED 0x20). All controls sharing a report id are written together: every report
  carries the whole state, never just the one bit that changed.

Intents (:func:`intent_for`) - the choices, for a desk that holds at most one connected call:

- ``HOOK_OFF``: a ringing call is answered; otherwise nothing (with a call up it is the
  headset confirming our own Off-Hook LED).
- ``HOOK_ON``: the connected call is hung up, else a held call is; while only ringing, nothing -
  an on-hook report arrives as the echo of the previous call's end, and must never reject the
  next caller. Rejecting is the reject button's job.
- ``HOOK_TOGGLE`` (the call button of a relative headset): answer a ringing call, else hang up
  the connected call, else resume (toggle hold of) a held one.
- ``MUTE_TOGGLE`` toggles mute while a call is up or held; ``MUTE_ON`` / ``MUTE_OFF`` do so only
  when the desk's state differs; with no call mute buttons do nothing.
- ``FLASH`` toggles hold of the current call (connected or held).
- ``REJECT`` rejects a ringing call; ``DROP`` hangs up the current call, or rejects a ringing one.
- ``REDIAL`` maps to nothing: the desk does not place calls from a headset button.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from app.headset.hid_descriptor import ParsedDescriptor, ReportField, ReportKind, parse_descriptor

__all__ = [
    "CallSituation",
    "HeadsetButton",
    "HeadsetIntent",
    "HidHeadset",
    "LedState",
    "ReportError",
    "intent_for",
]

PAGE_LED = 0x08
PAGE_TELEPHONY = 0x0B
PAGE_BUTTON = 0x09


class ReportError(ValueError):
    """An input report that does not fit the headset's descriptor; the message says why."""


class HeadsetButton(enum.Enum):
    """What the operator did on the headset."""

    HOOK_OFF = "hook_off"
    HOOK_ON = "hook_on"
    HOOK_TOGGLE = "hook_toggle"
    MUTE_TOGGLE = "mute_toggle"
    MUTE_ON = "mute_on"
    MUTE_OFF = "mute_off"
    FLASH = "flash"
    REDIAL = "redial"
    DROP = "drop"
    REJECT = "reject"


class HeadsetIntent(enum.Enum):
    """What the desk should do about a button."""

    ANSWER = "answer"
    HANG_UP = "hang_up"
    REJECT = "reject"
    TOGGLE_MUTE = "toggle_mute"
    TOGGLE_HOLD = "toggle_hold"


@dataclass(frozen=True)
class LedState:
    """The call state the headset should show.

    Keep ``off_hook`` True while any call is up *or held*: an absolute-hook headset follows the
    Off-Hook LED and reports on-hook as soon as it goes out, which would read as "hang up".
    """

    ringing: bool = False
    off_hook: bool = False
    muted: bool = False
    on_hold: bool = False


@dataclass(frozen=True)
class CallSituation:
    """The desk's calls as :func:`intent_for` needs them."""

    ringing: bool = False  # an inbound call is ringing (possibly waiting behind a connected one)
    connected: bool = False  # a call is in talk
    held: bool = False  # a call is on hold
    muted: bool = False


@dataclass(frozen=True)
class _Control:
    """How one input usage turns into events."""

    on: HeadsetButton  # absolute 0->1, relative +1 (or any non-zero for a 0..1 range)
    off: HeadsetButton | None = None  # absolute 1->0, relative -1; None: a momentary button
    toggle: HeadsetButton | None = None  # relative 0..1 (a toggle button)


_CONTROLS: dict[tuple[int, int], _Control] = {
    (PAGE_TELEPHONY, 0x20): _Control(
        HeadsetButton.HOOK_OFF, HeadsetButton.HOOK_ON, HeadsetButton.HOOK_TOGGLE
    ),
    (PAGE_TELEPHONY, 0x2F): _Control(
        HeadsetButton.MUTE_ON, HeadsetButton.MUTE_OFF, HeadsetButton.MUTE_TOGGLE
    ),
    (PAGE_TELEPHONY, 0x21): _Control(HeadsetButton.FLASH),
    (PAGE_TELEPHONY, 0x24): _Control(HeadsetButton.REDIAL),
    (PAGE_TELEPHONY, 0x26): _Control(HeadsetButton.DROP),
    (PAGE_BUTTON, 0x07): _Control(HeadsetButton.REJECT),
}


def _is_telephony(field: ReportField) -> bool:
    # The reject button (Button page) only counts inside a telephony collection.
    return field.usage_page == PAGE_TELEPHONY or field.application[0] == PAGE_TELEPHONY


class HidHeadset:
    """One headset's call controls, built from its parsed report descriptor.

    ``parse`` keeps the last value of every absolute control, so feed it the reports of one
    device in the order they came; it is not thread-safe (the service's thread owns it).
    """

    def __init__(self, descriptor: ParsedDescriptor) -> None:
        self.descriptor = descriptor
        self._inputs: dict[int, list[tuple[ReportField, _Control]]] = {}
        for f in descriptor.of_kind(ReportKind.INPUT):
            control = _CONTROLS.get((f.usage_page, f.usage))
            if control is None or f.is_array or not _is_telephony(f):
                continue
            self._inputs.setdefault(f.report_id, []).append((f, control))
        self._last: dict[tuple[int, int], int] = {}
        self._outputs = self._led_fields(descriptor)

    @classmethod
    def from_descriptor(cls, descriptor: bytes | bytearray | list[int]) -> HidHeadset:
        """Parse ``descriptor``; raises :class:`~app.headset.hid_descriptor.DescriptorError`."""
        return cls(parse_descriptor(descriptor))

    @property
    def has_call_controls(self) -> bool:
        """True when the device reports a Hook Switch: without one it cannot answer calls."""
        return any(
            (f.usage_page, f.usage) == (PAGE_TELEPHONY, 0x20)
            for fields in self._inputs.values()
            for f, _ in fields
        )

    @property
    def input_report_length(self) -> int:
        """The longest input report in bytes, report id included (a read buffer size)."""
        ids = self.descriptor.report_ids(ReportKind.INPUT) or [0]
        extra = 1 if self.descriptor.uses_report_ids else 0
        return max(self.descriptor.report_length(ReportKind.INPUT, i) for i in ids) + extra

    # --- input ---------------------------------------------------------------------------------

    def parse(self, report: bytes | bytearray | list[int]) -> list[HeadsetButton]:
        """The button events in one input report (as hidapi's ``read`` returns it)."""
        data = bytes(report)
        if not data:
            raise ReportError("the input report is empty")
        report_id = 0
        if self.descriptor.uses_report_ids:
            report_id, data = data[0], data[1:]
        if (ReportKind.INPUT, report_id) not in self.descriptor.report_bits:
            raise ReportError(f"input report id {report_id} is not in the descriptor")
        length = self.descriptor.report_length(ReportKind.INPUT, report_id)
        if len(data) < length:
            raise ReportError(
                f"input report {report_id} has {len(data)} data byte(s), the descriptor "
                f"declares {length}"
            )
        events: list[HeadsetButton] = []
        for f, control in self._inputs.get(report_id, ()):
            event = self._event(f, control, f.read(data))
            if event is not None:
                events.append(event)
        return events

    def _event(self, f: ReportField, control: _Control, value: int) -> HeadsetButton | None:
        if f.relative:
            if value == 0:
                return None
            if f.logical_min < 0:  # On/Off buttons: +1 on, -1 off
                return control.on if value > 0 else (control.off or control.on)
            return control.toggle or control.on
        key = (f.report_id, f.bit_offset)
        before = self._last.get(key, 0)
        self._last[key] = value
        pressed, was_pressed = value > 0, before > 0
        if pressed == was_pressed:
            return None
        if pressed:
            return control.on
        return control.off  # None for a momentary button's release

    # --- output --------------------------------------------------------------------------------

    @staticmethod
    def _led_fields(descriptor: ParsedDescriptor) -> dict[int, list[tuple[ReportField, str]]]:
        wanted = {
            (PAGE_LED, 0x17): "off_hook",
            (PAGE_LED, 0x18): "ringing",
            (PAGE_TELEPHONY, 0x9E): "ringing",  # Ringer: the headset's own ring tone
            (PAGE_LED, 0x09): "muted",
            (PAGE_LED, 0x21): "muted",  # Microphone
            (PAGE_LED, 0x20): "on_hold",
        }
        outputs: dict[int, list[tuple[ReportField, str]]] = {}
        for f in descriptor.of_kind(ReportKind.OUTPUT):
            name = wanted.get((f.usage_page, f.usage))
            if name is not None and not f.is_array and not f.constant:
                outputs.setdefault(f.report_id, []).append((f, name))
        return outputs

    @property
    def led_report_ids(self) -> list[int]:
        return sorted(self._outputs)

    def led_reports(self, state: LedState) -> list[bytes]:
        """One output report per report id that carries any of our LEDs, ready for hidapi's
        ``write`` (report id first; 0 first when the descriptor uses no report ids)."""
        reports = []
        for report_id in sorted(self._outputs):
            buffer = bytearray(self.descriptor.report_length(ReportKind.OUTPUT, report_id))
            for f, name in self._outputs[report_id]:
                f.write(buffer, _on_value(f) if getattr(state, name) else _off_value(f))
            reports.append(bytes([report_id]) + bytes(buffer))
        return reports


def _on_value(f: ReportField) -> int:
    return f.logical_max if f.logical_max > 0 else 1


def _off_value(f: ReportField) -> int:
    return 0 if f.logical_min <= 0 <= f.logical_max else f.logical_min


_Rule = Callable[[CallSituation], "HeadsetIntent | None"]


def _hook_toggle(s: CallSituation) -> HeadsetIntent | None:
    if s.ringing:
        return HeadsetIntent.ANSWER
    if s.connected:
        return HeadsetIntent.HANG_UP
    return HeadsetIntent.TOGGLE_HOLD if s.held else None


def _drop(s: CallSituation) -> HeadsetIntent | None:
    if s.connected or s.held:
        return HeadsetIntent.HANG_UP
    return HeadsetIntent.REJECT if s.ringing else None


def _when(condition: Callable[[CallSituation], bool], intent: HeadsetIntent) -> _Rule:
    return lambda s: intent if condition(s) else None


def _has_call(s: CallSituation) -> bool:
    return s.connected or s.held


_RULES: dict[HeadsetButton, _Rule] = {
    HeadsetButton.HOOK_OFF: _when(lambda s: s.ringing, HeadsetIntent.ANSWER),
    HeadsetButton.HOOK_ON: _when(_has_call, HeadsetIntent.HANG_UP),
    HeadsetButton.HOOK_TOGGLE: _hook_toggle,
    HeadsetButton.MUTE_TOGGLE: _when(_has_call, HeadsetIntent.TOGGLE_MUTE),
    HeadsetButton.MUTE_ON: _when(lambda s: _has_call(s) and not s.muted, HeadsetIntent.TOGGLE_MUTE),
    HeadsetButton.MUTE_OFF: _when(lambda s: _has_call(s) and s.muted, HeadsetIntent.TOGGLE_MUTE),
    HeadsetButton.FLASH: _when(_has_call, HeadsetIntent.TOGGLE_HOLD),
    HeadsetButton.REJECT: _when(lambda s: s.ringing, HeadsetIntent.REJECT),
    HeadsetButton.DROP: _drop,
    HeadsetButton.REDIAL: lambda s: None,
}


def intent_for(button: HeadsetButton, situation: CallSituation) -> HeadsetIntent | None:
    """What the desk should do about ``button`` now; None: nothing (see the module docstring)."""
    return _RULES[button](situation)
