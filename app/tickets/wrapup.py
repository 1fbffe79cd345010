"""After-call work: the operator names how the call ended before taking the next one.

Hanging up starts after-call work; going Ready again is refused until a wrap-up code is
chosen (the seed's record of every conversation, and the supervisor's figures, depend on
it). The gate is plain data and a clock: the ui shows the timer and the codes, the core
decides whether Ready is allowed and how long the after-call work took.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass


class WrapUp(enum.StrEnum):
    SOLVED_ON_CALL = "solved_on_call"
    TICKET_CREATED = "ticket_created"
    ESCALATED = "escalated"
    CALLBACK_NEEDED = "callback_needed"
    WRONG_NUMBER = "wrong_number"
    ABUSIVE = "abusive"
    CALL_DROPPED = "call_dropped"


@dataclass
class AfterCallWork:
    """One call's after-call work; ``started`` and ``now`` are monotonic seconds."""

    call_id: uuid.UUID
    started: float
    code: WrapUp | None = None
    finished: float | None = None

    def choose(self, code: WrapUp, now: float) -> float:
        """Record the wrap-up; returns the seconds the after-call work took."""
        self.code = code
        self.finished = now
        return now - self.started

    @property
    def may_go_ready(self) -> bool:
        return self.code is not None

    def seconds(self, now: float) -> float:
        return (self.finished if self.finished is not None else now) - self.started


class WrapUpGate:
    """Holds the after-call work of calls that ended; Ready waits for all of them."""

    def __init__(self) -> None:
        self._open: dict[uuid.UUID, AfterCallWork] = {}

    def call_ended(self, call_id: uuid.UUID, now: float) -> AfterCallWork:
        work = self._open.setdefault(call_id, AfterCallWork(call_id, now))
        return work

    def choose(self, call_id: uuid.UUID, code: WrapUp, now: float) -> float:
        work = self._open.pop(call_id, None)
        if work is None:
            raise LookupError("no after-call work for that call")
        return work.choose(code, now)

    @property
    def pending(self) -> list[AfterCallWork]:
        return list(self._open.values())

    @property
    def may_go_ready(self) -> bool:
        return not self._open
