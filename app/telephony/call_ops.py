"""What the SIP engine does with calls: incoming INVITEs, pjsua2 call callbacks, the headset
audio, and the bodies of the call commands. Mixed into :class:`app.telephony.engine.SipEngine`;
everything here runs on the engine thread."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from app.db.types import new_id
from app.domain.clock import utc_now
from app.telephony import quality, recording, sipmsg
from app.telephony.calls import DeskCall, LiveCall, ended, has_active_audio, op
from app.telephony.model import (
    CallChanged,
    CallQuality,
    CallSnapshot,
    CallState,
    Direction,
    DtmfReceived,
    EndReason,
)

if TYPE_CHECKING:
    from app.telephony.audio import AudioDevice
    from app.telephony.audio_port import HeadsetBridge
    from app.telephony.config import EngineConfig
    from app.telephony.guard import CallRateGuard
    from app.telephony.model import Event
    from app.telephony.registration import DeskAccount

log = logging.getLogger(__name__)


def _pj_reason(exc: BaseException) -> str:
    """pjsua2's ``Error`` keeps its text in ``reason``; others in ``str()``."""
    return str(getattr(exc, "reason", "") or exc)


class CallOps:
    """The call half of the engine; SipEngine provides the state and the two hooks below."""

    config: EngineConfig
    audio: AudioDevice
    _calls: dict[uuid.UUID, LiveCall]
    _account: DeskAccount | None
    _bridge: HeadsetBridge | None
    _waiting_tone: Any
    _notice_tone: Any
    _available: bool
    _audio_on: bool
    guard: CallRateGuard

    def _emit(self, event: Event) -> None:
        raise NotImplementedError

    def later(self, delay: float, work: Callable[[], None]) -> None:
        raise NotImplementedError

    def _update(self, live: LiveCall, snapshot: CallSnapshot) -> None:
        old = live.snapshot.state
        live.snapshot = snapshot
        self._emit(CallChanged(snapshot, old))

    # ---------------------------------------------------------------- incoming calls
    def on_incoming(self, prm: pj.OnIncomingCallParam) -> None:
        """From the account's onIncomingCall (engine thread). Never send a final non-2xx here."""
        assert self._account is not None
        self.guard.record(time.monotonic())
        call = DeskCall(self, self._account, prm.callId)
        headers = sipmsg.parse_headers(prm.rdata.wholeMsg)
        info = call.getInfo()
        display, user = sipmsg.split_remote(info.remoteUri)
        busy = any(c.snapshot.is_live for c in self._calls.values())
        auto = sipmsg.auto_answer_delay(headers)
        if auto is None:
            auto = self.config.auto_answer_after
        snapshot = CallSnapshot(
            id=new_id(),
            direction=Direction.INBOUND,
            state=CallState.OFFERED,
            remote_uri=info.remoteUri,
            display_name=display,
            number=sipmsg.normalise_number(user),
            offered_at=utc_now(),
            sip_call_id=info.callIdString,
            context=sipmsg.pbx_context(headers),
            waiting=busy,
            auto_answer_after=None if busy else auto,
        )
        call.desk_id = snapshot.id
        live = LiveCall(call, snapshot)
        self._calls[snapshot.id] = live
        if not self._available or (busy and not self.config.call_waiting):
            code = self.config.not_ready_code if not self._available else 486
            live.rejected_code = code
            self.later(0, lambda: self._send_final(live, code))  # next turn (DESIGN.md)
            self._emit(CallChanged(snapshot, None))
            return
        # Listeners first: the screen pop's lookup runs inline here (0.05 ms), then the 180.
        self._emit(CallChanged(snapshot, None))
        call.answer(op(180))
        self._update(live, snapshot.with_state(CallState.RINGING))
        if busy:
            self._play_waiting_tone(True)
        elif snapshot.auto_answer_after is not None:
            self.later(snapshot.auto_answer_after, lambda: self._answer(snapshot.id))

    def _send_final(self, live: LiveCall, code: int, attempt: int = 1) -> None:
        """Reject on a later turn; pjsua2 can refuse while the INVITE is still being set up
        (seen under a burst), so try again a little later rather than leave the call hanging."""
        if live.pj_call is None or not live.snapshot.is_live:
            return
        try:
            live.pj_call.hangup(op(code))
        except pj.Error as exc:
            if attempt >= 5:
                log.warning("could not reject a call: %s", _pj_reason(exc))
                return
            self.later(0.05 * attempt, lambda: self._send_final(live, code, attempt + 1))

    # ---------------------------------------------------------------- call callbacks
    def _live(self, call: DeskCall) -> LiveCall | None:
        return self._calls.get(call.desk_id) if call.desk_id else None

    def _on_call_state(self, call: DeskCall) -> None:
        live = self._live(call)
        if live is None:
            return
        info = call.getInfo()
        state = info.state
        snap = live.snapshot
        if state == pj.PJSIP_INV_STATE_EARLY and snap.state is CallState.DIALING:
            self._update(live, snap.with_state(CallState.RINGING))
        elif state == pj.PJSIP_INV_STATE_CONFIRMED and snap.answered_at is None:
            self._update(live, snap.with_state(CallState.CONNECTED, answered_at=utc_now()))
            self._start_recording(live)
            self._waiting_tone_if_needed()
            self.later(0, lambda: self._sample_quality(live))
        elif state == pj.PJSIP_INV_STATE_DISCONNECTED and snap.is_live:
            self._stop_recording(live)
            self._disconnect_audio(live, media_gone=True)
            self._update(live, ended(live, info.lastStatusCode, info.lastReason))
            self.later(0, lambda: self._reap(live))

    def _reap(self, live: LiveCall) -> None:
        """Drop the pjsua2 Call after DISCONNECTED, outside its own callback."""
        live.pj_call = None
        live.audio = None
        self._calls.pop(live.id, None)
        self._waiting_tone_if_needed()
        if not any(c.audio is not None for c in self._calls.values()):
            self._stop_audio()

    def _on_call_media(self, call: DeskCall) -> None:
        live = self._live(call)
        if live is None:
            return
        streams = has_active_audio(call.getInfo())
        if not streams:
            live.media_index = None
            self._disconnect_audio(live, media_gone=True)
            return
        index, remote_hold = streams[0]
        live.media_index = index
        if live.snapshot.state is CallState.ON_HOLD:
            self._disconnect_audio(live)
        else:
            self._connect_audio(live, call.getAudioMedia(index))
            self._start_recording(live)
        if live.recording is not None:  # on hold nothing the operator says reaches the caller
            held = live.snapshot.state is CallState.ON_HOLD
            live.recording.microphone_on(not held and not live.snapshot.muted)
        if remote_hold != live.snapshot.remote_hold:
            self._update(
                live, live.snapshot.with_state(live.snapshot.state, remote_hold=remote_hold)
            )

    def _on_dtmf(self, call: DeskCall, digit: str) -> None:
        live = self._live(call)
        if live is not None:
            self._emit(DtmfReceived(live.id, digit))

    def _on_transfer_status(self, call: DeskCall, code: int, reason: str, final: bool) -> None:
        live = self._live(call)
        if live is None or not final:
            return
        if 200 <= code < 300:
            live.transfer_ok = True
            live.hangup_by_us = True
            call.hangup(op())
        else:
            back = CallState.ON_HOLD if live.hold_since is not None else CallState.CONNECTED
            detail = f"{code} {reason}".strip()
            self._update(live, live.snapshot.with_state(back, end_detail=detail))

    # ---------------------------------------------------------------- call quality
    def _sample_quality(self, live: LiveCall) -> None:
        """Every SAMPLE_SECONDS while the call lasts: a CallQuality event when it is in talk.

        On hold (ours or theirs) or while transferring no audio is meant to flow, so nothing
        is measured and the next interval starts when the talk does again.
        """
        call = live.pj_call
        if call is None or not live.snapshot.is_live:
            return  # the chain ends with the call
        self.later(quality.SAMPLE_SECONDS, lambda: self._sample_quality(live))
        snap = live.snapshot
        if snap.state is not CallState.CONNECTED or snap.remote_hold or live.media_index is None:
            live.meter.rebase()
            return
        try:
            counters = quality.read_counters(call, live.media_index)
        except pj.Error:  # the media went away in between
            live.meter.rebase()
            return
        sample = live.meter.sample(counters)
        if sample is not None:
            self._emit(CallQuality(live.id, sample, live.meter.summary))

    # ---------------------------------------------------------------- recording
    def _start_recording(self, live: LiveCall) -> None:
        """Once a call is answered and has audio, when recording is on (recording.py)."""
        snap = live.snapshot
        if (
            not self.config.recordings
            or live.recording is not None
            or live.audio is None
            or self._bridge is None
            or snap.answered_at is None
        ):
            return
        relative = recording.relative_path(snap.id, snap.answered_at)
        try:
            live.recording = recording.CallRecording(Path(self.config.recordings) / relative)
        except OSError as exc:
            log.error("the call could not be recorded: %s", exc.strerror)
            return
        self._bridge.tap = live.recording
        if self.config.recording_notice and self._notice_tone is not None:
            try:  # the caller hears it, and so does the headset (and with it the file)
                self._notice_tone.play(recording.notice_tones(), False)
                self._notice_tone.startTransmit(live.audio)
                self._notice_tone.startTransmit(self._bridge)
            except pj.Error as exc:
                log.warning("the recording notice could not be played: %s", _pj_reason(exc))
        self._update(live, snap.with_state(snap.state, recording=relative))

    def _stop_recording(self, live: LiveCall) -> None:
        if live.recording is not None:
            if self._bridge is not None and self._bridge.tap is live.recording:
                self._bridge.tap = None
            live.recording.close()
            live.recording = None

    # ---------------------------------------------------------------- audio
    def _connect_audio(self, live: LiveCall, media: Any) -> None:
        assert self._bridge is not None
        if not self._audio_on:
            self.audio.start(16000, 640)
            self._audio_on = True
        for other in self._calls.values():  # only one call talks to the headset
            if other is not live and other.audio is not None:
                self._disconnect_audio(other)
        live.audio = media
        self._bridge.tap = live.recording  # the call at the headset is the one recorded
        media.startTransmit(self._bridge)
        if not live.snapshot.muted:
            self._bridge.startTransmit(media)

    def _disconnect_audio(self, live: LiveCall, media_gone: bool = False) -> None:
        """Unplug the call from the headset. When pjsua2 has already closed the call's media
        (``media_gone``) its conference slot is invalid and stopTransmit would abort the
        process (assertion in pjsua_conf_disconnect, seen here): only drop the reference."""
        if media_gone or live.audio is None or self._bridge is None:
            live.audio = None
            return
        if live.audio.getPortId() < 0:
            live.audio = None
            return
        for stop in (
            lambda: live.audio.stopTransmit(self._bridge),
            lambda: self._bridge.stopTransmit(live.audio),
        ):
            try:
                stop()
            except pj.Error:
                log.debug("audio port already disconnected")
        live.audio = None

    def _stop_audio(self) -> None:
        if self._audio_on:
            self._audio_on = False
            self.audio.stop()

    def _play_waiting_tone(self, on: bool) -> None:
        if self._waiting_tone is None or self._bridge is None:
            return
        if on:
            tone = pj.ToneDesc()
            tone.freq1, tone.freq2, tone.on_msec, tone.off_msec = 440, 0, 300, 2700
            tone.volume = 2500  # softly (about -22 dBFS): under the voice, not over it
            tones = pj.ToneDescVector()
            tones.append(tone)
            self._waiting_tone.play(tones, True)
            self._waiting_tone.startTransmit(self._bridge)
        else:
            self._waiting_tone.stop()

    def _waiting_tone_if_needed(self) -> None:
        talking = any(c.snapshot.state is CallState.CONNECTED for c in self._calls.values())
        ringing = any(
            c.snapshot.state is CallState.RINGING and c.snapshot.waiting
            for c in self._calls.values()
        )
        self._play_waiting_tone(talking and ringing)

    # ---------------------------------------------------------------- command bodies
    def _get(self, call_id: uuid.UUID) -> LiveCall | None:
        live = self._calls.get(call_id)
        if live is None or live.pj_call is None or not live.snapshot.is_live:
            log.info("command for a call that has ended")
            return None
        return live

    def _call_op(self, call_id: uuid.UUID, work: Callable[[DeskCall], None]) -> None:
        live = self._get(call_id)
        if live is not None and live.pj_call is not None:
            work(live.pj_call)

    def _answer(self, call_id: uuid.UUID) -> None:
        live = self._get(call_id)
        if live is None or live.pj_call is None or live.snapshot.answered_at is not None:
            return
        if live.snapshot.direction is not Direction.INBOUND:
            return
        for other in self._calls.values():  # answering a second call holds the first
            if other is not live and other.snapshot.state is CallState.CONNECTED:
                self._hold(other.id)
        live.pj_call.answer(op(200))

    def _reject(self, call_id: uuid.UUID, code: int) -> None:
        live = self._get(call_id)
        if live is not None and live.pj_call is not None and live.snapshot.answered_at is None:
            live.rejected_code = code
            live.pj_call.hangup(op(code))

    def _hangup(self, call_id: uuid.UUID) -> None:
        live = self._get(call_id)
        if live is None or live.pj_call is None:
            return
        live.hangup_by_us = True
        inbound_ringing = (
            live.snapshot.direction is Direction.INBOUND and live.snapshot.answered_at is None
        )
        live.pj_call.hangup(op(603 if inbound_ringing else 0))

    def _hold(self, call_id: uuid.UUID) -> None:
        live = self._get(call_id)
        if live is None or live.pj_call is None or live.snapshot.state is not CallState.CONNECTED:
            return
        live.start_hold()
        self._disconnect_audio(live)
        live.pj_call.setHold(op())
        self._update(live, live.snapshot.with_state(CallState.ON_HOLD))

    def _resume(self, call_id: uuid.UUID) -> None:
        live = self._get(call_id)
        if live is None or live.pj_call is None or live.snapshot.state is not CallState.ON_HOLD:
            return
        for other in self._calls.values():
            if other is not live and other.snapshot.state is CallState.CONNECTED:
                self._hold(other.id)
        hold = live.end_hold()
        prm = op()
        prm.opt.flag = pj.PJSUA_CALL_UNHOLD
        live.pj_call.reinvite(prm)
        self._update(live, live.snapshot.with_state(CallState.CONNECTED, hold_seconds=hold))

    def _mute(self, call_id: uuid.UUID, muted: bool) -> None:
        live = self._get(call_id)
        if live is None or self._bridge is None or live.snapshot.muted == muted:
            return
        if live.audio is not None:
            if muted:
                self._bridge.stopTransmit(live.audio)
            else:
                self._bridge.startTransmit(live.audio)
        if live.recording is not None:
            live.recording.microphone_on(not muted)
        self._update(live, live.snapshot.with_state(live.snapshot.state, muted=muted))

    def _dial(self, call_id: uuid.UUID, uri: str, headers: dict[str, str]) -> None:
        assert self._account is not None
        self.guard.record(time.monotonic())
        call = DeskCall(self, self._account)
        call.desk_id = call_id
        display, user = sipmsg.split_remote(f"<{uri}>")
        snapshot = CallSnapshot(
            id=call_id,
            direction=Direction.OUTBOUND,
            state=CallState.DIALING,
            remote_uri=uri,
            display_name=display,
            number=sipmsg.normalise_number(user),
            offered_at=utc_now(),
        )
        live = LiveCall(call, snapshot)
        self._calls[call_id] = live
        for other in self._calls.values():
            if other is not live and other.snapshot.state is CallState.CONNECTED:
                self._hold(other.id)
        prm = op()
        for name, value in headers.items():
            header = pj.SipHeader()
            header.hName, header.hValue = name, value
            prm.txOption.headers.append(header)
        self._emit(CallChanged(snapshot, None))
        try:
            call.makeCall(uri, prm)
        except pj.Error as exc:
            self._update(
                live,
                snapshot.with_state(
                    CallState.ENDED,
                    ended_at=utc_now(),
                    end_reason=EndReason.FAILED,
                    end_detail=_pj_reason(exc),
                ),
            )
            self._calls.pop(call_id, None)
            return
        live.snapshot = snapshot.with_state(
            CallState.DIALING, sip_call_id=call.getInfo().callIdString
        )

    def _transfer(self, call_id: uuid.UUID, uri: str) -> None:
        live = self._get(call_id)
        if live is None or live.pj_call is None:
            return
        if live.snapshot.state not in (CallState.CONNECTED, CallState.ON_HOLD):
            return
        live.pj_call.xfer(uri, op())
        self._update(live, live.snapshot.with_state(CallState.TRANSFERRING, transfer_target=uri))

    def _attended(self, call_id: uuid.UUID, consult_id: uuid.UUID) -> None:
        live, consult = self._get(call_id), self._get(consult_id)
        if live is None or consult is None or live.pj_call is None or consult.pj_call is None:
            return
        target = consult.snapshot.remote_uri
        live.pj_call.xferReplaces(consult.pj_call, op())
        self._update(live, live.snapshot.with_state(CallState.TRANSFERRING, transfer_target=target))

    def _set_available(self, available: bool, reject_code: int | None) -> None:
        self._available = available
        if reject_code in (480, 486):
            self.config = replace(self.config, not_ready_code=reject_code)
