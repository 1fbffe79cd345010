"""The supervisor's Reports view: filters, the KPI tiles, the charts and the tables under
them, with CSV and PDF export and a drill-down from a failure bar to its tickets.

Every figure comes from a Report (app/reports/report.py) that the database computes; the
view asks for it off the GUI thread (``read``) whenever a filter changes, and says so when
the database does not answer. A click on a bar of the failure chart lists the tickets that
category had that week; a double click opens one (``ticket_chosen``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCharts import QAbstractBarSeries, QChart, QChartView
from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import moscow_time, utc_now
from app.reports.drill import TicketRow
from app.reports.export import write_csv
from app.reports.period import Filters, Period
from app.reports.report import Report, Table
from app.reports.sql import Grain
from ui import report_texts as words
from ui.bridge import GuiBridge
from ui.dialogs import DialogService
from ui.report_charts import (
    RENDER_HINTS,
    BarKeys,
    failures_chart,
    hours_chart,
    over_time_chart,
    rising_chart,
)
from ui.report_tiles import ReportTiles

BAD_STYLE = "color: #b00020;"
ReadReport = Callable[[Filters, Grain], Report]
ReadTickets = Callable[[Filters, uuid.UUID | None, date | None], list[TicketRow]]
WritePdf = Callable[[Report, Path], int]


@dataclass(frozen=True)
class Choices:
    """What the filters offer: (id, name) pairs, and the callers' languages."""

    lines: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    operators: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    departments: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


class ReportTable(QWidget):
    """One table of the report with its title and a CSV button."""

    def __init__(self, key: str, export: Callable[[Table], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"reportTable_{key}")
        self.key = key
        self.table: Table | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        self.grid = QTableWidget(self)
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.setMinimumHeight(160)
        self.csv_button = QPushButton(self)
        self.csv_button.clicked.connect(lambda: self.table and export(self.table))
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.grid)

    def show_table(self, table: Table, title: str, names: dict[str, str]) -> None:
        self.table = table
        self.title.setText(title)
        self.csv_button.setText(self.tr("CSV…"))
        self.grid.setColumnCount(len(table.columns))
        self.grid.setRowCount(len(table.rows))
        self.grid.setHorizontalHeaderLabels([names.get(c, c) for c in table.columns])
        for r, row in enumerate(table.rows):
            for c, (column, value) in enumerate(zip(table.columns, row, strict=True)):
                item = QTableWidgetItem(words.cell(column, value))
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.grid.setItem(r, c, item)
        self.grid.resizeColumnsToContents()


