"""Flood guard: keeps a burst of INVITEs from exhausting pjsua2's socket slots and aborting.

pjlib's select ioqueue in the pjsua2-python wheel has 64 socket slots and keeps a closed
socket's slot for 500 ms (PJ_IOQUEUE_KEY_FREE_DELAY); each call opens two (RTP and RTCP)
before onIncomingCall even runs. About 30 calls inside half a second - a SIPp burst, a
misbehaving PBX, an attacker - use them all up, and the wheel, built with assertions, then
aborts the whole desk (pjsip issue 2617; seen here). The engine therefore stops reading the
network while too many calls were created recently; the kernel queues what arrives, SIP
retransmits the rest, and the desk stays up.
"""

from __future__ import annotations

import collections

#: How long a closed socket's slot stays taken, with a margin.
WINDOW_SECONDS = 0.6
#: Calls created inside the window before the engine pauses. pjsip handles up to 16 network
#: events per poll, so a poll that starts below this can add 16 more: 8 + 16 calls use 48
#: slots, leaving room for the SIP transports and the calls already up.
CALLS_PER_WINDOW = 8


class CallRateGuard:
    """Counts recent call creations; the engine asks it whether to read the network."""

    def __init__(self, window: float = WINDOW_SECONDS, limit: int = CALLS_PER_WINDOW) -> None:
        self.window = window
        self.limit = limit
        self._created: collections.deque[float] = collections.deque()
        self.pauses = 0

    def record(self, now: float) -> None:
        self._created.append(now)

    def _expire(self, now: float) -> None:
        while self._created and now - self._created[0] >= self.window:
            self._created.popleft()

    def saturated(self, now: float) -> bool:
        self._expire(now)
        return len(self._created) >= self.limit

    def wait_time(self, now: float) -> float:
        """Seconds until the oldest recent call leaves the window (0 when not saturated)."""
        if not self.saturated(now):
            return 0.0
        return max(0.0, self.window - (now - self._created[0]))
