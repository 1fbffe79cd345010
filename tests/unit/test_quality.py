"""The call quality estimate: the E-model's known points and shape, and interval sampling."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.telephony.quality import (
    CODECS,
    QualityMeter,
    QualitySample,
    QualitySummary,
    StreamCounters,
    codec_impairment,
    estimate,
    loss_impairment,
    mos_from_r,
    r_factor,
)

codecs = st.sampled_from([*sorted(CODECS), "PCMA", "speex/16000", "AMR"])
rtts = st.floats(min_value=0, max_value=3000, allow_nan=False)
jitters = st.floats(min_value=0, max_value=1000, allow_nan=False)
losses = st.floats(min_value=0, max_value=100, allow_nan=False)


# --- the E-model ---------------------------------------------------------------------------


def test_g107_default_rating_maps_to_mos_4_41() -> None:
    assert mos_from_r(93.2) == pytest.approx(4.41, abs=0.005)


@pytest.mark.parametrize(
    ("rtt_ms", "jitter_ms", "r", "mos"),
    [
        # baresip's test vectors (test/mos.c), whose latency is RTT + 2 x jitter + 10:
        # ours halves the RTT, so their 500 ms is our 1000 ms.
        (0.0, 0.0, 92.95, 4.404),
        (1000.0, 0.0, 54.20, 2.796),
        (0.0, 100.0, 84.20, 4.172),
        (0.0, 200.0, 64.20, 3.315),
    ],
)
def test_delay_and_jitter_match_published_points(
    rtt_ms: float, jitter_ms: float, r: float, mos: float
) -> None:
    got = r_factor(rtt_ms, jitter_ms, 0.0, "PCMA")
    assert got == pytest.approx(r, abs=0.01)
    assert mos_from_r(got) == pytest.approx(mos, abs=0.001)


def test_loss_equal_to_the_codecs_robustness_costs_half_the_remaining_rating() -> None:
    # G.107: with Ppl = Bpl (random loss), Ie_eff = Ie + (95 - Ie) / 2.
    g711 = codec_impairment("PCMU")
    assert loss_impairment(g711.bpl, g711) == pytest.approx(47.5)
    speex = codec_impairment("speex")
    assert loss_impairment(speex.bpl, speex) == pytest.approx(speex.ie + (95 - speex.ie) / 2)


def test_a_clean_lan_call_is_excellent_and_ten_percent_loss_is_not() -> None:
    clean = estimate(rtt_ms=1.0, jitter_ms=1.0, loss_pct=0.0, codec="PCMA")
    lossy = estimate(rtt_ms=1.0, jitter_ms=1.0, loss_pct=10.0, codec="PCMA")
    assert clean.mos >= 4.3
    assert 3.0 < lossy.mos < 3.6


def test_codec_names_as_pjsua2_gives_them() -> None:
    assert codec_impairment("PCMA") == codec_impairment("pcmu") == CODECS["pcma"]
    assert codec_impairment("G722") == CODECS["g722"]
    assert codec_impairment("speex/16000") == CODECS["speex"]
    assert codec_impairment("iLBC") == CODECS["ilbc"]
    # A low-rate codec sounds worse than G.711 on the same network.
    assert r_factor(20, 5, 2, "speex") < r_factor(20, 5, 2, "PCMA")
    assert r_factor(20, 5, 2, "GSM") < r_factor(20, 5, 2, "speex")
    assert r_factor(20, 5, 2, "AMR") < r_factor(20, 5, 2, "PCMA")  # unknown: cautious


@given(rtts, jitters, losses, losses, codecs)
def test_more_loss_never_raises_the_estimate(
    rtt: float, jitter: float, loss: float, more: float, codec: str
) -> None:
    low, high = sorted((loss, more))
    assert r_factor(rtt, jitter, high, codec) <= r_factor(rtt, jitter, low, codec)
    assert mos_from_r(r_factor(rtt, jitter, high, codec)) <= mos_from_r(
        r_factor(rtt, jitter, low, codec)
    )


@given(rtt=rtts, rtt2=rtts, jitter=jitters, jitter2=jitters, loss=losses, codec=codecs)
def test_more_delay_or_jitter_never_raises_the_estimate(
    *, rtt: float, rtt2: float, jitter: float, jitter2: float, loss: float, codec: str
) -> None:
    (rtt_low, rtt_high), (j_low, j_high) = sorted((rtt, rtt2)), sorted((jitter, jitter2))
    best = estimate(rtt_low, j_low, loss, codec)
    assert estimate(rtt_high, j_low, loss, codec).mos <= best.mos
    assert estimate(rtt_low, j_high, loss, codec).mos <= best.mos


@given(rtts, jitters, losses, codecs)
def test_estimates_stay_in_bounds(rtt: float, jitter: float, loss: float, codec: str) -> None:
    sample = estimate(rtt, jitter, loss, codec)
    assert 0.0 <= sample.r <= 100.0
    assert 1.0 <= sample.mos <= 4.5


@given(st.floats(min_value=-50, max_value=150, allow_nan=False))
def test_mos_never_falls_as_r_rises(r: float) -> None:
    assert 1.0 <= mos_from_r(r) <= 4.5
    assert mos_from_r(r) <= mos_from_r(r + 0.5)


# --- sampling --------------------------------------------------------------------------------


def reading(
    at: float,
    *,
    rx: tuple[int, int] = (0, 0),
    tx: tuple[int, int] = (0, 0),
    reports: int = 0,
    report_at: float = 0.0,
    rx_jitter: float = 0.0,
    tx_jitter: float = 0.0,
    rtt: float = 0.0,
) -> StreamCounters:
    """A reading at ``at`` s; the wall clock runs 1000 s ahead of the monotonic one."""
    return StreamCounters(
        at=at,
        wall=at + 1000,
        codec="PCMA",
        rx_packets=rx[0],
        rx_lost=rx[1],
        rx_jitter_ms=rx_jitter,
        tx_packets=tx[0],
        tx_lost=tx[1],
        tx_jitter_ms=tx_jitter,
        tx_reports=reports,
        tx_report_at=report_at + 1000 if reports else 0.0,
        rtt_ms=rtt,
    )


def test_loss_is_of_the_last_interval_not_of_the_whole_call() -> None:
    meter = QualityMeter()
    assert meter.sample(reading(0)) is None  # the first reading only starts an interval
    bad = meter.sample(reading(2, rx=(90, 10)))
    good = meter.sample(reading(4, rx=(190, 10)))
    assert bad is not None and good is not None
    assert bad.loss_pct == pytest.approx(10.0)
    assert good.loss_pct == 0.0  # over the call so far it would be 5 %
    assert good.mos > bad.mos


def test_counters_that_start_again_count_from_zero() -> None:
    meter = QualityMeter()
    meter.sample(reading(0, rx=(400, 40)))
    meter.sample(reading(2, rx=(500, 50)))
    after_reinvite = meter.sample(reading(4, rx=(40, 10)))  # a new stream
    assert after_reinvite is not None
    assert after_reinvite.loss_pct == pytest.approx(20.0)


def test_an_interval_without_packets_is_no_evidence_of_loss() -> None:
    meter = QualityMeter()
    meter.sample(reading(0, rx=(100, 5)))
    quiet = meter.sample(reading(2, rx=(100, 5)))
    assert quiet is not None
    assert quiet.loss_pct == 0.0
    assert quiet.mos >= 4.3


def test_after_a_rebase_the_next_reading_only_starts_an_interval() -> None:
    meter = QualityMeter()
    meter.sample(reading(0))
    assert meter.sample(reading(2, rx=(100, 0))) is not None
    meter.rebase()  # the call went on hold
    assert meter.sample(reading(10, rx=(150, 40))) is None
    resumed = meter.sample(reading(12, rx=(250, 40)))
    assert resumed is not None and resumed.loss_pct == 0.0
    assert meter.summary.samples == 2


def test_far_end_reports_give_the_loss_of_what_we_send_between_two_reports() -> None:
    """We send 50 packets a second; the far end reports at 1.0 s, 5.2 s and 10.6 s."""
    meter = QualityMeter()
    meter.sample(reading(0))
    # The first report came after 50 packets (1.0 s); 5 of them were lost.
    first = meter.sample(reading(2, tx=(100, 5), reports=1, report_at=1.0))
    assert first is not None and first.loss_pct == pytest.approx(10.0)
    # No new report: the figure is kept.
    kept = meter.sample(reading(4, tx=(200, 5), reports=1, report_at=1.0))
    assert kept is not None and kept.loss_pct == pytest.approx(10.0)
    # 5.2 s: 260 sent by then, 210 since the last report, 21 more lost.
    second = meter.sample(reading(6, tx=(300, 26), reports=2, report_at=5.2))
    assert second is not None and second.loss_pct == pytest.approx(10.0, abs=0.5)
    assert meter.sample(reading(8, tx=(400, 26), reports=2, report_at=5.2)) is not None
    # 10.6 s: 530 sent, 270 since 5.2 s, none lost.
    third = meter.sample(reading(12, tx=(600, 26), reports=3, report_at=10.6))
    assert third is not None and third.loss_pct == pytest.approx(0.0)


def test_a_report_on_too_few_packets_is_joined_to_the_next() -> None:
    meter = QualityMeter()
    meter.sample(reading(0))
    # pjmedia's first report comes after 10 packets: 3 lost of 10 would say 30 %, and the
    # figure must rest on more than that (quality.MIN_REPORT_PACKETS).
    early = meter.sample(reading(2, tx=(100, 3), reports=1, report_at=0.2))
    assert early is not None and early.loss_pct == 0.0
    # The next report, at 5.0 s (250 sent), makes it 3 + 22 lost of 250.
    later = meter.sample(reading(6, tx=(300, 25), reports=2, report_at=5.0))
    assert later is not None and later.loss_pct == pytest.approx(10.0, abs=0.5)


def test_the_worse_direction_and_the_worse_jitter_count() -> None:
    meter = QualityMeter()
    meter.sample(reading(0))
    sample = meter.sample(
        reading(2, rx=(98, 2), tx=(100, 10), reports=1, report_at=2.0, rx_jitter=3, tx_jitter=30)
    )
    assert sample is not None
    assert sample.loss_pct == pytest.approx(10.0)
    assert sample.jitter_ms == 30


def test_the_summary_keeps_the_worst_and_the_averages() -> None:
    samples: list[QualitySample] = [
        estimate(rtt, jitter, loss, "PCMA")
        for rtt, jitter, loss in ((0.0, 2.0, 0.0), (40.0, 25.0, 8.0), (20.0, 5.0, 1.0))
    ]
    summary = QualitySummary()
    for sample in samples:
        summary = summary.add(sample)
    assert summary.samples == 3
    assert summary.mos_min == min(s.mos for s in samples)
    assert summary.mos_avg == pytest.approx(sum(s.mos for s in samples) / 3)
    assert summary.loss_pct == 8.0
    assert summary.jitter_ms == 25.0
    assert summary.rtt_ms == pytest.approx(30.0)  # the sample before the first round trip
