"""Shared test fixtures. The real-service fixtures live in tests/services.py and tests/sip/."""

import os

# Widgets render offscreen unless a test asks for a real X server (xvfb_display), and no
# test touches the developer's own display: global hotkeys would grab their real keyboard.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("DISPLAY", None)

from tests.central import central, hub, relay
from tests.services import (
    pg_url,
    pgbouncer,
    postgres_server,
    secret_service,
    xvfb_display,
)
from tests.sip.fixtures import kamailio, sipp_uas

__all__ = [
    "central",
    "hub",
    "kamailio",
    "pg_url",
    "pgbouncer",
    "postgres_server",
    "relay",
    "secret_service",
    "sipp_uas",
    "xvfb_display",
]
