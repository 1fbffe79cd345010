"""The live wallboard a supervisor opens (a window of its own, or a tab of the reports
window): big tiles (calls in progress, operators by state, the longest current wait, today's
service level) and every operator's state and for how long. While it is on screen it reads
again every 5 s on a worker thread (``read`` decides which database: the central one through
its Engine, or the desk's own file) and says plainly when the database does not answer,
keeping the last figures on screen with their time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db.report_models import PresenceState
from app.domain.clock import MOSCOW
from app.reports.wallboard import Wallboard
from ui.bridge import GuiBridge

log = logging.getLogger(__name__)


def moscow_time(moment: datetime) -> str:
    """A time as the hotline tells it: Moscow time, whatever the desk's own zone."""
    return moment.astimezone(MOSCOW).strftime("%H:%M:%S")


REFRESH_MS = 5000
NO_VALUE = "—"
ServiceLevel = Callable[[], float | None]
Figures = tuple[Wallboard, float | None]


def clock_text(span: timedelta | None) -> str:
    """mm:ss (h:mm:ss from an hour on); the dash for nothing."""
    if span is None:
        return NO_VALUE
    seconds = max(0, int(span.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes:02}:{seconds:02}"


class Tile(QFrame):
    """One big figure with its caption."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel(NO_VALUE, self)
        self.value.setObjectName(f"{name}Value")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 3.5)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


class WallboardWindow(QWidget):
    """The wallboard; ``read`` and ``service_level_today`` run on its own worker thread."""

    def __init__(
        self,
        read: Callable[[], Wallboard],
        bridge: GuiBridge,
        service_level_today: ServiceLevel = lambda: None,
        parent: QWidget | None = None,
        refresh_ms: int = REFRESH_MS,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("wallboardWindow")
        self._read = read
        self._bridge = bridge
        self._service_level = service_level_today
        self._worker: ThreadPoolExecutor | None = None  # made when first asked; gone at close
        self._asking = False
        self._shown: Figures | None = None
        self._error: BaseException | None = None

        self.notice = QLabel(self)
        self.notice.setObjectName("wallboardNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("QLabel { background: #fde2e1; color: #8a1c12; padding: 8px; }")
        self.notice.hide()
        names = (
            "callsTile",
            "readyTile",
            "notReadyTile",
            "inCallTile",
            "afterCallTile",
            "longestWaitTile",
            "serviceLevelTile",
        )
        self.tiles = {name: Tile(name, self) for name in names}
        grid = QGridLayout()
        for position, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, position // 4, position % 4)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("wallboardOperators")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.updated = QLabel(self)
        self.updated.setObjectName("wallboardUpdated")
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.updated)

        self._timer = QTimer(self)  # runs while the board is on screen (showEvent)
        self._timer.setObjectName("wallboardRefresh")
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)
        self.retranslate_ui()
        self.resize(960, 640)

    # reading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Ask again, unless the last question is still out (a server slow to answer)."""
        if self._asking:
            return
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wallboard")
        self._asking = True
        future = self._worker.submit(self._fetch)
        self._bridge.when_done(future, self._answered, self._not_answered, owner=self)

    def _fetch(self) -> Figures:  # the worker thread
        board = self._read()
        try:
            level = self._service_level()
        except Exception as exc:  # noqa: BLE001 - the board is there; only this figure is missing
            log.warning("service level not computed: %s", type(exc).__name__)
            level = None
        return board, level

    def _answered(self, figures: Figures) -> None:
        self._asking = False
        self._shown, self._error = figures, None
        self._show()

    def _not_answered(self, error: BaseException) -> None:
        self._asking = False
        self._error = error
        log.warning("wallboard: the database did not answer: %s", type(error).__name__)
        self._show()

    # showing -------------------------------------------------------------------------------
    def state_text(self, state: PresenceState) -> str:
        return {
            PresenceState.READY: self.tr("Ready"),
            PresenceState.NOT_READY: self.tr("Not ready"),
            PresenceState.IN_CALL: self.tr("In a call"),
            PresenceState.AFTER_CALL_WORK: self.tr("After-call work"),
            PresenceState.OFFLINE: self.tr("Offline"),
        }[state]

    def _show(self) -> None:
        if self._error is not None:
            when = moscow_time(self._shown[0].now) if self._shown else ""
            text = self.tr("The database does not answer (%1).").replace(
                "%1", type(self._error).__name__
            )
            if when:
                text += " " + self.tr("The figures below are from %1 MSK.").replace("%1", when)
            self.notice.setText(text + " " + self.tr("Trying again every few seconds."))
            self.notice.show()
        else:
            self.notice.hide()
        if self._shown is None:
            return
        board, level = self._shown
        figures = {
            "callsTile": str(board.calls_in_progress),
            "readyTile": str(board.count(PresenceState.READY)),
            "notReadyTile": str(board.count(PresenceState.NOT_READY)),
            "inCallTile": str(board.count(PresenceState.IN_CALL)),
            "afterCallTile": str(board.count(PresenceState.AFTER_CALL_WORK)),
            "longestWaitTile": clock_text(board.longest_wait),
            "serviceLevelTile": NO_VALUE
            if level is None
            else f"{QLocale().toString(round(level * 100))}\u00a0%",
        }
        for name, text in figures.items():
            self.tiles[name].value.setText(text)
        self._fill_table(board)
        self.updated.setText(self.tr("Updated at %1 MSK").replace("%1", moscow_time(board.now)))

    def _fill_table(self, board: Wallboard) -> None:
        self.table.setRowCount(len(board.operators))
        for row, line in enumerate(board.operators):
            cells = (line.name, self.state_text(line.state), clock_text(board.now - line.since))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Wallboard"))
        captions = {
            "callsTile": self.tr("Calls in progress"),
            "readyTile": self.tr("Ready"),
            "notReadyTile": self.tr("Not ready"),
            "inCallTile": self.tr("In a call"),
            "afterCallTile": self.tr("After-call work"),
            "longestWaitTile": self.tr("Longest wait"),
            "serviceLevelTile": self.tr("Service level today"),
        }
        for name, caption in captions.items():
            self.tiles[name].caption.setText(caption)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Operator"), self.tr("State"), self.tr("For")]
        )
        if self._shown is None and self._error is None:
            self.updated.setText(self.tr("Reading…"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @property
    def refreshing(self) -> bool:
        return self._timer.isActive()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """On screen (its window opened, or its tab chosen): read now and every 5 s."""
        if not self._timer.isActive():
            self._timer.start()
            self.refresh()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Off screen (another tab, the window closed or minimised): nobody reads it."""
        self._timer.stop()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._timer.stop()
        if self._worker is not None:  # a read still out finishes alone: a slow server
            self._worker.shutdown(wait=False)  # is not waited for
            self._worker = None
        super().closeEvent(event)
