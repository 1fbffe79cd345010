"""Interface language: loads the compiled translations and switches them live.

Widgets re-set their texts in ``retranslate_ui()`` when Qt sends them a
LanguageChange event (Frescobaldi's pattern), so a switch needs no restart.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from app.paths import resource_path
from app.settings import Language

log = logging.getLogger(__name__)

CATALOGUE = "hotline_desk"


def catalogue_path(language: Language) -> Path:
    return resource_path("translations", f"{CATALOGUE}_{language.value}.qm")


class LanguageManager(QObject):
    """Owns the installed translators; ``language_changed`` fires after a switch."""

    language_changed = Signal(str)  # the new language code, "ru" or "en"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._translators: list[QTranslator] = []
        self.language = Language.ENGLISH
        self.missing: list[str] = []

    def apply(self, language: Language) -> bool:
        """Switch the interface to ``language``; False when its catalogue is not built."""
        app = QCoreApplication.instance()
        assert app is not None, "a QApplication must exist"
        for translator in self._translators:
            app.removeTranslator(translator)
        self._translators.clear()
        self.missing.clear()
        ok = True
        if language is not Language.ENGLISH:
            ours = QTranslator(self)
            if ours.load(str(catalogue_path(language))):
                self._translators.append(ours)
            else:
                ok = False
                self.missing.append(str(catalogue_path(language)))
                log.warning("translation %s not built; run 'make translations'", language.value)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            base = QTranslator(self)
            if base.load(f"qtbase_{language.value}", qt_dir):
                self._translators.append(base)
        for translator in self._translators:
            app.installTranslator(translator)
        QLocale.setDefault(QLocale(language.value))
        self.language = language
        self.language_changed.emit(language.value)
        return ok
