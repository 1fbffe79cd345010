"""Starts the Qt front end: the application, language, crash dialog and the main window.

Also renders the main window to a PNG offscreen (``--screenshot``) for docs and tests.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from app import APP_NAME, APP_TITLE
from app.crash import install_crash_handler
from app.db.engine import DatabaseUnavailable
from app.desk import Desk, open_desk
from app.launch import LaunchOptions
from app.paths import AppDirs, resource_path
from app.secrets import SecretStore
from app.settings import DatabaseMode, Language, Options, Settings
from app.sync import signin
from app.telephony.model import CallSnapshot, CallState

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from ui.bridge import GuiBridge
    from ui.dialogs import DialogService
    from ui.i18n import LanguageManager
    from ui.main_window import MainWindow
    from ui.phone import Phone
    from ui.single_instance import InstanceServer

log = logging.getLogger(__name__)


def main(options: LaunchOptions) -> int:
    if options.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Imported here so that the platform choice above is made before Qt loads.
    from ui.bridge import GuiBridge  # noqa: PLC0415
    from ui.crash_dialog import crash_notifier  # noqa: PLC0415
    from ui.dialogs import DialogService, RecordingDialogs  # noqa: PLC0415
    from ui.i18n import LanguageManager  # noqa: PLC0415
    from ui.main_window import MainWindow  # noqa: PLC0415
    from ui.network_watch import NetworkWatch  # noqa: PLC0415

    app = _application()
    dirs = AppDirs.default().ensure()
    handed, server = _one_desk(options, dirs, app)
    if handed:
        return 0
    bridge = GuiBridge(app)
    interactive = options.screenshot is None and options.crash_dialog
    dialogs: DialogService = DialogService() if interactive else RecordingDialogs()
    install_crash_handler(dirs.crash_dir, crash_notifier(bridge, dialogs) if interactive else None)

    languages = LanguageManager(app)
    secrets = SecretStore()
    if options.screenshot is None and not _signed_in(dirs, secrets, bridge, languages):
        return 0  # the operator closed the sign-in window
    try:
        desk: Desk = open_desk(dirs, secrets=secrets)
    except DatabaseUnavailable as exc:
        _cannot_start(app, languages, dialogs, exc)
        return 2
    language = (
        Language(options.language) if options.language else desk.settings.get(Options.LANGUAGE)
    )
    languages.apply(language)

    def switch(new: Language) -> None:
        languages.apply(new)

    _quit_on_signals(app)
    phone = _phone(desk, bridge, app)
    window = MainWindow(desk, bridge, switch, dialogs, phone)
    watch = NetworkWatch(phone.network_changed, window)
    log.info("network watch %s", "on" if watch.available else "unavailable")
    try:
        _start(window, phone, server, options)
        if options.screenshot is not None:
            return _screenshot(app, window, phone, options)
        settle_heap()
        return app.exec()
    finally:
        phone.stop()  # hangs up every call first
        window.calls.stop_demo()
        window.calls.hotkeys.close()
        window.calls.headset.close()
        desk.close()


def _start(
    window: MainWindow, phone: Phone, server: InstanceServer | None, options: LaunchOptions
) -> None:
    """The window shown (unless drawn offscreen), later launches heard, the phone started."""
    from PySide6.QtCore import QTimer  # noqa: PLC0415

    if options.screenshot is None:
        window.show()
        window.ask_missing_secrets()
        window.start_sync()
    if server is not None:
        server.wished.connect(window.links.wish)
    if options.dial and options.screenshot is None:
        QTimer.singleShot(0, lambda: window.links.call(options.dial or ""))
    phone.start()
    if options.demo_call:
        _when_started(phone, window.calls.start_demo)


def _cannot_start(
    app: QApplication, languages: LanguageManager, dialogs: DialogService, exc: DatabaseUnavailable
) -> None:
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


def _one_desk(
    options: LaunchOptions, dirs: AppDirs, app: QApplication
) -> tuple[bool, InstanceServer | None]:
    """One desk per user: (True, None) when a desk already runs and took this launch's wish
    (come forward, or call the link); else (False, the server later launches will reach;
    None when drawing a screenshot, which runs beside a desk)."""
    from ui.single_instance import InstanceServer, hand_over, instance_name  # noqa: PLC0415

    if options.screenshot is not None:
        return False, None
    name = instance_name(dirs.data)
    wish = {"cmd": "dial", "target": options.dial} if options.dial else {"cmd": "show"}
    if hand_over(name, wish):
        log.info("handed over to the desk already running")
        return True, None
    server = InstanceServer(name, app)
    server.listen()
    return False, server


def settle_heap() -> None:
    """Move everything start-up made out of the garbage collector's sight (gc.freeze).

    The sync and database threads allocate a lot during a large pull; each full collection
    then walks the whole heap while holding the GIL, and the GUI thread stalls with it
    (a quarter of a second, measured in tests/bench/test_bench_sync.py). What start-up
    built — Qt wrappers, the models' metadata, translations — lives as long as the
    window, so the collector need not walk it again and again."""
    gc.collect()
    gc.freeze()


def _application() -> QApplication:
    from PySide6.QtGui import QIcon  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setDesktopFileName(APP_NAME)  # the desktop entry (packaging/linux), for the taskbar
    app.setWindowIcon(QIcon(str(resource_path("icons", "hotline-desk.svg"))))
    return app


def _signed_in(
    dirs: AppDirs, secrets: SecretStore, bridge: GuiBridge, languages: LanguageManager
) -> bool:
    """With a central database, the operator signs in first (app/sync/signin.py); the
    embedded desk keeps its single local profile and asks nothing."""
    from PySide6.QtWidgets import QDialog  # noqa: PLC0415

    from ui.sign_in_dialog import SignInDialog  # noqa: PLC0415

    settings = Settings.load(dirs.settings_file)
    if settings.get(Options.DB_MODE) is not DatabaseMode.CENTRAL:
        return True
    languages.apply(settings.get(Options.LANGUAGE))
    card = signin.card_path(dirs.data)
    dialog = SignInDialog(
        lambda login, password: signin.sign_in(settings, secrets, card, login, password),
        bridge,
        signin.last_login(card),
    )
    return dialog.exec() == QDialog.DialogCode.Accepted


def _phone(desk: Desk, bridge: GuiBridge, app: QApplication) -> Phone:
    """The phone on the headset the settings name (Qt Multimedia, hot-plug followed)."""
    from ui.audio_device import QtAudioDevice  # noqa: PLC0415
    from ui.audio_devices import AudioDevices  # noqa: PLC0415
    from ui.phone import Phone  # noqa: PLC0415

    return Phone(desk, bridge, QtAudioDevice(bridge.post, AudioDevices(desk.settings, app)))


def _quit_on_signals(app: QApplication) -> None:
    """SIGTERM (log-out, shutdown) and Ctrl+C quit like the Quit action: calls are hung up."""
    from PySide6.QtCore import QTimer  # noqa: PLC0415

    def request_quit(signum: int, _frame: object) -> None:
        log.info("signal %d: quitting", signum)
        app.quit()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, request_quit)
    # Python runs signal handlers only between bytecodes: wake the interpreter now and then.
    pulse = QTimer(app)
    pulse.setInterval(250)
    pulse.timeout.connect(lambda: None)
    pulse.start()


def _when_started(phone: Phone, work: Callable[[], object]) -> None:
    if phone.contact:
        work()
    else:
        phone.engine_started.connect(lambda _contact: work())


def _screenshot(app: QApplication, window: QWidget, phone: Phone, options: LaunchOptions) -> int:
    """Draw the window into a PNG; with the demo call, once it rings (or after 15 s)."""
    from PySide6.QtCore import QEventLoop, QTimer  # noqa: PLC0415

    assert options.screenshot is not None
    window.show()
    if options.demo_call:
        loop = QEventLoop()
        QTimer.singleShot(15000, loop.quit)

        def rang(call: CallSnapshot) -> None:
            if call.state is CallState.RINGING:
                QTimer.singleShot(300, loop.quit)  # let the screen pop land

        phone.call_changed.connect(rang)
        loop.exec()
    app.processEvents()
    options.screenshot.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(options.screenshot), "PNG"):
        print(f"error: cannot write {options.screenshot}", file=sys.stderr)  # noqa: T201
        return 1
    window.close()
    log.info("screenshot written to %s", options.screenshot)
    return 0
