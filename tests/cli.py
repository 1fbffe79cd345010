"""Running the installed `hotline-desk` command in tests, with every per-user file in one folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from app.paths import HOME_ENV

COMMAND_TIMEOUT = 60


def hotline_desk() -> str:
    """The console script pip installed next to this Python."""
    found = shutil.which("hotline-desk", path=str(Path(sys.executable).parent))
    assert found is not None, "the hotline-desk entry point is not installed in this venv"
    return found


def run_desk(
    home: Path, *args: str, command: list[str] | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the command offscreen, without a keyring, under ``home``; ``env`` adds variables."""
    environment = {
        **os.environ,
        HOME_ENV: str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        **env,
    }
    return subprocess.run(
        [*(command or [hotline_desk()]), *args],
        env=environment,
        cwd=home if home.exists() else None,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
