"""Call quality: a MOS estimate from RTCP figures (the ITU-T G.107 E-model, as softphones use it).

The estimate, step by step (what MicroSIP, PingPlotter and others do, with G.107's codec term):

1. Effective one-way latency, ms: ``RTT / 2 + 2 x jitter + 10``. Jitter counts twice because
   the receiver's jitter buffer holds about that much audio back; 10 ms stands for the codec
   and the sound device.
2. Delay impairment ``Id``: ``latency / 40`` below 160 ms, ``(latency - 120) / 10`` above
   (the knee where a conversation starts to feel like a walkie-talkie).
3. Effective equipment impairment, G.107's ``Ie + (95 - Ie) x Ppl / (Ppl / BurstR + Bpl)``
   with random loss (``BurstR = 1``): ``Ie_eff = Ie + (95 - Ie) x Ppl / (Ppl + Bpl)``, where
   ``Ppl`` is the packet loss in %,
   ``Ie`` the codec's own impairment and ``Bpl`` how well it hides a lost packet (table
   :data:`CODECS`; G.711 with packet loss concealment: ``Ie`` 0, ``Bpl`` 25.1).
4. ``R = 93.2 - Id - Ie_eff`` (93.2: the R that G.107 gives with all its parameters at their
   defaults), kept within 0..100.
5. G.107 Annex B: ``MOS = 1 + 0.035 R + 7e-6 R (R - 60) (100 - R)``, kept within 1..4.5.
   A flawless G.711 call scores R 92.95, MOS 4.40; 5 % loss R 77.2, MOS 3.91; 10 % loss
   R 65.9, MOS 3.40.

More loss, jitter or delay never raises the estimate (tests/unit/test_quality.py checks it).

Sampling: pjsua2's ``Call.getStreamStat(i).rtcp`` holds cumulative counters of one audio
stream - ``rxStat`` what we receive (packets, lost, our jitter measure), ``txStat`` what we
send as the far end's RTCP receiver reports describe it (lost, its jitter measure), and
``rttUsec``. :class:`QualityMeter` turns two readings into the loss *of the interval*
between them, so a bad patch shows at once and fades when it is over. The far end reports
only every few seconds, so the sending direction's loss is worked out between two reports
and kept until the next one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

#: How often the engine samples a connected call.
SAMPLE_SECONDS = 2.0
#: The fewest packets a loss figure from the far end's reports may rest on (1 s of audio).
MIN_REPORT_PACKETS = 50
#: Codec and sound device delay added to every latency (ms).
DEVICE_DELAY_MS = 10.0
#: G.107's default R of a perfect narrowband connection.
R_PERFECT = 93.2


@dataclass(frozen=True)
class CodecImpairment:
    """G.107's codec terms: the codec's own impairment and its packet-loss robustness."""

    ie: float
    bpl: float


#: Per codec we may negotiate (pjsua2 2.15.1 wheel: PCMU, PCMA, G.722, speex, iLBC, GSM,
#: L16; Opus for a future build). Values from ITU-T G.113 Appendix I where it has them:
#: G.711 with PLC 0/25.1 (pjmedia conceals lost G.711 frames), G.711 without PLC 0/4.3
#: (L16 has no concealment here). G.722 at 64 kbit/s is at least as good as G.711 on the
#: narrowband scale (G.113: Ie,wb 13 on the wideband scale, about -1 narrowband), so it gets
#: G.711's values. Speex, iLBC and GSM have no ITU loss figures: speex and iLBC get G.729A's
#: (Ie 11, Bpl 19.0), a CELP codec of similar rate; GSM full rate its G.113 Ie of 20 and
#: GSM-EFR's Bpl of 10.0. Opus: G.711's, as a wideband codec with good concealment.
CODECS: dict[str, CodecImpairment] = {
    "pcmu": CodecImpairment(0.0, 25.1),
    "pcma": CodecImpairment(0.0, 25.1),
    "g722": CodecImpairment(0.0, 25.1),
    "opus": CodecImpairment(0.0, 25.1),
    "l16": CodecImpairment(0.0, 4.3),
    "speex": CodecImpairment(11.0, 19.0),
    "ilbc": CodecImpairment(11.0, 19.0),
    "gsm": CodecImpairment(20.0, 10.0),
}
#: For a codec not in the table: the cautious G.729A-like figures.
UNKNOWN_CODEC = CodecImpairment(11.0, 19.0)


def codec_impairment(codec: str) -> CodecImpairment:
    """The table's entry for a codec name as pjsua2 gives it ("PCMA", "speex", "G722"...)."""
    key = codec.strip().lower().replace(".", "").split("/", 1)[0]
    return CODECS.get(key, UNKNOWN_CODEC)


