"""Call recording: both sides of a call into one WAV file, after a warning tone to the caller.

Off unless the administrator turns it on (settings). When on, every call is recorded from
the moment it is answered. The caller first hears the recording warning tone (two short
1400 Hz beeps), played by a pjsua2 ToneGenerator that lives as long as the engine. The
file is written here, not by pjsua2's AudioMediaRecorder: in pjsua2 2.15.1 destroying a
recorder or a player frees its memory while the conference bridge still has to remove
it on its clock thread (pjproject issue #4526), a use-after-free that corrupted the heap
in our test runs. Instead the headset bridge taps both directions (audio_port.py): what
the headset hears (the caller, and the warning tone) and what its microphone sends -
the latter only while it actually goes to the caller, so nothing said on mute or hold
is kept. Frames are mixed on the clock thread and written by a thread of the
recording's own; :meth:`CallRecording.close` finishes the file before it returns.

Files live under ``<data>/recordings/YYYY/MM/DD/<call id>.wav``; the path, relative to the
recordings folder, goes into the call record.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
import wave
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pjsua2 as pj

from app.audio.sounds import NOTICE_HZ
from app.telephony.audio import SAMPLE_RATE

__all__ = ["NOTICE_HZ", "CallRecording", "notice_tones", "relative_path"]

log = logging.getLogger(__name__)

WRITE_TIMEOUT = 5.0


def relative_path(call_id: uuid.UUID, started: datetime) -> str:
    """Where a call's file goes, relative to the recordings folder (UTC date)."""
    return f"{started:%Y/%m/%d}/{call_id}.wav"


def notice_tones() -> Any:
    """The warning the caller hears: two 250 ms beeps at 1400 Hz, 150 ms apart."""
    tones = pj.ToneDescVector()
    for _ in range(2):
        tone = pj.ToneDesc()
        tone.freq1, tone.freq2, tone.on_msec, tone.off_msec = NOTICE_HZ, 0, 250, 150
        tone.volume = 8000
        tones.append(tone)
    return tones


class CallRecording:
    """One call's WAV. Give it to the headset bridge as its tap (``bridge.tap = recording``);
    :meth:`microphone_on` follows mute and hold; :meth:`close` finishes the file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file = wave.open(str(path), "wb")  # noqa: SIM115 - closed by the writer thread
        self._file.setnchannels(1)
        self._file.setsampwidth(2)
        self._file.setframerate(SAMPLE_RATE)
        self._frames: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._spoken = b""
        self.mic_on = True
        self._closed = False
        self._writer = threading.Thread(target=self._write, name="call-recording", daemon=True)
        self._writer.start()

    # the headset bridge's tap (clock thread)
    def spoken(self, pcm: bytes) -> None:
        self._spoken = pcm

    def heard(self, pcm: bytes) -> None:
        if self._closed:
            return
        spoken = self._spoken if self.mic_on else b""
        if len(spoken) == len(pcm):
            mixed = np.frombuffer(pcm, "<i2").astype(np.int32) + np.frombuffer(spoken, "<i2")
            pcm = np.clip(mixed, -32768, 32767).astype("<i2").tobytes()
        self._frames.put(pcm)

    def microphone_on(self, on: bool) -> None:
        self.mic_on = on

    def _write(self) -> None:
        try:
            while (frame := self._frames.get()) is not None:
                self._file.writeframes(frame)
        except OSError as exc:
            log.error("the call recording could not be written: %s", exc.strerror)
        finally:
            self._file.close()

    def close(self) -> None:
        """Write what is left and finish the file (its header) before returning."""
        if self._closed:
            return
        self._closed = True
        self._frames.put(None)
        self._writer.join(WRITE_TIMEOUT)
        if self._writer.is_alive():
            log.error("the call recording did not finish within %.0f s", WRITE_TIMEOUT)
