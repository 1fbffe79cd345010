"""QtAudioDevice on a real audio server: a private PulseAudio daemon's "Headset" devices.

The earpiece is a null sink whose monitor ``parec`` records; the microphone is a pipe source
fed from a FIFO. Tones go through :class:`ui.audio_device.QtAudioDevice` both ways and come
out at the right pitch.

Why the Qt side runs in a child process (``python -m tests.ui.test_audio_device``):
Qt Multimedia connects to PulseAudio once per process, the first time anything lists devices
or opens a stream, and never again: a process that touched Qt Multimedia before
``PULSE_SERVER`` was set keeps seeing the devices of that moment (none, as root here) even
after the daemon is up. Whether that happened in the pytest process depends on which tests
ran before (the settings dialog lists devices), so an in-process test would pass or fail by
test order, and on a developer's desktop could play its tones through the real speakers.
A child started with the daemon's environment always sees exactly the Headset devices, and
the "no audio server" case needs a process of its own anyway.

The child reads one JSON command per line on stdin and answers one JSON line on stdout.
Its GUI thread runs the event loop only; commands arrive on a worker thread and call the
device the way pjmedia's clock thread does (``play``/``capture`` directly, ``start``/``stop``
through ``GuiBridge.post``).
"""

from __future__ import annotations

import array
import base64
import json
import logging
import math
import os
import queue
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from PySide6.QtCore import QCoreApplication

from app.audio.playout import DriftBuffer
from tests.peer import dominant_frequency
from tests.pulse import PulseServer, pulse_server
from tests.services import wait_until
from ui.audio_device import QtAudioDevice
from ui.bridge import GuiBridge

__all__ = ["pulse_server"]

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
RATE = 16000
FRAME_MS = 20
FRAME_BYTES = RATE * 2 * FRAME_MS // 1000  # 640: what pjmedia asks for at 16 kHz
#: The most the earpiece buffer holds (ms) when nothing drains it.
EAR_CAP_MS = DriftBuffer(RATE).limit * 1000 / RATE
#: A sample louder than this is sound; the tones below peak at 8000.
LOUD = 300

Reply = dict[str, Any]


# --- PCM helpers ------------------------------------------------------------------------------


def tone(freq: float, seconds: float, amplitude: int = 8000) -> bytes:
    """``seconds`` of a sine at ``freq`` Hz: 16-bit little-endian mono PCM at 16 kHz."""
    samples = array.array(
        "h",
        (
            round(amplitude * math.sin(2 * math.pi * freq * n / RATE))
            for n in range(int(seconds * RATE))
        ),
    )
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


def peak(pcm: bytes) -> int:
    """The largest absolute sample of 16-bit little-endian PCM (0 for silence or nothing)."""
    samples = array.array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return max((abs(x) for x in samples), default=0)


def write_wav(path: Path, pcm: bytes) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm)
    return path


def paced(frames: int, each: Callable[[int], None]) -> None:
    """Call ``each(n)`` for n in range(frames), one call per 20 ms: pjmedia's clock."""
    clock = threading.Event()  # never set: its wait() is the frame clock
    start = time.monotonic()
    for number in range(frames):
        clock.wait(max(0.0, start + number * FRAME_MS / 1000 - time.monotonic()))
        each(number)


# --- the child: QtAudioDevice in a process of its own -----------------------------------------