class ReportsView(QWidget):
    ticket_chosen = Signal(str)  # a ticket number

    def __init__(
        self,
        read: ReadReport,
        read_tickets: ReadTickets,
        choices: Choices,
        *,
        dialogs: DialogService,
        bridge: GuiBridge,
        write_pdf: WritePdf | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportsView")
        self._read, self._read_tickets, self._dialogs = read, read_tickets, dialogs
        self._bridge, self._write_pdf = bridge, write_pdf
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="reports")
        self._asked = 0
        self.report: Report | None = None
        self.failure_keys = BarKeys()
        self._build_filters(choices)
        self.message = QLabel(self)
        self.message.setObjectName("reportsMessage")
        self.message.setWordWrap(True)
        self.tiles = ReportTiles(self)
        self.tabs = QTabWidget(self)
        self.hours_view, self.over_time_view = self._chart_view(), self._chart_view()
        self.failures_view, self.rising_view = self._chart_view(), self._chart_view()
        self.failures_view.setMinimumHeight(440)  # a legend of every category at the right
        self.drill = QListWidget(self)
        self.drill.setObjectName("reportsDrill")
        self.drill.itemActivated.connect(self._open_ticket)
        self.drill_label = QLabel(self)
        self.tables = {
            key: ReportTable(key, self.export_csv, self)
            for key in ("over_time", "operators", "lines", "languages", "departments", "failures")
        }
        self._lay_out()
        self.retranslate_ui()

    # building ---------------------------------------------------------------------------------
    def _build_filters(self, choices: Choices) -> None:
        today = moscow_time(utc_now()).date()
        self.start, self.end = QDateEdit(self), QDateEdit(self)
        for edit, day in ((self.start, today - timedelta(days=29)), (self.end, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.grain = self._combo(
            "reportsGrain", [(g, "") for g in (Grain.DAY, Grain.WEEK, Grain.MONTH)]
        )
        self.line = self._combo("reportsLine", [(None, ""), *choices.lines])
        self.language = self._combo(
            "reportsLanguage", [(None, ""), *((c, c) for c in choices.languages)]
        )
        self.operator = self._combo("reportsOperator", [(None, ""), *choices.operators])
        self.department = self._combo("reportsDepartment", [(None, ""), *choices.departments])
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(self.refresh)
        self.pdf_button = QPushButton(self)
        self.pdf_button.setObjectName("reportsPdf")
        self.pdf_button.clicked.connect(self.export_pdf)
        self.pdf_button.setVisible(self._write_pdf is not None)
        self.filter_labels = [QLabel(self) for _ in range(7)]

    def _combo(self, name: str, items: list[tuple[object, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for value, text in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _i: self.refresh())
        return combo

    def _chart_view(self) -> QChartView:
        view = QChartView(self)
        view.setRenderHints(RENDER_HINTS)
        view.setMinimumHeight(260)
        return view

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        fields = (self.start, self.end, self.grain, self.line, self.language, self.operator,
                  self.department)  # fmt: skip
        for label, field_ in zip(self.filter_labels, fields, strict=True):
            label.setBuddy(field_)
            bar.addWidget(label)
            bar.addWidget(field_)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.pdf_button)
        call_tables = [self.tables[k] for k in ("over_time", "operators", "lines", "languages")]
        calls = self._page([self.hours_view, self.over_time_view, *call_tables])
        failures = self._page([self.failures_view, self.drill_label, self.drill, self.rising_view,
                               self.tables["failures"]])  # fmt: skip
        tickets = self._page([self.tables["departments"]])
        for page in (calls, failures, tickets):
            self.tabs.addTab(page, "")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.tiles)
        layout.addWidget(self.tabs, 1)

    def _page(self, widgets: list[QWidget]) -> QScrollArea:
        inner = QWidget(self)
        column = QVBoxLayout(inner)
        for widget in widgets:
            column.addWidget(widget)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    # reading ----------------------------------------------------------------------------------
    def filters(self) -> Filters:
        start, end = _day(self.start), _day(self.end)
        if end < start:
            start, end = end, start
        return Filters(
            Period(start, end),
            line_id=self.line.currentData(),
            language=self.language.currentData(),
            operator_id=self.operator.currentData(),
            department_id=self.department.currentData(),
        )

    def refresh(self) -> None:
        """Ask the database for the report the filters describe (off the GUI thread)."""
        self._asked += 1
        asked, filters, grain = self._asked, self.filters(), Grain(self.grain.currentData())
        self._say(self.tr("Counting…"))
        future = self._worker.submit(self._read, filters, grain)
        self._bridge.when_done(
            future, lambda r: self._show(asked, r), lambda e: self._failed(asked, e), owner=self
        )

    def _failed(self, asked: int, error: BaseException) -> None:
        if asked == self._asked:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
            self._say(
                self.tr("The database does not answer; the figures are not shown. %1").replace(
                    "%1", f"({type(error).__name__}: {reason})"[:200]
                ),
                bad=True,
            )

    def _show(self, asked: int, report: Report) -> None:
        if asked != self._asked:
            return
        self.report = report
        period = report.filters.period
        self._say(
            self.tr("%1 – %2, made at %3 (Moscow time)")
            .replace("%1", f"{period.start:%d.%m.%Y}")
            .replace("%2", f"{period.end:%d.%m.%Y}")
            .replace("%3", f"{moscow_time(report.made_at):%H:%M}")
        )
        self.tiles.show_tiles(report.tiles)
        self._set_chart(self.hours_view, hours_chart(report))
        self._set_chart(self.over_time_view, over_time_chart(report))
        chart, self.failure_keys = failures_chart(report)
        self._set_chart(self.failures_view, chart)
        self._connect_bars(chart)
        self._set_chart(self.rising_view, rising_chart(report)[0])
        names, titles = words.names(), words.table_titles()
        for key, widget in self.tables.items():
            widget.show_table(report.table(key), titles[key], names)

    def _set_chart(self, view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)
        if old is not None:
            old.deleteLater()

    def _connect_bars(self, chart: QChart) -> None:
        for series in chart.series():
            if isinstance(series, QAbstractBarSeries):
                for number, bar in enumerate(series.barSets()):
                    bar.clicked.connect(lambda index, n=number: self.drill_into(n, index))

    # drill-down -------------------------------------------------------------------------------
    def drill_into(self, set_index: int, column: int) -> None:
        """The tickets behind one bar: a category in a week."""
        keys = self.failure_keys
        if self.report is None or set_index >= len(keys.sets) or column >= len(keys.columns):
            return
        category = keys.sets[set_index]
        week = date.fromisoformat(keys.columns[column])
        category_id = uuid.UUID(category) if category else None
        filters = self.report.filters
        self.drill_label.setText(
            self.tr("Tickets of «%1» in the week of %2:")
            .replace("%1", self.report.name(category))
            .replace("%2", f"{week:%d.%m.%Y}")
        )
        future = self._worker.submit(self._read_tickets, filters, category_id, week)
        self._bridge.when_done(
            future, self._show_tickets, lambda e: self._failed(self._asked, e), owner=self
        )

    def _show_tickets(self, rows: list[TicketRow]) -> None:
        self.drill.clear()
        for row in rows:
            text = f"{row.number}  {moscow_time(row.created_at):%d.%m %H:%M}  {row.error}"
            item = QListWidgetItem(text.strip())
            item.setData(Qt.ItemDataRole.UserRole, row.number)
            self.drill.addItem(item)

    def _open_ticket(self, item: QListWidgetItem) -> None:
        self.ticket_chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    # export -----------------------------------------------------------------------------------
    def export_csv(self, table: Table) -> None:
        path = self._dialogs.save_file(
            self, self.tr("Save the table"), f"{table.key}.csv", "CSV (*.csv)"
        )
        if path is None:
            return
        try:
            write_csv(table, path, words.names())
        except OSError as exc:
            self._say(self.tr("Not saved: %1").replace("%1", exc.strerror or str(exc)), bad=True)
            return
        self._say(self.tr("Saved: %1").replace("%1", str(path)))

    def export_pdf(self) -> None:
        if self.report is None or self._write_pdf is None:
            return
        path = self._dialogs.save_file(
            self, self.tr("Save the report"), "report.pdf", "PDF (*.pdf)"
        )
        if path is None:
            return
        try:
            pages = self._write_pdf(self.report, path)
        except OSError as exc:
            self._say(self.tr("Not saved: %1").replace("%1", exc.strerror or str(exc)), bad=True)
            return
        self._say(
            self.tr("Saved: %1 (%2 pages)").replace("%1", str(path)).replace("%2", str(pages))
        )

    def _say(self, text: str, bad: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(BAD_STYLE if bad else "")

    def retranslate_ui(self) -> None:
        texts = [self.tr("From"), self.tr("to"), self.tr("by"), self.tr("Line"),
                 self.tr("Language"), self.tr("Operator"), self.tr("Department")]  # fmt: skip
        for label, text in zip(self.filter_labels, texts, strict=True):
            label.setText(text)
        grains = {
            Grain.DAY: self.tr("day"),
            Grain.WEEK: self.tr("week"),
            Grain.MONTH: self.tr("month"),
        }
        for index in range(self.grain.count()):
            self.grain.setItemText(index, grains[Grain(self.grain.itemData(index))])
        for combo in (self.line, self.language, self.operator, self.department):
            combo.setItemText(0, self.tr("all"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.pdf_button.setText(self.tr("PDF…"))
        for index, text in enumerate(
            (self.tr("Calls"), self.tr("Portal failures"), self.tr("Tickets"))
        ):
            self.tabs.setTabText(index, text)
        self.drill_label.setText(self.tr("Click a bar to see the tickets behind it."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def close_worker(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)


def _day(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())
