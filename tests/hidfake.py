"""A fake hidapi for headset tests: no USB headset can be plugged into this machine, so
``FakeHidapi`` stands in for the ``hid`` module alone (enumerate, open, read, write, the
report descriptor) and plays descriptors recorded from real headsets (tests/data/hid)."""

from __future__ import annotations

import collections
import queue
import threading
from dataclasses import dataclass, field
from typing import Any

from tests.unit.test_hid_descriptor import load_descriptor


@dataclass
class FakeDevice:
    """A headset on the fake bus: its descriptor, what it will send, what it was sent."""

    path: bytes
    name: str
    vendor_id: int
    product_id: int
    descriptor: bytes
    usage_pages: tuple[int, ...]
    plugged: bool = True
    inbox: queue.Queue[bytes | None] = field(default_factory=queue.Queue)
    writes: list[bytes] = field(default_factory=list)

    def press(self, report_hex: str) -> None:
        self.inbox.put(bytes.fromhex(report_hex))


class FakeHandle:
    """What ``hid.device()`` returns, with hidapi's behaviour on errors."""

    def __init__(self, bus: FakeHidapi) -> None:
        self.bus = bus
        self.device: FakeDevice | None = None

    def open_path(self, path: bytes) -> None:
        device = self.bus.devices.get(path)
        if device is None or not device.plugged or path in self.bus.refused:
            raise OSError("open failed")
        self.bus.opens[path] += 1
        self.device = device

    def _opened(self) -> FakeDevice:
        if self.device is None:
            raise ValueError("not open")
        return self.device

    def read(self, max_length: int, timeout_ms: int = 0) -> list[int]:
        device = self._opened()
        if not device.plugged:
            raise OSError("read error")
        try:
            report = device.inbox.get(timeout=max(timeout_ms, 0) / 1000)
        except queue.Empty:
            return []
        if report is None:  # unplugged while waiting
            raise OSError("read error")
        return list(report[:max_length])

    def write(self, buff: bytes) -> int:
        device = self._opened()
        if not device.plugged:
            raise OSError("write error")
        with self.bus.changed:
            device.writes.append(bytes(buff))
            self.bus.changed.notify_all()
        return len(buff)

    def get_report_descriptor(self, max_length: int = 4096) -> list[int]:
        return list(self._opened().descriptor[:max_length])

    def close(self) -> None:
        if self.device is not None:
            self.bus.closes[self.device.path] += 1
        self.device = None


class FakeHidapi:
    """Stands in for the ``hid`` module."""

    def __init__(self, *devices: FakeDevice) -> None:
        self.devices = {d.path: d for d in devices}
        self.refused: set[bytes] = set()  # open_path fails for these (no permission, busy)
        self.opens: collections.Counter[bytes] = collections.Counter()
        self.closes: collections.Counter[bytes] = collections.Counter()
        self.changed = threading.Condition()

    def enumerate(self, vendor_id: int = 0, product_id: int = 0) -> list[dict[str, Any]]:
        return [
            {
                "path": d.path,
                "vendor_id": d.vendor_id,
                "product_id": d.product_id,
                "serial_number": "",
                "release_number": 0x100,
                "manufacturer_string": "",
                "product_string": d.name,
                "usage_page": page,
                "usage": 0,
                "interface_number": 3,
            }
            for d in self.devices.values()
            if d.plugged
            for page in d.usage_pages
        ]

    def device(self) -> FakeHandle:
        return FakeHandle(self)

    def plug(self, device: FakeDevice) -> None:
        self.devices = {**self.devices, device.path: device}  # one swap: enumerate may be running

    def unplug(self, device: FakeDevice) -> None:
        device.plugged = False
        device.inbox.put(None)

    def replug(self, device: FakeDevice) -> None:
        device.inbox = queue.Queue()
        device.plugged = True


def jabra(
    path: bytes = b"/dev/hidraw3", pages: tuple[int, ...] = (0x0B, 0xFF00, 0x0C)
) -> FakeDevice:
    return FakeDevice(
        path, "Jabra Link 380", 0x0B0E, 0x24C8, load_descriptor("jabra_link_380c.hex"), pages
    )


def blackwire(path: bytes = b"/dev/hidraw5") -> FakeDevice:
    descriptor = load_descriptor("poly_blackwire_3220_telephony.hex")
    return FakeDevice(
        path, "Plantronics Blackwire 3220 Series", 0x047F, 0xC056, descriptor, (0x0B,)
    )