class _Child:
    """Qt's event loop on the main thread; the test's commands on a worker thread."""

    def __init__(self) -> None:
        # QtAudioDevice needs an event loop, not widgets: no platform plugin to load.
        self.app = QCoreApplication(sys.argv[:1])
        self.bridge = GuiBridge()
        self.device = QtAudioDevice(self.bridge.post)
        self.player: threading.Thread | None = None
        self.ear_peak = 0

    def run(self) -> int:
        threading.Thread(target=self.serve, name="commands", daemon=True).start()
        return self.app.exec()

    def serve(self) -> None:
        for line in sys.stdin:
            command = json.loads(line)
            name = command.pop("do")
            try:
                reply = getattr(self, f"do_{name}")(**command)
            except Exception as exc:  # noqa: BLE001 - the test reports it
                reply = {"error": f"{name}: {exc!r}"}
            sys.stdout.write(json.dumps(reply) + "\n")
            sys.stdout.flush()
            if name == "quit":
                break
        self.bridge.post(self.app.quit)

    def gui_turn(self) -> None:
        """Return once the GUI thread has run everything posted before."""
        done = threading.Event()
        self.bridge.post(done.set)
        if not done.wait(10):
            raise TimeoutError("the GUI thread did not run posted work within 10 s")

    def do_start(self) -> Reply:
        self.device.start(RATE, FRAME_BYTES)
        self.gui_turn()
        return {"problem": self.device.problem}

    def do_stop(self) -> Reply:
        self.device.stop()
        self.gui_turn()
        return self.do_state()

    def do_play(self, freq: float, seconds: float) -> Reply:
        """Start playing a tone from a producer thread at real-time pace; answer at once."""
        pcm = tone(freq, seconds)
        self.ear_peak = 0

        def frame(number: int) -> None:
            self.device.play(pcm[number * FRAME_BYTES : (number + 1) * FRAME_BYTES])
            self.ear_peak = max(self.ear_peak, self.device.headset.ear.delay_ms)

        frames = len(pcm) // FRAME_BYTES
        self.player = threading.Thread(target=paced, args=(frames, frame), daemon=True)
        self.player.start()
        return {"frames": frames}

    def do_played(self, within: float) -> Reply:
        """Wait until the tone was handed over; then how full the earpiece ring got."""
        assert self.player is not None
        self.player.join(within)
        if self.player.is_alive():
            raise TimeoutError(f"the producer did not finish within {within:g} s")
        return {**self.do_state(), "ear_peak": self.ear_peak}

    def do_capture(self, loud_seconds: float, within: float) -> Reply:
        """``capture(640)`` every 20 ms until ``loud_seconds`` of sound came or ``within`` s.

        Returns the frames from the first loud one on (base64) and counts them.
        """
        frames: list[bytes] = []
        sizes: set[int] = set()
        wanted = round(loud_seconds * 1000 / FRAME_MS)
        loud_frames = calls = 0
        clock = threading.Event()  # never set: its wait() is the frame clock
        start = time.monotonic()
        while loud_frames < wanted and time.monotonic() - start < within:
            clock.wait(max(0.0, start + calls * FRAME_MS / 1000 - time.monotonic()))
            data = self.device.capture(FRAME_BYTES)
            calls += 1
            sizes.add(len(data))
            loud = peak(data) > LOUD
            loud_frames += loud
            if frames or loud:
                frames.append(data)
        return {
            "pcm": base64.b64encode(b"".join(frames)).decode(),
            "calls": calls,
            "sizes": sorted(sizes),
            "loud_frames": loud_frames,
        }

    def do_state(self) -> Reply:
        ear, mic = self.device.headset.ear, self.device.headset.mic
        return {
            "problem": self.device.problem,
            "ear_ms": ear.delay_ms,
            "ear_overflows": ear.overflows,
            "mic_ms": mic.delay_ms,
        }

    def do_quit(self) -> Reply:
        self.device.stop()
        self.gui_turn()
        return {}


# --- the test's side ------------------------------------------------------------------------