def effective_latency(rtt_ms: float, jitter_ms: float) -> float:
    return max(0.0, rtt_ms) / 2 + 2 * max(0.0, jitter_ms) + DEVICE_DELAY_MS


def delay_impairment(latency_ms: float) -> float:
    """``Id`` for an effective one-way latency."""
    if latency_ms < 160:
        return latency_ms / 40
    return (latency_ms - 120) / 10


def loss_impairment(loss_pct: float, codec: CodecImpairment) -> float:
    """``Ie_eff`` for random packet loss (G.107 with BurstR = 1)."""
    ppl = min(100.0, max(0.0, loss_pct))
    return codec.ie + (95 - codec.ie) * ppl / (ppl + codec.bpl)


def r_factor(rtt_ms: float, jitter_ms: float, loss_pct: float, codec: str = "PCMA") -> float:
    """The transmission rating R, 0..100."""
    latency = effective_latency(rtt_ms, jitter_ms)
    r = R_PERFECT - delay_impairment(latency) - loss_impairment(loss_pct, codec_impairment(codec))
    return min(100.0, max(0.0, r))


def mos_from_r(r: float) -> float:
    """G.107 Annex B's mapping, clamped to 1..4.5 (below R 6.5 the polynomial dips under 1)."""
    if r <= 0:
        return 1.0
    if r >= 100:
        return 4.5
    mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)
    return min(4.5, max(1.0, mos))


@dataclass(frozen=True)
class QualitySample:
    """One estimate of a call's sound, from the last interval (about 2 s)."""

    rtt_ms: float  # 0 until the first RTCP round trip (about 5 s into the call)
    jitter_ms: float  # the worse of ours (received audio) and the far end's report
    loss_pct: float  # the worse direction, over the interval only
    codec: str
    mos: float
    r: float


def estimate(rtt_ms: float, jitter_ms: float, loss_pct: float, codec: str) -> QualitySample:
    r = r_factor(rtt_ms, jitter_ms, loss_pct, codec)
    return QualitySample(
        rtt_ms=round(rtt_ms, 2),
        jitter_ms=round(jitter_ms, 2),
        loss_pct=round(loss_pct, 2),
        codec=codec,
        mos=round(mos_from_r(r), 2),
        r=round(r, 1),
    )


@dataclass(frozen=True)
class QualitySummary:
    """A call's quality so far: the worst and average MOS, the worst loss and jitter."""

    samples: int = 0
    mos_min: float | None = None
    mos_avg: float | None = None
    loss_pct: float | None = None  # worst interval
    jitter_ms: float | None = None  # worst sample
    rtt_ms: float | None = None  # average of the samples that had a round trip
    rtt_samples: int = 0

    def add(self, sample: QualitySample) -> QualitySummary:
        n = self.samples
        rtt, rtt_n = self.rtt_ms, self.rtt_samples
        if sample.rtt_ms > 0:
            rtt = ((rtt or 0.0) * rtt_n + sample.rtt_ms) / (rtt_n + 1)
            rtt_n += 1
        mos_sum = (self.mos_avg or 0.0) * n + sample.mos
        return replace(
            self,
            samples=n + 1,
            mos_min=min(self.mos_min or 5.0, sample.mos),
            mos_avg=mos_sum / (n + 1),
            loss_pct=max(self.loss_pct or 0.0, sample.loss_pct),
            jitter_ms=max(self.jitter_ms or 0.0, sample.jitter_ms),
            rtt_ms=rtt,
            rtt_samples=rtt_n,
        )


@dataclass(frozen=True)
class StreamCounters:
    """One reading of a stream's cumulative RTCP figures, as plain numbers."""

    at: float  # when read (time.monotonic(), s)
    wall: float  # when read (time.time(), s): the far end's reports are stamped in it
    codec: str
    rx_packets: int
    rx_lost: int
    rx_jitter_ms: float
    tx_packets: int
    tx_lost: int  # cumulative, as the far end's last receiver report said
    tx_jitter_ms: float  # the far end's last report
    tx_reports: int  # how many receiver reports have arrived
    tx_report_at: float  # when the last one arrived (wall clock, s)
    rtt_ms: float


