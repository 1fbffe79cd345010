"""Real services for integration tests: a throwaway PostgreSQL server and a private Secret Service.

Each fixture starts its service in a temporary directory and removes it afterwards. When a
service is not installed the test skips, naming the Debian package; with ``REQUIRE_SERVICES=1``
(as in CI) it fails instead, so a missing package can never pass CI as a skip.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import psycopg
import pytest
from keyring.backends import SecretService
from psycopg import sql

T = TypeVar("T")

#: How long a service may take to come up before the fixture gives up.
START_TIMEOUT = 60.0


def require_service(reason: str) -> NoReturn:
    """Skip the test because a service is missing; fail instead when ``REQUIRE_SERVICES=1``."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def wait_until(predicate: Callable[[], T], timeout: float, what: str) -> T:
    """Poll ``predicate`` until it returns something truthy; return that value.

    Raises :class:`TimeoutError` naming ``what`` when ``timeout`` seconds pass first.
    """
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")
        pause.wait(0.05)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --- PostgreSQL -------------------------------------------------------------------------------


def _postgres_bindir() -> Path | None:
    """The newest Debian PostgreSQL server installation, e.g. /usr/lib/postgresql/15/bin."""
    candidates = []
    for pg_ctl in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"):
        version = pg_ctl.parent.parent.name
        if re.fullmatch(r"\d+(\.\d+)?", version) and (pg_ctl.parent / "initdb").exists():
            candidates.append((tuple(int(p) for p in version.split(".")), pg_ctl.parent))
    return max(candidates)[1] if candidates else None


@dataclass
class PostgresServer:
    """A running throwaway PostgreSQL server; user ``postgres`` logs in without a password."""

    port: int
    host: str = "127.0.0.1"
    user: str = "postgres"

    def url(self, dbname: str) -> str:
        """A SQLAlchemy URL for ``dbname`` on this server."""
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{dbname}"

    def connect_admin(self) -> psycopg.Connection[tuple[object, ...]]:
        """An autocommit connection to the ``postgres`` maintenance database."""
        return psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True
        )

    def create_database(self, name: str) -> str:
        """Create an empty database ``name`` and return its URL."""
        with self.connect_admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name``, closing any connection a test left open."""
        with self.connect_admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _as_postgres_user(command: list[str]) -> list[str]:
    """The server refuses to run as root: run it as the ``postgres`` system user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server in a temporary directory, on a free port of 127.0.0.1."""
    bindir = _postgres_bindir()
    if bindir is None:
        require_service("PostgreSQL server not found: apt install postgresql")
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            require_service("no 'postgres' system user to run the server: apt install postgresql")

    # Not pytest's tmp_path: its parents are private to root and the server user must reach it.
    root = Path(tempfile.mkdtemp(prefix="hotline-pg-"))
    data, sockdir, logfile = root / "data", root / "sock", root / "server.log"
    sockdir.mkdir()
    if os.geteuid() == 0:
        for path in (root, sockdir):
            os.chown(path, owner.pw_uid, owner.pw_gid)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            _as_postgres_user(list(args)),
            cwd=root,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
            check=False,
        )

    started = False
    try:
        initdb = run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{initdb.stdout}\n{initdb.stderr}")
        port = 0
        for _attempt in range(3):  # another process may grab the free port before the server
            port = _free_port()
            options = f"-k {sockdir} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
            start = run(
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(logfile),
                "-w",
                "-t",
                str(int(START_TIMEOUT)),
                "-o",
                options,
                "start",
            )
            if start.returncode == 0:
                started = True
                break
            if "could not bind" not in _tail(logfile, 50):
                break
        if not started:
            raise RuntimeError(f"pg_ctl start failed; server log:\n{_tail(logfile)}")
        yield PostgresServer(port=port)
    finally:
        if started:
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty, uniquely named database; dropped after the test. Returns its URL."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    url = postgres_server.create_database(name)
    try:
        yield url
    finally:
        postgres_server.drop_database(name)


# --- Secret Service (gnome-keyring on a private D-Bus session bus) ---------------------------

SECRETS_BUS_NAME = "org.freedesktop.secrets"


def _name_has_owner(address: str, name: str) -> bool:
    """True when ``name`` is owned on the bus; never triggers D-Bus service activation."""
    # jeepney and secretstorage exist on Linux only (keyring's Linux dependencies).
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import unwrap_msg

    try:
        with open_dbus_connection(bus=address) as conn:
            reply = conn.send_and_get_reply(message_bus.NameHasOwner(name), timeout=5)
            return bool(unwrap_msg(reply)[0])
    except OSError:  # no socket yet, or the daemon is still starting
        return False


def _default_collection_unlocked() -> bool:
    """True once the keyring's default collection ("login") exists and is unlocked."""
    import secretstorage

    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_collection_by_alias(connection, "default")
        return not collection.is_locked()
    except secretstorage.ItemNotFoundException:
        return False
    finally:
        connection.close()


