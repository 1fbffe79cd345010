"""Call recording: both sides of a call into one WAV file, and the notice the caller hears.

Off unless the administrator turns it on (settings). When on, every call is recorded from
the moment it is answered: a pjsua2 AudioMediaRecorder on the conference bridge takes the
caller's audio and the operator's microphone - only while the microphone actually goes to
the call, so nothing said on mute is kept. The caller first hears a notice (a WAV the
administrator may replace with a spoken one; by default two short 1400 Hz beeps, the tone
used to warn that a line is recorded), and the notice is in the file too, as proof it was
played. Files live under ``<data>/recordings/YYYY/MM/DD/<call id>.wav`` and the path, relative
to the recordings folder, goes into the call record. Everything here runs on the SIP engine
thread; dropping a :class:`CallRecording` closes its file (before libDestroy: the engine's
shutdown drops every call, and with it the recordings).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pjsua2 as pj

from app.audio.sounds import NOTICE_HZ, write_notice

__all__ = ["NOTICE_HZ", "CallRecording", "relative_path", "write_notice"]

log = logging.getLogger(__name__)


def relative_path(call_id: uuid.UUID, started: datetime) -> str:
    """Where a call's file goes, relative to the recordings folder (UTC date)."""
    return f"{started:%Y/%m/%d}/{call_id}.wav"


class CallRecording:
    """One call's recording. ``call_media`` is the call's AudioMedia, ``microphone`` the
    headset bridge's port; call :meth:`microphone_on` as the call is muted and unmuted."""

    def __init__(self, path: Path, call_media: Any, microphone: Any, notice: Path | None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._microphone = microphone
        self._recorder: Any = pj.AudioMediaRecorder()
        self._recorder.createRecorder(str(path))
        call_media.startTransmit(self._recorder)
        self._player: Any = None
        if notice is not None and notice.exists():
            self._player = pj.AudioMediaPlayer()
            self._player.createPlayer(str(notice), pj.PJMEDIA_FILE_NO_LOOP)
            self._player.startTransmit(call_media)
            self._player.startTransmit(self._recorder)
        self._mic_on = False
        self.microphone_on(True)

    def microphone_on(self, on: bool) -> None:
        if on == self._mic_on or self._recorder is None:
            return
        try:
            if on:
                self._microphone.startTransmit(self._recorder)
            else:
                self._microphone.stopTransmit(self._recorder)
            self._mic_on = on
        except pj.Error as exc:
            log.warning("recording: could not switch the microphone: %s", exc.reason)

    def close(self) -> None:
        """Let the file be finished. pjmedia 2.15 takes ports off the conference bridge on its
        clock thread, so the WAV header is written a tick (20 ms) after this, not during it
        (seen here: a file read at once still had an empty header one time in two)."""
        self._player = None
        self._recorder = None
        self._microphone = None
