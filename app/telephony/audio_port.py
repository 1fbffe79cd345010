"""The headset bridge: a pjsua2 conference port that exchanges 20 ms frames with an AudioDevice.

The pjsua2 wheels have no sound device backend (DESIGN.md), so the conference
bridge runs on the null device's clock and this port carries the call's audio
to and from the device the desk chose. Runs on pjmedia's clock thread. A
recording (recording.py) may tap both directions here.

Its end: pjsua2 2.15.1 takes ports off the conference asynchronously, and an
AudioMediaPort's destructor frees the port before the clock thread has removed
it (pjproject PR #4200, fixed after 2.15.1: a use-after-free on the clock thread).
So the bridge is never destroyed while the conference runs: :meth:`retire`
silences it and hands it to C++ for good; ``libDestroy`` then takes down the
conference with the port still in it, and the small object is left behind.
"""

from __future__ import annotations

import logging
from typing import Protocol

import pjsua2 as pj

from app.telephony.audio import FRAME_BYTES, FRAME_MS, SAMPLE_RATE, AudioDevice, silence
from app.telephony.calls import log_failure

log = logging.getLogger(__name__)


class Tap(Protocol):
    """Listens to both directions of the headset (clock thread: keep it quick)."""

    def heard(self, pcm: bytes) -> None: ...
    def spoken(self, pcm: bytes) -> None: ...


class _Silent:
    """What a retired bridge talks to: nothing."""

    def start(self, sample_rate: int, frame_bytes: int) -> None:
        return None

    def stop(self) -> None:
        return None

    def capture(self, size: int) -> bytes:
        return silence(size)

    def play(self, data: bytes) -> None:
        return None


class HeadsetBridge(pj.AudioMediaPort):
    """Microphone frames into the conference, conference frames out to the earpiece."""

    def __init__(self, device: AudioDevice) -> None:
        super().__init__()
        self.device: AudioDevice = device
        self.tap: Tap | None = None
        self._failures = 0
        fmt = pj.MediaFormatAudio()
        fmt.init(pj.PJMEDIA_FORMAT_PCM, SAMPLE_RATE, 1, FRAME_MS * 1000, 16)
        self.createPort("headset", fmt)

    def onFrameRequested(self, frame: pj.MediaFrame) -> None:  # noqa: N802 - pjsua2 callback
        try:
            data = self.device.capture(FRAME_BYTES)
        except Exception:  # noqa: BLE001 - a device error must not stop the clock thread
            data = bytes(FRAME_BYTES)
            self._log_failure("capture")
        frame.buf = pj.ByteVector(data)
        frame.size = len(data)
        frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        tap = self.tap
        if tap is not None:
            tap.spoken(data)

    def onFrameReceived(self, frame: pj.MediaFrame) -> None:  # noqa: N802 - pjsua2 callback
        try:
            if frame.size:
                data = bytes(frame.buf)
                self.device.play(data)
                tap = self.tap
                if tap is not None:
                    tap.heard(data)
        except Exception:  # noqa: BLE001 - a device error must not stop the clock thread
            self._log_failure("play")

    def retire(self) -> None:
        """Silence the bridge and leave it to C++ (see the module docstring): call before
        ``libDestroy`` and drop every Python reference after."""
        self.tap = None
        self.device = _Silent()
        self.__disown__()

    def _log_failure(self, what: str) -> None:
        self._failures += 1
        if self._failures in (1, 10, 100) or self._failures % 1000 == 0:
            log_failure(log, "audio device %s failed (%d times)", what, self._failures)
