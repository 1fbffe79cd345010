"""A private PulseAudio daemon for tests: headset devices Qt Multimedia lists as real ones.

Null sinks stand for the earpiece and the speakers (``parec`` records their monitors), a
pipe source for the microphone (fed from a FIFO at real-time pace). The session fixture
``pulse_server`` has one "Headset" sink and a "HeadsetMic" source and exports its address;
``pulse_rig`` is a daemon of its own per test, with "Headset" and "Speakers" sinks and a
"Headset microphone", that lets a test unplug a device (unload its module).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.services import START_TIMEOUT, _tail, require_service, stop_process, wait_until

#: The sample format of the headset devices and of every helper below: 16-bit mono 16 kHz.
PULSE_RATE = 16000


def _described(text: str) -> str:
    """A ``device.description`` proplist as one module argument (a name with spaces is quoted
    twice: once for the module's arguments, once inside the property list)."""
    return f"\"device.description='{text}'\"" if " " in text else f"device.description={text}"


@dataclass(frozen=True)
class PulseLayout:
    """The devices a daemon offers: null sinks (name, description) and one pipe source."""

    sinks: tuple[tuple[str, str], ...]
    source: tuple[str, str]
    allow_modules: bool = False


HEADSET_ONLY = PulseLayout(sinks=(("Headset", "Headset"),), source=("HeadsetMic", "HeadsetMic"))
RIG = PulseLayout(
    sinks=(("Headset", "Headset"), ("Speakers", "Speakers")),
    source=("HeadsetMicrophone", "Headset microphone"),
    allow_modules=True,
)


class SinkTap:
    """``parec`` recording a sink's monitor for the whole session, at 20 ms latency.

    Always on, because an idle null sink renders in 2 s blocks and takes a new client's lower
    latency only when the current block ends: a ``parec`` started on demand (and a Qt stream
    opening the sink) could wait up to 2 s for the first byte. Measured: the first ``parec``
    after the daemon started got 0 bytes in 1.5 s. With this client connected the sink renders
    every 20 ms. Bytes are kept only while :meth:`record` runs.
    """

    def __init__(self, env: dict[str, str], device: str) -> None:
        self.process = subprocess.Popen(
            [
                "parec",
                "--raw",
                "--format=s16le",
                f"--rate={PULSE_RATE}",
                "--channels=1",
                "--latency-msec=20",
                f"--device={device}",
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._cond = threading.Condition()
        self._recording: bytearray | None = None
        self._received = 0
        self._eof = False
        self._reader = threading.Thread(target=self._read, name="pulse-sink-tap", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while chunk := os.read(fd, 4096):
            with self._cond:
                self._received += len(chunk)
                if self._recording is not None:
                    self._recording += chunk
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def flowing(self) -> bool:
        """True once the sink has delivered anything (raises if ``parec`` exited)."""
        with self._cond:
            if self._eof:
                raise RuntimeError(f"parec exited with {self.process.wait()}")
            return self._received > 0

    def record(self, seconds: float, timeout: float) -> bytes:
        """Exactly the next ``seconds`` of sound; :class:`TimeoutError` after ``timeout``."""
        wanted = int(seconds * PULSE_RATE) * 2
        with self._cond:
            self._recording = bytearray()
            try:
                self._cond.wait_for(
                    lambda: self._eof or len(self._recording or b"") >= wanted, timeout
                )
                data = bytes(self._recording[:wanted])
            finally:
                self._recording = None
            if len(data) < wanted:
                what = "parec exited" if self._eof else f"timed out after {timeout:g} s"
                raise TimeoutError(f"recording the sink: {what} with {len(data)}/{wanted} bytes")
        return data

    def close(self) -> None:
        stop_process(self.process)
        self._reader.join(10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@dataclass
class PulseServer:
    """A private PulseAudio daemon with a "Headset" earpiece (null sink) and microphone.

    ``server`` is the ``PULSE_SERVER`` value, exported for the whole test session; ``env`` is
    the environment a subprocess needs to reach the same daemon (and nothing else); ``tap``
    records the earpiece for :meth:`record_sink`.
    """

    server: str
    fifo: Path
    env: dict[str, str]
    taps: dict[str, SinkTap]
    sink: str = "Headset"
    source: str = "HeadsetMic"

    @property
    def tap(self) -> SinkTap:
        return self.taps[self.sink]

    def pactl(self, *args: str) -> str:
        """Run ``pactl`` against this daemon and return its output; raise when it fails."""
        done = subprocess.run(
            ["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"pactl {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def record_sink(self, seconds: float, sink: str | None = None) -> bytes:
        """What the earpiece plays during the next ``seconds``: 16-bit mono 16 kHz PCM.

        Recorded from the sink's monitor by the session's ``parec`` (see :class:`SinkTap`);
        exactly ``seconds`` of sound, or :class:`TimeoutError` when the daemon has not
        delivered them ``seconds`` + 10 s from now.
        """
        return self.taps[sink or self.sink].record(seconds, timeout=seconds + 10.0)

    def unload_sink(self, name: str) -> None:
        """Unplug the null sink ``name`` (its module is unloaded, as a USB headset vanishes)."""
        for line in self.pactl("list", "short", "modules").splitlines():
            index, module, arguments = [*line.split("\t"), "", ""][:3]
            if module == "module-null-sink" and f"sink_name={name} " in arguments + " ":
                self.taps.pop(name).close()
                self.pactl("unload-module", index)
                return
        raise AssertionError(f"no null sink {name!r} to unload")

    def plug_sink(self, name: str, description: str) -> None:
        """Plug a null sink (back) in, as a USB headset appears, and start recording it."""
        self.pactl(
            "load-module",
            "module-null-sink",
            f"sink_name={name}",
            f"rate={PULSE_RATE}",
            "channels=1",
            f"sink_properties={_described(description).strip(chr(34))}",
        )
        tap = SinkTap(self.env, f"{name}.monitor")
        self.taps[name] = tap
        wait_until(tap.flowing, START_TIMEOUT, f"sound from the {name} sink's monitor")

    def feed_microphone(self, pcm: bytes, frame_ms: int = 20) -> threading.Thread:
        """Speak ``pcm`` (16-bit mono 16 kHz) into the microphone, at real-time pace.

        A daemon thread writes it into the FIFO in ``frame_ms`` frames, one frame per
        ``frame_ms`` as a sound card would deliver them: the pipe source has no clock of its
        own and passes on whatever the FIFO holds at once, so an unpaced write would arrive as
        one burst. Join the returned thread to wait until everything was written.
        """
        frame = PULSE_RATE * 2 * frame_ms // 1000

        def write() -> None:
            # O_RDWR: opening never blocks, whether or not the pipe source holds the FIFO open.
            fd = os.open(self.fifo, os.O_RDWR)
            pace = threading.Event()  # never set: its wait() is the frame clock
            start = time.monotonic()
            try:
                for number, offset in enumerate(range(0, len(pcm), frame)):
                    pace.wait(max(0.0, start + number * frame_ms / 1000 - time.monotonic()))
                    view = memoryview(pcm)[offset : offset + frame]
                    while view:
                        view = view[os.write(fd, view) :]
            finally:
                os.close(fd)

        thread = threading.Thread(target=write, name="pulse-microphone-feed", daemon=True)
        thread.start()
        return thread


@contextmanager
def running_pulse(layout: PulseLayout, export: bool = False) -> Iterator[PulseServer]:
    """A daemon with ``layout``'s devices; ``export`` points this process's PULSE_SERVER at it."""
    daemon = shutil.which("pulseaudio")
    tools = [shutil.which(name) for name in ("pactl", "parec")]
    if daemon is None or None in tools:
        require_service("PulseAudio not found: apt install pulseaudio pulseaudio-utils")

    root = Path(tempfile.mkdtemp(prefix="hotline-pulse-"))
    runtime = root / "run"
    runtime.mkdir(mode=0o700)
    (root / "home").mkdir()
    socket_path = runtime / "native"
    fifo = root / "microphone.fifo"  # module-pipe-source makes it (and fails if it exists)
    client_conf = root / "client.conf"
    # No client may start a daemon of its own: a missing server must stay missing.
    client_conf.write_text("autospawn = no\n")
    overrides = {
        "PULSE_SERVER": f"unix:{socket_path}",
        "PULSE_RUNTIME_PATH": str(runtime),
        "PULSE_CLIENTCONFIG": str(client_conf),
    }
    env = {
        **os.environ,
        **overrides,
        "HOME": str(root / "home"),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_CONFIG_HOME": str(root / "home" / ".config"),
        "PULSE_STATE_PATH": str(root / "state"),
    }
    # No D-Bus for the daemon: neither the developer's session bus nor an autolaunched one
    # (with DISPLAY set it would start a dbus-daemon through X11 that outlives the tests).
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={root / 'no-bus'}"
    env.pop("DISPLAY", None)
    command = [
        daemon,
        "--daemonize=no",
        "-n",  # no default.pa: exactly the modules below
        "--exit-idle-time=-1",
        "--disallow-exit",
        *([] if layout.allow_modules else ["--disallow-module-loading"]),
        "--use-pid-file=no",
        # As root it would otherwise take nice -11 and SCHED_RR: stay an ordinary process.
        "--high-priority=no",
        "--realtime=no",
        "--log-target=stderr",
        f"--load=module-native-protocol-unix socket={socket_path} auth-anonymous=1",
        *(
            f"--load=module-null-sink sink_name={name} rate={PULSE_RATE} channels=1"
            f" sink_properties={_described(description)}"
            for name, description in layout.sinks
        ),
        f"--load=module-pipe-source source_name={layout.source[0]} file={fifo}"
        f" format=s16le rate={PULSE_RATE} channels=1"
        f" source_properties={_described(layout.source[1])}",
    ]
    saved = {name: os.environ.get(name) for name in overrides}
    log_path = root / "pulseaudio.log"
    process: subprocess.Popen[bytes] | None = None
    taps: dict[str, SinkTap] = {}
    try:
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                cwd=root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

        def answers() -> bool:
            if process is None or process.poll() is not None:
                raise RuntimeError(f"pulseaudio exited:\n{_tail(log_path)}")
            info = subprocess.run(
                ["pactl", "info"], env=env, capture_output=True, timeout=10, check=False
            )
            return info.returncode == 0

        wait_until(answers, START_TIMEOUT, "the private PulseAudio daemon")
        if not fifo.is_fifo():
            raise RuntimeError(f"module-pipe-source made no FIFO:\n{_tail(log_path)}")
        for name, _description in layout.sinks:
            taps[name] = SinkTap(env, f"{name}.monitor")
        server = PulseServer(
            server=overrides["PULSE_SERVER"],
            fifo=fifo,
            env=env,
            taps=taps,
            sink=layout.sinks[0][0],
            source=layout.source[0],
        )
        for name, tap in taps.items():
            wait_until(tap.flowing, START_TIMEOUT, f"sound from the {name} sink's monitor")
        server.pactl("set-default-sink", server.sink)
        server.pactl("set-default-source", server.source)
        if export:
            os.environ.update(overrides)
        yield server
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        for tap in taps.values():
            tap.close()
        if process is not None:
            stop_process(process)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pulse_server() -> Iterator[PulseServer]:
    """A private PulseAudio daemon whose default sink and source are the "Headset" devices.

    The earpiece is a null sink ``Headset`` (record it with :meth:`PulseServer.record_sink`),
    the microphone a pipe source ``HeadsetMic`` fed through :meth:`PulseServer.feed_microphone`.
    ``PULSE_SERVER`` (and a client config without autospawn) point at it for the whole session.
    Qt Multimedia connects to PulseAudio once per process, the first time it lists devices:
    a test process that touched Qt Multimedia before this fixture ran keeps its old view.
    """
    with running_pulse(HEADSET_ONLY, export=True) as server:
        yield server


@pytest.fixture
def pulse_rig() -> Iterator[PulseServer]:
    """A daemon of this test's own: "Headset" and "Speakers" sinks, a "Headset microphone"
    source, modules loadable (so a device can be unplugged). Not exported: use ``env``."""
    with running_pulse(RIG) as server:
        yield server
