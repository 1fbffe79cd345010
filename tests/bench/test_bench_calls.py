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
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.services.calls import CallLog
from app.telephony.audio import InMemoryAudioDevice
from app.telephony.config import EngineConfig
from app.telephony.engine import SipEngine
from app.telephony.model import CallChanged, CallState, EngineStarted, Event
from app.telephony.recorder import CallRecorder
from app.telephony.screenpop import CallerHistory, ScreenPop
from tests.bench.conftest import NOTES, record
from tests.peer import SipPeer, free_port

pytestmark = pytest.mark.bench

CALLS = 200


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


class _Desk:
    def __init__(self, database: Database, audio: InMemoryAudioDevice | None = None) -> None:
        self.engine = SipEngine(
            EngineConfig(port=free_port(), rtp_port=free_port()), audio or InMemoryAudioDevice()
        )
        self.popped = threading.Event()
        self.popped_at = 0.0
        self.ended = threading.Event()
        self.ringing: list[object] = []
        self.failures = 0
        self.pop = ScreenPop(CallLog(database), self._popped)
        self.engine.subscribe(self.pop.on_event)
        self.engine.subscribe(CallRecorder(database).on_event)
        self.engine.subscribe(self._event)
        assert isinstance(self.engine.start(), EngineStarted)
        self.engine.set_available(True)

    def _popped(self, history: CallerHistory) -> None:
        self.popped_at = time.time()
        self.popped.set()

    def _event(self, event: Event) -> None:
        if isinstance(event, CallChanged):
            if event.call.state is CallState.RINGING:
                self.ringing.append(event.call.id)
            elif event.call.state is CallState.ENDED:
                if event.call.end_reason and event.call.end_reason.value == "failed":
                    self.failures += 1
                self.ended.set()

    @property
    def uri(self) -> str:
        return f"sip:desk@127.0.0.1:{self.engine.config.port}"

    def close(self) -> None:
        assert self.engine.stop()
        self.pop.close()


@pytest.fixture
def database(tmp_path: Path) -> Database:
    db = Database.open(sqlite_url(tmp_path / "bench.sqlite3").render_as_string())
    db.write_now(seed_reference)
    yield db  # type: ignore[misc]
    db.close()


#: One call every 100 ms: a busy queue gives one desk a call every few seconds, and the flood
#: guard (app/telephony/guard.py) holds back more than 8 calls in 0.6 s.
PACE_SECONDS = 0.1


@pytest.mark.timeout(600)
def test_screen_pop_latency_against_a_bare_endpoint(database: Database) -> None:
    desk = _Desk(database)
    caller = SipPeer.start(free_port())
    bare = SipPeer.start(free_port(), "--codecs", "PCMA,PCMU")
    ours: list[float] = []
    floor: list[float] = []
    pace = threading.Event()  # never set: waiting on it spaces the calls out
    try:
        for _ in range(CALLS):
            pace.wait(PACE_SECONDS)
            desk.popped.clear()
            desk.ended.clear()
            sent = caller.send({"cmd": "call", "uri": desk.uri, "from_user": "89161234567"})
            assert desk.popped.wait(10)
            ours.append(desk.popped_at - sent["sent_at"])
            caller.send({"cmd": "hangup"})
            assert desk.ended.wait(10)
            caller.wait_event("state", state="DISCONNECTED")

            since = bare.mark()
            sent = caller.send({"cmd": "call", "uri": bare.uri, "from_user": "89161234567"})
            incoming = bare.wait_event("incoming", since=since)
            floor.append(incoming["at"] - sent["sent_at"])
            caller.send({"cmd": "hangup"})
            caller.wait_event("state", state="DISCONNECTED")
            bare.wait_event("state", state="DISCONNECTED", since=since)
    finally:
        caller.close()
        bare.close()
        desk.close()
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


SOAK_DESK = """
import sys
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

db = Database.open(sqlite_url(Path(sys.argv[3])).render_as_string())
db.write_now(seed_reference)
engine = SipEngine(
    EngineConfig(port=int(sys.argv[1]), rtp_port=int(sys.argv[2]), auto_answer_after=0.0),
    InMemoryAudioDevice(tone(660), keep_seconds=4),
)
engine.subscribe(ScreenPop(CallLog(db), lambda history: None).on_event)
engine.subscribe(CallRecorder(db).on_event)
engine.start()
engine.set_available(True)
print("up", flush=True)
sys.stdin.readline()
ok = engine.stop()
db.close()
sys.exit(0 if ok else 3)
"""


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
    port = free_port()
    desk = subprocess.Popen(
        [sys.executable, "-c", SOAK_DESK, str(port), str(free_port()), str(tmp_path / "s.db")],
        cwd=Path(__file__).resolve().parents[2],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert desk.stdout is not None and desk.stdin is not None
    assert any(line.strip() == "up" for line in desk.stdout)
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
        desk.stdin.write("\n")
        desk.stdin.flush()
        exit_code = desk.wait(30)
    seconds = time.perf_counter() - started
    NOTES.append(
        f"soak: {cycles} cycles in {seconds:.0f} s, failed calls {failed}, desk memory growth "
        f"after warm-up {growth_mb:.1f} MB, fd change {fd_change}, thread change "
        f"{thread_change}, desk exit code {exit_code}"
    )
    assert failed == 0
    assert exit_code == 0
