"""The whole desk on a real audio server: devices chosen by name, a real call, a headset
unplugged in the middle of it.

A private PulseAudio daemon offers "Headset" and "Speakers" (null sinks, recorded from their
monitors) and a "Headset microphone" (a pipe source). The settings name them; the real desk
(``hotline-desk``'s main, made Ready by tests/ui/ready_desk.py) runs offscreen in its own
process (Qt Multimedia must see this daemon from its first look, see
tests/ui/test_audio_device.py) and a simulated caller plays 440 Hz. Checked by ear, i.e. by
FFT: the ringtone sounds on the Speakers and not in the headset; the caller is heard in the
Headset; the operator's 880 Hz reaches the caller; and when the Headset sink is unloaded
mid-call the caller goes on being heard on the fallback device while the call stays up; when
it is plugged back in the caller is in the Headset again; and the desk still exits cleanly.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from app.paths import HOME_ENV
from tests.peer import SipPeer, dominant_frequency, free_port
from tests.pulse import PULSE_RATE, PulseServer, pulse_rig
from tests.services import wait_until
from tests.sip.fixtures import sip_options

__all__ = ["pulse_rig"]

pytestmark = pytest.mark.service

RING_HZ = (425.0, 480.0)  # ui/ringer.py's two-tone ring
CALLER_HZ = 440.0
OPERATOR_HZ = 880.0
LOUD = 300
ROOT = Path(__file__).resolve().parents[2]


def spectrum_peak(pcm: bytes) -> float:
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    power = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / PULSE_RATE)[np.argmax(power)])


def loudest(pcm: bytes) -> int:
    samples = np.frombuffer(pcm, dtype="<i2")
    return int(np.max(np.abs(samples.astype(np.int32)))) if len(samples) else 0


def tone(hz: float, seconds: float) -> bytes:
    n = np.arange(int(seconds * PULSE_RATE))
    return np.rint(8000 * np.sin(2 * np.pi * hz * n / PULSE_RATE)).astype("<i2").tobytes()


def desk_log(home: Path) -> str:
    return "".join(path.read_text(errors="replace") for path in home.rglob("*.log"))


@pytest.fixture
def desk_app(pulse_rig: PulseServer, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    home = tmp_path / "home"
    port = free_port()
    settings = {
        "version": 2,
        "values": {
            "sip.listen_address": "127.0.0.1",
            "sip.local_port": port,
            "sip.auto_answer_seconds": 4,  # rings four seconds, then answers by itself
            "audio.microphone": "Headset microphone",
            "audio.earpiece": "Headset",
            "audio.ringtone": "Speakers",
        },
    }
    config = home / "config"
    config.mkdir(parents=True)
    (config / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    env = {
        **pulse_rig.env,
        HOME_ENV: str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    env.pop("QT_AUDIO_BACKEND", None)
    log = (tmp_path / "desk.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.ready_desk", "--no-crash-dialog"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until(lambda: sip_options("127.0.0.1", port) == 200, 30, "the desk to answer SIP")
        yield process, port
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
        log.close()


def test_devices_by_name_carry_a_call_and_survive_the_headset_unplugged(
    pulse_rig: PulseServer, desk_app: tuple[subprocess.Popen[str], int], tmp_path: Path
) -> None:
    process, port = desk_app
    caller = SipPeer.start(free_port(), "--signal", f"tone:{CALLER_HZ:g}")
    try:
        since = caller.mark()
        caller.send({"cmd": "call", "uri": f"sip:desk@127.0.0.1:{port}"})
        caller.wait_event("state", state="EARLY", since=since, timeout=10)

        speakers = pulse_rig.record_sink(3.0, "Speakers")  # a whole ring cycle
        headset = pulse_rig.record_sink(0.5, "Headset")
        assert loudest(speakers) > LOUD, "the ringtone did not sound on the Speakers"
        assert min(abs(spectrum_peak(speakers) - hz) for hz in RING_HZ) < 10
        assert loudest(headset) < LOUD, "the ringtone sounded in the headset"

        caller.wait_event("state", state="CONFIRMED", since=since, timeout=10)
        caller.wait_rx_packets(50)
        heard = pulse_rig.record_sink(1.0, "Headset")
        assert abs(spectrum_peak(heard) - CALLER_HZ) < 10, "the caller is not in the headset"

        recording = str(tmp_path / "caller-hears.wav")
        caller.send({"cmd": "record", "path": recording})
        pulse_rig.feed_microphone(tone(OPERATOR_HZ, 2.0)).join(15)
        caller.send({"cmd": "stop_record"})
        assert abs(dominant_frequency(recording) - OPERATOR_HZ) < 10

        pulse_rig.unload_sink("Headset")  # the USB headset is pulled out
        fallback = pulse_rig.record_sink(1.0, "Speakers")
        assert abs(spectrum_peak(fallback) - CALLER_HZ) < 10, "no sound after the unplug"
        assert loudest(fallback) > LOUD
        assert caller.events("state", state="DISCONNECTED") == [], "the call was dropped"
        wait_until(
            lambda: "audio device earpiece: fell_back" in desk_log(tmp_path / "home"),
            10,
            "the desk to note that the earpiece fell back",
        )

        pulse_rig.plug_sink("Headset", "Headset")  # and plugged back in
        wait_until(
            lambda: loudest(pulse_rig.record_sink(0.3, "Headset")) > LOUD,
            15,
            "the caller back in the Headset",
        )
        back = pulse_rig.record_sink(1.0, "Headset")
        assert abs(spectrum_peak(back) - CALLER_HZ) < 10
        assert loudest(pulse_rig.record_sink(0.5, "Speakers")) < LOUD  # left the speakers
        assert caller.events("state", state="DISCONNECTED") == []

        caller.send({"cmd": "hangup"})
        caller.wait_event("state", state="DISCONNECTED", since=since)
    finally:
        caller.close()
    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 0
    assert os.environ.get("PULSE_SERVER") != pulse_rig.server  # the rig stayed private