def read_counters(call: Any, media_index: int) -> StreamCounters:
    """Read a pjsua2 Call's stream figures (engine thread; raises pj.Error without media)."""
    stat = call.getStreamStat(media_index)
    info = call.getStreamInfo(media_index)
    rtcp = stat.rtcp  # keep the parents alive while reading their members
    rx, tx = rtcp.rxStat, rtcp.txStat
    update = tx.update
    return StreamCounters(
        at=time.monotonic(),
        wall=time.time(),
        codec=str(info.codecName),
        rx_packets=int(rx.pkt),
        rx_lost=int(rx.loss),
        rx_jitter_ms=int(rx.jitterUsec.last) / 1000,
        tx_packets=int(tx.pkt),
        tx_lost=int(tx.loss),
        tx_jitter_ms=int(tx.jitterUsec.last) / 1000,
        tx_reports=int(tx.updateCount),
        tx_report_at=int(update.sec) + int(update.msec) / 1000,
        rtt_ms=int(rtcp.rttUsec.last) / 1000,
    )


def loss_percent(lost: int, arrived: int) -> float:
    """Loss of an interval in %: 0 when nothing was expected (silence, hold)."""
    lost, arrived = max(0, lost), max(0, arrived)
    expected = lost + arrived
    return 100.0 * lost / expected if expected else 0.0


class QualityMeter:
    """Turns successive readings of one call into samples and keeps the call's summary.

    Counters that go backwards (a re-INVITE gave the call a new stream) start again from
    zero: the reading then counts as an interval from the stream's start.
    """

    def __init__(self) -> None:
        self.summary = QualitySummary()
        self._last: StreamCounters | None = None
        # What we had sent and the far end had lost when its last report was written:
        self._reports = 0
        self._sent_at_report = 0.0
        self._lost_at_report = 0
        self._tx_loss_pct = 0.0

    def rebase(self) -> None:
        """Forget the last reading (after hold): the next one only starts an interval."""
        self._last = None

    def sample(self, now: StreamCounters) -> QualitySample | None:
        """The sample for the interval since the last reading; None for the first one."""
        last, self._last = self._last, now
        if now.tx_reports < self._reports or now.tx_lost < self._lost_at_report:
            self._reports, self._sent_at_report, self._lost_at_report = 0, 0.0, 0
        if last is None:
            return None
        if now.rx_packets < last.rx_packets or now.rx_lost < last.rx_lost:
            last = replace(last, rx_packets=0, rx_lost=0)
        rx_loss = loss_percent(now.rx_lost - last.rx_lost, now.rx_packets - last.rx_packets)
        if now.tx_reports != self._reports:
            self._tx_loss_pct = self._report_loss(last, now)
        sample = estimate(
            rtt_ms=now.rtt_ms,
            jitter_ms=max(now.rx_jitter_ms, now.tx_jitter_ms),
            loss_pct=max(rx_loss, self._tx_loss_pct),
            codec=now.codec,
        )
        self.summary = self.summary.add(sample)
        return sample

    def _report_loss(self, last: StreamCounters, now: StreamCounters) -> float:
        """Loss of what we sent between the far end's last two receiver reports.

        A report counts what had arrived when it was written, not what we have sent since:
        the packets sent up to the report are our count now less what our sending rate
        added after it arrived. A report that covers too few packets (pjmedia sends its
        first one after 10) is joined to the next one.
        """
        elapsed = now.at - last.at
        rate = (now.tx_packets - last.tx_packets) / elapsed if elapsed > 0 else 0.0
        since_report = max(0.0, now.wall - now.tx_report_at)
        sent_at_report = max(self._sent_at_report, now.tx_packets - rate * since_report)
        sent = sent_at_report - self._sent_at_report
        if sent < MIN_REPORT_PACKETS:
            return self._tx_loss_pct
        lost = now.tx_lost - self._lost_at_report
        self._reports = now.tx_reports
        self._sent_at_report, self._lost_at_report = sent_at_report, now.tx_lost
        return min(100.0, 100.0 * max(0, lost) / sent)
