"""Tells the operator that something broke, where the report is, and that their work is saved."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QApplication

from app.crash import CrashReport
from ui.bridge import GuiBridge
from ui.dialogs import DialogService


def crash_notifier(bridge: GuiBridge, dialogs: DialogService):  # type: ignore[no-untyped-def]
    """A notifier for :func:`app.crash.install_crash_handler`: the dialog only on the GUI thread."""

    def show(report: CrashReport) -> None:
        app = QApplication.instance()
        window = app.activeWindow() if isinstance(app, QApplication) else None
        dialogs.error(
            window,
            QCoreApplication.translate("Crash", "Unexpected error"),
            QCoreApplication.translate(
                "Crash",
                "Something went wrong inside the desk. What you typed is kept; if a window"
                " stops responding, restart the desk. A report for your administrator was"
                " saved here:\n%1",
            ).replace("%1", str(report.path)),
            details=f"{report.exc_type}: {report.message}",
        )

    def notify(report: CrashReport) -> None:
        app = QCoreApplication.instance()
        if app is not None and QThread.currentThread() is app.thread():
            show(report)
        else:
            bridge.post(lambda: show(report))

    return notify
