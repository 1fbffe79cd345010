"""Starts the Qt front end: the application, language, crash dialog and the main window.

Also renders the main window to a PNG offscreen (``--screenshot``) for docs and tests.
"""

from __future__ import annotations

import logging
import os
import sys

from app import APP_NAME, APP_TITLE
from app.crash import install_crash_handler
from app.db.engine import DatabaseUnavailable
from app.desk import Desk, open_desk
from app.launch import LaunchOptions
from app.paths import AppDirs
from app.settings import Language, Options

log = logging.getLogger(__name__)


def main(options: LaunchOptions) -> int:
    if options.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Imported here so that the platform choice above is made before Qt loads.
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from ui.bridge import GuiBridge  # noqa: PLC0415
    from ui.crash_dialog import crash_notifier  # noqa: PLC0415
    from ui.dialogs import DialogService, RecordingDialogs  # noqa: PLC0415
    from ui.i18n import LanguageManager  # noqa: PLC0415
    from ui.main_window import MainWindow  # noqa: PLC0415

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    bridge = GuiBridge(app)
    interactive = options.screenshot is None and options.crash_dialog
    dialogs: DialogService = DialogService() if interactive else RecordingDialogs()
    dirs = AppDirs.default().ensure()
    install_crash_handler(dirs.crash_dir, crash_notifier(bridge, dialogs) if interactive else None)

    languages = LanguageManager(app)
    try:
        desk: Desk = open_desk(dirs)
    except DatabaseUnavailable as exc:
        log.error("cannot open the local database: %s", exc.reason)
        languages.apply(Language.RUSSIAN)
        dialogs.error(
            None,
            app.translate("Startup", "The desk cannot start"),
            app.translate(
                "Startup",
                "The local database cannot be opened (%1). Check that the disk is not full and"
                " the folder is writable, then start the desk again.",
            ).replace("%1", exc.reason),
        )
        return 2
    language = (
        Language(options.language) if options.language else desk.settings.get(Options.LANGUAGE)
    )
    languages.apply(language)

    def switch(new: Language) -> None:
        languages.apply(new)

    window = MainWindow(desk, bridge, switch, dialogs)
    try:
        if options.screenshot is not None:
            return _screenshot(app, window, options)
        window.show()
        window.ask_missing_secrets()
        return app.exec()
    finally:
        desk.close()


def _screenshot(app: object, window: object, options: LaunchOptions) -> int:
    from PySide6.QtWidgets import QApplication, QWidget  # noqa: PLC0415

    assert isinstance(app, QApplication) and isinstance(window, QWidget)
    assert options.screenshot is not None
    window.show()
    app.processEvents()
    options.screenshot.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(options.screenshot), "PNG"):
        print(f"error: cannot write {options.screenshot}", file=sys.stderr)  # noqa: T201
        return 1
    window.close()
    log.info("screenshot written to %s", options.screenshot)
    return 0
