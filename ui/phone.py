"""The phone as the window sees it: the SIP engine's life, its events as Qt signals, commands.

Engine events arrive on the SIP thread and are re-posted through the one
GuiBridge; the call recorder and the screen pop listen on the core side.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QObject, Signal

from app.desk import Desk
from app.secrets import KeyringUnavailable, SecretName
from app.services.calls import CallLog
from app.settings import Options
from app.telephony.audio import AudioDevice
from app.telephony.config import EngineConfig
from app.telephony.engine import SipEngine
from app.telephony.model import (
    CallChanged,
    CallQuality,
    CallSnapshot,
    CallState,
    Direction,
    DtmfReceived,
    EngineFailed,
    EngineStarted,
    Event,
    RegistrationChanged,
)
from app.telephony.recorder import CallRecorder
from app.telephony.screenpop import CallerHistory, ScreenPop
from ui.audio_device import QtAudioDevice
from ui.bridge import GuiBridge

log = logging.getLogger(__name__)


class Phone(QObject):
    """Owns the engine; every signal is emitted on the GUI thread."""

    call_changed = Signal(object)  # CallSnapshot, after every change of any call
    registration_changed = Signal(object)  # RegistrationChanged
    engine_started = Signal(str)  # the SIP address callers reach this desk at
    engine_failed = Signal(object)  # EngineFailed
    caller_history = Signal(object)  # CallerHistory for a call that just arrived
    dtmf_received = Signal(object)  # DtmfReceived
    quality_changed = Signal(object)  # CallQuality, every 2 s of talk

    @property
    def sound(self) -> QtAudioDevice | None:
        """The Qt Multimedia headset, when this phone has one (not with a test device)."""
        return self.audio if isinstance(self.audio, QtAudioDevice) else None

    def __init__(
        self,
        desk: Desk,
        bridge: GuiBridge,
        audio: AudioDevice | None = None,
        config: EngineConfig | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.bridge = bridge
        self.audio = audio
        self._config = config
        self.engine: SipEngine | None = None
        self.contact = ""
        self.calls: dict[uuid.UUID, CallSnapshot] = {}
        self.histories: dict[uuid.UUID, CallerHistory] = {}
        self.consults: dict[uuid.UUID, uuid.UUID] = {}  # consult call -> call being transferred
        self.ready = False
        self.recorder = CallRecorder(desk.database)
        self.screen_pop = ScreenPop(CallLog(desk.database), self._history_found)

    # life cycle ------------------------------------------------------------------------------
    def config(self) -> EngineConfig:
        if self._config is not None:
            return self._config
        settings = self.desk.settings
        password = ""
        try:
            password = (
                self.desk.secrets.get(SecretName.SIP_PASSWORD, settings.get(Options.SIP_USERNAME))
                or ""
            )
        except KeyringUnavailable:
            log.warning("no keyring: registering without a stored password")
        dirs = self.desk.dirs
        return EngineConfig.from_settings(settings, password, dirs.recordings)

    def start(self) -> None:
        """Start the engine in the background; ``engine_started`` or ``engine_failed`` follows."""
        self.engine = SipEngine(self.config(), self.audio)
        self.engine.subscribe(self.screen_pop.on_event)  # first: before the recorder writes
        self.engine.subscribe(self.recorder.on_event)
        self.engine.subscribe(self._from_engine)
        self.engine.set_available(self.ready)
        self.engine.launch()

    def network_changed(self) -> None:
        if self.engine is not None:
            self.engine.network_changed()

    def stop(self) -> None:
        """Hang up, shut the engine down (waits for it), and stop the screen pop."""
        if self.engine is not None:
            if not self.engine.stop():
                log.error("the SIP engine did not stop in time")
            self.engine = None
        self.screen_pop.close()

    def restart(self) -> None:
        if self.engine is not None:
            self.engine.stop()
        self.calls.clear()
        self.start()

    # engine thread -> GUI thread --------------------------------------------------------------
    def _from_engine(self, event: Event) -> None:
        self.bridge.post(lambda: self._deliver(event))

    def _history_found(self, history: CallerHistory) -> None:
        self.bridge.post(lambda: self._deliver_history(history))

    def _deliver(self, event: Event) -> None:
        if isinstance(event, CallChanged):
            call = event.call
            if event.old is not call.state:
                old = event.old.value if event.old else "new"
                log.info("call %s %s -> %s", call.id, old, call.state.value)
            if call.is_live:
                self.calls[call.id] = call
            else:
                self.calls.pop(call.id, None)
                self.histories.pop(call.id, None)
                self.consults.pop(call.id, None)
            self.call_changed.emit(call)
        elif isinstance(event, RegistrationChanged):
            self.registration_changed.emit(event)
        elif isinstance(event, EngineStarted):
            self.contact = event.contact
            self.engine_started.emit(event.contact)
        elif isinstance(event, EngineFailed):
            self.engine_failed.emit(event)
        elif isinstance(event, DtmfReceived):
            self.dtmf_received.emit(event)
        elif isinstance(event, CallQuality):
            self.quality_changed.emit(event)

    def _deliver_history(self, history: CallerHistory) -> None:
        # The lookup runs before the call's first event is posted, so it may arrive first.
        self.histories[history.call_id] = history
        self.caller_history.emit(history)

    # what the window shows -------------------------------------------------------------------
    def current(self) -> CallSnapshot | None:
        """The call the panel shows: one ringing at the desk, else one talking, else one held."""
        live = sorted(self.calls.values(), key=lambda c: c.offered_at)
        for wanted in (
            CallState.RINGING,
            CallState.CONNECTED,
            CallState.TRANSFERRING,
            CallState.DIALING,
            CallState.ON_HOLD,
        ):
            for call in reversed(live):
                if call.state is wanted and (
                    wanted is not CallState.RINGING or call.direction is Direction.INBOUND
                ):
                    return call
        return live[-1] if live else None

    def held(self) -> list[CallSnapshot]:
        return [c for c in self.calls.values() if c.state is CallState.ON_HOLD]

    # commands from the window ----------------------------------------------------------------
    def set_ready(self, ready: bool) -> None:
        self.ready = ready
        if self.engine is not None:
            self.engine.set_available(ready)

    def answer(self) -> None:
        call = self.current()
        if self.engine and call and call.state is CallState.RINGING:
            self.engine.answer(call.id)

    def hangup(self) -> None:
        call = self.current()
        if self.engine and call:
            self.engine.hangup(call.id)

    def toggle_hold(self) -> None:
        call = self.current()
        if not self.engine or not call:
            return
        if call.state is CallState.CONNECTED:
            self.engine.hold(call.id)
        elif call.state is CallState.ON_HOLD:
            self.engine.resume(call.id)

    def toggle_mute(self) -> None:
        call = self.current()
        if self.engine and call and call.state is CallState.CONNECTED:
            self.engine.mute(call.id, not call.muted)

    def dtmf(self, digits: str) -> None:
        call = self.current()
        if self.engine and call and call.state is CallState.CONNECTED:
            self.engine.send_dtmf(call.id, digits)

    def dial(self, target: str, headers: dict[str, str] | None = None) -> bool:
        return bool(self.engine and self.engine.dial(target, headers))

    def transfer(self, target: str) -> bool:
        """Blind transfer of the current call; False when the target is not dialable."""
        call = self.current()
        if not self.engine or not call:
            return False
        return self.engine.transfer(call.id, target)

    def consult(self, target: str) -> bool:
        """Attended transfer, first half: hold the current call and call ``target``."""
        call = self.current()
        if (
            not self.engine
            or not call
            or call.state
            not in (
                CallState.CONNECTED,
                CallState.ON_HOLD,
            )
        ):
            return False
        consult_id = self.engine.dial(target)
        if consult_id is None:
            return False
        self.consults[consult_id] = call.id
        return True

    def pending_consult(self) -> tuple[uuid.UUID, uuid.UUID] | None:
        """(call to transfer, consult call) once the consulted party has answered."""
        for consult_id, original in self.consults.items():
            consult = self.calls.get(consult_id)
            if consult and consult.state is CallState.CONNECTED and original in self.calls:
                return original, consult_id
        return None

    def complete_transfer(self) -> bool:
        pair = self.pending_consult()
        if not self.engine or pair is None:
            return False
        self.engine.complete_transfer(*pair)
        return True
