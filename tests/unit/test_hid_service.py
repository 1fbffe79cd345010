"""The headset thread against a fake hidapi: no USB headset can be plugged into this machine, so
``FakeHidapi`` stands in for the ``hid`` module alone (enumerate, open, read, write, descriptor)
and plays the recorded descriptors; everything above it - the thread, the parser, the model,
reconnection, the LED writes - is the real code."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.headset.hid_headset import HeadsetButton, LedState
from app.headset.hid_service import (
    HEADSET_VENDORS,
    UDEV_RULE,
    UDEV_RULE_FILENAME,
    HeadsetConnection,
    HeadsetService,
    HeadsetStatus,
    can_open_path,
    list_headsets,
)
from tests.hidfake import FakeDevice, FakeHidapi, blackwire, jabra
from tests.services import wait_until
from tests.unit.test_hid_descriptor import load_descriptor

TIMEOUT = 5.0
S = HeadsetStatus


class Desk:
    """Records what the service tells the desk, from the service thread."""

    def __init__(self, fail_first_button: bool = False) -> None:
        self.buttons: list[HeadsetButton] = []
        self.button_threads: set[str] = set()
        self.connections: list[HeadsetConnection] = []
        self.fail_first_button = fail_first_button

    def on_button(self, button: HeadsetButton) -> None:
        self.button_threads.add(threading.current_thread().name)
        self.buttons.append(button)
        if self.fail_first_button and len(self.buttons) == 1:
            raise RuntimeError("a bug in the desk's listener")

    def on_connection(self, connection: HeadsetConnection) -> None:
        self.connections.append(connection)

    def statuses(self) -> list[HeadsetStatus]:
        return [c.status for c in self.connections]

    def wait_status(self, status: HeadsetStatus, count: int = 1) -> HeadsetConnection:
        wait_until(lambda: self.statuses().count(status) >= count, TIMEOUT, f"{status} x{count}")
        return [c for c in self.connections if c.status is status][count - 1]

    def wait_buttons(self, count: int) -> list[HeadsetButton]:
        wait_until(lambda: len(self.buttons) >= count, TIMEOUT, f"{count} button event(s)")
        return self.buttons


@pytest.fixture
def start_service() -> Iterator[Callable[..., HeadsetService]]:
    services: list[HeadsetService] = []

    def start(desk: Desk, bus: FakeHidapi | None, **options: Any) -> HeadsetService:
        options.setdefault("rescan_seconds", 0.05)
        options.setdefault("read_timeout_ms", 10)
        service = HeadsetService(desk.on_button, desk.on_connection, hidapi=bus, **options)
        services.append(service)
        service.start()
        return service

    yield start
    for service in services:
        service.stop()


def wait_write(bus: FakeHidapi, device: FakeDevice, report_hex: str, count: int = 1) -> None:
    wanted = bytes.fromhex(report_hex)
    with bus.changed:
        done = bus.changed.wait_for(lambda: device.writes.count(wanted) >= count, TIMEOUT)
    assert done, f"{report_hex} x{count} never written; writes: {[w.hex() for w in device.writes]}"


def test_a_headset_is_found_and_starts_from_the_desk_state(start_service: Any) -> None:
    headset = jabra()
    bus, desk = FakeHidapi(headset), Desk()
    service = start_service(desk, bus, preferred_name="")
    service.set_leds(LedState(ringing=True))
    connected = desk.wait_status(S.CONNECTED)
    assert (connected.name, connected.vendor_id, connected.product_id) == (
        "Jabra Link 380",
        0x0B0E,
        0x24C8,
    )
    assert service.connection == connected
    wait_write(bus, headset, "028800")  # ring LED and ringer, report 2
    assert bus.opens[headset.path] == 1  # three collections, one path, one handle


def test_a_button_press_reaches_the_desk_on_the_service_thread(start_service: Any) -> None:
    headset = jabra()
    bus, desk = FakeHidapi(headset), Desk()
    start_service(desk, bus)
    desk.wait_status(S.CONNECTED)
    headset.press("020100")
    headset.press("010200")  # volume up: not a call control
    headset.press("020000")
    assert desk.wait_buttons(2) == [HeadsetButton.HOOK_OFF, HeadsetButton.HOOK_ON]
    assert desk.button_threads == {"headset-hid"}


def test_led_changes_are_written_once(start_service: Any) -> None:
    headset = jabra()
    bus, desk = FakeHidapi(headset), Desk()
    service = start_service(desk, bus)
    desk.wait_status(S.CONNECTED)
    service.set_leds(LedState(off_hook=True, muted=True))
    wait_write(bus, headset, "022500")
    service.set_leds(LedState(off_hook=True, muted=True))  # the same state again
    headset.press("020100")  # proves the thread went round its loop after that
    desk.wait_buttons(1)
    headset.press("020000")
    desk.wait_buttons(2)
    assert headset.writes.count(bytes.fromhex("022500")) == 1
    service.set_leds(LedState())
    wait_write(bus, headset, "020000", count=2)  # once at connect, once now


def test_unplug_reports_disconnected_and_replug_connects_again(start_service: Any) -> None:
    headset = jabra()
    bus, desk = FakeHidapi(headset), Desk()
    service = start_service(desk, bus)
    service.set_leds(LedState(off_hook=True))
    desk.wait_status(S.CONNECTED)
    wait_write(bus, headset, "020100")
    bus.unplug(headset)  # the next read raises OSError, as hidapi's does
    gone = desk.wait_status(S.DISCONNECTED)
    assert gone.name == "Jabra Link 380"
    assert bus.closes[headset.path] == 1
    bus.replug(headset)
    desk.wait_status(S.CONNECTED, count=2)
    assert desk.statuses() == [S.CONNECTED, S.DISCONNECTED, S.CONNECTED]  # no noise between
    wait_write(bus, headset, "020100", count=2)  # the desk state is shown again
    headset.press("020800")
    assert desk.wait_buttons(1) == [HeadsetButton.MUTE_TOGGLE]


class Permissions:
    """Whether the OS would let us open a node: stands in for the udev rule being installed."""

    def __init__(self) -> None:
        self.allowed = False

    def __call__(self, path: bytes) -> bool:
        return self.allowed


def test_permission_denied_is_reported_until_the_udev_rule_is_there(start_service: Any) -> None:
    headset = jabra()
    bus, desk, permissions = FakeHidapi(headset), Desk(), Permissions()
    bus.refused.add(headset.path)  # hidraw nodes are root-only: open_path fails
    service = start_service(desk, bus, can_open=permissions)
    desk.wait_status(S.PERMISSION_DENIED)
    assert service.connection.status is S.PERMISSION_DENIED

    listing = list_headsets(bus, can_open=permissions)
    assert listing.problem is S.PERMISSION_DENIED
    assert [(c.vendor_id, c.product_id, c.name, c.accessible) for c in listing.candidates] == [
        (0x0B0E, 0x24C8, "Jabra Link 380", False)
    ]

    bus.refused.clear()
    permissions.allowed = True
    desk.wait_status(S.CONNECTED)
    assert desk.statuses() == [S.PERMISSION_DENIED, S.CONNECTED]


def test_a_headset_that_cannot_be_opened_for_another_reason(start_service: Any) -> None:
    headset = jabra()
    bus, desk = FakeHidapi(headset), Desk()
    bus.refused.add(headset.path)  # e.g. held exclusively by a vendor tool
    start_service(desk, bus, can_open=lambda path: True)
    desk.wait_status(S.OPEN_FAILED)


def test_no_headset_is_reported_once(start_service: Any) -> None:
    bus, desk = FakeHidapi(), Desk()
    start_service(desk, bus)
    desk.wait_status(S.NO_HEADSET)
    headset = jabra()
    bus.plug(headset)  # plugged in later
    desk.wait_status(S.CONNECTED)
    assert desk.statuses() == [S.NO_HEADSET, S.CONNECTED]


def test_the_preferred_headset_is_chosen_and_can_be_changed(start_service: Any) -> None:
    first, second = jabra(), blackwire()
    bus, desk = FakeHidapi(first, second), Desk()
    service = start_service(desk, bus, preferred_name="blackwire 3220")
    assert desk.wait_status(S.CONNECTED).name == "Plantronics Blackwire 3220 Series"
    service.set_preferred_name("Jabra Link 380")
    assert desk.wait_status(S.CONNECTED, count=2).name == "Jabra Link 380"
    assert desk.statuses() == [S.CONNECTED, S.DISCONNECTED, S.CONNECTED]
    service.set_preferred_name("a headset that is not here")
    first.press("020100")
    first.press("020000")  # read after the thread has seen the new preference
    assert desk.wait_buttons(2) == [HeadsetButton.HOOK_OFF, HeadsetButton.HOOK_ON]
    assert desk.statuses() == [S.CONNECTED, S.DISCONNECTED, S.CONNECTED]


def test_devices_of_unknown_usage_page_are_probed_once(start_service: Any) -> None:
    # The libusb backend reports usage page 0: the descriptor has to tell.
    tablet = FakeDevice(
        b"1-2:1.0",
        "Tablet",
        0x056A,
        0x0001,
        load_descriptor("usbif_digitizer_push_pop.hex"),
        (0,),
    )
    headset = jabra(path=b"1-3:1.3", pages=(0,))
    bus, desk = FakeHidapi(tablet, headset), Desk()
    start_service(desk, bus)
    desk.wait_status(S.CONNECTED)
    bus.unplug(headset)
    desk.wait_status(S.DISCONNECTED)
    bus.replug(headset)
    desk.wait_status(S.CONNECTED, count=2)
    assert bus.opens[tablet.path] == 1  # looked at once, then left alone
    assert [c.name for c in list_headsets(bus, can_open=lambda path: True).candidates] == [
        "Jabra Link 380"
    ]


def test_a_mute_press_is_confirmed_even_when_the_desk_does_nothing(start_service: Any) -> None:
    headset = jabra()
    bus, desk = FakeHidapi(headset), Desk()
    start_service(desk, bus, mute_echo_seconds=0.05)
    desk.wait_status(S.CONNECTED)
    wait_write(bus, headset, "020000")
    headset.press("020800")  # the headset muted itself and waits for the Mute LED
    desk.wait_buttons(1)
    wait_write(bus, headset, "020000", count=2)  # "not muted": the headset falls back


def test_a_failing_listener_and_garbage_reports_do_not_stop_the_thread(
    start_service: Any,
) -> None:
    headset = jabra()
    bus, desk = FakeHidapi(headset), Desk(fail_first_button=True)
    start_service(desk, bus)
    desk.wait_status(S.CONNECTED)
    headset.press("020100")  # the listener raises on this one
    headset.press("07000000")  # no such report id
    headset.press("02")  # cut short
    headset.press("020000")
    assert desk.wait_buttons(2) == [HeadsetButton.HOOK_OFF, HeadsetButton.HOOK_ON]


def test_stop_closes_the_headset(start_service: Any) -> None:
    headset = jabra()
    bus, desk = FakeHidapi(headset), Desk()
    service = start_service(desk, bus)
    desk.wait_status(S.CONNECTED)
    service.stop()
    assert bus.closes[headset.path] == 1


def test_the_real_hidapi_is_used_by_default(start_service: Any) -> None:
    desk = Desk()
    start_service(desk, None)  # the real hid module on this machine
    wait_until(lambda: desk.connections, TIMEOUT, "a status from the real hidapi")
    assert desk.connections[0].status is not S.NO_BACKEND
    assert list_headsets().problem is not S.NO_BACKEND


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="hidraw nodes are Linux only")
def test_node_access_is_checked_on_linux() -> None:
    assert can_open_path(b"/dev/null")
    assert not can_open_path(b"/dev/hidraw-that-does-not-exist")
    assert can_open_path(b"\\\\?\\hid#vid_0b0e")  # not a device node: nothing to check


def test_the_udev_rule_opens_hidraw_of_headset_vendors_to_the_seat_user() -> None:
    assert UDEV_RULE_FILENAME.endswith(".rules")
    rules = [line for line in UDEV_RULE.splitlines() if line and not line.startswith("#")]
    assert len(rules) == len(HEADSET_VENDORS)
    for vendor, rule in zip(HEADSET_VENDORS, rules, strict=True):
        assert rule == (
            f'KERNEL=="hidraw*", SUBSYSTEM=="hidraw", ATTRS{{idVendor}}=="{vendor}", TAG+="uaccess"'
        )
    assert {"0b0e", "047f", "1395"} <= set(HEADSET_VENDORS)  # Jabra, Poly, EPOS/Sennheiser
