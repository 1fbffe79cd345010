"""The simulated caller's audio: what it sends into calls, what it records, RTP counts.

A helper of :mod:`app.telephony.simcaller` (see there). ``CallMedia`` owns one pjsua2
``ToneGenerator`` that plays the current signal ("tone:HZ", "voice" or "silence") and is
connected to every call's audio; changing the signal only changes what the generator plays.
A ``Recorder`` writes what arrives from the other side of one call into a 16-bit PCM WAV file
at the conference bridge's rate.

Everything here belongs to the thread that owns the pjsua2 endpoint and must be released
(``CallMedia.close()``) before ``libDestroy()``: pjsua2 deletes media still registered then, and
Python would delete it a second time.
"""

from __future__ import annotations

import os
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pjsua2 as pj

__all__ = [
    "VOICE_SYLLABLES",
    "CallMedia",
    "Recorder",
    "Signal",
    "SignalSource",
    "parse_signal",
    "prefer_codecs",
]

#: Sample rate of the tone generator; the conference bridge resamples when it differs.
GENERATOR_RATE = 16000
#: Audio stream states that have a port in the conference bridge, and the hold they mean.
HOLD_STATES = {
    pj.PJSUA_CALL_MEDIA_ACTIVE: "none",
    pj.PJSUA_CALL_MEDIA_LOCAL_HOLD: "local",
    pj.PJSUA_CALL_MEDIA_REMOTE_HOLD: "remote",
}
#: How long ``stop_record`` waits for pjmedia to finish the WAV file.
FINISH_TIMEOUT = 3.0
#: Longest ``on_msec`` a ToneDesc holds (a C ``short``); a steady tone loops this block.
_STEADY_MS = 30000

#: The "voice" signal: (first formant Hz, second formant Hz, on ms, off ms, volume), looped.
#: Pairs of tones in the ranges of vowel formants, syllable-long bursts with short pauses and
#: varying loudness: enough like speech for level meters, VAD and "is sound flowing" checks,
#: and never a single steady frequency.
VOICE_SYLLABLES: tuple[tuple[int, int, int, int, int], ...] = (
    (730, 1090, 180, 60, 12000),
    (270, 2290, 120, 40, 9000),
    (530, 1840, 220, 90, 11000),
    (300, 870, 140, 50, 8000),
    (660, 1720, 260, 180, 12500),
    (440, 1020, 110, 40, 7000),
    (490, 1350, 200, 70, 10500),
    (390, 1990, 150, 260, 9500),
)


@dataclass(frozen=True)
class Signal:
    """A parsed signal spec: ``kind`` is "tone", "voice" or "silence"; ``hz`` for a tone."""

    kind: str
    hz: int = 0

    @property
    def spec(self) -> str:
        return f"tone:{self.hz}" if self.kind == "tone" else self.kind


def parse_signal(spec: str) -> Signal:
    """Read "tone:440", "voice" or "silence"; raise ValueError for anything else."""
    text = spec.strip().lower()
    if text in ("voice", "silence"):
        return Signal(text)
    if text.startswith("tone:"):
        try:
            hz = int(text[5:])
        except ValueError:
            raise ValueError(f"bad tone frequency in {spec!r}") from None
        if not 20 <= hz <= 7900:
            raise ValueError(f"tone frequency out of range (20..7900 Hz): {hz}")
        return Signal("tone", hz)
    raise ValueError(f"unknown signal {spec!r}: use tone:HZ, voice or silence")


def prefer_codecs(ep: Any, names: str) -> None:
    """Offer the named codecs first, in order: "PCMA,PCMU" or "speex/16000,PCMA"...

    The simulated caller defaults to G.711 like the PBXs the desk faces; pjsua's own first
    choice, speex/16000, mangles steady tones (a 1000 Hz tone arrived as 675-830 Hz here).
    """
    ids = [info.codecId for info in ep.codecEnum2()]
    for rank, name in enumerate(n.strip().lower() for n in names.split(",") if n.strip()):
        matches = [codec_id for codec_id in ids if codec_id.lower().startswith(name)]
        if not matches:
            raise ValueError(f"no codec {name!r} (have {', '.join(ids)})")
        for codec_id in matches:
            ep.codecSetPriority(codec_id, 250 - rank)


def _tone(freq1: int, freq2: int, on_ms: int, off_ms: int, volume: int = 0) -> Any:
    desc = pj.ToneDesc()
    desc.freq1 = freq1
    desc.freq2 = freq2
    desc.on_msec = on_ms
    desc.off_msec = off_ms
    desc.volume = volume
    desc.flags = 0
    return desc


class SignalSource:
    """The one tone generator whose output this side sends into every call."""

    def __init__(self, signal: Signal) -> None:
        self._gen: Any = pj.ToneGenerator()
        self._gen.createToneGenerator(GENERATOR_RATE, 1)
        self.signal = Signal("silence")
        self.play(signal)

    def play(self, signal: Signal) -> None:
        """Replace what is played; "silence" leaves the generator connected but quiet."""
        self._gen.stop()
        tones = pj.ToneDescVector()
        if signal.kind == "tone":
            tones.append(_tone(signal.hz, 0, _STEADY_MS, 0))
        elif signal.kind == "voice":
            for f1, f2, on_ms, off_ms, volume in VOICE_SYLLABLES:
                tones.append(_tone(f1, f2, on_ms, off_ms, volume))
        if len(tones):
            self._gen.play(tones, True)
        self.signal = signal

    def connect(self, call_audio: Any) -> None:
        """Send the generator into a call's audio (idempotent)."""
        self._gen.startTransmit(call_audio)

    def close(self) -> None:
        if self._gen is not None:
            self._gen.stop()
            self._gen = None


