"""The Qt layer's part of `hotline-desk self-test`: Qt itself and the audio devices it sees."""

from __future__ import annotations

from app.selftest import Check, Status


def checks() -> list[Check]:
    try:
        from PySide6 import __version__ as pyside_version  # noqa: PLC0415
        from PySide6.QtCore import QCoreApplication, qVersion  # noqa: PLC0415
        from PySide6.QtMultimedia import QMediaDevices  # noqa: PLC0415
    except ImportError as exc:
        return [Check("Qt", Status.FAILED, f"PySide6 cannot be loaded: {exc}")]
    results = [Check("Qt", Status.OK, f"Qt {qVersion()}, PySide6 {pyside_version}")]
    app = QCoreApplication.instance() or QCoreApplication([])
    inputs = [device.description() for device in QMediaDevices.audioInputs()]
    outputs = [device.description() for device in QMediaDevices.audioOutputs()]
    del app
    if inputs and outputs:
        detail = f"microphones: {', '.join(inputs)}; outputs: {', '.join(outputs)}"
        results.append(Check("audio devices", Status.OK, detail))
    else:
        results.append(
            Check(
                "audio devices",
                Status.WARNING,
                f"{len(inputs)} microphones, {len(outputs)} outputs: plug in a headset"
                " (Linux: is PulseAudio or PipeWire running?)",
            )
        )
    return results
