"""A small USB HID report-descriptor parser: where each control sits in which report.

A headset tells the host, in its report descriptor, which reports it sends (buttons) and which it
accepts (LEDs): for every control its usage (page and id), its report id, its bit offset and size
inside the report, whether it is relative or absolute and its logical range. This module turns
the descriptor bytes into that list (:class:`ParsedDescriptor`); ``hid_headset`` picks the
telephony controls out of it.

Choices (the Linux kernel's HID core, ``drivers/hid/hid-core.c``, does the same unless said):

- A Usage given in one or two bytes takes the Usage Page in force when the Main item comes, for
  the usages after the last Usage Page change (``hid_concatenate_last_usage_page``). Jabra's
  descriptors declare ``Usage (Programmable Button)``, then ``Usage Page (Button)``, then the
  Input: the bit is Button 7, the "reject call" button of Teams-certified headsets.
- Logical Minimum is signed; Logical Maximum is read unsigned unless the minimum is negative
  (many descriptors write ``25 FF`` meaning 255).
- A Main item with the Constant flag but with usages is kept (``constant=True``): Jabra marks
  its telephony inputs ``Input (Const, Var, Abs)`` (0x23) and still sends them. Without usages
  it is padding: it moves the offset and yields no field.
- Pop restores every global item except the Report ID, as Chromium's parser does: the USB-IF's
  own digitizer example sets Report ID 2 and then pops a state pushed under Report ID 1, and
  means report 2 (the Linux kernel would put those fields back into report 1).
- Long items are skipped; reserved short item tags are ignored. Structural faults - an item cut
  off by the end of the data, End Collection or Pop without a partner, a collection left open,
  Report ID 0, absurd sizes - raise :class:`DescriptorError` and nothing else.

Bit offsets count from the first data byte, i.e. after the report id byte when the descriptor
uses report ids.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

__all__ = [
    "DescriptorError",
    "ParsedDescriptor",
    "ReportField",
    "ReportKind",
    "parse_descriptor",
]

#: The most usages one Main item may carry (the Linux kernel's HID_MAX_USAGES).
MAX_USAGES = 12288
#: The largest Report Size in bits, and the most fields one Main item may declare.
MAX_REPORT_SIZE = 256
MAX_REPORT_COUNT = 12288
#: Nesting limits: Push/Pop stack and collection depth.
MAX_PUSH_DEPTH = 16
MAX_COLLECTION_DEPTH = 64

_LONG_ITEM = 0xFE


class DescriptorError(ValueError):
    """The report descriptor is malformed or truncated; the message says where and why."""


class ReportKind(enum.Enum):
    INPUT = "input"
    OUTPUT = "output"
    FEATURE = "feature"


_MAIN_KINDS = {0x8: ReportKind.INPUT, 0x9: ReportKind.OUTPUT, 0xB: ReportKind.FEATURE}


@dataclass(frozen=True)
class ReportField:
    """One control (or one array slot) in one report."""

    kind: ReportKind
    report_id: int  # 0 when the descriptor uses no report ids
    usage_page: int
    usage: int
    bit_offset: int  # from the first data byte (after the report id byte, if any)
    bit_size: int
    relative: bool
    preferred_state: bool
    constant: bool
    logical_min: int
    logical_max: int
    #: For an array field: every usage its value can select, as ``(page, id)``; the value is
    #: an index into this tuple counted from ``logical_min``. Empty for variable fields.
    array_usages: tuple[tuple[int, int], ...] = ()
    #: The top-level application collection this field belongs to, as ``(page, id)``.
    application: tuple[int, int] = (0, 0)

    @property
    def is_array(self) -> bool:
        return bool(self.array_usages)

    def read(self, data: bytes) -> int:
        """This field's value in ``data`` (the report without its id byte), sign-extended when
        the logical range is signed. Raises :class:`ValueError` when ``data`` is too short."""
        end = self.bit_offset + self.bit_size
        if len(data) * 8 < end:
            raise ValueError(f"needs {(end + 7) // 8} data bytes, the report has {len(data)}")
        raw = (int.from_bytes(data, "little") >> self.bit_offset) & ((1 << self.bit_size) - 1)
        if self.logical_min < 0 and raw >> (self.bit_size - 1):
            raw -= 1 << self.bit_size
        return raw

    def write(self, buffer: bytearray, value: int) -> None:
        """Put ``value`` into ``buffer`` (report data without the id byte) at this field."""
        mask = (1 << self.bit_size) - 1
        current = int.from_bytes(buffer, "little")
        current &= ~(mask << self.bit_offset)
        current |= (value & mask) << self.bit_offset
        buffer[:] = current.to_bytes(len(buffer), "little")


@dataclass(frozen=True)
class ParsedDescriptor:
    """Everything the descriptor declares, in order, and the size of every report."""

    fields: tuple[ReportField, ...]
    uses_report_ids: bool
    #: Data bits of every report, keyed by (kind, report id); padding included.
    report_bits: dict[tuple[ReportKind, int], int]
    #: The top-level application collections, as ``(page, id)``, in order.
    applications: tuple[tuple[int, int], ...]

    def of_kind(self, kind: ReportKind) -> Iterator[ReportField]:
        return (f for f in self.fields if f.kind is kind)

    def find(self, kind: ReportKind, usage_page: int, usage: int) -> list[ReportField]:
        """The variable fields of ``kind`` carrying exactly this usage."""
        return [
            f
            for f in self.fields
            if f.kind is kind and not f.is_array and (f.usage_page, f.usage) == (usage_page, usage)
        ]

    def report_ids(self, kind: ReportKind) -> list[int]:
        return sorted(rid for k, rid in self.report_bits if k is kind)

    def report_length(self, kind: ReportKind, report_id: int) -> int:
        """Data bytes of one report (without the id byte); 0 for a report never declared."""
        return (self.report_bits.get((kind, report_id), 0) + 7) // 8


@dataclass(frozen=True)
class _Globals:
    usage_page: int = 0
    logical_min: int = 0
    logical_max: int = 0
    report_size: int = 0
    report_count: int = 0
    report_id: int = 0


@dataclass
class _Usage:
    page: int
    usage: int
    explicit: bool  # given as a 4-byte usage with its own page


@dataclass
class _Locals:
    usages: list[_Usage] = field(default_factory=list)
    minimum: _Usage | None = None


def _unsigned(data: bytes) -> int:
    return int.from_bytes(data, "little", signed=False)


def _signed(data: bytes) -> int:
    return int.from_bytes(data, "little", signed=True) if data else 0


class _Parser:
    def __init__(self, descriptor: bytes) -> None:
        self.data = descriptor
        self.globals = _Globals()
        self.stack: list[_Globals] = []
        self.locals = _Locals()
        self.collections: list[tuple[int, int]] = []
        self.applications: list[tuple[int, int]] = []
        self.fields: list[ReportField] = []
        self.bits: dict[tuple[ReportKind, int], int] = {}
        self.saw_report_id = False

    def run(self) -> ParsedDescriptor:
        for position, prefix, payload in self._items():
            self._item(position, prefix, payload)
        if self.collections:
            raise DescriptorError(
                f"{len(self.collections)} collection(s) left open at the end of the descriptor"
            )
        return ParsedDescriptor(
            fields=tuple(self.fields),
            uses_report_ids=self.saw_report_id,
            report_bits=dict(self.bits),
            applications=tuple(self.applications),
        )

    def _items(self) -> Iterator[tuple[int, int, bytes]]:
        data, position = self.data, 0
        while position < len(data):
            prefix = data[position]
            if prefix == _LONG_ITEM:
                if position + 3 > len(data):
                    raise DescriptorError(f"long item at byte {position} is cut off")
                end = position + 3 + data[position + 1]
                if end > len(data):
                    raise DescriptorError(
                        f"long item at byte {position} needs {data[position + 1]} data bytes, "
                        f"only {len(data) - position - 3} left"
                    )
                position = end  # no long item tags are defined: skip it
                continue
            size = (0, 1, 2, 4)[prefix & 0x3]
            end = position + 1 + size
            if end > len(data):
                raise DescriptorError(
                    f"item 0x{prefix:02X} at byte {position} needs {size} data bytes, "
                    f"only {len(data) - position - 1} left"
                )
            yield position, prefix, bytes(data[position + 1 : end])
            position = end

    def _item(self, position: int, prefix: int, payload: bytes) -> None:
        kind, tag = (prefix >> 2) & 0x3, prefix >> 4
        if kind == 0:
            self._main(position, tag, payload)
        elif kind == 1:
            self._global(position, tag, payload)
        elif kind == 2:
            self._local(tag, payload)
        else:
            raise DescriptorError(f"reserved item type in prefix 0x{prefix:02X} at byte {position}")

    # --- global items ------------------------------------------------------------------------

    def _global(self, position: int, tag: int, payload: bytes) -> None:
        g = self.globals
        if tag == 0x0:
            self.globals = replace(g, usage_page=_unsigned(payload) & 0xFFFF)
        elif tag == 0x1:
            self.globals = replace(g, logical_min=_signed(payload))
        elif tag == 0x2:
            value = _signed(payload) if g.logical_min < 0 else _unsigned(payload)
            self.globals = replace(g, logical_max=value)
        elif tag == 0x7:
            size = _unsigned(payload)
            if size > MAX_REPORT_SIZE:
                raise DescriptorError(f"Report Size {size} at byte {position} is too large")
            self.globals = replace(g, report_size=size)
        elif tag == 0x8:
            report_id = _unsigned(payload)
            if not 1 <= report_id <= 255:
                raise DescriptorError(f"Report ID {report_id} at byte {position} is invalid")
            self.saw_report_id = True
            self.globals = replace(g, report_id=report_id)
        elif tag == 0x9:
            count = _unsigned(payload)
            if count > MAX_REPORT_COUNT:
                raise DescriptorError(f"Report Count {count} at byte {position} is too large")
            self.globals = replace(g, report_count=count)
        elif tag in (0xA, 0xB):
            self._push_pop(position, push=tag == 0xA)
        # Physical range, unit and unit exponent do not change where bits are; reserved tags
        # are ignored.

    def _push_pop(self, position: int, *, push: bool) -> None:
        if push:
            if len(self.stack) >= MAX_PUSH_DEPTH:
                raise DescriptorError(f"Push at byte {position} nests too deep")
            self.stack.append(self.globals)
        else:
            if not self.stack:
                raise DescriptorError(f"Pop at byte {position} without a Push")
            # The Report ID stays: see the module docstring.
            self.globals = replace(self.stack.pop(), report_id=self.globals.report_id)

    # --- local items -------------------------------------------------------------------------

    def _usage(self, payload: bytes) -> _Usage:
        value = _unsigned(payload)
        if len(payload) == 4:
            return _Usage(page=value >> 16, usage=value & 0xFFFF, explicit=True)
        return _Usage(page=self.globals.usage_page, usage=value, explicit=False)

    def _local(self, tag: int, payload: bytes) -> None:
        if tag == 0x0:
            self._add_usages([self._usage(payload)])
        elif tag == 0x1:
            self.locals.minimum = self._usage(payload)
        elif tag == 0x2:
            maximum = self._usage(payload)
            minimum = self.locals.minimum
            if minimum is None:
                return  # a maximum without a minimum declares nothing
            if maximum.usage < minimum.usage:
                raise DescriptorError(
                    f"Usage Maximum 0x{maximum.usage:X} is below Usage Minimum 0x{minimum.usage:X}"
                )
            page, explicit = minimum.page, minimum.explicit
            self._add_usages(
                [_Usage(page, u, explicit) for u in range(minimum.usage, maximum.usage + 1)]
            )
            self.locals.minimum = None
        # Designators, strings and delimiters do not change where bits are.

    def _add_usages(self, usages: list[_Usage]) -> None:
        if len(self.locals.usages) + len(usages) > MAX_USAGES:
            raise DescriptorError(f"more than {MAX_USAGES} usages before one Main item")
        self.locals.usages.extend(usages)

    def _complete_usages(self) -> list[tuple[int, int]]:
        """Apply the last Usage Page to the short usages declared since it changed."""
        page = self.globals.usage_page
        usages = self.locals.usages
        for u in reversed(usages):
            if u.explicit:
                continue
            if u.page == page:
                break
            u.page = page
        return [(u.page, u.usage) for u in usages]

    # --- main items --------------------------------------------------------------------------

    def _main(self, position: int, tag: int, payload: bytes) -> None:
        if tag == 0xA:
            usages = self._complete_usages()
            if len(self.collections) >= MAX_COLLECTION_DEPTH:
                raise DescriptorError(f"Collection at byte {position} nests too deep")
            usage = usages[0] if usages else (self.globals.usage_page, 0)
            if not self.collections:
                self.applications.append(usage)
            self.collections.append(usage)
        elif tag == 0xC:
            if not self.collections:
                raise DescriptorError(f"End Collection at byte {position} without a Collection")
            self.collections.pop()
        elif tag in _MAIN_KINDS:
            self._report_item(_MAIN_KINDS[tag], _unsigned(payload))
        else:
            raise DescriptorError(f"reserved Main item tag 0x{tag:X} at byte {position}")
        self.locals = _Locals()

    def _report_item(self, kind: ReportKind, flags: int) -> None:
        g = self.globals
        usages = self._complete_usages()
        key = (kind, g.report_id)
        offset = self.bits.get(key, 0)
        total = g.report_size * g.report_count
        self.bits[key] = offset + total
        if not usages or total == 0:
            return  # padding
        application = self.collections[0] if self.collections else (0, 0)

        def make(
            usage: tuple[int, int], offset_bits: int, choices: tuple[tuple[int, int], ...]
        ) -> ReportField:
            return ReportField(
                kind=kind,
                report_id=g.report_id,
                usage_page=usage[0],
                usage=usage[1],
                bit_offset=offset_bits,
                bit_size=g.report_size,
                relative=bool(flags & 0x04),
                preferred_state=not flags & 0x20,
                constant=bool(flags & 0x01),
                logical_min=g.logical_min,
                logical_max=g.logical_max,
                array_usages=choices,
                application=application,
            )

        if not flags & 0x02:  # array: every slot may hold any of the usages
            choices = tuple(usages)
            for slot in range(g.report_count):
                self.fields.append(make(usages[0], offset + slot * g.report_size, choices))
            return
        for index in range(g.report_count):
            usage = usages[min(index, len(usages) - 1)]
            self.fields.append(make(usage, offset + index * g.report_size, ()))


def parse_descriptor(descriptor: bytes | bytearray | list[int]) -> ParsedDescriptor:
    """Parse a HID report descriptor; raise :class:`DescriptorError` if it is malformed."""
    try:
        data = bytes(descriptor)
    except (TypeError, ValueError) as exc:
        raise DescriptorError(f"a report descriptor is a sequence of bytes: {exc}") from None
    if not data:
        raise DescriptorError("the report descriptor is empty")
    return _Parser(data).run()
