"""The SIP engine: one thread owns the pjsua2 endpoint, its account and every call.

Other threads talk to it only through its public methods, which queue commands;
it answers with events (app.telephony.model) handed to subscribers on the engine
thread. Subscribers must be quick and thread-safe: the GUI re-posts events to
its own thread, the call recorder queues a database write.
"""

from __future__ import annotations

import gc
import heapq
import itertools
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from app import __version__
from app.db.types import new_id
from app.domain.states import RegistrationState
from app.settings import SipMode, SipTransport
from app.telephony.audio import AudioDevice, InMemoryAudioDevice
from app.telephony.audio_port import HeadsetBridge
from app.telephony.call_ops import CallOps, _pj_reason
from app.telephony.calls import LiveCall, log_failure, op
from app.telephony.config import EngineConfig
from app.telephony.guard import CallRateGuard
from app.telephony.model import (
    CallChanged,
    CallSnapshot,
    EngineError,
    EngineFailed,
    EngineStarted,
    EngineStopped,
    Event,
    RegistrationChanged,
)
from app.telephony.pjlog import PjLogBridge
from app.telephony.registration import Backoff, DeskAccount

log = logging.getLogger(__name__)

#: Codec ids (prefixes, lower case) in the order the desk offers them.
PREFERRED_CODECS = ("pcma/", "pcmu/", "g722/")

Listener = Callable[[Event], None]
SHUTDOWN_SECONDS = 5.0


_PROCESS_LOCK = threading.Lock()