class AudioChild:
    """A running child; :meth:`call` sends one command and waits (with a deadline) for its reply."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.log_path = log_path
        self._log: IO[bytes] = log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.test_audio_device"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, name="audio-child-stdout", daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("{"):
                self._lines.put(line)
        self._lines.put(None)

    def stderr_tail(self) -> str:
        self._log.flush()
        lines = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(lines[-20:]) or "(nothing on stderr)"

    def call(self, do: str, timeout: float = 30.0, **args: Any) -> Reply:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"do": do, **args}) + "\n")
        self.proc.stdin.flush()
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(
                f"the Qt audio child did not answer {do!r} within {timeout:g} s\n"
                f"{self.stderr_tail()}"
            ) from None
        if line is None:
            raise AssertionError(
                f"the Qt audio child exited ({self.proc.wait()}) instead of answering {do!r}\n"
                f"{self.stderr_tail()}"
            )
        reply: Reply = json.loads(line)
        if "error" in reply:
            raise AssertionError(f"the Qt audio child failed: {reply['error']}")
        return reply

    def finish(self) -> None:
        """Stop the device, quit, and require a clean exit (code 0)."""
        self.call("quit")
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        code = self.proc.wait(timeout=30)
        assert code == 0, f"the Qt audio child exited with {code}\n{self.stderr_tail()}"

    def close(self) -> None:
        """Clean up whatever state the child is in (after :meth:`finish`, or a failure)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        self._log.close()


def child_env(**overrides: str) -> dict[str, str]:
    # faulthandler: a crash in Qt shows the Python stack in the child's log.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1", **overrides}
    env.pop("QT_AUDIO_BACKEND", None)  # "pipewire" would bypass PulseAudio altogether
    return env


@pytest.fixture
def qt_audio(pulse_server: PulseServer, tmp_path: Path) -> Iterator[AudioChild]:
    """A child process with a QtAudioDevice on the private PulseAudio daemon's Headset."""
    child = AudioChild(child_env(**pulse_server.env), tmp_path / "qt-audio-child.log")
    try:
        yield child
    finally:
        child.close()


def headset_streams(pulse: PulseServer) -> tuple[int, int]:
    """How many streams play into the Headset sink and record from the HeadsetMic source.

    ``parec`` recording the sink's monitor does not count: it records from another source.
    """

    def index(kind: str, name: str) -> str:
        for line in pulse.pactl("list", "short", kind).splitlines():
            fields = line.split("\t")
            if fields[1] == name:
                return fields[0]
        raise AssertionError(f"PulseAudio has no {kind[:-1]} {name!r}")

    def count(kind: str, device: str) -> int:
        return sum(
            line.split("\t")[1] == device
            for line in pulse.pactl("list", "short", kind).splitlines()
        )

    return (
        count("sink-inputs", index("sinks", pulse.sink)),
        count("source-outputs", index("sources", pulse.source)),
    )


def start_on_headset(child: AudioChild, pulse: PulseServer) -> None:
    """Start the device and wait until both its streams are open on the Headset."""
    started = child.call("start")
    assert started["problem"] == ""
    wait_until(
        lambda: headset_streams(pulse) == (1, 1),
        10,
        "Qt's streams on the Headset sink and HeadsetMic source",
    )


# --- tests ------------------------------------------------------------------------------------

pytestmark = pytest.mark.service

#: PySide6 6.12 hands a Python ``QIODevice.writeData`` override its data as ``str`` (the
#: ``const char *`` decoded as UTF-8, cut at the first NUL byte), not bytes. ``_RingWriter``
#: does ``bytes(data)`` on it: TypeError on every write, so no microphone audio ever reaches
#: the ring, and a later ``QAudioSource.stop()`` kills the process (SIGSEGV). Fix in
#: ui/audio_device.py: no Python QIODevice for the microphone; ``io = source.start()`` (Qt's
#: own device, push mode) and on ``io.readyRead``: ``self.mic.write(io.readAll().data())``.


def test_the_earpiece_plays_what_the_engine_sends(
    pulse_server: PulseServer, qt_audio: AudioChild, tmp_path: Path
) -> None:
    start_on_headset(qt_audio, pulse_server)

    qt_audio.call("play", freq=440, seconds=2.0)  # a producer thread at pjmedia's pace
    recording = pulse_server.record_sink(1.5)
    played = qt_audio.call("played", within=20)

    assert peak(recording) > LOUD, "the Headset sink played nothing but silence"
    frequency = dominant_frequency(write_wav(tmp_path / "earpiece.wav", recording))
    log.info("earpiece: %.0f Hz; the ring after playing: %s", frequency, played)
    assert abs(frequency - 440) <= 10
    assert played["ear_peak"] <= EAR_CAP_MS
    qt_audio.finish()


