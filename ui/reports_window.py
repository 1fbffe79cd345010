"""The supervisor's window: the Reports view and the live wallboard on two tabs, opened from
the main window's menu (Ctrl+Shift+R) by supervisors only. It reads through a
ReportService (app/reports/service.py): the central database on a central desk, the desk's
own file otherwise."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.desk import Desk
from app.domain.clock import moscow_time, utc_now
from app.reports.service import ReportService, thresholds_of
from app.settings import Language, Options
from ui.bridge import GuiBridge
from ui.dialogs import DialogService
from ui.report_pdf import write_pdf
from ui.reports_view import Choices, ReportsView
from ui.wallboard import WallboardWindow


def choices_of(desk: Desk, english: bool) -> Choices:
    language = "en" if english else "ru"
    lines = desk.reference.lines()
    return Choices(
        lines=[(line.id, line.name(language)) for line in lines],
        operators=[(op.id, op.full_name) for op in desk.reference.operators()],
        departments=[(d.id, d.name(language)) for d in desk.reference.departments()],
        languages=sorted({code for line in lines for code in line.languages}),
    )


class ReportsWindow(QWidget):
    def __init__(
        self,
        desk: Desk,
        bridge: GuiBridge,
        dialogs: DialogService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reportsWindow")
        english = desk.settings.get(Options.LANGUAGE) is Language.ENGLISH
        self.service = ReportService(desk.report_engine, thresholds_of(desk.settings))
        self.view = ReportsView(
            lambda filters, grain: self.service.report(filters, grain, english),
            self.service.tickets,
            choices_of(desk, english),
            dialogs=dialogs,
            bridge=bridge,
            write_pdf=lambda report, path: write_pdf(report, path, english=english),
            parent=self,
        )
        self.wallboard = WallboardWindow(
            self.service.wallboard,
            bridge,
            lambda: self.service.service_level_today(moscow_time(utc_now()).date()),
            parent=self,
        )
        self.wallboard.setWindowFlags(Qt.WindowType.Widget)  # a tab here, not a window
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.view, "")
        self.tabs.addTab(self.wallboard, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.resize(1280, 860)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Hotline Desk — reports"))
        self.tabs.setTabText(0, self.tr("Report"))
        self.tabs.setTabText(1, self.tr("Wallboard"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
