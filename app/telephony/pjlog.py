"""pjsua2's own log lines, routed into Python logging under the ``pjsip`` logger.

app.logs sends that logger to the SIP trace file (masked) when the trace is on,
and lets only its warnings and errors into the main log otherwise.
"""

from __future__ import annotations

import logging

import pjsua2 as pj

from app.logs import SIP_LOGGER

_LEVELS = {0: logging.CRITICAL, 1: logging.ERROR, 2: logging.WARNING, 3: logging.INFO}
log = logging.getLogger(SIP_LOGGER)


class PjLogBridge(pj.LogWriter):
    """Called by pjsip from any of its threads; logging is thread-safe."""

    def write(self, entry: pj.LogEntry) -> None:
        try:
            log.log(_LEVELS.get(entry.level, logging.DEBUG), "%s", entry.msg.rstrip())
        except Exception:  # noqa: BLE001 - a log line must never raise into pjsip
            logging.getLogger(__name__).debug("a pjsip log line could not be written")
