"""The headset thread: finds a USB telephony headset with hidapi, turns its reports into button
events, writes the desk's state to its LEDs, and survives unplugging.

Threads: ``HeadsetService`` owns one daemon thread ("headset-hid") and does every hidapi call on
it (hidapi handles are not thread-safe). ``on_button`` and ``on_connection`` are called *on that
thread*: the caller must hand the event to its own thread (the Qt layer re-posts it through the
GUI bridge) and return quickly. ``set_leds`` and ``set_preferred_name`` may be called from any
thread; they only store the wish, and the thread writes it within one read timeout (50 ms).

Finding the headset: ``hid.enumerate()`` lists one entry per top-level collection (Windows gives
each collection its own path, Linux and macOS repeat the path). A path with an entry on the
telephony page (0x0B) is a candidate; when the backend reports usage page 0 (the libusb
backend), the device is opened and its report descriptor read (``get_report_descriptor``, hidapi
0.14+) to decide. A candidate whose name matches the preferred name (case-insensitive, exact
first, then substring) is tried first. Reads use ``read(n, timeout_ms)``; a read error means the
headset is gone: the handle is closed, ``DISCONNECTED`` reported, and the bus scanned again every
``rescan_seconds`` until a headset is back.

Linux: hidraw nodes are root-only unless a udev rule grants the logged-in user access. When a
headset is there but cannot be opened for that reason the service reports
``HeadsetStatus.PERMISSION_DENIED``; ``UDEV_RULE`` is the rule an installer ships as
``/etc/udev/rules.d/`` + ``UDEV_RULE_FILENAME``.
"""

from __future__ import annotations

import enum
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from app.headset.hid_descriptor import DescriptorError
from app.headset.hid_headset import HeadsetButton, HidHeadset, LedState, ReportError

__all__ = [
    "UDEV_RULE",
    "UDEV_RULE_FILENAME",
    "HeadsetCandidate",
    "HeadsetConnection",
    "HeadsetListing",
    "HeadsetService",
    "HeadsetStatus",
    "can_open_path",
    "list_headsets",
    "load_hidapi",
]

log = logging.getLogger(__name__)

TELEPHONY_PAGE = 0x0B

#: USB vendors of call-centre headsets the udev rule opens to the logged-in user: GN Jabra,
#: Plantronics/Poly, Sennheiser/EPOS, Logitech, Yealink, Dell, Microsoft.
HEADSET_VENDORS = ("0b0e", "047f", "1395", "046d", "6993", "413c", "045e")

UDEV_RULE_FILENAME = "70-hotline-desk-headsets.rules"

UDEV_RULE = (
    "# Hotline Desk: let the user at the seat read headset call buttons and set their LEDs\n"
    "# (USB HID telephony page). Without it /dev/hidraw* is root-only.\n"
    "# Installed as /etc/udev/rules.d/" + UDEV_RULE_FILENAME + ", then:\n"
    "#   udevadm control --reload-rules && udevadm trigger --subsystem-match=hidraw\n"
    + "".join(
        f'KERNEL=="hidraw*", SUBSYSTEM=="hidraw", ATTRS{{idVendor}}=="{vendor}", TAG+="uaccess"\n'
        for vendor in HEADSET_VENDORS
    )
)

#: hidapi's ``read`` buffer when the descriptor declares shorter reports.
MIN_READ_SIZE = 64


class HeadsetStatus(enum.Enum):
    """Where the headset stands; the Qt layer turns these into words."""

    CONNECTED = "connected"
    DISCONNECTED = "disconnected"  # it was connected and went away (unplugged, read error)
    NO_HEADSET = "no_headset"  # no telephony device on the bus
    PERMISSION_DENIED = "permission_denied"  # a headset is there; the OS refuses to open it
    OPEN_FAILED = "open_failed"  # a headset is there and could not be opened (busy, error)
    NO_BACKEND = "no_backend"  # hidapi is missing or too old (no get_report_descriptor)


@dataclass(frozen=True)
class HeadsetConnection:
    status: HeadsetStatus
    name: str = ""
    vendor_id: int = 0
    product_id: int = 0


@dataclass(frozen=True)
class HeadsetCandidate:
    """A headset for the settings combo box."""

    vendor_id: int
    product_id: int
    name: str
    path: bytes
    accessible: bool  # False: the OS would refuse to open it (Linux without the udev rule)


@dataclass(frozen=True)
class HeadsetListing:
    candidates: tuple[HeadsetCandidate, ...]
    #: ``PERMISSION_DENIED`` when a headset is there but cannot be opened; ``NO_BACKEND``
    #: without hidapi; otherwise None.
    problem: HeadsetStatus | None = None


