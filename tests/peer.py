"""The far end of a call in tests: a simulated caller process (``app.telephony.simcaller``).

``SipPeer.start(port, *args)`` runs ``python -m app.telephony.simcaller`` and talks JSON lines to
it; ``send()`` waits for the reply to one command, ``wait_event()`` for an event (no sleeps: it
blocks on a condition with a deadline, and keeps every event so a test can look back).
The ``sip_peer`` fixture starts peers on free ports and closes them (exit code 0 required).
``dominant_frequency()`` tells which tone a recorded WAV file holds (pure Python, no numpy).
"""

from __future__ import annotations

import array
import itertools
import json
import math
import socket
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

Event = dict[str, Any]
Predicate = Callable[[Event], bool]

__all__ = ["PeerError", "SipPeer", "dominant_frequency", "free_port", "sip_peer"]


class PeerError(AssertionError):
    """The simulated caller replied with an error, or did not do what was awaited in time."""


def free_port() -> int:
    """A port free on 127.0.0.1 for both UDP and TCP (SIP may use either)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = int(tcp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise OSError("no port free for both UDP and TCP")


class SipPeer:
    """A running simulated caller. Use ``SipPeer.start()``; close with ``close()`` or ``with``."""

    def __init__(self, proc: subprocess.Popen[bytes], stderr: IO[bytes], sip_port: int) -> None:
        self.proc = proc
        self.sip_port = sip_port
        self.returncode: int | None = None
        self.history: list[Event] = []
        self.garbage: list[str] = []
        self._stderr = stderr
        self._taken: set[int] = set()
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self._eof = False
        self._reader = threading.Thread(target=self._read, name=f"peer-{sip_port}", daemon=True)
        self._reader.start()
        self.ready: Event = {}

    @classmethod
    def start(cls, sip_port: int, *args: str, timeout: float = 15.0) -> SipPeer:
        """Start a simulated caller on ``sip_port`` and wait for its "ready" event."""
        stderr = tempfile.TemporaryFile(prefix="simcaller-", suffix=".log")  # noqa: SIM115
        command = [sys.executable, "-m", "app.telephony.simcaller", "--sip-port", str(sip_port)]
        proc = subprocess.Popen(
            [*command, *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        peer = cls(proc, stderr, sip_port)
        try:
            peer.ready = peer.wait_event("ready", timeout=timeout)
        except BaseException:
            peer.kill()
            raise
        peer.sip_port = int(peer.ready["sip_port"])
        return peer

    @property
    def uri(self) -> str:
        """A SIP URI that reaches this peer."""
        return f"sip:peer@127.0.0.1:{self.sip_port}"

    # --- reading ------------------------------------------------------------------------------

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            try:
                event = json.loads(line)
                if not isinstance(event, dict) or "event" not in event:
                    raise ValueError("not an event object")
            except ValueError:
                with self._cond:
                    self.garbage.append(line)
                continue
            with self._cond:
                self.history.append(event)
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def mark(self) -> int:
        """A position in the history: pass as ``since`` to wait only for later events."""
        with self._cond:
            return len(self.history)

    def events(self, event: str | None = None, **fields: Any) -> list[Event]:
        """Every event received so far that matches (taken or not)."""
        match = _matcher(event, fields)
        with self._cond:
            return [e for e in self.history if match(e)]

    def wait_event(
        self,
        event: str | Predicate,
        timeout: float = 10.0,
        since: int = 0,
        **fields: Any,
    ) -> Event:
        """The first event from ``since`` on that matches and no earlier wait returned.

        ``event`` is an event name (then ``fields`` must be equal too) or a predicate. Events
        that arrived before the call count, so the order of waits need not be the order of
        arrival; each event is handed out once.
        """
        match = event if callable(event) else _matcher(event, fields)
        deadline = time.monotonic() + timeout
        position = since
        with self._cond:
            while True:
                for index in range(position, len(self.history)):
                    if index not in self._taken and match(self.history[index]):
                        self._taken.add(index)
                        return self.history[index]
                position = len(self.history)
                left = deadline - time.monotonic()
                if self._eof or left <= 0:
                    what = "exit" if self._eof else f"{timeout:g} s"
                    raise PeerError(
                        f"peer {self.sip_port}: no event matching {_describe(event, fields)} "
                        f"before {what}; events: {self.history[-12:]}\n{self.stderr_tail()}"
                    )
                self._cond.wait(left)

    # --- commands -----------------------------------------------------------------------------

    def write(self, payload: dict[str, Any]) -> None:
        """Send one JSON line without waiting for anything."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(payload).encode() + b"\n")
        self.proc.stdin.flush()

    def send(self, cmd: dict[str, Any], timeout: float = 10.0, check: bool = True) -> Event:
        """Send a command and return its reply ("ok", or "error" when ``check`` is false)."""
        ident = next(self._ids)
        since = self.mark()
        self.write({**cmd, "id": ident})
        reply = self.wait_event(
            lambda e: e["event"] in ("ok", "error") and e.get("id") == ident,
            timeout=timeout,
            since=since,
        )
        if check and reply["event"] == "error":
            raise PeerError(f"peer {self.sip_port}: {cmd.get('cmd')} failed: {reply['message']}")
        return reply

    def stats(self) -> Event:
        return self.send({"cmd": "stats"})

    def wait_rx_packets(self, count: int, start: int | None = None, timeout: float = 10.0) -> Event:
        """Poll ``stats`` (each reply takes one turn of the peer's loop) until ``count`` RTP
        packets more than ``start`` (default: now) have arrived."""
        if start is None:
            start = int(self.stats()["rx_packets"])
        deadline = time.monotonic() + timeout
        while True:
            reply = self.stats()
            if reply["rx_packets"] - start >= count:
                return reply
            if time.monotonic() > deadline:
                raise PeerError(f"peer {self.sip_port}: RTP stalled at {reply}")

    # --- ending -------------------------------------------------------------------------------

    def close_stdin(self) -> None:
        """End the peer's input (it must then shut down cleanly by itself)."""
        assert self.proc.stdin is not None
        if not self.proc.stdin.closed:
            self.proc.stdin.close()

    def wait_exit(self, timeout: float = 15.0) -> int:
        self.returncode = self.proc.wait(timeout)
        self._reader.join(timeout)
        return self.returncode

    def close(self, timeout: float = 15.0) -> int:
        """Quit (if still running), wait for the exit, and require exit code 0."""
        if self.returncode is None:
            if self.proc.poll() is None:
                try:
                    self.write({"cmd": "quit"})
                    self.close_stdin()
                except (BrokenPipeError, ValueError):
                    pass
            try:
                self.wait_exit(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise PeerError(
                    f"peer {self.sip_port} did not exit\n{self.stderr_tail()}"
                ) from None
        if self.returncode != 0:
            raise PeerError(f"peer {self.sip_port} exited {self.returncode}\n{self.stderr_tail()}")
        self._stderr.close()
        return self.returncode

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.returncode = self.proc.wait()

    def stderr_tail(self, lines: int = 30) -> str:
        try:
            self._stderr.flush()
            self._stderr.seek(0)
            text = self._stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return "(stderr closed)"
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> SipPeer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _matcher(event: str | None, fields: dict[str, Any]) -> Predicate:
    def match(e: Event) -> bool:
        if event is not None and e.get("event") != event:
            return False
        return all(e.get(key) == value for key, value in fields.items())

    return match


def _describe(event: str | Predicate, fields: dict[str, Any]) -> str:
    if callable(event):
        return getattr(event, "__name__", "predicate")
    return f"{event} {fields}" if fields else event


@pytest.fixture
def sip_peer() -> Iterator[Callable[..., SipPeer]]:
    """Start simulated callers on free ports: ``sip_peer("--auto-answer")``; all are closed
    (and must exit 0) at teardown."""
    peers: list[SipPeer] = []

    def start(*args: str) -> SipPeer:
        peer = SipPeer.start(free_port(), *args)
        peers.append(peer)
        return peer

    yield start
    failures = []
    for peer in peers:
        try:
            peer.close()
        except PeerError as exc:
            failures.append(str(exc))
    assert not failures, "\n\n".join(failures)


# --- audio analysis -----------------------------------------------------------------------


def read_wav(path: str | Path) -> tuple[array.array[int], int]:
    """The samples (16-bit mono, or the first channel) and the sample rate of a WAV file."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise ValueError(f"{path}: {8 * wav.getsampwidth()}-bit audio, expected 16-bit")
        rate = wav.getframerate()
        channels = wav.getnchannels()
        frames = wav.readframes(wav.getnframes())
    samples = array.array("h")
    samples.frombytes(frames)
    if sys.byteorder == "big":
        samples.byteswap()
    return (samples[::channels] if channels > 1 else samples), rate


def _goertzel_power(samples: list[float], rate: int, freq: float) -> float:
    coeff = 2.0 * math.cos(2.0 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    return s1 * s1 + s2 * s2 - coeff * s1 * s2


def dominant_frequency(
    wav_path: str | Path, seconds: float = 0.5, fmin: float = 50.0, fmax: float = 4000.0
) -> float:
    """The strongest frequency (Hz, about 1 Hz resolution) in the last ``seconds`` of sound.

    The end of a recording is analysed: its start holds the jitter buffer filling and the
    codec settling. A coarse Goertzel scan in 20 Hz steps (Hann-windowed 1/8 s blocks, powers
    averaged) finds the peak, a 1 Hz scan around it over the whole window refines it.
    Returns 0.0 for silence.
    """
    samples, rate = read_wav(wav_path)
    loud = next((i for i, x in enumerate(samples) if abs(x) > 300), None)
    if loud is None:
        return 0.0
    window = samples[max(loud, len(samples) - int(rate * seconds)) :]
    size = rate // 8  # Hann main lobe +-16 Hz: a peak never falls between 20 Hz steps
    if len(window) < size:
        raise ValueError(f"{wav_path}: only {len(window)} samples of sound")
    fmax = min(fmax, rate / 2 - 50)
    blocks = [_hann(window[i : i + size]) for i in range(0, len(window) - size + 1, size)]
    coarse = max(
        (sum(_goertzel_power(b, rate, f) for b in blocks), f) for f in _frange(fmin, fmax, 20.0)
    )[1]
    whole = _hann(window)
    return max(
        (_goertzel_power(whole, rate, f), f) for f in _frange(coarse - 25.0, coarse + 25.0, 1.0)
    )[1]


def _hann(values: Any) -> list[float]:
    n = len(values)
    return [v * (0.5 - 0.5 * math.cos(2 * math.pi * i / (n - 1))) for i, v in enumerate(values)]


def _frange(low: float, high: float, step: float) -> Iterator[float]:
    value = low
    while value <= high:
        yield value
        value += step
