"""Where the desk keeps its files: per-user directories (platformdirs) and bundled resources."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

from app import APP_NAME

#: Set this to a directory to keep every per-user file under it (tests, portable runs).
HOME_ENV = "HOTLINE_DESK_HOME"
#: Set this to the machine-wide settings file to read instead of the system's ('' for none).
MACHINE_ENV = "HOTLINE_DESK_MACHINE_SETTINGS"


def machine_settings_path() -> Path | None:
    """The settings file an administrator fills for every user of the machine: values set
    there are locked. /etc/hotline-desk/settings.json on Linux, %ProgramData%/Hotline
    Desk/settings.json on Windows; none for a desk with its own home (tests, portable)."""
    if MACHINE_ENV in os.environ:
        return Path(os.environ[MACHINE_ENV]) if os.environ[MACHINE_ENV] else None
    if os.environ.get(HOME_ENV):
        return None
    if sys.platform == "win32":
        base = Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData"))
        return base / "Hotline Desk" / "settings.json"
    return Path("/etc/hotline-desk/settings.json")


@dataclass(frozen=True)
class AppDirs:
    """The four per-user directories; created on first use by :meth:`ensure`."""

    config: Path
    data: Path
    log: Path
    cache: Path

    @classmethod
    def default(cls) -> AppDirs:
        home = os.environ.get(HOME_ENV)
        if home:
            root = Path(home)
            return cls(root / "config", root / "data", root / "log", root / "cache")
        dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
        return cls(
            Path(dirs.user_config_dir),
            Path(dirs.user_data_dir),
            Path(dirs.user_log_dir),
            Path(dirs.user_cache_dir),
        )

    @property
    def recordings(self) -> Path:
        """Call recordings (when recording is on): YYYY/MM/DD/<call id>.wav."""
        return self.data / "recordings"

    def ensure(self) -> AppDirs:
        for path in (self.config, self.data, self.log, self.cache):
            path.mkdir(parents=True, exist_ok=True)
        return self

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def database_file(self) -> Path:
        return self.data / "hotline-desk.sqlite3"

    @property
    def crash_dir(self) -> Path:
        return self.log / "crashes"


def resource_path(*parts: str) -> Path:
    """A file or folder under ``resources/``, found the same way from source and from a bundle."""
    base = resources.files("resources")
    return Path(str(base.joinpath(*parts)))
