"""Real SIP services for the telephony tests: a Kamailio registrar and proxy, and SIPp.

Everything listens on 127.0.0.1 only, on free ports, and runs from a temporary directory.

- :func:`kamailio` (fixture) starts ``tests/sip/kamailio.cfg``: a registrar with digest
  authentication (users and passwords in an htable loaded from a db_text file that
  :meth:`Kamailio.add_user` writes, reloadable at run time) and a record-routing proxy.
- :func:`run_sipp` runs one SIPp scenario to its end (bounded in time) and returns its exit
  code, output and statistics; :func:`start_sipp` / :func:`sipp_uas` run SIPp in the
  background, e.g. as a simple answering user agent.
- :func:`send_udp` and :func:`malformed_datagrams` send raw (hostile) datagrams.

A missing ``kamailio`` or ``sipp`` skips the test (fails with ``REQUIRE_SERVICES=1``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.services import START_TIMEOUT, require_service, stop_process, wait_until

SIP_DIR = Path(__file__).resolve().parent
KAMAILIO_CFG = SIP_DIR / "kamailio.cfg"
SCENARIOS = SIP_DIR / "scenarios"
MALFORMED = SCENARIOS / "malformed"

LOOPBACK = "127.0.0.1"

#: Scenarios built into SIPp (``-sn``); any other name is a file in :data:`SCENARIOS`.
SIPP_BUILTIN = frozenset(
    {
        "uac",
        "uas",
        "regexp",
        "3pcc-A",
        "3pcc-B",
        "3pcc-C-A",
        "3pcc-C-B",
        "branchc",
        "branchs",
        "uac_pcap",
    }
)

_USER_RE = re.compile(r"[A-Za-z0-9._~+-]{1,64}")


# --- ports and raw datagrams ------------------------------------------------------------------


def _require_loopback(host: str) -> None:
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"tests talk to loopback addresses only, not {host!r}")


def _udp_port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
        return True


def free_sip_port() -> int:
    """A port of 127.0.0.1 that is free for both UDP and TCP (SIP listens on both)."""
    for _attempt in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((LOOPBACK, 0))
            port = int(sock.getsockname()[1])
        if _udp_port_free(port):
            return port
    raise RuntimeError("no free UDP+TCP port on 127.0.0.1")


def free_udp_port(*, step: int = 0) -> int:
    """A free UDP port of 127.0.0.1; with ``step``, ``port + step`` is free too (RTP pairs)."""
    for _attempt in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind((LOOPBACK, 0))
            port = int(sock.getsockname()[1])
        if port % 2 == 0 and port + step < 65536 and (step == 0 or _udp_port_free(port + step)):
            return port
    raise RuntimeError("no free UDP port on 127.0.0.1")


def send_udp(
    host: str,
    port: int,
    payload: bytes,
    *,
    wait_reply: float | None = None,
    local_port: int = 0,
) -> bytes | None:
    """Send one datagram from 127.0.0.1; with ``wait_reply`` return the first reply or ``None``.

    ``None`` also when nothing listens there (the kernel's ICMP error) or no reply came in time.
    """
    _require_loopback(host)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((LOOPBACK, local_port))
        sock.sendto(payload, (host, port))
        if wait_reply is None:
            return None
        sock.settimeout(wait_reply)
        try:
            data, _sender = sock.recvfrom(65535)
        except (TimeoutError, OSError):
            return None
        return data


def sip_status(reply: bytes | None) -> int | None:
    """The status code of a SIP response datagram, ``None`` for anything else."""
    if not reply:
        return None
    match = re.match(rb"SIP/2\.0 (\d{3}) ", reply)
    return int(match.group(1)) if match else None


def options_request(host: str, port: int, *, local_port: int, user: str | None = None) -> bytes:
    """A well-formed OPTIONS to ``sip:[user@]host:port`` sent from ``127.0.0.1:local_port``."""
    target = f"{user}@{host}:{port}" if user else f"{host}:{port}"
    tag = secrets.token_hex(4)
    lines = [
        f"OPTIONS sip:{target} SIP/2.0",
        f"Via: SIP/2.0/UDP {LOOPBACK}:{local_port};rport;branch=z9hG4bK{secrets.token_hex(8)}",
        "Max-Forwards: 70",
        f"From: <sip:probe@{LOOPBACK}:{local_port}>;tag={tag}",
        f"To: <sip:{target}>",
        f"Call-ID: {secrets.token_hex(12)}@{LOOPBACK}",
        "CSeq: 1 OPTIONS",
        f"Contact: <sip:probe@{LOOPBACK}:{local_port}>",
        "Accept: application/sdp",
        "Content-Length: 0",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _final_reply(sock: socket.socket, timeout: float) -> bytes | None:
    """The first final (>= 200) SIP response on ``sock`` within ``timeout``; provisional
    answers such as 100 Trying are skipped."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            data, _sender = sock.recvfrom(65535)
        except (TimeoutError, OSError):
            return None
        status = sip_status(data)
        if status is not None and status >= 200:
            return data
    return None


def sip_options(
    host: str, port: int, *, timeout: float = 0.5, user: str | None = None
) -> int | None:
    """Send one OPTIONS from a fresh port; the status code of the answer, or ``None``."""
    _require_loopback(host)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((LOOPBACK, 0))
        local_port = int(sock.getsockname()[1])
        sock.sendto(options_request(host, port, local_port=local_port, user=user), (host, port))
        final = _final_reply(sock, timeout)
        return sip_status(final) if final else None


def _header(message: bytes, name: str) -> str | None:
    match = re.search(rb"^" + name.encode() + rb":[ \t]*(.*?)\r?$", message, re.I | re.M)
    return match.group(1).decode("utf-8", "replace") if match else None


def sip_invite_status(
    host: str, port: int, user: str, *, timeout: float = 5.0, headers: Sequence[str] = ()
) -> int | None:
    """Send one INVITE (SDP: PCMU) for ``sip:user@host:port``; the final status, or ``None``.

    Meant for calls that should be refused (404, 486, ...): a non-2xx answer is ACKed; a 2xx
    is ACKed and hung up at once (ACK and BYE go to ``host:port``, without a route set).
    ``headers`` are extra header lines, e.g. ``["X-Line: domestic"]``.
    """
    _require_loopback(host)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((LOOPBACK, 0))
        local_port = int(sock.getsockname()[1])

        def new_via() -> str:
            return f"SIP/2.0/UDP {LOOPBACK}:{local_port};rport;branch=z9hG4bK{secrets.token_hex(8)}"

        via = new_via()
        uri = f"sip:{user}@{host}:{port}"
        from_ = f"<sip:probe@{LOOPBACK}:{local_port}>;tag={secrets.token_hex(4)}"
        call_id = f"{secrets.token_hex(12)}@{LOOPBACK}"
        body = (
            f"v=0\r\no=- 1 1 IN IP4 {LOOPBACK}\r\ns=-\r\nc=IN IP4 {LOOPBACK}\r\nt=0 0\r\n"
            "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
        )

        def request(method: str, cseq: int, to: str, via_line: str, content: str = "") -> bytes:
            lines = [
                f"{method} {uri} SIP/2.0",
                f"Via: {via_line}",
                "Max-Forwards: 70",
                f"From: {from_}",
                f"To: {to}",
                f"Call-ID: {call_id}",
                f"CSeq: {cseq} {method}",
                f"Contact: <sip:probe@{LOOPBACK}:{local_port}>",
            ]
            if method == "INVITE":
                lines += list(headers)
                lines.append("Content-Type: application/sdp")
            lines.append(f"Content-Length: {len(content.encode())}")
            return ("\r\n".join(lines) + "\r\n\r\n" + content).encode()

        sock.sendto(request("INVITE", 1, f"<{uri}>", via, body), (host, port))
        reply = _final_reply(sock, timeout)
        status = sip_status(reply)
        if reply is None or status is None:
            return None
        to = _header(reply, "To") or f"<{uri}>"
        if status < 300:
            sock.sendto(request("ACK", 1, to, new_via()), (host, port))
            sock.sendto(request("BYE", 2, to, new_via()), (host, port))
        else:
            sock.sendto(request("ACK", 1, to, via), (host, port))
        return status


_KEYWORD = re.compile(r"\[(remote_ip|remote_port|local_ip|local_port|call_id|branch|tag|service)\]")
_FILL = re.compile(r"\[fill:(\d+)\]")
_BYTES = re.compile(rb"\[bytes:([0-9a-fA-F]*)\]")


def malformed_datagrams(
    host: str, port: int, *, local_port: int, service: str = "operator"
) -> dict[str, bytes]:
    """The raw datagrams of ``scenarios/malformed/*.txt``, addressed to ``host:port``.

    File format: leading ``#`` lines describe the case and are dropped; the rest is the
    datagram with LF line ends turned into CRLF. Keywords as in SIPp: ``[remote_ip]``,
    ``[remote_port]``, ``[local_ip]``, ``[local_port]``, ``[call_id]``, ``[branch]``,
    ``[tag]``, ``[service]``; ``[len]`` is the byte length of the body after the first blank
    line; ``[fill:N]`` is N letters; ``[bytes:HEX]`` is raw bytes.
    """
    _require_loopback(host)
    datagrams: dict[str, bytes] = {}
    for path in sorted(MALFORMED.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        while lines and lines[0].startswith("#"):
            lines.pop(0)
        text = "\r\n".join(lines)
        values = {
            "remote_ip": host,
            "remote_port": str(port),
            "local_ip": LOOPBACK,
            "local_port": str(local_port),
            "call_id": f"{secrets.token_hex(10)}@{LOOPBACK}",
            "branch": f"z9hG4bK{secrets.token_hex(8)}",
            "tag": secrets.token_hex(4),
            "service": service,
        }
        datagrams[path.stem] = _render_datagram(text, values)
    return datagrams


def _render_datagram(template: str, values: Mapping[str, str]) -> bytes:
    def keyword(match: re.Match[str]) -> str:
        return values[match.group(1)]

    text = _KEYWORD.sub(keyword, template)
    text = _FILL.sub(lambda match: "x" * int(match.group(1)), text)
    data = _BYTES.sub(lambda match: bytes.fromhex(match.group(1).decode()), text.encode())
    if b"[len]" in data:
        _head, sep, body = data.partition(b"\r\n\r\n")
        data = data.replace(b"[len]", str(len(body) if sep else 0).encode())
    return data


# --- Kamailio ---------------------------------------------------------------------------------


def _sbin_which(name: str) -> str | None:
    """``shutil.which`` that also looks in /usr/sbin (not on a normal user's PATH)."""
    return shutil.which(name) or shutil.which(name, path="/usr/local/sbin:/usr/sbin:/sbin")


def _dbtext_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


class Kamailio:
    """A Kamailio registrar/proxy on ``127.0.0.1:port`` (UDP and TCP), domain ``127.0.0.1``.

    ``start()`` after ``stop()`` comes back on the same port with the same users, but with
    no registrations (locations are kept in memory only).
    """

    host = LOOPBACK
    domain = LOOPBACK

    def __init__(self, root: Path, *, binary: str, kamcmd: str, port: int | None = None) -> None:
        self.root = root
        self.binary = binary
        self.kamcmd_binary = kamcmd
        self.port = port or 0
        self.users: dict[str, str] = {}
        self.db_dir = root / "db"
        self.db_dir.mkdir(exist_ok=True)
        self.ctl_socket = root / "ctl.sock"
        self.log_path = root / "kamailio.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._db_mtime = 0
        self._write_users()

    # -- addresses

    @property
    def uri(self) -> str:
        """The proxy's own SIP URI, e.g. ``sip:127.0.0.1:5070`` (registrar and outbound proxy)."""
        return f"sip:{self.host}:{self.port}"

    @property
    def address(self) -> str:
        """``host:port`` as SIPp takes its target."""
        return f"{self.host}:{self.port}"

    def aor(self, user: str) -> str:
        """The address of record of ``user``: ``sip:user@127.0.0.1``."""
        return f"sip:{user}@{self.domain}"

    # -- users

    def add_user(self, user: str, password: str) -> None:
        """Give ``user`` the digest password ``password``; works before start and while running.

        While running, the htable is reloaded (``kamcmd htable.reload users``) and the new
        value read back, so the user can register as soon as this returns.
        """
        if not _USER_RE.fullmatch(user):
            raise ValueError(f"unsupported SIP user name {user!r}")
        if not password or any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
            raise ValueError("the password must be non-empty, without control characters")
        self.users[user] = password
        self._write_users()
        if self.running:
            self._reload_users()
            wait_until(
                lambda: (
                    self.kamcmd("htable.get", "users", f"s:{user}").find(f"value: {password}\n")
                    >= 0
                ),
                10,
                f"Kamailio to know user {user}",
            )

    def remove_user(self, user: str) -> None:
        """Forget ``user``: it can no longer register (its current registration stays)."""
        self.users.pop(user, None)
        self._write_users()
        if self.running:
            self._reload_users()

    def _write_users(self) -> None:
        lines = ["key_name(str) key_type(int) value_type(int) key_value(str) expires(int)"]
        lines += [f"{user}:0:0:{_dbtext_escape(pw)}:0" for user, pw in self.users.items()]
        path = self.db_dir / "users"
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        # db_text notices a changed table by its mtime, in whole seconds: make every version
        # of the file differ, however fast the writes come.
        self._db_mtime = max(int(time.time()), self._db_mtime + 1)
        os.utime(path, (self._db_mtime, self._db_mtime))

    def _reload_users(self) -> None:
        reply = self.kamcmd("htable.reload", "users")
        if "reloaded" not in reply.lower():
            raise RuntimeError(f"htable.reload failed: {reply}")

    # -- process

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _command(self) -> list[str]:
        return [
            self.binary,
            "-f",
            str(KAMAILIO_CFG),
            "-DD",  # stay in the foreground (children are still forked)
            "-E",  # log to stderr
            "-m",
            "64",
            "-M",
            "8",
            "-n",
            "2",
            "-Y",
            str(self.root),
            "-w",
            str(self.root),
            "-P",
            str(self.root / "kamailio.pid"),
            "-l",
            f"udp:{self.host}:{self.port}",
            "-l",
            f"tcp:{self.host}:{self.port}",
            "-A",
            f'USERS_DB_URL="text://{self.db_dir}"',
            "-A",
            f'CTL_SOCKET="unix:{self.ctl_socket}"',
            "-A",
            f'SIP_DOMAIN="{self.domain}"',
        ]

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start Kamailio (on the same port as before, if it ran before) and wait for it."""
        if self.running:
            raise RuntimeError("Kamailio is already running")
        fixed_port = bool(self.port)
        for _attempt in range(3):
            if not fixed_port:
                self.port = free_sip_port()
            if self._start_once(timeout):
                return
            if fixed_port or "bind" not in self.log_text()[-4000:]:
                break
        raise RuntimeError(f"Kamailio did not start; log:\n{self.log_text()[-4000:]}")

    def _start_once(self, timeout: float) -> bool:
        with contextlib.suppress(FileNotFoundError):
            self.ctl_socket.unlink()
        with self.log_path.open("ab") as log:
            log.write(f"--- start on port {self.port}\n".encode())
            log.flush()
            # Its own session: Kamailio signals its whole process group when it stops.
            self._process = subprocess.Popen(
                self._command(),
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = self._process
        try:
            wait_until(
                lambda: (
                    process.poll() is not None
                    or (self.ctl_socket.exists() and sip_options(self.host, self.port) == 200)
                ),
                timeout,
                f"Kamailio to answer OPTIONS on {self.address}",
            )
        except TimeoutError:
            self.stop()
            raise
        if process.poll() is not None:
            self._reap()
            return False
        return True

    def stop(self) -> None:
        """Stop Kamailio and every child process; the port is free again when this returns."""
        process = self._process
        if process is None:
            return
        stop_process(process)
        self._reap()

    def _reap(self) -> None:
        """Wait for the children left in Kamailio's process group; kill them if they linger."""
        process = self._process
        self._process = None
        if process is None:
            return

        def group_gone() -> bool:
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return True
            except PermissionError:
                return False
            return False

        try:
            wait_until(group_gone, 10, "Kamailio's children to exit")
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            wait_until(group_gone, 10, "Kamailio's children to be killed")

    def restart(self) -> None:
        self.stop()
        self.start()

    # -- inspection

    def kamcmd(self, *args: str) -> str:
        """Run ``kamcmd`` against this instance's control socket; its output.

        Give string arguments that look like numbers as ``s:1001`` (kamcmd types them).
        """
        result = subprocess.run(
            [self.kamcmd_binary, "-s", f"unix:{self.ctl_socket}", *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return result.stdout + result.stderr

    def contacts(self, user: str) -> list[str]:
        """The live contacts registered for ``user`` (expired ones left out)."""
        reply = self.kamcmd("ul.lookup", "location", f"s:{user}")
        contacts = []
        address = None
        for raw_line in reply.splitlines():
            line = raw_line.strip()
            if line.startswith("Address:"):
                address = line.partition(":")[2].strip()
            elif line.startswith("Expires:") and address is not None:
                expires = line.partition(":")[2].strip()
                if expires == "permanent" or (expires.isdigit() and int(expires) > 0):
                    contacts.append(address)
                address = None
        return contacts

    def registered(self, user: str) -> bool:
        """Whether ``user`` has a live registration."""
        return bool(self.contacts(user))

    def log_text(self) -> str:
        """Everything Kamailio logged, over all its starts."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""


def _kamailio_binaries() -> tuple[str, str]:
    binary, kamcmd = _sbin_which("kamailio"), _sbin_which("kamcmd")
    if binary is None or kamcmd is None:
        require_service("Kamailio not found (kamailio, kamcmd): apt install kamailio")
    return binary, kamcmd


@pytest.fixture
def kamailio() -> Iterator[Kamailio]:
    """A running Kamailio registrar/proxy on a free port of 127.0.0.1, stopped afterwards."""
    binary, kamcmd = _kamailio_binaries()
    # Not pytest's tmp_path: a unix socket path must stay under 108 bytes.
    root = Path(tempfile.mkdtemp(prefix="hotline-kam-"))
    server = Kamailio(root, binary=binary, kamcmd=kamcmd)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


# --- SIPp -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SippResult:
    """The outcome of one SIPp run.

    ``returncode``: 0 every call succeeded, 1 at least one failed, 97 stopped by an internal
    command, 99 ended with no call processed, 255 fatal error (also the global ``-timeout``),
    254 could not bind its socket; -9/-15 when killed by a signal.
    ``stats``: the last row of SIPp's statistics file (``-trace_stat``), e.g.
    ``stats["SuccessfulCall(C)"]``; ``GenericCounterN(C)`` counts the ``counter="N"``
    attributes of a scenario.
    """

    returncode: int
    stdout: str
    stderr: str
    stats: dict[str, str]
    errors: str = ""
    messages: str = ""
    logs: str = ""
    command: tuple[str, ...] = field(default=())

    def count(self, name: str) -> int:
        """A cumulative counter of the statistics, e.g. ``count("SuccessfulCall")``."""
        value = self.stats.get(f"{name}(C)", "0")
        try:
            return int(float(value))
        except ValueError:
            return 0

    @property
    def successful_calls(self) -> int:
        return self.count("SuccessfulCall")

    @property
    def failed_calls(self) -> int:
        return self.count("FailedCall")

    def describe(self) -> str:
        """A short report for assertion messages."""
        tail = "\n".join(self.stdout.strip().splitlines()[-12:])
        return (
            f"sipp exited {self.returncode}: {self.successful_calls} successful, "
            f"{self.failed_calls} failed calls\ncommand: {' '.join(self.command)}\n"
            f"errors:\n{self.errors[-3000:]}\nstderr:\n{self.stderr[-2000:]}\nscreen:\n{tail}"
        )


def _sipp_binary() -> str:
    binary = shutil.which("sipp")
    if binary is None:
        require_service("SIPp not found: apt install sip-tester")
    return binary


def scenario_path(name: str) -> Path:
    """``scenarios/NAME.xml`` of this directory."""
    path = SCENARIOS / (name if name.endswith(".xml") else f"{name}.xml")
    if not path.exists():
        raise FileNotFoundError(path)
    return path


def _scenario_args(scenario: Path | str) -> list[str]:
    if isinstance(scenario, Path):
        return ["-sf", str(scenario)]
    if scenario in SIPP_BUILTIN:
        return ["-sn", scenario]
    return ["-sf", str(scenario_path(scenario))]


def _check_target(target: str) -> None:
    host, _, port = target.rpartition(":")
    _require_loopback(host or target)
    if not port.isdigit():
        raise ValueError(f"SIPp target must be host:port, not {target!r}")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def _last_stats(path: Path) -> dict[str, str]:
    rows = [line for line in _read(path).splitlines() if line.strip()]
    if len(rows) < 2:
        return {}
    header = rows[0].rstrip(";").split(";")
    values = rows[-1].rstrip(";").split(";")
    return dict(zip(header, values, strict=False))


class SippProcess:
    """SIPp running in the background; ``wait()`` or ``stop()`` collects its :class:`SippResult`.

    Also a context manager that stops SIPp on exit. The result is collected once; later
    calls return the same :class:`SippResult`.
    """

    def __init__(
        self, command: list[str], workdir: Path, port: int, media_port: int, timeout: float
    ) -> None:
        self.command = command
        self.workdir = workdir
        self.port = port
        self.media_port = media_port
        self.timeout = timeout
        self._stdout = (workdir / "stdout.txt").open("wb")
        self._stderr = (workdir / "stderr.txt").open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=self._stdout,
            stderr=self._stderr,
            start_new_session=True,
        )
        self.result: SippResult | None = None

    def __enter__(self) -> SippProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def address(self) -> str:
        """``127.0.0.1:port`` of its SIP socket (the target for calls to a server scenario)."""
        return f"{LOOPBACK}:{self.port}"

    def wait_listening(self, timeout: float = 10) -> None:
        """Wait until SIPp has bound its SIP port (UAS mode)."""
        wait_until(
            lambda: self.process.poll() is not None or not _udp_port_free(self.port),
            timeout,
            f"SIPp to listen on {self.address}",
        )
        if self.process.poll() is not None:
            raise RuntimeError(f"SIPp exited early:\n{self._collect().describe()}")

    def wait(self, timeout: float | None = None) -> SippResult:
        """Wait for SIPp to end by itself (``-m`` calls done, or its ``-timeout``)."""
        try:
            self.process.wait(timeout=self.timeout + 10 if timeout is None else timeout)
        except subprocess.TimeoutExpired:
            self._kill()
        return self._collect()

    def stop(self) -> SippResult:
        """End SIPp now: SIGTERM makes it quit at once and still write its statistics.

        (SIGUSR1 would wait for every call to end, e.g. the 4 s timewait of the uas.)
        """
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._kill()
        return self._collect()

    def _kill(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def _collect(self) -> SippResult:
        if self.result is not None:
            return self.result
        for handle in (self._stdout, self._stderr):
            handle.close()
        work = self.workdir
        self.result = SippResult(
            returncode=self.process.returncode if self.process.returncode is not None else -1,
            stdout=_read(work / "stdout.txt"),
            stderr=_read(work / "stderr.txt"),
            stats=_last_stats(work / "stats.csv"),
            errors=_read(work / "errors.log"),
            messages=_read(work / "messages.log"),
            logs=_read(work / "logs.log"),
            command=tuple(self.command),
        )
        shutil.rmtree(work, ignore_errors=True)
        return self.result


def start_sipp(
    scenario: Path | str,
    target: str | None = None,
    *,
    service: str = "service",
    local_port: int | None = None,
    calls: int | None = None,
    timeout: float = 30.0,
    extra_args: Sequence[str] = (),
    variables: Mapping[str, str | int] | None = None,
    keys: Mapping[str, str | int] | None = None,
    injection_file: Path | None = None,
    password: str | None = None,
    trace_messages: bool = True,
) -> SippProcess:
    """Start SIPp in the background on 127.0.0.1 (no ``target``: a server scenario, e.g. uas).

    ``variables`` become ``-set NAME VALUE`` (scenario variables such as ``pause_ms``),
    ``keys`` become ``-key NAME VALUE``; ``injection_file`` is ``-inf`` (a CSV file);
    ``password`` is ``-ap`` for ``[authentication]``. SIPp quits with an error after
    ``timeout`` seconds (``-timeout``/``-timeout_error``).
    """
    binary = _sipp_binary()
    if target is not None:
        _check_target(target)
    port = local_port or free_udp_port()
    media_port = free_udp_port(step=2)  # SIPp opens media_port and media_port + 2
    workdir = Path(tempfile.mkdtemp(prefix="hotline-sipp-"))
    command = [binary, *_scenario_args(scenario)]
    if target is not None:
        command.append(target)
    command += [
        "-i",
        LOOPBACK,
        "-mi",
        LOOPBACK,
        "-p",
        str(port),
        "-mp",
        str(media_port),
        "-cp",
        str(free_udp_port()),
        "-s",
        service,
        "-nostdin",
        "-timeout",
        f"{max(1, round(timeout * 1000))}ms",
        "-timeout_error",
        "-trace_err",
        "-error_file",
        str(workdir / "errors.log"),
        "-trace_stat",
        "-stf",
        str(workdir / "stats.csv"),
        "-trace_logs",
        "-log_file",
        str(workdir / "logs.log"),
    ]
    if trace_messages:
        command += ["-trace_msg", "-message_file", str(workdir / "messages.log")]
    if calls is not None:
        command += ["-m", str(calls)]
    if password is not None:
        command += ["-ap", password]
    if injection_file is not None:
        command += ["-inf", str(injection_file)]
    for name, value in (variables or {}).items():
        command += ["-set", name, str(value)]
    for name, value in (keys or {}).items():
        command += ["-key", name, str(value)]
    command += list(extra_args)
    return SippProcess(command, workdir, port, media_port, timeout)


def run_sipp(
    scenario: Path | str,
    target: str,
    *,
    service: str = "service",
    local_port: int | None = None,
    calls: int = 1,
    timeout: float = 30.0,
    extra_args: Sequence[str] = (),
    variables: Mapping[str, str | int] | None = None,
    keys: Mapping[str, str | int] | None = None,
    injection_file: Path | None = None,
    password: str | None = None,
    trace_messages: bool = True,
) -> SippResult:
    """Run a SIPp client scenario against ``target`` (``host:port``) until ``calls`` calls end.

    ``scenario``: a Path, a SIPp built-in name (``"uac"``) or the name of a file in
    ``tests/sip/scenarios`` (``"call_and_bye"``). Bounded by ``timeout`` (SIPp's own global
    timeout, and a kill 10 s later). See :func:`start_sipp` for the other arguments.
    """
    return start_sipp(
        scenario,
        target,
        service=service,
        local_port=local_port,
        calls=calls,
        timeout=timeout,
        extra_args=extra_args,
        variables=variables,
        keys=keys,
        injection_file=injection_file,
        password=password,
        trace_messages=trace_messages,
    ).wait()


@pytest.fixture
def sipp_uas() -> Iterator[SippProcess]:
    """SIPp's built-in answering scenario (``-sn uas``) on a free port of 127.0.0.1.

    It answers every INVITE with 180 and 200 (SDP: PCMU) and the BYE with 200.
    """
    uas = start_sipp("uas", timeout=120)
    try:
        uas.wait_listening()
        yield uas
    finally:
        uas.stop()
