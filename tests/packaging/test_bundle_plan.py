"""What the one-folder bundle takes (packaging/bundle_plan.py), read without building it:
the parts of Qt the desk needs stay (the FFmpeg audio plugin and what it links, the xcb and
Wayland platforms, Russian and English Qt texts), the parts it never loads go; the files it
reads at run time and pjsua2's libraries (TLS) are in."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
from bundle_plan import HIDDEN, binaries, datas, qt_keep  # noqa: E402

KEPT = [
    "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
    "PySide6/Qt/lib/libQt6Quick.so.6",  # the FFmpeg plugin links Quick and the QML core
    "PySide6/Qt/lib/libQt6Qml.so.6",
    "PySide6/Qt/lib/libavcodec.so.61",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/lib/libQt6Charts.so.6",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/translations/qtbase_ru.qm",
    "PySide6\\Qt\\translations\\qtbase_en.qm",
    "libharfbuzz.so.0",
]
DROPPED = [
    "PySide6/Qt/lib/libQt6WebEngineCore.so.6",
    "PySide6/Qt/lib/libQt6QuickControls2.so.6",
    "PySide6/Qt/lib/libQt6Pdf.so.6",
    "PySide6/Qt/lib/libQt63DCore.so.6",
    "PySide6/Qt/plugins/qmltooling/libqmldbg_debugger.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "libgtk-3.so.0",
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6\\Qt\\plugins\\sqldrivers\\qsqlite.dll",
]


@pytest.mark.parametrize("path", KEPT)
def test_what_the_desk_uses_stays(path: str) -> None:
    assert qt_keep(path)


@pytest.mark.parametrize("path", DROPPED)
def test_what_it_never_loads_goes(path: str) -> None:
    assert not qt_keep(path)


def test_the_run_time_files_and_pjsua2_are_in() -> None:
    bundled = {Path(source).name: folder for source, folder in datas()}
    migrations = sorted((ROOT / "app/db/migrations/versions").glob("0*.py"))
    assert all(bundled[path.name] == "app/db/migrations/versions" for path in migrations)
    assert bundled["env.py"] == "app/db/migrations"
    assert bundled["reference.json"] == "resources/demo"
    assert bundled["hotline-desk.svg"] == "resources/icons"
    assert not any(name.endswith(".ts") for name in bundled)  # sources, not what runs
    assert {"pjsua2.pjsua2", "pjsua2._pjsua2", "ui.application"} <= set(HIDDEN)
    libs = {Path(source).name.split("-")[0]: folder for source, folder in binaries()}
    assert libs["libcrypto"] == "pjsua2_python.libs"  # where pjsua2 sets up OpenSSL
