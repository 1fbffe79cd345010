"""Call recording with a real caller: off by default; when on, the caller first hears the
notice, and one WAV holds the notice, the caller and the operator - but not what the
operator says on mute - and the call record points to it. Old recordings go when their
retention period ends, and their records say so."""

from __future__ import annotations

import os
import time
import wave
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from app.db.database import Database
from app.db.models import CallDirection, CallRecord
from app.services.recordings import purge_recordings
from app.telephony.model import CallChanged, CallState
from app.telephony.recorder import CallRecorder
from app.telephony.recording import NOTICE_HZ
from tests.peer import SipPeer
from tests.telephony.conftest import DESK_TONE_HZ, Desk, call_desk

StartDesk = Callable[..., Desk]
StartPeer = Callable[..., SipPeer]
CALLER_HZ = 440.0


def read_pcm(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as wav:
        rate = wav.getframerate()
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    return samples.astype(np.float64), rate


def finished(path: Path) -> bool:
    """pjmedia writes the RIFF size into the header when the recorder is closed."""
    return path.read_bytes()[4:8] != b"\x00\x00\x00\x00"


def strength(samples: np.ndarray, rate: int, hz: float) -> float:
    """How much of ``samples``' energy is within 15 Hz of ``hz`` (0..1)."""
    power = np.abs(np.fft.rfft(samples * np.hanning(len(samples)))) ** 2
    freqs = np.fft.rfftfreq(len(samples), 1 / rate)
    total = float(power.sum()) or 1.0
    return float(power[np.abs(freqs - hz) <= 15].sum()) / total


def test_a_recorded_call_keeps_notice_caller_and_operator_but_not_the_muted_part(
    desk_phone: StartDesk, sip_peer: StartPeer, tmp_path: Path, database: Database
) -> None:
    folder = tmp_path / "recordings"
    desk = desk_phone(auto_answer_after=0.0, recordings=str(folder))
    desk.engine.subscribe(CallRecorder(database).on_event)
    caller = sip_peer("--signal", f"tone:{CALLER_HZ:g}")
    since = caller.mark()
    call_desk(caller, desk)
    caller.send({"cmd": "record", "path": str(tmp_path / "caller.wav")})  # before the answer

    talking = desk.log.call(CallState.CONNECTED)
    recorded = desk.log.wait(
        lambda e: isinstance(e, CallChanged) and e.call.id == talking.id and bool(e.call.recording)
    ).call
    assert recorded.recording.endswith(f"{talking.id}.wav")
    caller.wait_rx_packets(75)  # 1.5 s of talk
    desk.engine.mute(talking.id, True)
    desk.log.call(CallState.CONNECTED, id=talking.id, muted=True)
    caller.wait_rx_packets(75, start=caller.stats()["rx_packets"])
    caller.send({"cmd": "stop_record"})
    caller.send({"cmd": "hangup"})
    ended = desk.log.call(CallState.ENDED, id=talking.id)
    caller.wait_event("state", state="DISCONNECTED", since=since)

    heard, rate = read_pcm(tmp_path / "caller.wav")
    assert strength(heard[: rate * 2], rate, NOTICE_HZ) > 0.03, "the caller heard no notice"
    path = folder / ended.recording
    database.write_now(lambda s: None)  # the recorder's writes are done after this one
    stored = database.read(lambda s: s.get(CallRecord, talking.id))
    assert stored is not None and stored.recording_path == ended.recording
    assert finished(path)  # complete when the call is reported ended
    samples, rate = read_pcm(path)
    assert len(samples) > rate * 2.5
    assert strength(samples[:rate], rate, NOTICE_HZ) > 0.03  # the notice is in the file
    talk = samples[rate : int(rate * 1.5)]
    assert strength(talk, rate, CALLER_HZ) > 0.05
    assert strength(talk, rate, DESK_TONE_HZ) > 0.05
    muted = samples[-rate:]
    assert strength(muted, rate, CALLER_HZ) > 0.05
    assert strength(muted, rate, DESK_TONE_HZ) < 0.01, "the muted operator was recorded"


def test_without_recording_no_file_is_made(
    desk_phone: StartDesk, sip_peer: StartPeer, tmp_path: Path
) -> None:
    desk = desk_phone(auto_answer_after=0.0)
    caller = sip_peer()
    call_desk(caller, desk)
    talking = desk.log.call(CallState.CONNECTED)
    caller.wait_rx_packets(20)
    caller.send({"cmd": "hangup"})

    assert desk.log.call(CallState.ENDED, id=talking.id).recording == ""


def _record(database: Database, folder: Path, days_ago: int, name: str) -> Path:
    offered = datetime.now(UTC) - timedelta(days=days_ago)
    path = folder / f"{offered:%Y/%m/%d}" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"RIFF")
    stamp = time.time() - days_ago * 86400
    os.utime(path, (stamp, stamp))
    database.write_now(
        lambda s: s.add(
            CallRecord(
                sip_call_id=name,
                direction=CallDirection.INBOUND,
                offered_at=offered,
                recording_path=str(path.relative_to(folder)),
            )
        )
    )
    return path


def test_recordings_past_retention_are_deleted_and_their_records_cleared(
    database: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "recordings"
    old = _record(database, folder, 100, "old.wav")
    recent = _record(database, folder, 10, "recent.wav")
    orphan = folder / "2020/01/01/orphan.wav"  # no record: the desk stopped mid-call once
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"RIFF")
    os.utime(orphan, (0, 0))

    removed = purge_recordings(database, folder, keep_days=90).result(10)

    assert removed == 2
    assert not old.exists() and not orphan.exists() and recent.exists()
    assert not orphan.parent.exists()  # the empty day folder went too
    paths = database.read(lambda s: sorted(r.recording_path for r in s.query(CallRecord)))
    assert paths == ["", str(recent.relative_to(folder))]


def test_a_record_pointing_outside_the_folder_is_left_alone(
    database: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "recordings"
    outside = tmp_path / "precious.txt"
    outside.write_text("not a recording")
    database.write_now(
        lambda s: s.add(
            CallRecord(
                sip_call_id="x",
                direction=CallDirection.INBOUND,
                offered_at=datetime.now(UTC) - timedelta(days=400),
                recording_path="../precious.txt",
            )
        )
    )

    assert purge_recordings(database, folder, keep_days=90).result(10) == 0
    assert outside.exists()
