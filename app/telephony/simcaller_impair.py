"""Network trouble for the simulated caller: lost and late audio packets, on purpose.

A helper of :mod:`app.telephony.simcaller`, so tests can make a call sound bad and watch the
desk's quality estimate fall. Two tools, both tried on this machine:

- ``--send-loss PCT``: pjsua's own ``MediaConfig.txDropPct``. pjmedia drops a packet after
  numbering it, so the desk sees the gap in its own receive counters. pjsua drops when
  ``rand() % 100 <= pct``: asking for 10 loses about 11 %.
- ``--receive-loss PCT`` and ``--receive-jitter MS``: :class:`RtpRelay`, a UDP relay in this
  process. The caller binds its RTP to 127.0.0.1 but announces 127.0.0.2 in its SDP (the
  media transport's ``publicAddress``); the relay listens there on the same ports, holds
  each datagram from the desk for a random 0..MS ms, drops a share of the RTP ones, and
  passes the rest on. The caller's RTCP receiver reports then tell the desk how its audio
  arrived. pjmedia's RFC 3550 jitter of the result is well below the spread, because it
  leaves out packets that arrive after a later one: a 120 ms spread measured about 22 ms.
  Random numbers are seeded, so a run can be repeated.

  While relaying, the caller offers ``recvonly`` and sends no audio: pjmedia follows the far
  end's packets to wherever they come from (symmetric RTP, at once when their SSRC is
  known), and one packet from the caller's real address would take the desk off the relay
  (seen here after the first few). The desk measures the call from the caller's reports.

The relay is a thread of its own with plain sockets; it never touches pjsua2.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import logging
import random
import select
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("simcaller")

#: How many RTP/RTCP port pairs the caller may use while impaired (one per call at a time).
PORT_PAIRS = 8
#: Where the caller really binds its RTP, and the address it announces in its SDP.
INSIDE_HOST = "127.0.0.1"
PUBLIC_HOST = "127.0.0.2"


@dataclass(frozen=True)
class Impairment:
    """What to spoil: shares of packets lost (%), and the spread of the delay added (ms)."""

    send_loss_pct: int = 0
    receive_loss_pct: float = 0.0
    receive_jitter_ms: float = 0.0
    seed: int = 1

    @property
    def relayed(self) -> bool:
        """Whether received audio must pass the relay."""
        return self.receive_loss_pct > 0 or self.receive_jitter_ms > 0

    def check(self) -> None:
        """Raise ValueError for figures that make no sense."""
        if not 0 <= self.send_loss_pct <= 99:
            raise ValueError(f"send loss must be 0..99 %: {self.send_loss_pct}")
        if not 0 <= self.receive_loss_pct <= 99:
            raise ValueError(f"receive loss must be 0..99 %: {self.receive_loss_pct}")
        if not 0 <= self.receive_jitter_ms <= 1000:
            raise ValueError(f"receive jitter must be 0..1000 ms: {self.receive_jitter_ms}")


class RtpRelay:
    """Forwards RTP and RTCP from ``public``:port to ``inside``:port, late and lossy.

    One socket per port of ``ports`` (RTP on even offsets, RTCP on odd ones). Datagrams from
    the inside go straight back to whoever last sent to that port from outside.
    """

    def __init__(
        self,
        ports: Iterable[int],
        impairment: Impairment,
        public: str = PUBLIC_HOST,
        inside: str = INSIDE_HOST,
    ) -> None:
        self.impairment = impairment
        self.inside = inside
        self._rng = random.Random(impairment.seed)  # noqa: S311 - repeatable, not secret
        self._socks: dict[int, socket.socket] = {}
        self._peers: dict[int, tuple[str, int]] = {}
        self._queue: list[tuple[float, int, int, bytes, tuple[str, int]]] = []
        self._seq = itertools.count()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rtp-relay", daemon=True)
        self.forwarded = 0
        self.dropped = 0
        try:
            for port in ports:
                sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                self._socks[port] = sock
                sock.bind((public, port))
                sock.setblocking(False)
        except OSError:
            self.close()
            raise
        self._rtp = {port for index, port in enumerate(self._socks) if index % 2 == 0}

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2.0)
        for sock in self._socks.values():
            sock.close()
        self._socks.clear()

    def _run(self) -> None:
        by_fd = {sock.fileno(): port for port, sock in self._socks.items()}
        socks = list(self._socks.values())
        while not self._stop.is_set():
            wait = 0.05
            if self._queue:
                wait = max(0.0, min(wait, self._queue[0][0] - time.monotonic()))
            try:
                readable, _, _ = select.select(socks, [], [], wait)
            except (OSError, ValueError):  # closed under us: shutting down
                return
            for sock in readable:
                self._receive(by_fd[sock.fileno()], sock)
            self._send_due()

    def _receive(self, port: int, sock: socket.socket) -> None:
        while True:
            try:
                data, source = sock.recvfrom(4096)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # e.g. ICMP port unreachable reported on a later read
                return
            if source == (self.inside, port):
                peer = self._peers.get(port)
                if peer is not None:
                    self._send(port, data, peer)
                continue
            self._peers[port] = source
            imp = self.impairment
            if port in self._rtp and self._rng.random() * 100 < imp.receive_loss_pct:
                self.dropped += 1
                continue
            delay = self._rng.uniform(0, imp.receive_jitter_ms) / 1000
            due = time.monotonic() + delay
            heapq.heappush(self._queue, (due, next(self._seq), port, data, (self.inside, port)))

    def _send_due(self) -> None:
        now = time.monotonic()
        while self._queue and self._queue[0][0] <= now:
            _due, _n, port, data, target = heapq.heappop(self._queue)
            self._send(port, data, target)
            self.forwarded += 1

    def _send(self, port: int, data: bytes, target: tuple[str, int]) -> None:
        sock = self._socks.get(port)
        if sock is None:
            return
        try:
            sock.sendto(data, target)
        except OSError:
            log.debug("relay could not forward a datagram")


class NetworkTrouble:
    """The simulated caller's side of it: pjsua's settings, and the relay while it runs."""

    def __init__(self, impairment: Impairment) -> None:
        self.impairment = impairment
        self.relay: RtpRelay | None = None
        self.first_port = 0

    def configure_endpoint(self, cfg: Any) -> None:
        """Before ``libInit``: pjsua drops this share of the RTP packets it sends."""
        cfg.medConfig.txDropPct = self.impairment.send_loss_pct

    def start(self) -> None:
        """Start the relay (when received audio is to be spoiled) on free ports."""
        if not self.impairment.relayed or self.relay is not None:
            return
        for _ in range(20):  # another process may take a port between the probe and the bind
            first = free_port_range(2 * PORT_PAIRS)
            try:
                self.relay = RtpRelay(range(first, first + 2 * PORT_PAIRS), self.impairment)
            except OSError:
                continue
            self.first_port = first
            self.relay.start()
            log.info("RTP relay on %s:%d (+%d ports)", PUBLIC_HOST, first, 2 * PORT_PAIRS - 1)
            return
        raise OSError("no free ports for the RTP relay")

    def configure_media(self, transport: Any) -> None:
        """An account's media transport: bind inside, announce the relay's address."""
        if self.relay is None:
            return
        transport.port = self.first_port
        transport.portRange = 2 * PORT_PAIRS
        transport.boundAddress = INSIDE_HOST
        transport.publicAddress = PUBLIC_HOST

    def adjust_sdp(self, sdp: Any) -> None:
        """Our SDP, before it goes out: receive only, while received audio is relayed.

        pjmedia switches its RTP to wherever the far end's packets come from (symmetric RTP,
        at once when the SSRC is known). The caller's packets leave from its real address,
        so the desk would stop sending to the relay at the first one; a caller that sends no
        RTP keeps the desk on the relay. RTCP still flows both ways, and the caller's
        receiver reports tell the desk what the relay did to its audio.
        """
        if self.relay is not None:
            sdp.wholeSdp = sdp.wholeSdp.replace("a=sendrecv", "a=recvonly")

    def stats(self) -> dict[str, int]:
        if self.relay is None:
            return {}
        return {"relay_forwarded": self.relay.forwarded, "relay_dropped": self.relay.dropped}

    def close(self) -> None:
        if self.relay is not None:
            self.relay.close()
            self.relay = None


def free_port_range(count: int) -> int:
    """A first even port such that ``count`` ports from it are free on both addresses now."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind((INSIDE_HOST, 0))
            first = int(probe.getsockname()[1]) & ~1
        if first + count > 65535:
            continue
        ports = range(first, first + count)
        if all(_free(host, port) for port in ports for host in (INSIDE_HOST, PUBLIC_HOST)):
            return first
    raise OSError("no free range of RTP ports")


