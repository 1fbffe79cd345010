"""The demo call: a simulated caller in its own process rings this desk, so a fresh install
shows the whole call flow without a PBX (``hotline-desk --demo-call`` and the Call menu);
and the demo citizen, who answers the call-backs such a desk places (portal requests)."""

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
        self.sip_port = 0  # the simulated party's, once it is ready
        self._process: subprocess.Popen[str] | None = None
        self._ready = threading.Event()
        self._error = ""

    def start(self) -> None:
        """Start the caller process and place the call; raises DemoCallError with the reason."""
        self._launch("caller")
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

    def _launch(self, who: str, *options: str) -> None:
        """The simulated party's process, ready (its SIP port known); DemoCallError if not."""
        command = [sys.executable, "-m", "app.telephony.simcaller", "--sip-port", "0",
                   "--signal", "voice", "--log-level", "0", *options]  # fmt: skip
        try:
            self._process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
                command,
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
            target=self._read, args=(self._process.stdout,), name=f"demo-{who}", daemon=True
        ).start()
        if not self._ready.wait(START_SECONDS) or self._error:
            self.stop()
            raise DemoCallError(self._error or f"the simulated {who} did not start")

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == "ready":
                self.sip_port = int(event.get("sip_port") or 0)
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


class DemoCitizen(DemoCaller):
    """A simulated citizen in its own process who answers: the call-backs of a desk with no
    PBX (the embedded demo desk calls them instead of a phone number it cannot reach)."""

    def __init__(self) -> None:
        super().__init__("")

    def start(self) -> None:
        self._launch("citizen", "--auto-answer")

    @property
    def uri(self) -> str:
        """Where to call them."""
        return f"sip:citizen@127.0.0.1:{self.sip_port}"