class Recorder:
    """Records one call's received audio into a 16-bit PCM WAV file until ``close()``."""

    def __init__(self, path: str, owner: str) -> None:
        self.path = path
        #: SIP Call-ID of the call whose received audio this records.
        self.owner = owner
        self._rec: Any = pj.AudioMediaRecorder()
        self._rec.createRecorder(path, 0, 0, pj.PJMEDIA_FILE_WRITE_PCM)

    def attach(self, call_audio: Any) -> None:
        """Record what arrives from the other side of a call (idempotent)."""
        call_audio.startTransmit(self._rec)

    def close(self) -> None:
        """Disconnect and destroy the recorder; pjmedia finishes the file a moment later."""
        # Dropping the last reference deletes the C++ recorder. Since pjmedia 2.14 the bridge
        # removes ports asynchronously (on its clock thread), and only then is the file
        # flushed and its header written: see ``finished()``.
        self._rec = None

    def finished(self) -> bool:
        """Whether the WAV file is complete: its RIFF length is set and matches its size."""
        try:
            size = os.path.getsize(self.path)
            with open(self.path, "rb") as wav:
                head = wav.read(8)
        except OSError:
            return False
        if size < 44 or head[:4] != b"RIFF":
            return False
        riff_len = struct.unpack("<I", head[4:8])[0]
        return bool(riff_len) and riff_len == size - 8


def audio_stream(call: Any) -> tuple[int, str] | None:
    """(media index, hold) of a call's audio stream while it has a conference port, else None."""
    info = call.getInfo()  # keep it: iterating .media of a temporary CallInfo reads freed memory
    for media in info.media:
        if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status in HOLD_STATES:
            return int(media.index), HOLD_STATES[media.status]
    return None


class CallMedia:
    """The audio side of every call: one signal source, at most one recorder."""

    def __init__(self, signal: Signal) -> None:
        self.source: SignalSource | None = SignalSource(signal)
        self.recorder: Recorder | None = None

    def play(self, signal: Signal) -> None:
        assert self.source is not None
        self.source.play(signal)

    def media_update(self, call: Any, call_id: str) -> str | None:
        """(Re)connect a call's audio after a media change; the hold state, None without media.

        Connecting is idempotent, and a re-INVITE (hold, unhold) may bring a new stream.
        """
        stream = audio_stream(call)
        if stream is None:
            return None
        audio = call.getAudioMedia(stream[0])
        if self.source is not None:
            self.source.connect(audio)
        if self.recorder is not None and self.recorder.owner == call_id:
            self.recorder.attach(audio)
        return stream[1]

    def record(self, call: Any, call_id: str, path: str) -> bool:
        """Start recording a call's received audio (now, or once it has media)."""
        self.stop_record()
        self.recorder = Recorder(path, call_id)
        stream = audio_stream(call)
        if stream is not None:
            self.recorder.attach(call.getAudioMedia(stream[0]))
        return stream is not None

    def stop_record(self, pump: Callable[[], object] | None = None) -> str | None:
        """Stop recording; the file's path, or None when nothing was being recorded.

        With ``pump`` (one turn of the event loop), wait until the WAV file is complete.
        """
        recorder, self.recorder = self.recorder, None
        if recorder is None:
            return None
        recorder.close()
        deadline = time.monotonic() + FINISH_TIMEOUT
        while pump is not None and not recorder.finished():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{recorder.path} was not finished in {FINISH_TIMEOUT:g} s")
            pump()
        return recorder.path

    @staticmethod
    def stats(call: Any) -> dict[str, Any]:
        """RTP packet counts and jitter of a call's audio stream (zeros while it has none)."""
        stream = audio_stream(call)
        if stream is None:
            return {
                "media": False,
                "rx_packets": 0,
                "tx_packets": 0,
                "rx_lost": 0,
                "rx_jitter_ms": 0,
            }
        stat = call.getStreamStat(stream[0])
        rtcp, jb = stat.rtcp, stat.jbuf
        return {
            "jb_empty": int(jb.empty),
            "jb_discard": int(jb.discard),
            "jb_lost": int(jb.lost),
            "jb_prefetch": int(jb.prefetch),
            "jb_avg_delay_ms": int(jb.avgDelayMsec),
            "media": True,
            "rx_packets": int(rtcp.rxStat.pkt),
            "tx_packets": int(rtcp.txStat.pkt),
            "rx_lost": int(rtcp.rxStat.loss),
            "rx_jitter_ms": int(rtcp.rxStat.jitterUsec.last) / 1000,  # as its RTCP reports say
        }

    def close(self) -> None:
        self.stop_record()
        if self.source is not None:
            self.source.close()
            self.source = None
