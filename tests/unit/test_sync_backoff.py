"""The sync worker's wait after failures: doubling from 1 s to a 60 s ceiling, with jitter
so desks that lost the server together do not all come back in the same second."""

from __future__ import annotations

import pytest

from app.sync.worker import BACKOFF_SECONDS, backoff


def test_waits_double_up_to_a_minute() -> None:
    middle = [backoff(n, jitter=lambda: 0.5) for n in range(1, 10)]
    assert middle == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 60.0, 60.0, 60.0]
    assert backoff(0) == 0.0  # no failure, no wait


def test_jitter_spreads_each_wait_by_a_fifth_either_way() -> None:
    for failures, base in enumerate(BACKOFF_SECONDS, start=1):
        low, high = backoff(failures, jitter=lambda: 0.0), backoff(failures, jitter=lambda: 1.0)
        assert (low, high) == (pytest.approx(base * 0.8), pytest.approx(base * 1.2))
