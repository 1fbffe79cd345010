"""What the command line hands to a front end when it starts the window."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LaunchOptions:
    """``screenshot``: render the main window to this PNG offscreen and exit.
    ``crash_dialog``: False for smoke runs and CI (crashes are only written to files).
    ``language``: overrides the language setting for this run only.
    ``demo_call``: a simulated caller rings the desk once it is up (Ready is set for it).
    ``dial``: a ``tel:``/``sip:`` link to call (click-to-call), asked before dialling."""

    screenshot: Path | None = None
    crash_dialog: bool = True
    language: str | None = None
    demo_call: bool = False
    dial: str | None = None