def stop_process(process: subprocess.Popen[Any]) -> None:
    """Terminate, wait 10 s, then kill: every service fixture ends its process this way."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def secret_service() -> Iterator[SecretService.Keyring]:
    """A real Secret Service (gnome-keyring) on a private session bus, with "login" unlocked.

    ``DBUS_SESSION_BUS_ADDRESS`` points at that bus for the whole test session. Yields a
    ``keyring.backends.SecretService.Keyring`` to pass to ``SecretStore(backend=...)``.
    """
    dbus_daemon = shutil.which("dbus-daemon")
    gnome_keyring = shutil.which("gnome-keyring-daemon")
    if dbus_daemon is None or gnome_keyring is None:
        missing = "dbus-daemon" if dbus_daemon is None else "gnome-keyring-daemon"
        require_service(
            f"Secret Service not available ({missing} not found): apt install gnome-keyring dbus"
        )

    root = Path(tempfile.mkdtemp(prefix="hotline-keyring-"))
    runtime = root / "run"
    runtime.mkdir(mode=0o700)
    (root / "home").mkdir()
    address = f"unix:path={root / 'bus'}"
    # The daemons keep their keyrings and sockets here, never in the developer's home.
    env = {
        **os.environ,
        "HOME": str(root / "home"),
        "XDG_DATA_HOME": str(root / "home" / ".local" / "share"),
        "XDG_CONFIG_HOME": str(root / "home" / ".config"),
        "XDG_RUNTIME_DIR": str(runtime),
        "DBUS_SESSION_BUS_ADDRESS": address,
    }
    saved_address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    processes: list[subprocess.Popen[bytes]] = []
    bus_log = (root / "dbus.log").open("wb")
    keyring_log = (root / "gnome-keyring.log").open("wb")
    try:
        processes.append(
            subprocess.Popen(
                [dbus_daemon, "--session", "--nofork", f"--address={address}"],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=bus_log,
                stderr=subprocess.STDOUT,
            )
        )
        wait_until(
            lambda: (
                processes[0].poll() is not None or _name_has_owner(address, "org.freedesktop.DBus")
            ),
            START_TIMEOUT,
            "the private D-Bus session bus",
        )
        if processes[0].poll() is not None:
            raise RuntimeError(f"dbus-daemon exited:\n{_tail(root / 'dbus.log')}")

        keyring_daemon = subprocess.Popen(
            [gnome_keyring, "--foreground", "--unlock", "--components=secrets"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=keyring_log,
            stderr=subprocess.STDOUT,
        )
        processes.append(keyring_daemon)
        assert keyring_daemon.stdin is not None
        # The password of this throwaway "login" keyring; it is never written anywhere.
        keyring_daemon.stdin.write(secrets.token_hex(16).encode())
        keyring_daemon.stdin.close()
        wait_until(
            lambda: keyring_daemon.poll() is not None or _name_has_owner(address, SECRETS_BUS_NAME),
            START_TIMEOUT,
            f"gnome-keyring-daemon to own {SECRETS_BUS_NAME}",
        )
        if keyring_daemon.poll() is not None:
            raise RuntimeError(f"gnome-keyring-daemon exited:\n{_tail(root / 'gnome-keyring.log')}")

        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        wait_until(_default_collection_unlocked, START_TIMEOUT, "an unlocked login keyring")
        yield SecretService.Keyring()
    finally:
        if saved_address is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = saved_address
        for process in reversed(processes):
            stop_process(process)
        for log in (bus_log, keyring_log):
            with contextlib.suppress(OSError):
                log.close()
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class XDisplay:
    """A running X server: ``name`` is the DISPLAY value (``:N``)."""

    name: str


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[XDisplay]:
    """A real X server (Xvfb) for tests that need a real window, not the offscreen plugin."""
    binary = shutil.which("Xvfb")
    if binary is None:
        require_service("Xvfb not found: apt install xvfb")
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [binary, "-displayfd", str(write_end), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            number = pipe.readline().decode().strip()  # Xvfb writes it once it accepts clients
        if not number.isdigit():
            raise RuntimeError("Xvfb did not report a display number")
        yield XDisplay(f":{number}")
    finally:
        stop_process(process)


# --- PulseAudio: the headset as Qt Multimedia sees it -----------------------------------------

#: The sample format of the headset devices and of every helper below: 16-bit mono 16 kHz.
PULSE_RATE = 16000


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
    tap: SinkTap
    sink: str = "Headset"
    source: str = "HeadsetMic"

    def pactl(self, *args: str) -> str:
        """Run ``pactl`` against this daemon and return its output; raise when it fails."""
        done = subprocess.run(
            ["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"pactl {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def record_sink(self, seconds: float) -> bytes:
        """What the earpiece plays during the next ``seconds``: 16-bit mono 16 kHz PCM.

        Recorded from the sink's monitor by the session's ``parec`` (see :class:`SinkTap`);
        exactly ``seconds`` of sound, or :class:`TimeoutError` when the daemon has not
        delivered them ``seconds`` + 10 s from now.
        """
        return self.tap.record(seconds, timeout=seconds + 10.0)

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


@pytest.fixture(scope="session")
def pulse_server() -> Iterator[PulseServer]:
    """A private PulseAudio daemon whose default sink and source are the "Headset" devices.

    The earpiece is a null sink ``Headset`` (record it with :meth:`PulseServer.record_sink`),
    the microphone a pipe source ``HeadsetMic`` fed through :meth:`PulseServer.feed_microphone`.
    ``PULSE_SERVER`` (and a client config without autospawn) point at it for the whole session.
    Qt Multimedia connects to PulseAudio once per process, the first time it lists devices:
    a test process that touched Qt Multimedia before this fixture ran keeps its old view.
    """
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
        "--disallow-module-loading",
        "--use-pid-file=no",
        # As root it would otherwise take nice -11 and SCHED_RR: stay an ordinary process.
        "--high-priority=no",
        "--realtime=no",
        "--log-target=stderr",
        f"--load=module-native-protocol-unix socket={socket_path} auth-anonymous=1",
        "--load=module-null-sink sink_name=Headset rate=16000 channels=1"
        " sink_properties=device.description=Headset",
        f"--load=module-pipe-source source_name=HeadsetMic file={fifo}"
        " format=s16le rate=16000 channels=1 source_properties=device.description=HeadsetMic",
    ]
    saved = {name: os.environ.get(name) for name in overrides}
    log_path = root / "pulseaudio.log"
    process: subprocess.Popen[bytes] | None = None
    tap: SinkTap | None = None
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
        tap = SinkTap(env, "Headset.monitor")
        server = PulseServer(server=overrides["PULSE_SERVER"], fifo=fifo, env=env, tap=tap)
        wait_until(tap.flowing, START_TIMEOUT, "sound from the Headset sink's monitor")
        server.pactl("set-default-sink", server.sink)
        server.pactl("set-default-source", server.source)
        os.environ.update(overrides)
        yield server
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if tap is not None:
            tap.close()
        if process is not None:
            stop_process(process)
        shutil.rmtree(root, ignore_errors=True)