class SipEngine(CallOps):
    """Start with :meth:`start`, stop with :meth:`stop`; everything else queues a command."""

    _active: SipEngine | None = None  # the one engine of this process (pjsua2's rule)

    def __init__(self, config: EngineConfig, audio: AudioDevice | None = None) -> None:
        self.config = config
        self.audio: AudioDevice = audio or InMemoryAudioDevice()
        self._listeners: list[Listener] = []
        self._commands: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._outcome: EngineStarted | EngineFailed | None = None
        self._stopping = False
        self._lock = threading.Lock()
        self._snapshots: dict[uuid.UUID, CallSnapshot] = {}
        # Engine-thread state:
        self._ep: Any = None
        self._account: DeskAccount | None = None
        self._bridge: HeadsetBridge | None = None
        self._log_writer: PjLogBridge | None = None
        self._waiting_tone: Any = None
        self._notice_tone: Any = None
        self._calls: dict[uuid.UUID, LiveCall] = {}
        self._available = True
        self._audio_on = False
        self._backoff = Backoff(config.retry_base_seconds, config.retry_max_seconds)
        self.guard = CallRateGuard()
        self._flooded = False
        self._idle = threading.Event()  # never set: a bounded wait while the guard holds
        self.registration = RegistrationState.UNAVAILABLE

    # ---------------------------------------------------------------- life cycle (any thread)
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def launch(self) -> None:
        """Start the engine thread without waiting; EngineStarted or EngineFailed follows."""
        with _PROCESS_LOCK:
            if SipEngine._active is not None and SipEngine._active is not self:
                # pjsua2's Endpoint is one per process: a second libCreate aborts it.
                self._outcome = EngineFailed(
                    EngineError.SIP_STACK, "a SIP engine is already running in this process"
                )
                self._ready.set()
                self._emit(self._outcome)
                return
            SipEngine._active = self
        self._thread = threading.Thread(target=self._run, name="sip-engine", daemon=True)
        self._thread.start()

    def start(self, timeout: float = 10.0) -> EngineStarted | EngineFailed:
        """Start the engine thread and wait until it listens (or says why it cannot)."""
        self.launch()
        if not self._ready.wait(timeout):
            return EngineFailed(EngineError.SIP_STACK, "the SIP engine did not start in time")
        assert self._outcome is not None
        return self._outcome

    def stop(self, timeout: float = 15.0) -> bool:
        """Hang up every call, shut pjsua2 down and end the thread; True when it ended."""
        if self._thread is None:
            return True
        self._commands.put(self._request_stop)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def calls(self) -> list[CallSnapshot]:
        """The live calls, oldest first (a copy, safe from any thread)."""
        with self._lock:
            return sorted(self._snapshots.values(), key=lambda c: c.offered_at)

    # ---------------------------------------------------------------- commands (any thread)
    def answer(self, call_id: uuid.UUID) -> None:
        self._commands.put(lambda: self._answer(call_id))

    def reject(self, call_id: uuid.UUID, code: int = 486) -> None:
        self._commands.put(lambda: self._reject(call_id, code))

    def hangup(self, call_id: uuid.UUID) -> None:
        self._commands.put(lambda: self._hangup(call_id))

    def hold(self, call_id: uuid.UUID) -> None:
        self._commands.put(lambda: self._hold(call_id))

    def resume(self, call_id: uuid.UUID) -> None:
        self._commands.put(lambda: self._resume(call_id))

    def mute(self, call_id: uuid.UUID, muted: bool) -> None:
        self._commands.put(lambda: self._mute(call_id, muted))

    def send_dtmf(self, call_id: uuid.UUID, digits: str) -> None:
        clean = "".join(ch for ch in digits if ch in "0123456789*#ABCD")
        if clean:
            self._commands.put(lambda: self._call_op(call_id, lambda c: c.dialDtmf(clean)))

    def dial(self, target: str, headers: dict[str, str] | None = None) -> uuid.UUID | None:
        """Call ``target`` (a number or SIP address); None when it cannot be turned into one."""
        uri = self.config.dial_uri(target)
        if uri is None:
            return None
        call_id = new_id()
        self._commands.put(lambda: self._dial(call_id, uri, headers or {}))
        return call_id

    def transfer(self, call_id: uuid.UUID, target: str) -> bool:
        """Blind transfer (REFER); False when ``target`` is not a number or SIP address."""
        uri = self.config.dial_uri(target)
        if uri is None:
            return False
        self._commands.put(lambda: self._transfer(call_id, uri))
        return True

    def complete_transfer(self, call_id: uuid.UUID, consult_id: uuid.UUID) -> None:
        """Attended transfer: hand ``call_id`` over to the party of ``consult_id`` (Replaces)."""
        self._commands.put(lambda: self._attended(call_id, consult_id))

    def set_available(self, available: bool, reject_code: int | None = None) -> None:
        """Ready (True) or Not ready (False: new calls are rejected at once, without ringing).

        Takes effect at once, not on the loop's next turn: an INVITE read in the same turn
        must already see it. (Two plain attribute stores, atomic under the GIL.)
        """
        self._set_available(available, reject_code)

    def register_now(self) -> None:
        self._commands.put(self._register)

    def network_changed(self) -> None:
        """The machine's addresses changed: recreate transports and register again."""
        self._commands.put(self._network_changed)

    # ---------------------------------------------------------------- the engine thread
    def _run(self) -> None:
        try:
            contact = self._init_stack()
        except pj.Error as exc:
            self._fail_start(_pj_reason(exc))
            return
        except Exception as exc:  # noqa: BLE001 - any start failure is reported
            log_failure(log, "SIP engine failed to start")
            self._fail_start(str(exc))
            return
        self._outcome = EngineStarted(contact)
        self._ready.set()
        self._emit(self._outcome)
        self._emit_registration(
            RegistrationState.DIRECT
            if self.config.mode is SipMode.DIRECT
            else RegistrationState.REGISTERING
        )
        while not self._stopping:
            self._pump()
            self._drain_commands()
            self._run_timers()
        self._shutdown_stack()
        self._release()
        self._emit(EngineStopped())

    def _pump(self) -> None:
        """Let pjsua2 read the network - unless a burst of calls must be sat out (guard.py)."""
        now = time.monotonic()
        if not self.guard.saturated(now):
            self._flooded = False
            self._ep.libHandleEvents(10)
            return
        if not self._flooded:
            self._flooded = True
            self.guard.pauses += 1
            log.warning("call flood: not reading SIP for %.0f ms", self.guard.wait_time(now) * 1000)
        self._idle.wait(min(0.02, self.guard.wait_time(now)))

    def _release(self) -> None:
        with _PROCESS_LOCK:
            if SipEngine._active is self:
                SipEngine._active = None

    def _fail_start(self, reason: str) -> None:
        error = EngineError.SIP_STACK
        lowered = reason.lower()
        if "in use" in lowered or "eaddrinuse" in lowered:
            error = EngineError.PORT_IN_USE
        elif "address" in lowered or "resolve" in lowered:
            error = EngineError.BAD_ADDRESS
        self._outcome = EngineFailed(error, reason)
        self._teardown_after_failure()
        self._release()
        self._ready.set()
        self._emit(self._outcome)

    def _init_stack(self) -> str:
        cfg = self.config
        self._ep = pj.Endpoint()
        self._ep.libCreate()
        ep_cfg = pj.EpConfig()
        ep_cfg.uaConfig.threadCnt = 0
        ep_cfg.uaConfig.mainThreadOnly = False
        ep_cfg.uaConfig.maxCalls = 8
        ep_cfg.uaConfig.userAgent = f"HotlineDesk/{__version__}"
        self._log_writer = PjLogBridge()
        self._log_writer.__disown__()  # libDestroy() deletes the writer itself
        ep_cfg.logConfig.writer = self._log_writer
        ep_cfg.logConfig.level = 5 if cfg.sip_trace else 3
        ep_cfg.logConfig.consoleLevel = 5 if cfg.sip_trace else 3
        ep_cfg.medConfig.noVad = True
        ep_cfg.medConfig.clockRate = 16000
        ep_cfg.medConfig.sndClockRate = 16000
        ep_cfg.medConfig.ecTailLen = 0
        self._ep.libInit(ep_cfg)
        self._ep.audDevManager().setNullDev()
        self._prefer_codecs()
        transport = pj.TransportConfig()
        transport.port = cfg.port
        transport.boundAddress = cfg.listen_address
        self._ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
        self._ep.transportCreate(pj.PJSIP_TRANSPORT_TCP, transport)
        if cfg.transport is SipTransport.TLS:
            # Outgoing TLS only (to the PBX): no certificate of our own is needed. The wheel's
            # OpenSSL is 1.0.2k, out of support (DESIGN.md); the settings dialog says so.
            secure = pj.TransportConfig()
            secure.boundAddress = cfg.listen_address
            self._ep.transportCreate(pj.PJSIP_TRANSPORT_TLS, secure)
        self._ep.libStart()
        self._bridge = HeadsetBridge(self.audio)
        self._waiting_tone = pj.ToneGenerator()
        self._waiting_tone.createToneGenerator(16000, 1)
        self._notice_tone = pj.ToneGenerator()  # the recording warning (recording.py)
        self._notice_tone.createToneGenerator(16000, 1)
        self._account = DeskAccount(self, cfg)
        return self._account.contact

    def _prefer_codecs(self) -> None:
        """Offer what PBXs speak first: G.711 A-law (the Russian networks'), µ-law, G.722.

        pjsua's own first choice is speex/16000, which no hotline PBX wants and which mangles
        steady tones (a 1000 Hz tone arrived as 675-830 Hz in a test here). Others stay on,
        below these, for a peer that offers nothing else.
        """
        for info in self._ep.codecEnum2():
            name = info.codecId.lower()
            for rank, wanted in enumerate(PREFERRED_CODECS):
                if name.startswith(wanted):
                    self._ep.codecSetPriority(info.codecId, 250 - rank)

    def _teardown_after_failure(self) -> None:
        if self._ep is not None:
            self._account = None
            self._retire_media()
            gc.collect()
            try:
                self._ep.libDestroy()
            except pj.Error:
                log.warning("libDestroy failed after a failed start")
            self._ep = None

    def _request_stop(self) -> None:
        self._stopping = True

    def _drain_commands(self) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            try:
                command()
            except pj.Error as exc:
                log.warning("SIP command failed: %s", _pj_reason(exc))
            except Exception:  # noqa: BLE001 - one bad command must not stop the engine
                log_failure(log, "SIP command failed")

    def later(self, delay: float, work: Callable[[], None]) -> None:
        """Run ``work`` on the engine thread after ``delay`` seconds (engine thread only)."""
        heapq.heappush(self._timers, (time.monotonic() + delay, next(self._seq), work))

    def _run_timers(self) -> None:
        now = time.monotonic()
        while self._timers and self._timers[0][0] <= now:
            _when, _n, work = heapq.heappop(self._timers)
            try:
                work()
            except Exception:  # noqa: BLE001 - a failed timer must not stop the engine
                log_failure(log, "SIP engine timer failed")

    def _shutdown_stack(self) -> None:
        for live in list(self._calls.values()):
            if live.pj_call is not None and live.snapshot.is_live:
                live.hangup_by_us = True
                try:
                    live.pj_call.hangup(op(480 if live.snapshot.answered_at is None else 0))
                except pj.Error:
                    log.warning("hang-up at shutdown failed")
        deadline = time.monotonic() + SHUTDOWN_SECONDS
        while any(c.snapshot.is_live for c in self._calls.values()):
            if time.monotonic() > deadline:
                log.warning("calls still up at shutdown; destroying anyway")
                break
            self._ep.libHandleEvents(20)
        self._stop_audio()
        self._timers.clear()  # pending closures may hold calls (DESIGN.md: none may outlive us)
        for live in self._calls.values():
            live.pj_call = None
            live.audio = None
        self._calls.clear()
        self._unregister()
        if self._account is not None:
            self._account.shutdown()
        self._account = None
        self._retire_media()
        gc.collect()
        # Calls are down and the account unregistered: skip libDestroy's fixed 1 s wait.
        self._ep.libDestroy(pj.PJSUA_DESTROY_NO_RX_MSG)
        self._ep = None
        log.info("SIP engine stopped")

    def _retire_media(self) -> None:
        """The headset bridge is left to C++ (audio_port.py: destroying it while the conference
        runs is a use-after-free in pjsua2 2.15.1); the tone generators, which hold a group
        lock, can go."""
        if self._bridge is not None:
            self._bridge.retire()
        self._bridge = None
        self._waiting_tone = None
        self._notice_tone = None

    def _unregister(self) -> None:
        account = self._account
        if account is None or self.config.mode is not SipMode.REGISTRAR:
            return
        try:
            if not account.getInfo().regIsActive:
                return
            account.setRegistration(False)
        except pj.Error:
            return
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline and account.getInfo().regIsActive:
            self._ep.libHandleEvents(20)

    # ---------------------------------------------------------------- events out
    def _emit(self, event: Event) -> None:
        if isinstance(event, CallChanged):
            with self._lock:
                if event.call.is_live:
                    self._snapshots[event.call.id] = event.call
                else:
                    self._snapshots.pop(event.call.id, None)
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # noqa: BLE001 - a broken listener must not stop the engine
                log_failure(log, "SIP event listener failed")

    def _emit_registration(
        self, state: RegistrationState, code: int = 0, reason: str = "", retry: float | None = None
    ) -> None:
        self.registration = state
        self._emit(RegistrationChanged(state, code, reason, retry))

    # ---------------------------------------------------------------- registration
    def _register(self) -> None:
        if self._account is not None and self.config.mode is SipMode.REGISTRAR:
            self._emit_registration(RegistrationState.REGISTERING)
            self._account.setRegistration(True)

    def on_registration(self, code: int, reason: str, active: bool) -> None:
        """From the account's onRegState (engine thread)."""
        if self.config.mode is not SipMode.REGISTRAR or self._stopping:
            return
        if 200 <= code < 300 and active:
            self._backoff.reset()
            self._emit_registration(RegistrationState.REGISTERED, code, reason)
            return
        if 200 <= code < 300:  # an unregistration we asked for
            return
        delay = self._backoff.next()
        log.warning("registration failed (%s %s); retry in %.0f s", code, reason, delay)
        self._emit_registration(RegistrationState.FAILED, code, reason, delay)
        self.later(delay, self._register)

    def _network_changed(self) -> None:
        if self._ep is None:
            return
        try:
            self._ep.handleIpChange(pj.IpChangeParam())
        except pj.Error:
            log.warning("IP change handling failed; registering again")
            self._register()
