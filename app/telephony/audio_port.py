"""The headset bridge: a pjsua2 conference port that exchanges 20 ms frames with an AudioDevice.

The pjsua2 wheels have no sound device backend (DESIGN.md), so the conference
bridge runs on the null device's clock and this port carries the call's audio
to and from the device the desk chose. Runs on pjmedia's clock thread.
"""

from __future__ import annotations

import logging

import pjsua2 as pj

from app.telephony.audio import FRAME_BYTES, FRAME_MS, SAMPLE_RATE, AudioDevice
from app.telephony.calls import log_failure

log = logging.getLogger(__name__)


class HeadsetBridge(pj.AudioMediaPort):
    """Microphone frames into the conference, conference frames out to the earpiece."""

    def __init__(self, device: AudioDevice) -> None:
        super().__init__()
        self.device = device
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

    def onFrameReceived(self, frame: pj.MediaFrame) -> None:  # noqa: N802 - pjsua2 callback
        try:
            if frame.size:
                self.device.play(bytes(frame.buf))
        except Exception:  # noqa: BLE001 - a device error must not stop the clock thread
            self._log_failure("play")

    def _log_failure(self, what: str) -> None:
        self._failures += 1
        if self._failures in (1, 10, 100) or self._failures % 1000 == 0:
            log_failure(log, "audio device %s failed (%d times)", what, self._failures)
