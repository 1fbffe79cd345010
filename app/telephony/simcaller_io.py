"""The simulated caller's line protocol: JSON events out, JSON commands in, X-* headers.

A helper of :mod:`app.telephony.simcaller` (see there for the protocol). ``Output`` writes one
JSON object per line from any thread; ``read_stdin`` runs on a reader thread and turns input
lines into commands on a queue (None at end of input); ``x_headers`` picks the PBX's X-*
headers out of a SIP message.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import threading
import time
from typing import Any, TextIO

log = logging.getLogger("simcaller")

_HEADER_LINE = re.compile(r"^(X-[A-Za-z0-9-]+)[ \t]*:[ \t]*(.*?)[ \t]*$")


class Output:
    """JSON lines to the real stdout, from any thread. ASCII only (non-ASCII is escaped)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def emit(self, event: str, **fields: Any) -> None:
        # "at": wall-clock time, so a benchmark can time SIP across processes on one machine.
        line = json.dumps({"event": event, "at": time.time(), **fields})
        with self._lock:
            try:
                self._stream.write(line + "\n")
                self._stream.flush()
            except (OSError, ValueError):  # the reader went away; keep running to shut down
                pass


def x_headers(message: str) -> dict[str, str]:
    """The X-* headers of a SIP message's header block (PBX queue data: X-Line, X-Case...)."""
    head = message.split("\r\n\r\n", 1)[0].splitlines()[1:]
    return {m.group(1): m.group(2) for m in map(_HEADER_LINE.match, head) if m}


def read_stdin(fd: int, commands: queue.Queue[dict[str, Any] | None], out: Output) -> None:
    """Reader thread: stdin lines to the command queue; None at end of input.

    Reads the file descriptor with ``os.read``: a daemon thread blocked inside ``sys.stdin``
    holds its buffer lock, and interpreter shutdown then dies with a fatal error.
    """
    pending = b""
    try:
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            *lines, pending = (pending + chunk).split(b"\n")
            for raw in lines:
                queue_line(raw, commands, out)
        queue_line(pending, commands, out)
    except OSError:
        log.exception("reading stdin failed")
    finally:
        commands.put(None)


def queue_line(raw: bytes, commands: queue.Queue[dict[str, Any] | None], out: Output) -> None:
    text = raw.decode("utf-8", "replace").strip()
    if not text:
        return
    try:
        cmd = json.loads(text)
        if not isinstance(cmd, dict):
            raise TypeError("not an object")
    except (ValueError, TypeError) as exc:
        out.emit("error", message=f"bad command line: {exc}")
        return
    commands.put(cmd)
