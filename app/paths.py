"""Where the desk keeps its files: per-user directories (platformdirs) and bundled resources."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

from app import APP_NAME

#: Set this to a directory to keep every per-user file under it (tests, portable runs).
HOME_ENV = "HOTLINE_DESK_HOME"


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
