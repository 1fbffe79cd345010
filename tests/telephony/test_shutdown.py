"""Quitting mid-call hangs up and exits with code 0 (DESIGN.md: a Call that outlives
libDestroy aborts the process with 134)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from tests.cli import hotline_desk
from tests.peer import SipPeer, free_port
from tests.services import wait_until

ROOT = Path(__file__).resolve().parents[2]
StartPeer = Callable[..., SipPeer]

SCRIPT = textwrap.dedent(
    """
    import sys, threading
    from app.telephony.config import EngineConfig
    from app.telephony.engine import SipEngine
    from app.telephony.model import CallChanged, CallState

    port, rtp, wanted, auto = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    reached = threading.Event()
    engine = SipEngine(EngineConfig(port=port, rtp_port=rtp,
                                    auto_answer_after=0.0 if auto == "yes" else None))
    engine.subscribe(lambda e: isinstance(e, CallChanged) and e.call.state.value == wanted
                     and reached.set())
    engine.start()
    engine.set_available(True)
    print("listening", flush=True)
    assert reached.wait(20), "the call never reached " + wanted
    print("reached", flush=True)
    sys.exit(0 if engine.stop() else 3)
    """
)


def _read_until(stream: IO[str], marker: str) -> None:
    for line in stream:
        if line.strip() == marker:
            return
    raise AssertionError(f"the engine process ended before printing {marker!r}")


@pytest.mark.parametrize(("state", "auto"), [("ringing", "no"), ("connected", "yes")])
def test_engine_stopped_mid_call_hangs_up_and_exits_cleanly(
    sip_peer: StartPeer, state: str, auto: str
) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(port), str(free_port()), state, auto],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        _read_until(process.stdout, "listening")  # pjlib prints its banner to stdout first
        peer = sip_peer()
        peer.send({"cmd": "call", "uri": f"sip:desk@127.0.0.1:{port}"})
        _read_until(process.stdout, "reached")
        assert process.wait(timeout=30) == 0, process.stderr.read() if process.stderr else ""
        peer.wait_event("state", state="DISCONNECTED")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_the_desk_quits_cleanly_on_sigterm_during_a_ringing_demo_call(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOTLINE_DESK_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    config = home / "config"
    config.mkdir(parents=True)
    port = free_port()
    (config / "settings.json").write_text(
        f'{{"version": 2, "values": {{"sip.local_port": {port}}}}}', encoding="utf-8"
    )
    log_file = home / "log" / "hotline-desk.log"
    process = subprocess.Popen(
        [hotline_desk(), "--no-crash-dialog", "--demo-call"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(
            lambda: log_file.exists() and "-> ringing" in log_file.read_text(encoding="utf-8"),
            30,
            "the demo call to ring",
        )
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0, process.stderr.read() if process.stderr else ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "SIP engine stopped" in log_file.read_text(encoding="utf-8")
    with sqlite3.connect(home / "data" / "hotline-desk.sqlite3") as db:
        rows = db.execute("SELECT end_reason, ended_at IS NOT NULL FROM call_records").fetchall()
    assert rows == [("rejected", 1)]  # hung up by the desk before it was answered
