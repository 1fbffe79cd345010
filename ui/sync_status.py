"""The central sync in the window: its state in the status bar, "Sync now" in the menu.

The worker (app/sync/worker.py) reports from its own thread; :class:`SyncControl` hands
each report to the GUI thread through the bridge, so the indicator only ever paints what
it is given. The operator sees at a glance whether the desk is in step with the central
database, how much waits to go up, when it last synced, and — while the server is gone —
that nothing is lost and when the next attempt is. A large first pull shows a progress bar.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from app.sync.worker import Link, SyncStatus, SyncWorker
from ui.actions import window_action
from ui.bridge import GuiBridge


class SyncIndicator(QWidget):
    """A label and, during a long pull, a progress bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.label = QLabel(self)
        self.label.setObjectName("syncStateLabel")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(True)
        self.progress.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 0, 12, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.progress)
        self.status = SyncStatus(Link.OFFLINE)
        self._shown = False  # nothing heard from the worker yet
        self._paint()

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self._shown = True
        self._paint()

    def _paint(self) -> None:
        status = self.status
        if not self._shown:
            self.label.setText(self.tr("Central: connecting…"))
            self.label.setToolTip("")
            return
        parts = [self._state_text(status.link)]
        if status.pending:
            parts.append(self.tr("%1 to send").replace("%1", str(status.pending)))
        if status.refused:
            parts.append(self.tr("%1 refused").replace("%1", str(status.refused)))
        if status.last_sync is not None:
            when = status.last_sync.astimezone().strftime("%H:%M")
            parts.append(self.tr("last %1").replace("%1", when))
        else:
            parts.append(self.tr("never synced"))
        self.label.setText(" · ".join(parts))
        alarming = status.link is Link.OFFLINE or status.refused
        self.label.setStyleSheet("color: #b00020;" if alarming else "")
        self.label.setToolTip(self._details(status))
        read, total = status.progress
        if status.link is Link.SYNCING and total:
            self.progress.setRange(0, total)
            self.progress.setValue(read)
            self.progress.setFormat(self.tr("%v of %m"))
            self.progress.show()
        else:
            self.progress.hide()

    def _state_text(self, link: Link) -> str:
        return {
            Link.ONLINE: self.tr("Central: in sync"),
            Link.SYNCING: self.tr("Central: syncing…"),
            Link.OFFLINE: self.tr("Central: offline, work is kept here"),
        }[link]

    def _details(self, status: SyncStatus) -> str:
        lines = []
        if status.link is Link.OFFLINE:
            lines.append(
                self.tr("The central database did not answer: %1").replace("%1", status.reason)
            )
            lines.append(
                self.tr("Next attempt in %1 s. Nothing is lost: changes wait here.").replace(
                    "%1", f"{status.retry_in:.0f}"
                )
            )
        if status.refused:
            lines.append(
                self.tr(
                    "The server refused some changes; they are kept here. Tell the administrator."
                )
            )
        if status.last_sync is not None:
            stamp = status.last_sync.astimezone().strftime("%d.%m.%Y %H:%M:%S")
            lines.append(self.tr("Last sync: %1").replace("%1", stamp))
        return "\n".join(lines)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._paint()
        super().changeEvent(event)


class SyncControl(QObject):
    """Connects one desk's sync worker to the window: indicator, "Sync now", refreshes."""

    def __init__(
        self,
        worker: SyncWorker,
        bridge: GuiBridge,
        indicator: SyncIndicator,
        window: QWidget,
        refresh: Callable[[frozenset[str]], None],
    ) -> None:
        super().__init__(window)
        self.worker = worker
        self.indicator = indicator
        self.sync_now_action: QAction = window_action(window, "syncNowAction", "F9")
        self.sync_now_action.triggered.connect(self.sync_now)
        worker.on_status(lambda status: bridge.post(lambda: indicator.show_status(status)))

        def pulled(tables: Mapping[str, frozenset[uuid.UUID]]) -> None:
            changed = frozenset(tables)
            bridge.post(lambda: refresh(changed))

        worker.on_pulled(pulled)

    def start(self) -> None:
        self.worker.start()

    def sync_now(self) -> None:
        self.worker.sync_now()
