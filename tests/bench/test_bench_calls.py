"""Softphone benchmarks (`make bench`), each beside its floor in the same run.

- Screen pop: the caller process sends an INVITE -> the desk has the ringing call *and* the
  caller's history from the database. Floor: a bare pjsua2 endpoint (the simulated caller)
  reaching its onIncomingCall for the same INVITE. Both are timed from the wall-clock moment
  the caller's makeCall() began (the processes share the machine's clock). 200 calls each,
  one every 100 ms, median and p99.
- Soak: N call cycles (ring, answer, 2 s of audio both ways, hang up; N=500 by default, set
  SOAK_CYCLES to change): failed calls, memory growth after warm-up, file descriptors and
  threads before and after.
"""

from __future__ import annotations

import os
import queue
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.bench.conftest import NOTES, record
from tests.peer import SipPeer, free_port

pytestmark = pytest.mark.bench

CALLS = int(os.environ.get("POP_CALLS", "200"))


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


DESK = """
import sys
import time
from pathlib import Path
from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.services.calls import CallLog
from app.telephony.audio import InMemoryAudioDevice, tone
from app.telephony.config import EngineConfig
from app.telephony.engine import SipEngine
from app.telephony.recorder import CallRecorder
from app.telephony.screenpop import ScreenPop

def report(history):  # the screen pop is complete: say when, for the benchmark
    print("pop", time.time(), flush=True)


db = Database.open(sqlite_url(Path(sys.argv[3])).render_as_string())
db.write_now(seed_reference)
engine = SipEngine(
    EngineConfig(
        port=int(sys.argv[1]),
        rtp_port=int(sys.argv[2]),
        auto_answer_after=None if len(sys.argv) > 4 else 0.0,
    ),
    InMemoryAudioDevice(tone(660), keep_seconds=4),
)
engine.subscribe(ScreenPop(CallLog(db), report).on_event)
engine.subscribe(CallRecorder(db).on_event)
engine.start()
engine.set_available(True)
print("up", flush=True)
sys.stdin.readline()
ok = engine.stop()
db.close()
sys.exit(0 if ok else 3)
"""


class _DeskProcess:
    """The desk's engine, recorder and screen pop in a child process, as in production."""

    def __init__(self, db_path: Path, ring: bool) -> None:
        self.port = free_port()
        args = [str(self.port), str(free_port()), str(db_path)] + (["ring"] if ring else [])
        self.process = subprocess.Popen(
            [sys.executable, "-c", DESK, *args],
            cwd=Path(__file__).resolve().parents[2],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        self.pops: queue.Queue[float] = queue.Queue()
        assert any(line.strip() == "up" for line in self.process.stdout)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("pop "):
                self.pops.put(float(line.split()[1]))

    @property
    def uri(self) -> str:
        return f"sip:desk@127.0.0.1:{self.port}"

    def close(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        return self.process.wait(30)


#: One call every 100 ms: a busy queue gives one desk a call every few seconds, and the flood
#: guard (app/telephony/guard.py) holds back more than 8 calls in 0.6 s.
PACE_SECONDS = 0.1


@pytest.mark.timeout(600)
def test_screen_pop_latency_against_a_bare_endpoint(tmp_path: Path) -> None:
    desk = _DeskProcess(tmp_path / "pop.db", ring=True)
    caller = SipPeer.start(free_port())
    bare = SipPeer.start(free_port(), "--codecs", "PCMA,PCMU")
    ours: list[float] = []
    floor: list[float] = []
    pace = threading.Event()  # never set: waiting on it spaces the calls out
    try:
        for _ in range(CALLS):
            pace.wait(PACE_SECONDS)
            since = caller.mark()
            number = f"8916{random.randrange(10**7):07d}"  # a new caller each time
            sent = caller.send({"cmd": "call", "uri": desk.uri, "from_user": number})
            ours.append(desk.pops.get(timeout=10) - sent["sent_at"])
            caller.send({"cmd": "hangup"})
            caller.wait_event("state", state="DISCONNECTED", since=since)

            pace.wait(PACE_SECONDS)  # the same idle time before each: both start cold
            since, bare_since = caller.mark(), bare.mark()
            sent = caller.send({"cmd": "call", "uri": bare.uri, "from_user": number})
            incoming = bare.wait_event("incoming", since=bare_since)
            floor.append(incoming["at"] - sent["sent_at"])
            caller.send({"cmd": "hangup"})
            caller.wait_event("state", state="DISCONNECTED", since=since)
            bare.wait_event("state", state="DISCONNECTED", since=bare_since)
    finally:
        caller.close()
        bare.close()
        assert desk.close() == 0
    record(
        f"screen pop, median of {CALLS} calls",
        statistics.median(ours) * 1000,
        "bare pjsua2 endpoint's onIncomingCall",
        statistics.median(floor) * 1000,
        "ms",
    )
    record(
        f"screen pop, p99 of {CALLS} calls",
        _p99(ours) * 1000,
        "same, p99",
        _p99(floor) * 1000,
        "ms",
    )


def _proc(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


@pytest.mark.timeout(7200)
def test_soak_call_cycles(tmp_path: Path) -> None:
    """The desk runs in its own process, as in production, so that nothing of this harness
    (the caller's event history, thousands of stats replies) counts as the desk's memory."""
    cycles = int(os.environ.get("SOAK_CYCLES", "500"))
    warm_up = min(20, cycles // 5)
    desk_process = _DeskProcess(tmp_path / "soak.db", ring=False)
    desk = desk_process.process
    port = desk_process.port
    caller = SipPeer.start(free_port(), "--signal", "tone:440")
    failed = 0
    rss = fds = threads = 0
    started = time.perf_counter()
    try:
        for n in range(cycles):
            if n == warm_up:
                rss, threads = _proc(desk.pid, "VmRSS"), _proc(desk.pid, "Threads")
                fds = len(os.listdir(f"/proc/{desk.pid}/fd"))
            since = caller.mark()
            caller.send({"cmd": "call", "uri": f"sip:desk@127.0.0.1:{port}"})
            try:  # ring, (auto-)answer, 2 s of audio both ways, hang up
                caller.wait_event("state", state="CONFIRMED", since=since)
                caller.wait_rx_packets(100)
                caller.send({"cmd": "hangup"})
                caller.wait_event("state", state="DISCONNECTED", since=since)
            except AssertionError:
                failed += 1
            if n % 50 == 0:
                del caller.history[:]  # keep the harness small (it is not what is measured)
                caller._taken.clear()
        growth_mb = (_proc(desk.pid, "VmRSS") - rss) / 1024
        fd_change = len(os.listdir(f"/proc/{desk.pid}/fd")) - fds
        thread_change = _proc(desk.pid, "Threads") - threads
    finally:
        caller.close()
        exit_code = desk_process.close()
    seconds = time.perf_counter() - started
    NOTES.append(
        f"soak: {cycles} cycles in {seconds:.0f} s, failed calls {failed}, desk memory growth "
        f"after warm-up {growth_mb:.1f} MB, fd change {fd_change}, thread change "
        f"{thread_change}, desk exit code {exit_code}"
    )
    assert failed == 0
    assert exit_code == 0
