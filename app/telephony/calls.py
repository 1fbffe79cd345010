"""One call on the engine thread: the pjsua2 Call, its snapshot, and how SIP states map to ours.

Everything here runs on the SIP engine thread. Callback bodies catch and log
their own exceptions (DESIGN.md: an exception that keeps a frame alive can keep
a Call past libDestroy and abort the process).
"""

from __future__ import annotations

import logging
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from app.domain.clock import utc_now
from app.telephony.model import CallSnapshot, CallState, Direction, EndReason
from app.telephony.quality import QualityMeter
from app.telephony.recording import CallRecording

if TYPE_CHECKING:
    from app.telephony.call_ops import CallOps

log = logging.getLogger(__name__)


def log_failure(logger: logging.Logger, message: str, *args: object) -> None:
    """Log the exception being handled as text only.

    ``logger.exception`` would keep the traceback, and with it every frame's locals (pjsua2
    Calls among them), alive in any handler that stores records; a Call that outlives
    libDestroy aborts the process (DESIGN.md; seen here through pytest's log capture).
    """
    logger.error(message + "\n%s", *args, traceback.format_exc())


def guarded(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Wrap a pjsua2 callback so no exception ever leaves it (it is logged instead)."""

    def wrap(method: Callable[..., None]) -> Callable[..., None]:
        def run(*args: Any) -> None:
            try:
                method(*args)
            except Exception:  # noqa: BLE001 - see the module docstring
                log_failure(log, "error in pjsua2 callback %s", what)

        return run

    return wrap


class DeskCall(pj.Call):
    """A pjsua2 Call that reports to the engine; ``desk_id`` ties it to its snapshot."""

    def __init__(self, engine: CallOps, account: pj.Account, call_id: int | None = None):
        if call_id is None:
            super().__init__(account)
        else:
            super().__init__(account, call_id)
        self.engine = engine
        self.desk_id: uuid.UUID | None = None

    @guarded("onCallState")
    def onCallState(self, prm: pj.OnCallStateParam) -> None:  # noqa: N802
        self.engine._on_call_state(self)

    @guarded("onCallMediaState")
    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:  # noqa: N802
        self.engine._on_call_media(self)

    @guarded("onDtmfDigit")
    def onDtmfDigit(self, prm: pj.OnDtmfDigitParam) -> None:  # noqa: N802
        self.engine._on_dtmf(self, prm.digit)

    @guarded("onCallTransferStatus")
    def onCallTransferStatus(self, prm: pj.OnCallTransferStatusParam) -> None:  # noqa: N802
        self.engine._on_transfer_status(self, prm.statusCode, prm.reason, prm.finalNotify)
        prm.cont = True


@dataclass
class LiveCall:
    """The engine's book-keeping for one call that is not yet reaped."""

    pj_call: DeskCall | None
    snapshot: CallSnapshot
    rejected_code: int | None = None
    hangup_by_us: bool = False
    hold_since: float | None = None
    audio: Any = None  # the call's pj.AudioMedia while its media is up
    transfer_ok: bool = False
    consult_for: uuid.UUID | None = None  # set on a consult call made for an attended transfer
    pending: list[Callable[[], None]] = field(default_factory=list)
    media_index: int | None = None  # the audio stream's index while it has media
    recording: CallRecording | None = None
    meter: QualityMeter = field(default_factory=QualityMeter)

    @property
    def id(self) -> uuid.UUID:
        return self.snapshot.id

    def start_hold(self) -> None:
        if self.hold_since is None:
            self.hold_since = time.monotonic()

    def end_hold(self) -> float:
        if self.hold_since is None:
            return self.snapshot.hold_seconds
        held = time.monotonic() - self.hold_since
        self.hold_since = None
        return self.snapshot.hold_seconds + held


def op(status: int = 0) -> pj.CallOpParam:
    prm = pj.CallOpParam(True)
    if status:
        prm.statusCode = status
    return prm


def end_reason(live: LiveCall, code: int) -> EndReason:  # noqa: PLR0911 - one answer per case
    """Why a call that just reached DISCONNECTED ended, from what we know and the last code."""
    snap = live.snapshot
    if live.transfer_ok:
        return EndReason.TRANSFERRED
    if snap.answered_at is not None:
        return EndReason.COMPLETED
    if snap.direction is Direction.INBOUND:
        if live.rejected_code is not None or live.hangup_by_us:
            return EndReason.REJECTED
        return EndReason.ABANDONED  # the caller (or the queue) gave up before we answered
    if code in (486, 600, 603):
        return EndReason.BUSY
    if live.hangup_by_us or code in (408, 480, 487):
        return EndReason.NO_ANSWER
    return EndReason.FAILED


def ended(live: LiveCall, code: int, detail: str) -> CallSnapshot:
    snap = live.snapshot
    hold = live.end_hold()
    return snap.with_state(
        CallState.ENDED,
        ended_at=utc_now(),
        hold_seconds=hold,
        end_reason=end_reason(live, code),
        end_code=code or None,
        end_detail=detail,
        quality=live.meter.summary if live.meter.summary.samples else None,
    )


def has_active_audio(info: pj.CallInfo) -> list[tuple[int, bool]]:
    """(media index, remote hold) for each audio stream that carries sound now."""
    found = []
    for index, media in enumerate(info.media):
        if media.type != pj.PJMEDIA_TYPE_AUDIO:
            continue
        if media.status in (pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
            found.append((index, media.status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD))
    return found
