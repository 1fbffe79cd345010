"""The screen pop: when a call rings, look the caller up in the call history, off the SIP thread."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from app.services.calls import CallLog, CallSummary
from app.telephony.model import CallChanged, CallState, Event

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallerHistory:
    """Earlier calls of the caller of ``call_id`` (newest first)."""

    call_id: uuid.UUID
    number: str
    calls: tuple[CallSummary, ...]


class ScreenPop:
    """Subscribe :meth:`on_event` to the engine; ``listener`` gets a CallerHistory per ring."""

    def __init__(self, calls: CallLog, listener: Callable[[CallerHistory], None]) -> None:
        self._calls = calls
        self._listener = listener
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screen-pop")

    def on_event(self, event: Event) -> None:
        if isinstance(event, CallChanged) and event.old is None:
            call = event.call
            if call.state is not CallState.ENDED:
                self._worker.submit(self._look_up, call.id, call.number)

    def _look_up(self, call_id: uuid.UUID, number: str) -> None:
        try:
            earlier = [c for c in self._calls.history_for(number) if c.id != call_id]
            self._listener(CallerHistory(call_id, number, tuple(earlier)))
        except Exception:
            log.exception("caller history lookup failed")

    def close(self) -> None:
        self._worker.shutdown(wait=True)
