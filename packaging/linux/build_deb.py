"""Builds the .deb (and the plain tar.gz) from the one-folder bundle in dist/hotline-desk:
the bundle under /opt/hotline-desk, a launcher in /usr/bin, the desktop entry (tel: and
sip: links), the AppStream metainfo and the icon set, with the libraries Qt's xcb platform
needs as dependencies. `make deb` runs it; it prints where the packages are and their sizes.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from app import APP_NAME, __version__  # noqa: E402

ICON_SIZES = (16, 32, 48, 64, 128, 256)
#: What Qt's xcb platform plugin, OpenGL, fonts and PulseAudio need from the system (the
#: rest of Qt is in the bundle).
DEPENDS = (
    "libc6 (>= 2.28), libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0,"
    " libxcb-randr0, libxcb-render-util0, libxcb-image0, libxcb-xkb1, libxkbcommon-x11-0,"
    " libegl1, libgl1, libfontconfig1, libdbus-1-3, fonts-dejavu-core, libpulse0"
)
CONTROL = """Package: {name}
Version: {version}
Section: comm
Priority: optional
Architecture: amd64
Maintainer: Hotline Desk team <desk@hotline-desk.example.org>
Installed-Size: {size}
Depends: {depends}
Recommends: gnome-keyring
Description: operator desk and softphone for a public-services hotline
 Take the hotline's calls in a headset, verify callers, file tickets with a number the
 caller writes down, find answers offline and call citizens back about their portal
 requests. Opens tel: and sip: links.
"""
LAUNCHER = """#!/bin/sh
exec /opt/{name}/{name} "$@"
"""
POSTINST = """#!/bin/sh
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
"""


def _tree(bundle: Path, root: Path) -> None:
    shutil.copytree(bundle, root / "opt" / APP_NAME, symlinks=True)
    launcher = root / "usr" / "bin" / APP_NAME
    launcher.parent.mkdir(parents=True)
    launcher.write_text(LAUNCHER.format(name=APP_NAME), encoding="utf-8")
    launcher.chmod(0o755)
    linux = ROOT / "packaging" / "linux"
    applications = root / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copy(linux / f"{APP_NAME}.desktop", applications)
    metainfo = root / "usr" / "share" / "metainfo"
    metainfo.mkdir(parents=True)
    for path in linux.glob("*.metainfo.xml"):
        shutil.copy(path, metainfo)
    icons = ROOT / "resources" / "icons"
    for size in ICON_SIZES:
        folder = root / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy(icons / f"{APP_NAME}-{size}.png", folder / f"{APP_NAME}.png")
    scalable = root / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(icons / f"{APP_NAME}.svg", scalable)


def _size_kib(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) // 1024


def build(bundle: Path, out: Path) -> tuple[Path, Path]:
    """The .deb and the tar.gz of ``bundle`` in ``out``."""
    if not (bundle / APP_NAME).is_file():
        raise SystemExit(f"error: no bundle in {bundle}: run 'make bundle' first")
    out.mkdir(parents=True, exist_ok=True)
    staging = out / "deb-root"
    shutil.rmtree(staging, ignore_errors=True)
    _tree(bundle, staging)
    debian = staging / "DEBIAN"
    debian.mkdir()
    control = CONTROL.format(
        name=APP_NAME, version=__version__, size=_size_kib(staging), depends=DEPENDS
    )
    (debian / "control").write_text(control, encoding="utf-8")
    postinst = debian / "postinst"
    postinst.write_text(POSTINST, encoding="utf-8")
    postinst.chmod(0o755)
    deb = out / f"{APP_NAME}_{__version__}_amd64.deb"
    subprocess.run(  # noqa: S603 - a fixed tool
        ["dpkg-deb", "--root-owner-group", "-Zzstd", "--build", str(staging), str(deb)],
        check=True,
    )
    archive = out / f"{APP_NAME}-{__version__}-linux-x86_64.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=APP_NAME)
    shutil.rmtree(staging)
    return deb, archive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / APP_NAME)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    for path in build(args.bundle, args.out):
        print(f"{path} {path.stat().st_size / 1024 / 1024:.1f} MiB")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