class HidDevice(Protocol):
    """The part of ``hid.device`` this module uses."""

    def open_path(self, path: bytes) -> None: ...
    def read(self, max_length: int, timeout_ms: int = 0) -> list[int]: ...
    def write(self, buff: bytes) -> int: ...
    def get_report_descriptor(self, max_length: int = 4096) -> list[int]: ...
    def close(self) -> None: ...


class HidApi(Protocol):
    """The part of the ``hid`` module this module uses."""

    def enumerate(self, vendor_id: int = 0, product_id: int = 0) -> list[dict[str, Any]]: ...
    def device(self) -> HidDevice: ...


def load_hidapi() -> HidApi | None:
    """The real ``hid`` module (cython-hidapi), or None when it cannot be imported."""
    try:
        import hid  # noqa: PLC0415 - a missing native library must not break importing app
    except ImportError as exc:
        log.warning("hidapi is not available: %s", exc)
        return None
    return hid


def can_open_path(path: bytes) -> bool:
    """Whether this process may open the device node: on Linux a hidraw node needs read and
    write access (root-only without a udev rule); other systems' paths are not files."""
    if not sys.platform.startswith("linux") or not path.startswith(b"/dev/"):
        return True
    try:
        return os.access(path, os.R_OK | os.W_OK)
    except (OSError, ValueError):
        return False