def _free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def add_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("network trouble (for tests of call quality)")
    group.add_argument(
        "--send-loss", type=int, default=0, metavar="PCT", help="drop this %% of RTP sent"
    )
    group.add_argument(
        "--receive-loss",
        type=float,
        default=0.0,
        metavar="PCT",
        help="drop this %% of the RTP received (through a relay on 127.0.0.2)",
    )
    group.add_argument(
        "--receive-jitter",
        type=float,
        default=0.0,
        metavar="MS",
        help="hold each received packet a random 0..MS ms (through the relay)",
    )
    group.add_argument("--impair-seed", type=int, default=1, help="seed of the relay's random")


def from_args(opts: argparse.Namespace) -> Impairment:
    """The impairment the options ask for; ValueError when they make no sense."""
    impairment = Impairment(
        send_loss_pct=opts.send_loss,
        receive_loss_pct=opts.receive_loss,
        receive_jitter_ms=opts.receive_jitter,
        seed=opts.impair_seed,
    )
    impairment.check()
    if impairment.relayed and impairment.send_loss_pct:
        raise ValueError("--send-loss has no effect while received audio is relayed")
    if impairment.relayed and opts.bind != INSIDE_HOST:
        raise ValueError(f"--receive-loss and --receive-jitter need --bind {INSIDE_HOST}")
    return impairment