def test_the_microphone_reaches_capture(
    pulse_server: PulseServer, qt_audio: AudioChild, tmp_path: Path
) -> None:
    start_on_headset(qt_audio, pulse_server)

    speaker = pulse_server.feed_microphone(tone(880, 1.0))
    captured = qt_audio.call("capture", loud_seconds=0.6, within=3.0)
    speaker.join(10)
    assert not speaker.is_alive(), "the pipe source stopped reading the microphone FIFO"

    assert captured["sizes"] == [FRAME_BYTES]
    assert captured["loud_frames"] >= 30, f"{captured['loud_frames']} loud frames of 30"
    pcm = base64.b64decode(captured["pcm"])
    frequency = dominant_frequency(write_wav(tmp_path / "microphone.wav", pcm))
    log.info("microphone: %.0f Hz in %d loud frames", frequency, captured["loud_frames"])
    assert abs(frequency - 880) <= 10
    qt_audio.finish()


def test_stop_after_the_microphone_spoke_keeps_the_process_alive(
    pulse_server: PulseServer, qt_audio: AudioChild
) -> None:
    start_on_headset(qt_audio, pulse_server)
    speaker = pulse_server.feed_microphone(tone(880, 0.3))
    speaker.join(10)  # written at real-time pace: Qt's source has had 0.3 s of sound

    qt_audio.call("stop")  # a hang-up
    wait_until(lambda: headset_streams(pulse_server) == (0, 0), 10, "Qt's streams to close")
    qt_audio.finish()


def test_stop_closes_both_streams_and_the_rings_stay_capped(
    pulse_server: PulseServer, qt_audio: AudioChild
) -> None:
    start_on_headset(qt_audio, pulse_server)

    stopped = qt_audio.call("stop")
    assert stopped["problem"] == ""
    wait_until(lambda: headset_streams(pulse_server) == (0, 0), 10, "Qt's streams to close")

    # The engine keeps sending sound and asking for frames; nothing drains the earpiece ring.
    qt_audio.call("play", freq=440, seconds=1.5)
    speaker = pulse_server.feed_microphone(tone(880, 0.5))
    captured = qt_audio.call("capture", loud_seconds=0.1, within=0.6)
    recording = pulse_server.record_sink(0.5)
    played = qt_audio.call("played", within=20)
    speaker.join(10)

    assert peak(recording) == 0, "the Headset sink still plays after stop()"
    assert captured["loud_frames"] == 0, "the microphone still delivers after stop()"
    assert captured["sizes"] == [FRAME_BYTES]
    assert played["ear_peak"] <= EAR_CAP_MS
    assert played["ear_ms"] > 0
    assert played["ear_overflows"] > 0
    assert played["mic_ms"] == 0
    qt_audio.finish()


def test_without_an_audio_server_start_reports_it_and_capture_gives_silence(
    tmp_path: Path,
) -> None:
    client_conf = tmp_path / "client.conf"
    client_conf.write_text("autospawn = no\n")  # libpulse must not start a daemon itself
    env = child_env(
        PULSE_SERVER=f"unix:{tmp_path / 'no-such-socket'}",
        PULSE_CLIENTCONFIG=str(client_conf),
        PULSE_RUNTIME_PATH=str(tmp_path),
        XDG_RUNTIME_DIR=str(tmp_path),
    )
    child = AudioChild(env, tmp_path / "qt-audio-child.log")
    try:
        started = child.call("start")
        assert "no audio output" in started["problem"]
        assert "no microphone" in started["problem"]

        captured = child.call("capture", loud_seconds=0.1, within=0.2)
        assert captured["sizes"] == [FRAME_BYTES]
        assert captured["loud_frames"] == 0

        child.call("play", freq=440, seconds=0.3)
        played = child.call("played", within=20)
        assert played["ear_peak"] <= EAR_CAP_MS
        assert played["mic_ms"] == 0
        child.finish()
    finally:
        child.close()


if __name__ == "__main__":
    sys.exit(_Child().run())