def _name(entry: dict[str, Any]) -> str:
    for key in ("product_string", "manufacturer_string"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return f"USB {int(entry.get('vendor_id') or 0):04x}:{int(entry.get('product_id') or 0):04x}"


def _close_quietly(device: HidDevice) -> None:
    try:
        device.close()
    except (OSError, ValueError) as exc:
        log.debug("closing the headset handle failed: %s", exc)


def _open_headset(hidapi: HidApi, path: bytes) -> tuple[HidDevice, HidHeadset]:
    """Open ``path`` and read its descriptor. Raises OSError (cannot open), AttributeError
    (hidapi without get_report_descriptor) or DescriptorError (a descriptor we cannot read)."""
    device = hidapi.device()
    device.open_path(path)
    try:
        headset = HidHeadset.from_descriptor(bytes(device.get_report_descriptor(4096)))
    except BaseException:
        _close_quietly(device)
        raise
    return device, headset


def _scan(
    hidapi: HidApi, can_open: Callable[[bytes], bool], skip: set[bytes]
) -> tuple[list[HeadsetCandidate], list[HeadsetCandidate]]:
    """Telephony candidates, and devices whose usage page is unknown (0) and need a look at
    their descriptor (only those this process may open). Paths in ``skip`` were looked at
    before and are no headset; paths no longer on the bus are dropped from it."""
    try:
        entries = hidapi.enumerate()
    except (OSError, ValueError) as exc:
        log.warning("listing HID devices failed: %s", exc)
        return [], []
    pages: dict[bytes, set[int]] = {}
    first: dict[bytes, dict[str, Any]] = {}
    for entry in entries:
        path = entry.get("path")
        if not isinstance(path, bytes):
            continue
        pages.setdefault(path, set()).add(int(entry.get("usage_page") or 0))
        first.setdefault(path, entry)
    known, unknown = [], []
    for path, entry in first.items():
        candidate = HeadsetCandidate(
            vendor_id=int(entry.get("vendor_id") or 0),
            product_id=int(entry.get("product_id") or 0),
            name=_name(entry),
            path=path,
            accessible=can_open(path),
        )
        if TELEPHONY_PAGE in pages[path]:
            if path not in skip:
                known.append(candidate)
        elif pages[path] == {0} and path not in skip and candidate.accessible:
            unknown.append(candidate)
    skip.intersection_update(first)
    return known, unknown


def list_headsets(
    hidapi: HidApi | None = None, *, can_open: Callable[[bytes], bool] = can_open_path
) -> HeadsetListing:
    """Headsets on the bus for a settings combo box. Devices whose usage page the backend does
    not report are opened briefly to read their descriptor. Call it off the GUI thread."""
    api = hidapi if hidapi is not None else load_hidapi()
    if api is None:
        return HeadsetListing((), HeadsetStatus.NO_BACKEND)
    known, unknown = _scan(api, can_open, set())
    found = list(known)
    for candidate in unknown:
        try:
            device, headset = _open_headset(api, candidate.path)
        except (OSError, ValueError, AttributeError):
            continue
        _close_quietly(device)
        if headset.has_call_controls:
            found.append(candidate)
    problem = HeadsetStatus.PERMISSION_DENIED if any(not c.accessible for c in found) else None
    return HeadsetListing(tuple(found), problem)


def _preferred_first(candidates: list[HeadsetCandidate], preferred: str) -> list[HeadsetCandidate]:
    wanted = preferred.strip().casefold()
    if not wanted:
        return candidates

    def rank(c: HeadsetCandidate) -> int:
        name = c.name.casefold()
        return 0 if name == wanted else 1 if wanted in name else 2

    return sorted(candidates, key=rank)  # stable: enumeration order within a rank


class HeadsetService:
    """The headset thread. See the module docstring for its threads and its choices."""

    def __init__(
        self,
        on_button: Callable[[HeadsetButton], None],
        on_connection: Callable[[HeadsetConnection], None],
        *,
        preferred_name: str = "",
        hidapi: HidApi | None = None,
        can_open: Callable[[bytes], bool] = can_open_path,
        rescan_seconds: float = 3.0,
        read_timeout_ms: int = 50,
        mute_echo_seconds: float = 1.0,
    ) -> None:
        self._on_button = on_button
        self._on_connection = on_connection
        self._hidapi = hidapi
        self._can_open = can_open
        self.rescan_seconds = rescan_seconds
        self.read_timeout_ms = read_timeout_ms
        self.mute_echo_seconds = mute_echo_seconds
        self._lock = threading.Lock()
        self._preferred = preferred_name
        self._leds = LedState()
        self._reconnect = False
        self._connection = HeadsetConnection(HeadsetStatus.NO_HEADSET)
        self._reported: HeadsetConnection | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        # Owned by the service thread:
        self._device: HidDevice | None = None
        self._headset: HidHeadset | None = None
        self._current: HeadsetCandidate | None = None
        self._written: dict[int, bytes] = {}
        self._echo_due: float | None = None
        self._not_headsets: set[bytes] = set()
        self._write_failed = False

    # --- any thread ----------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the headset service was already started")
        self._thread = threading.Thread(target=self._run, name="headset-hid", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread and close the headset; the LEDs are left as they were."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def connection(self) -> HeadsetConnection:
        with self._lock:
            return self._connection

    def set_leds(self, state: LedState) -> None:
        """Show ``state`` on the headset (written by the service thread within one read)."""
        with self._lock:
            self._leds = state

    def set_preferred_name(self, name: str) -> None:
        """Prefer the headset named ``name`` ("" = any); switches if the current one differs."""
        with self._lock:
            self._preferred = name
            self._reconnect = True
        self._wake.set()

    # --- the service thread --------------------------------------------------------------------

    def _run(self) -> None:
        try:
            if self._hidapi is None:
                self._hidapi = load_hidapi()
            if self._hidapi is None:
                self._report(HeadsetConnection(HeadsetStatus.NO_BACKEND))
                return
            while not self._stop.is_set():
                try:
                    if self._device is None:
                        self._connect(self._hidapi)
                    if self._device is not None:
                        self._pump()
                        continue
                except Exception:  # a bug here must not leave the desk without its headset
                    log.exception("the headset thread failed; starting over")
                    self._detach("internal error")
                self._wake.wait(self.rescan_seconds)
                self._wake.clear()
        finally:
            if self._device is not None:
                _close_quietly(self._device)
                self._device = None

    def _report(self, connection: HeadsetConnection) -> None:
        previous = self._reported
        if connection == previous:
            return
        if (
            connection.status is HeadsetStatus.NO_HEADSET
            and previous is not None
            and previous.status is HeadsetStatus.DISCONNECTED
        ):
            return  # still gone: DISCONNECTED already said so
        self._reported = connection
        with self._lock:
            self._connection = connection
        try:
            self._on_connection(connection)
        except Exception:  # a listener's bug must not stop the headset thread
            log.exception("the headset connection listener failed")

    def _connect(self, hidapi: HidApi) -> None:
        with self._lock:
            preferred = self._preferred
            self._reconnect = False
        known, unknown = _scan(hidapi, self._can_open, self._not_headsets)
        denied = failed = False
        for candidate in _preferred_first(known + unknown, preferred):
            try:
                device, headset = _open_headset(hidapi, candidate.path)
            except DescriptorError as exc:
                log.warning(
                    "headset %s has a report descriptor we cannot read: %s", candidate.name, exc
                )
                self._not_headsets.add(candidate.path)
                continue
            except (OSError, ValueError) as exc:
                if candidate not in known:
                    self._not_headsets.add(candidate.path)  # maybe no headset at all
                elif self._can_open(candidate.path):
                    failed = True
                    log.warning("opening headset %s failed: %s", candidate.name, exc)
                else:
                    denied = True
                continue
            except AttributeError:  # hidapi older than 0.14: no get_report_descriptor
                self._report(HeadsetConnection(HeadsetStatus.NO_BACKEND))
                return
            if not headset.has_call_controls:
                _close_quietly(device)
                self._not_headsets.add(candidate.path)
                continue
            self._attach(candidate, device, headset)
            return
        if denied:
            self._report(HeadsetConnection(HeadsetStatus.PERMISSION_DENIED))
        elif failed:
            self._report(HeadsetConnection(HeadsetStatus.OPEN_FAILED))
        else:
            self._report(HeadsetConnection(HeadsetStatus.NO_HEADSET))

    def _attach(self, candidate: HeadsetCandidate, device: HidDevice, headset: HidHeadset) -> None:
        self._device, self._headset, self._current = device, headset, candidate
        self._written = {}
        self._echo_due = None
        self._write_failed = False
        log.info(
            "headset connected: %s (%04x:%04x)",
            candidate.name,
            candidate.vendor_id,
            candidate.product_id,
        )
        self._flush_leds(force=True)  # the headset starts from the desk's state
        self._report(
            HeadsetConnection(
                HeadsetStatus.CONNECTED, candidate.name, candidate.vendor_id, candidate.product_id
            )
        )

    def _detach(self, why: str) -> None:
        device, current = self._device, self._current
        self._device = self._headset = self._current = None
        if device is not None:
            _close_quietly(device)
        if current is not None:
            log.info("headset disconnected (%s): %s", why, current.name)
            self._report(
                HeadsetConnection(
                    HeadsetStatus.DISCONNECTED, current.name, current.vendor_id, current.product_id
                )
            )

    def _pump(self) -> None:
        device, headset = self._device, self._headset
        assert device is not None and headset is not None
        with self._lock:
            reconnect, self._reconnect = self._reconnect, False
            preferred = self._preferred
        if reconnect and self._should_switch(preferred):
            self._detach("another headset is preferred")
            return
        self._flush_leds(force=False)
        now = time.monotonic()
        timeout_ms = self.read_timeout_ms
        if self._echo_due is not None:
            if now >= self._echo_due:
                self._flush_leds(force=True)
                self._echo_due = None
            else:
                timeout_ms = max(1, min(timeout_ms, int((self._echo_due - now) * 1000)))
        try:
            data = device.read(max(MIN_READ_SIZE, headset.input_report_length), timeout_ms)
        except (OSError, ValueError) as exc:
            self._detach(f"read failed: {exc}")
            return
        if data:
            self._deliver(headset, data)

    def _should_switch(self, preferred: str) -> bool:
        """Whether a headset matching ``preferred`` is on the bus and is not the current one."""
        current, hidapi = self._current, self._hidapi
        if not preferred.strip() or current is None or hidapi is None:
            return False
        known, _ = _scan(hidapi, self._can_open, set())
        best = _preferred_first(known, preferred)
        wanted = preferred.strip().casefold()
        return bool(best) and best[0].path != current.path and wanted in best[0].name.casefold()

    def _deliver(self, headset: HidHeadset, data: list[int]) -> None:
        try:
            events = headset.parse(data)
        except ReportError as exc:
            log.warning("ignored a headset report: %s", exc)
            return
        for event in events:
            if event in (HeadsetButton.MUTE_TOGGLE, HeadsetButton.MUTE_ON, HeadsetButton.MUTE_OFF):
                # The headset waits for the Mute LED to confirm its own mute state.
                self._echo_due = time.monotonic() + self.mute_echo_seconds
            try:
                self._on_button(event)
            except Exception:  # a listener's bug must not stop the headset thread
                log.exception("the headset button listener failed")

    def _flush_leds(self, *, force: bool) -> None:
        device, headset = self._device, self._headset
        if device is None or headset is None:
            return
        with self._lock:
            state = self._leds
        wrote = False
        for report in headset.led_reports(state):
            report_id = report[0]
            if not force and self._written.get(report_id) == report:
                continue
            self._written[report_id] = report
            wrote = True
            try:
                result = device.write(report)
            except (OSError, ValueError) as exc:
                result, detail = -1, str(exc)
            else:
                detail = f"hidapi returned {result}"
            if result < 0 and not self._write_failed:
                self._write_failed = True  # said once per connection
                log.warning("writing the headset LEDs failed: %s", detail)
        if wrote and not force:
            self._echo_due = None  # the desk answered the press itself
