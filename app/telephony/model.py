"""What the engine tells the rest of the desk: call states, end reasons and events.

Events are frozen dataclasses handed out by the engine thread; they never carry
pjsua2 objects, so any thread may keep and read them.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime

from app.domain.states import RegistrationState
from app.telephony.quality import QualitySample, QualitySummary


class Direction(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallState(enum.StrEnum):
    """One call's life. ``ENDED`` is final and carries an :class:`EndReason`."""

    OFFERED = "offered"  # an INVITE arrived; not yet shown to the operator
    RINGING = "ringing"  # inbound: ringing at the desk; outbound: ringing at the far end
    DIALING = "dialing"  # outbound, before the far end rings
    CONNECTED = "connected"
    ON_HOLD = "on_hold"
    TRANSFERRING = "transferring"
    ENDED = "ended"


#: Which state may follow which; anything else is a bug in the engine, and is refused.
TRANSITIONS: dict[CallState, frozenset[CallState]] = {
    CallState.OFFERED: frozenset({CallState.RINGING, CallState.CONNECTED, CallState.ENDED}),
    CallState.DIALING: frozenset({CallState.RINGING, CallState.CONNECTED, CallState.ENDED}),
    CallState.RINGING: frozenset({CallState.CONNECTED, CallState.ENDED}),
    CallState.CONNECTED: frozenset({CallState.ON_HOLD, CallState.TRANSFERRING, CallState.ENDED}),
    CallState.ON_HOLD: frozenset({CallState.CONNECTED, CallState.TRANSFERRING, CallState.ENDED}),
    CallState.TRANSFERRING: frozenset({CallState.CONNECTED, CallState.ON_HOLD, CallState.ENDED}),
    CallState.ENDED: frozenset(),
}


class EndReason(enum.StrEnum):
    """How a call ended, as the call record keeps it."""

    COMPLETED = "completed"  # answered, then hung up by either side
    ABANDONED = "abandoned"  # the caller hung up before it was answered
    REJECTED = "rejected"  # the operator (or Not ready / busy) declined it
    NO_ANSWER = "no_answer"  # outbound: nobody answered
    BUSY = "busy"  # outbound: the far end was busy
    TRANSFERRED = "transferred"
    FAILED = "failed"


class InvalidTransition(RuntimeError):
    def __init__(self, old: CallState, new: CallState) -> None:
        super().__init__(f"call state {old.value} cannot become {new.value}")
        self.old = old
        self.new = new


@dataclass(frozen=True)
class PbxContext:
    """What the PBX put in the INVITE about the queue; every field may be missing."""

    line: str | None = None  # "domestic" | "international"
    language: str | None = None  # "ru" | "en"
    queue_wait_seconds: int | None = None
    case_number: str | None = None


@dataclass(frozen=True)
class CallSnapshot:
    """Everything the desk knows about one call at one moment."""

    id: uuid.UUID
    direction: Direction
    state: CallState
    remote_uri: str
    display_name: str
    number: str  # E.164 when it is a phone number, else the SIP user part
    offered_at: datetime
    sip_call_id: str = ""
    context: PbxContext = field(default_factory=PbxContext)
    waiting: bool = False  # arrived while another call was active
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    hold_seconds: float = 0.0
    muted: bool = False
    remote_hold: bool = False
    auto_answer_after: float | None = None
    end_reason: EndReason | None = None
    end_code: int | None = None
    end_detail: str = ""
    transfer_target: str = ""
    quality: QualitySummary | None = None  # set when the call ends, if it was measured
    recording: str = ""  # the WAV, relative to the recordings folder, once recording started

    def with_state(self, new: CallState, **changes: object) -> CallSnapshot:
        if new is not self.state and new not in TRANSITIONS[self.state]:
            raise InvalidTransition(self.state, new)
        return replace(self, state=new, **changes)  # type: ignore[arg-type]

    @property
    def is_live(self) -> bool:
        return self.state is not CallState.ENDED

    def talk_seconds(self) -> float | None:
        if self.answered_at is None or self.ended_at is None:
            return None
        return max(0.0, (self.ended_at - self.answered_at).total_seconds() - self.hold_seconds)


class EngineError(enum.StrEnum):
    """Why the engine could not start or an account failed; ui/ turns these into words."""

    PORT_IN_USE = "port_in_use"
    BAD_ADDRESS = "bad_address"
    SIP_STACK = "sip_stack"


@dataclass(frozen=True)
class EngineStarted:
    contact: str  # where callers reach this desk, e.g. sip:desk@127.0.0.1:5070


@dataclass(frozen=True)
class EngineFailed:
    error: EngineError
    detail: str


@dataclass(frozen=True)
class EngineStopped:
    pass


@dataclass(frozen=True)
class RegistrationChanged:
    state: RegistrationState
    code: int = 0
    reason: str = ""
    retry_in: float | None = None


@dataclass(frozen=True)
class CallChanged:
    """A call moved from ``old`` (None for a new call) to ``call.state``, or changed within it."""

    call: CallSnapshot
    old: CallState | None


@dataclass(frozen=True)
class DtmfReceived:
    call_id: uuid.UUID
    digit: str


@dataclass(frozen=True)
class CallQuality:
    """A new estimate of how a connected call sounds, every ``quality.SAMPLE_SECONDS``.

    ``sample`` covers the last interval; ``summary`` the call so far (worst and average).
    Not sent while the call is on hold (either side) or being transferred.
    """

    call_id: uuid.UUID
    sample: QualitySample
    summary: QualitySummary


Event = (
    EngineStarted
    | EngineFailed
    | EngineStopped
    | RegistrationChanged
    | CallChanged
    | DtmfReceived
    | CallQuality
)
