"""Russian by default, English on request, switched live; the Russian catalogue is complete."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.settings import Language, Options
from ui.i18n import LanguageManager
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "hotline_desk_ru.ts"


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    found = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found[(name, message.findtext("source") or "")] = translation
    return found


def test_window_starts_in_russian(window: MainWindow) -> None:
    assert window.desk_menu.title() == "&Программа"
    assert window.call_panel.caller_label.text() == "Ожидание звонка"
    assert window.workspace.tabText(0) == "Проверка"


def test_switch_to_english_retranslates_live(
    qtbot: QtBot, window: MainWindow, languages: LanguageManager
) -> None:
    with qtbot.waitSignal(languages.language_changed, timeout=2000):
        languages.apply(Language.ENGLISH)

    qtbot.waitUntil(lambda: window.desk_menu.title() == "&Desk", timeout=2000)
    assert window.status.state_combo.currentText() == "Not ready"
    assert window.knowledge.title.text() == "Knowledge base"
    assert "MSK" in window.status.clock_label.text()

    languages.apply(Language.RUSSIAN)
    qtbot.waitUntil(lambda: window.desk_menu.title() == "&Программа", timeout=2000)


def test_language_chosen_in_settings_is_applied_and_kept(
    qtbot: QtBot, window: MainWindow, languages: LanguageManager
) -> None:
    dialog = window.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.save()

    qtbot.waitUntil(lambda: window.desk_menu.title() == "&Desk", timeout=2000)
    assert window.desk.settings.get(Options.LANGUAGE) is Language.ENGLISH
    assert '"ui.language": "en"' in window.desk.settings.path.read_text(encoding="utf-8")


def _translated(translation: ET.Element) -> bool:
    forms = translation.findall("numerusform")
    if forms:  # plurals: Russian needs all three forms
        return len(forms) == 3 and all((f.text or "").strip() for f in forms)
    return bool((translation.text or "").strip())


def test_russian_catalogue_has_every_string_translated() -> None:
    unfinished = [
        source
        for (_context, source), translation in _messages(TS).items()
        if translation.get("type") == "unfinished" or not _translated(translation)
    ]
    assert unfinished == []


def test_russian_catalogue_covers_every_string_in_the_code(tmp_path: Path) -> None:
    """lupdate over ui/ finds no string that the committed catalogue lacks."""
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([str(lupdate), "-silent", *sources, "-ts", str(fresh)], check=True, cwd=ROOT)
    in_code = {key for key, tr in _messages(fresh).items() if tr.get("type") != "vanished"}
    committed = {
        key for key, tr in _messages(TS).items() if tr.get("type") not in {"vanished", "obsolete"}
    }
    assert sorted(in_code - committed) == []
