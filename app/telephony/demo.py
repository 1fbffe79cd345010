"""The demo call: a simulated caller in its own process rings this desk, so a fresh install
shows the whole call flow without a PBX (``hotline-desk --demo-call`` and the Call menu)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from typing import IO

log = logging.getLogger(__name__)

#: What a real queue would put in the INVITE (DESIGN.md, "Calls carry context from the PBX").
DEMO_HEADERS = {
    "X-Line": "international",
    "X-Language": "en",
    "X-Queue-Wait": "47",
    "X-Case": "HD-20261125-0042",
}
DEMO_CALLER = ("Ivan Petrov", "79161234567")
START_SECONDS = 15.0


class DemoCallError(RuntimeError):
    """The simulated caller could not be started or could not place its call."""


class DemoCaller:
    """Starts ``python -m app.telephony.simcaller`` and has it call ``target``."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._process: subprocess.Popen[str] | None = None
        self._ready = threading.Event()
        self._error = ""

    def start(self) -> None:
        """Start the caller process and place the call; raises DemoCallError with the reason."""
        try:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "app.telephony.simcaller",
                    "--sip-port",
                    "0",
                    "--signal",
                    "voice",
                    "--log-level",
                    "0",
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
            )
        except OSError as exc:
            raise DemoCallError(str(exc)) from exc
        assert self._process.stdout is not None
        threading.Thread(
            target=self._read, args=(self._process.stdout,), name="demo-caller", daemon=True
        ).start()
        if not self._ready.wait(START_SECONDS) or self._error:
            self.stop()
            raise DemoCallError(self._error or "the simulated caller did not start")
        name, number = DEMO_CALLER
        self._send(
            {
                "cmd": "call",
                "uri": self.target,
                "display_name": name,
                "from_user": number,
                "headers": DEMO_HEADERS,
            }
        )

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == "ready":
                self._ready.set()
            elif event.get("event") == "error":
                self._error = str(event.get("message", "error"))
                self._ready.set()
        self._ready.set()

    def _send(self, command: dict[str, object]) -> None:
        if self._process is None or self._process.stdin is None:
            return
        try:
            self._process.stdin.write(json.dumps(command) + "\n")
            self._process.stdin.flush()
        except OSError:
            log.warning("the simulated caller has gone")

    def stop(self, timeout: float = 10.0) -> int | None:
        """Hang up and end the process; its exit code (0 when it shut down cleanly)."""
        process = self._process
        if process is None:
            return None
        self._send({"cmd": "quit"})
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait(timeout)
        finally:
            self._process = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None
