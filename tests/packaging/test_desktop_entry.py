"""What the Linux desktop learns about the desk: the .desktop entry (it opens tel:, callto:,
sip: and sips: links with the desk) and the AppStream metainfo pass the validators their
Debian packages ship; the icon set is complete and drawn from the one SVG."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.services import require_service
from ui.application import _application

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging" / "linux" / "hotline-desk.desktop"
METAINFO = ROOT / "packaging" / "linux" / "org.hotline_desk.HotlineDesk.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256)


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        require_service(f"{name} not found: apt install {package}")
    return found


@pytest.mark.service
def test_the_desktop_entry_is_valid_and_opens_call_links() -> None:
    checked = subprocess.run(
        [tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "hotline-desk %u"  # the link is handed to the desk
    schemes = {m.removeprefix("x-scheme-handler/") for m in desktop["MimeType"].split(";") if m}
    assert schemes == {"tel", "callto", "sip", "sips"}
    assert desktop["Name[ru]"] and desktop["Comment[ru]"]


@pytest.mark.service
def test_the_metainfo_is_valid_and_names_the_desktop_entry() -> None:
    checked = subprocess.run(
        [tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    text = METAINFO.read_text(encoding="utf-8")
    assert f'<launchable type="desktop-id">{DESKTOP.name}</launchable>' in text


def test_the_icon_set_is_complete() -> None:
    assert (ICONS / "hotline-desk.svg").read_text(encoding="utf-8").startswith("<?xml")
    for size in SIZES:
        image = QImage(str(ICONS / f"hotline-desk-{size}.png"))
        assert (image.width(), image.height()) == (size, size), size
        assert image.hasAlphaChannel()  # rounded corners, no white box


def test_the_window_has_the_icon_and_names_its_desktop_entry(qapp: object) -> None:
    app = _application()
    assert not app.windowIcon().isNull()
    assert app.windowIcon().pixmap(64, 64).width() == 64  # the SVG renders
    assert f"{app.desktopFileName()}.desktop" == DESKTOP.name
