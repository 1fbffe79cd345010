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


# --- PgBouncer in transaction mode, in front of that server -----------------------------------


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def pgbouncer(postgres_server: PostgresServer) -> Iterator[int]:
    """A real PgBouncer in transaction mode with ONE server connection per database, so two
    clients always share it: anything that relies on session state breaks. Yields its port."""
    binary = shutil.which("pgbouncer") or shutil.which("pgbouncer", path="/usr/sbin")
    if binary is None:
        require_service("PgBouncer not found: apt install pgbouncer")
    root = Path(tempfile.mkdtemp(prefix="hotline-pgbouncer-"))
    port = _free_port()
    (root / "users.txt").write_text('"postgres" ""\n')
    (root / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host=127.0.0.1 port={postgres_server.port}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {root / 'users.txt'}\n"
        "pool_mode = transaction\ndefault_pool_size = 1\nmax_client_conn = 100\n"
        f"logfile = {root / 'pgbouncer.log'}\n"
    )
    if os.geteuid() == 0:  # PgBouncer refuses to run as root
        owner = pwd.getpwnam("postgres")
        for path in (root, *root.iterdir()):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    process = subprocess.Popen(
        _as_postgres_user([binary, str(root / "pgbouncer.ini")]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: process.poll() is not None or _accepts(port), START_TIMEOUT, "PgBouncer")
        if process.poll() is not None:
            raise RuntimeError(f"pgbouncer exited:\n{_tail(root / 'pgbouncer.log')}")
        yield port
    finally:
        stop_process(process)
        shutil.rmtree(root, ignore_errors=True)


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
        [
            binary,
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            "1280x1024x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
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
