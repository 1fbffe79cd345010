"""`hotline-desk sync --once`: one sync cycle with the central database, for scripts.

Pushes everything waiting in the outbox, pulls until caught up, prints one line (online or
offline, what is still waiting, what the server refused, the last good sync) and exits 0
when the cycle finished, 1 when the server could not be reached (the reason is printed;
nothing is lost: it waits in the outbox), 2 when this desk has no central database.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.desk import open_desk
from app.sync.worker import Link


def add_parser(commands: Any) -> None:
    sync = commands.add_parser("sync", help="synchronise with the central database")
    sync.add_argument(
        "--once", action="store_true", required=True, help="one push and pull, then exit"
    )


def run(_args: argparse.Namespace) -> int:
    desk = open_desk()
    try:
        if desk.sync is None:
            print(  # noqa: T201 - this command's output is the report
                "error: this desk works on its embedded database only"
                " (set database.mode to 'central' in the settings)",
                file=sys.stderr,
            )
            return 2
        status = desk.sync.run_once()
        last = status.last_sync.isoformat(timespec="seconds") if status.last_sync else "never"
        line = f"{status.link.value}: {status.pending} waiting, {status.refused} refused"
        line += f", last sync {last}"
        if status.link is Link.OFFLINE:
            reason = f"error: the central database did not answer: {status.reason}"
            print(f"{line}\n{reason}", file=sys.stderr)  # noqa: T201
            return 1
        print(line)  # noqa: T201 - this command's output is the report
        return 0
    finally:
        desk.close()
