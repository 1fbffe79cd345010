"""The supervisor's report as a PDF (Qt's PDF writer, A4 portrait, 300 dpi): title, period,
filters, tiles, charts, then every table, its header repeated on each new page, and page
numbers; laid out first and drawn after, so each page knows how many there are.
``render_cli`` is what `hotline-desk report --format pdf` finds through an entry point."""

from __future__ import annotations

import logging
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from PySide6.QtCharts import QAbstractBarSeries, QBarCategoryAxis, QChart, QValueAxis
from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt, QTranslator
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QGraphicsScene

from app.domain.clock import moscow_time
from app.reports.report import Report, Table, Tile
from app.reports.sql import Grain
from app.settings import Language
from ui import report_charts, report_texts
from ui.i18n import catalogue_path

log = logging.getLogger(__name__)

DPI = 300
MM = DPI / 25.4  # device pixels per millimetre
MARGIN_MM = 15
FOOTER, GAP, PAD = 8 * MM, 4 * MM, 1.2 * MM
CHART_HEIGHT = 82 * MM
TILES_PER_ROW = 4
# Charts are laid out at about screen size and drawn this much larger; their fonts are set
# in pixels, 15 px printing at 9.4 pt (and 24 hour labels still fit across the page).
CHART_SCALE = 2.6
INK, MUTED, RULE = QColor("#1a1a1a"), QColor("#5f6368"), QColor("#c8ccd0")
SHADE, TILE = QColor("#eef1f4"), QColor("#f7f8fa")
GOOD, BAD = QColor("#1b7a2e"), QColor("#b3261e")
LEFT, RIGHT, CENTRE = (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight,
                       Qt.AlignmentFlag.AlignHCenter)  # fmt: skip
TEXT_COLUMNS = frozenset({"key", "category", "subcategory", "error"})
HOTLINE_REPORT = "Hotline report"
LONGEST = 400  # characters of a cell

Draw = Callable[[QPainter, float], None]
translate = QCoreApplication.translate  # by this name, pyside6-lupdate finds the texts


def _font(points: float, bold: bool = False, stretch: int = 100, pixels: int = 0) -> QFont:
    font = QFont()
    if pixels:
        font.setPixelSize(pixels)  # charts: drawn scaled, CHART_SCALE
    else:
        font.setPointSizeF(points)
    font.setBold(bold)
    font.setStretch(stretch)  # headers a little condensed: nine columns across A4
    return font


def _day(day: date) -> str:  # a datetime too
    return f"{day:%d.%m.%Y}"


def _fill(text: str, *values: object) -> str:
    for number, value in enumerate(values, start=1):
        text = text.replace(f"%{number}", str(value))
    return text


def title() -> str:
    return translate("Reports", "Hotline report")


class _Text:
    """A paragraph wrapped to a width (at word boundaries, or anywhere in a word too long
    for the width), measured and drawn by the same layout."""

    def __init__(self, device: QPdfWriter, font: QFont, text: str, width: float,
                 align: Qt.AlignmentFlag = LEFT) -> None:  # fmt: skip
        self.layout = QTextLayout(text, font, device)
        option = QTextOption(align)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.layout.setTextOption(option)
        self.layout.beginLayout()
        self.height = 0.0
        while (line := self.layout.createLine()).isValid():
            line.setLineWidth(width)
            line.setPosition(QPointF(0, self.height))
            self.height += line.height()
        self.layout.endLayout()

    def draw(self, painter: QPainter, left: float, top: float, color: QColor = INK) -> None:
        painter.setPen(color)
        self.layout.draw(painter, QPointF(left, top))


class _Pages:
    """Blocks placed top to bottom; one that does not fit goes to the top of a new page."""

    def __init__(self, writer: QPdfWriter) -> None:
        self.writer = writer
        self.width = float(writer.width())
        self.height = writer.height() - FOOTER
        self.pages: list[list[tuple[float, Draw]]] = [[]]
        self.y = 0.0
        self.kept: list[object] = []  # the charts and their scenes, alive until drawn

    def text(self, font: QFont, text: str, width: float | None = None,
             align: Qt.AlignmentFlag = LEFT) -> _Text:  # fmt: skip
        return _Text(self.writer, font, text, self.width if width is None else width, align)

    def fits(self, height: float) -> bool:
        return self.y + height <= self.height

    def new_page(self) -> None:
        self.pages.append([])
        self.y = 0.0

    def place(self, height: float, draw: Draw) -> None:
        if not self.fits(height) and self.y > 0:
            self.new_page()
        self.pages[-1].append((self.y, draw))
        self.y += height

    def paragraph(self, font: QFont, text: str, color: QColor = INK, after: float = 0.0) -> None:
        shown = self.text(font, text)
        self.place(shown.height + after, lambda p, top: shown.draw(p, 0, top, color))


def _filters(report: Report) -> str:
    chosen, parts = report.filters, []
    for label, value in (
        (translate("Reports", "line"), chosen.line_id),
        (translate("Reports", "operator"), chosen.operator_id),
        (translate("Reports", "department"), chosen.department_id),
        (translate("Reports", "category"), chosen.category_id),
    ):
        if value is not None:
            parts.append(f"{label}: {report.name(value.hex)}")
    if chosen.language:
        parts.append(translate("Reports", "language") + f": {chosen.language}")
    if not parts:
        return translate("Reports", "Filters: none (every line, language and operator)")
    return _fill(translate("Reports", "Filters: %1"), "; ".join(parts))


def _heading(pages: _Pages, report: Report) -> None:
    period, before = report.filters.period, report.filters.period.previous()
    made, limits = moscow_time(report.made_at), report.thresholds
    pages.paragraph(_font(18, bold=True), title(), after=2 * MM)
    for text, *values in (
        (translate("Reports", "Period: %1 – %2"), _day(period.start), _day(period.end)),
        (translate("Reports", "Made on %1 at %2, Moscow time"), _day(made), f"{made:%H:%M}"),
        (_filters(report),),
        (
            translate(
                "Reports",
                "Service level counts calls answered within %1 s; callers who gave up within"
                " %2 s are not counted as abandoned.",
            ),
            limits.service_level_seconds,
            limits.short_abandon_seconds,
        ),
        (
            translate(
                "Reports",
                "▲ ▼ the change against %1 – %2: green for the better, red for the worse.",
            ),
            _day(before.start),
            _day(before.end),
        ),
    ):
        pages.paragraph(_font(10), _fill(text, *values), MUTED, after=0.8 * MM)
    pages.y += 3 * MM


def _tiles(pages: _Pages, tiles: list[Tile]) -> None:
    words = report_texts.names()
    width = (pages.width - GAP * (TILES_PER_ROW - 1)) / TILES_PER_ROW
    pad = 3 * MM
    inner = width - 2 * pad
    name_font, value_font, change_font = _font(9), _font(16, bold=True), _font(9, bold=True)
    name_height = max(pages.text(name_font, words[t.key], inner).height for t in tiles)
    value_height = QFontMetricsF(value_font, pages.writer).height()
    change_height = QFontMetricsF(change_font, pages.writer).height()
    height = 2 * pad + name_height + 1 * MM + value_height + change_height

    def draw_tile(painter: QPainter, tile: Tile, left: float, top: float) -> None:
        painter.setPen(QPen(RULE, 0.3 * MM))
        painter.setBrush(TILE)
        painter.drawRoundedRect(QRectF(left, top, width, height), 2 * MM, 2 * MM)
        left, top = left + pad, top + pad
        pages.text(name_font, words[tile.key], inner).draw(painter, left, top, MUTED)
        top += name_height + 1 * MM
        shown = report_texts.value(tile.unit, tile.value)
        pages.text(value_font, shown, inner).draw(painter, left, top)
        good = report_texts.is_good(tile)
        color = MUTED if good is None else GOOD if good else BAD
        change = pages.text(change_font, report_texts.change(tile), inner)
        change.draw(painter, left, top + value_height, color)

    for start in range(0, len(tiles), TILES_PER_ROW):
        row = tiles[start : start + TILES_PER_ROW]

        def draw(painter: QPainter, top: float, row: list[Tile] = row) -> None:
            for index, tile in enumerate(row):
                draw_tile(painter, tile, index * (width + GAP), top)

        pages.place(height + GAP, draw)


def _charts(pages: _Pages, report: Report) -> None:
    charts = [report_charts.hours_chart(report), report_charts.over_time_chart(report)]
    if report.failures_by_category:
        charts.append(report_charts.failures_chart(report)[0])
    if report.rising:
        charts.append(report_charts.rising_chart(report)[0])
    width = pages.width
    for chart in charts:
        scene = QGraphicsScene()
        scene.addItem(chart)
        height = _fit(chart, width / CHART_SCALE) * CHART_SCALE
        pages.kept += [scene, chart]

        def draw(
            painter: QPainter, top: float, scene: QGraphicsScene = scene, h: float = height
        ) -> None:
            scene.render(painter, QRectF(0, top, width, h), scene.sceneRect())

        pages.place(height + GAP, draw)


def _fit(chart: QChart, width: float) -> float:
    """Made for paper: fonts in pixels (printed at the same size whatever the screen),
    whole steps on the count axes, days as dd.mm (upright when they do not fit side by
    side, only the first and the last when not even so), and a chart of many bar sets
    taller, a colour for each and their names in a column at the right. Returns its height."""
    labels = _font(0, pixels=15)
    chart.setTitleFont(_font(0, bold=True, pixels=17))
    chart.legend().setFont(labels)
    sets = [s.barSets() for s in chart.series() if isinstance(s, QAbstractBarSeries)]
    many = max(map(len, sets), default=0) > 6
    if many:
        for index, bar in enumerate(b for group in sets for b in group):
            bar.setColor(QColor(report_charts.PALETTE[index % len(report_charts.PALETTE)]))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    plot = width * (0.55 if many else 1) - 100  # what the axes and the legend leave
    metrics = QFontMetricsF(labels)
    for axis in chart.axes():
        axis.setLabelsFont(labels)
        if isinstance(axis, QValueAxis) and axis.labelFormat() == "%d":
            step = report_charts.nice_step(axis.max())
            axis.setRange(0, step * max(1, math.ceil(axis.max() / step)))
            axis.setTickType(QValueAxis.TickType.TicksDynamic)
            axis.setTickAnchor(0)
            axis.setTickInterval(step)
            axis.setMinorTickCount(0)
        elif (
            isinstance(axis, QBarCategoryAxis)
            and axis.orientation() == Qt.Orientation.Horizontal  # not a bar chart's names
            and (days := axis.categories())
        ):
            room = plot / len(days) - 12  # Qt pads each label
            if metrics.height() > room:  # the range instead (the table has each)
                axis.setLabelsVisible(False)
                axis.setTitleFont(labels)
                axis.setTitleText(f"{days[0]} – {days[-1]}")
            elif max(metrics.horizontalAdvance(day) for day in days) > room:
                axis.setLabelsAngle(-90)
    height = CHART_HEIGHT / CHART_SCALE * (1.4 if many else 1)
    chart.setBackgroundRoundness(0)
    chart.resize(QSizeF(width, height))
    chart.scene().setSceneRect(QRectF(0, 0, width, height))
    return height


def _first_column(table: Table, grain: Grain) -> str:
    if table.key == "over_time":
        return {
            Grain.WEEK: translate("Reports", "Week of"),
            Grain.MONTH: translate("Reports", "Month"),
        }.get(grain, translate("Reports", "Day"))
    return {
        "operators": translate("Reports", "Operator"),
        "lines": translate("Reports", "Line"),
        "languages": translate("Reports", "Language"),
        "departments": translate("Reports", "Department"),
    }.get(table.key, report_texts.names()["key"])


def _cell(table: Table, column: str, value: object) -> str:
    """As the view shows it; days as dd.mm.yyyy, an unnamed row as a dash, and a text that
    would not fit on a page cut short."""
    if column == "key" and not value:
        return "—"
    if table.key == "over_time" and column == "key" and isinstance(value, str):
        try:
            return _day(date.fromisoformat(value))
        except ValueError:
            return value
    text = report_texts.cell(column, value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def _widths(pages: _Pages, columns: tuple[str, ...], cells: list[list[str]],
            font: QFont, head_font: QFont) -> list[float]:  # fmt: skip
    """Column widths that fill the page: each column as wide as its widest cell and its
    header's longest word; when that is too wide, the text columns wrap first (down to
    28 mm), then the headers of the numbers break inside words, then everything shrinks."""
    metrics, head = QFontMetricsF(font, pages.writer), QFontMetricsF(head_font, pages.writer)
    natural, floor = [], []
    for index, column in enumerate(columns):
        widest = max((metrics.horizontalAdvance(row[index]) for row in cells[1:]), default=0.0)
        word = max(head.horizontalAdvance(w) for w in cells[0][index].split() or [""])
        natural.append(max(widest, word) + 2 * PAD)
        text = column in TEXT_COLUMNS
        floor.append(min(natural[-1], 28 * MM) if text else widest + 2 * PAD)
    excess = sum(natural) - pages.width
    if excess <= 0:
        return [n - excess / len(columns) for n in natural]
    widths = list(natural)
    for text in (True, False):
        room = {
            i: widths[i] - floor[i] for i, c in enumerate(columns) if (c in TEXT_COLUMNS) == text
        }
        total = sum(room.values())
        if total <= 0:
            continue
        cut = min(excess, total)
        for i, spare in room.items():
            widths[i] -= cut * spare / total
        excess -= cut
        if excess <= 0:
            return widths
    return [w * pages.width / sum(widths) for w in widths]


def _table(pages: _Pages, table: Table, grain: Grain) -> None:
    font, head_font, title_font = _font(9), _font(9, stretch=87), _font(12, bold=True)
    name = report_texts.table_titles().get(table.key, table.key)
    words = report_texts.names()
    headers = [
        _first_column(table, grain) if c == "key" else words.get(c, c) for c in table.columns
    ]
    rows = [
        [_cell(table, c, v) for c, v in zip(table.columns, row, strict=True)] for row in table.rows
    ]

    def heading(text: str) -> None:
        shown = pages.text(title_font, text)
        pages.place(shown.height + 1.5 * MM, lambda p, top: shown.draw(p, 0, top))

    if not rows:
        heading(name)
        pages.paragraph(font, translate("Reports", "Nothing in this period."), MUTED, GAP)
        return
    widths = _widths(pages, table.columns, [headers, *rows], font, head_font)
    lefts = [sum(widths[:i]) for i in range(len(widths))]

    def row_of(cells: list[str], cell_font: QFont, shaded: bool) -> tuple[float, Draw]:
        texts = [
            pages.text(cell_font, text, width - 2 * PAD, LEFT if column in TEXT_COLUMNS else RIGHT)
            for column, text, width in zip(table.columns, cells, widths, strict=True)
        ]  # fmt: skip
        height = 2 * PAD + max(t.height for t in texts)

        def draw(painter: QPainter, top: float) -> None:
            if shaded:
                painter.fillRect(QRectF(0, top, pages.width, height), SHADE)
            painter.setPen(QPen(RULE, 0.2 * MM))
            painter.drawLine(QPointF(0, top + height), QPointF(pages.width, top + height))
            for text, left in zip(texts, lefts, strict=True):
                text.draw(painter, left + PAD, top + PAD)

        return height, draw

    header = row_of(headers, head_font, shaded=True)
    title_height = pages.text(title_font, name).height + 1.5 * MM
    first = row_of(rows[0], font, shaded=False)
    if not pages.fits(title_height + header[0] + first[0]):
        pages.new_page()  # a title and header are never left alone at the foot of a page
    heading(name)
    pages.place(*header)
    for cells in rows:
        height, draw = row_of(cells, font, shaded=False)
        if not pages.fits(height):
            pages.new_page()
            heading(_fill(translate("Reports", "%1 (continued)"), name))
            pages.place(*header)
        pages.place(height, draw)
    pages.y += GAP * 1.5


def write_pdf(report: Report, path: Path, *, english: bool = False) -> int:
    """Write the report to ``path`` in Russian (or English); returns the number of pages.
    A QApplication must exist (the charts are Qt Charts). OSError when ``path`` cannot be
    written."""
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setCreator("Hotline Desk")
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    size, portrait = QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(size, portrait, margins, QPageLayout.Unit.Millimeter))
    with _language(english):
        writer.setTitle(title())
        pages = _Pages(writer)
        _heading(pages, report)
        _tiles(pages, report.tiles)
        _charts(pages, report)
        for table in report.tables:
            _table(pages, table, report.grain)
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(f"the PDF {path.name} cannot be written")
        try:
            painter.setRenderHints(report_charts.RENDER_HINTS)
            for number, page in enumerate(pages.pages, start=1):
                if number > 1:
                    writer.newPage()
                for top, draw in page:
                    draw(painter, top)
                footer = _fill(translate("Reports", "Page %1 of %2"), number, len(pages.pages))
                shown = pages.text(_font(9), footer, align=CENTRE)
                shown.draw(painter, 0, writer.height() - shown.height, MUTED)
        finally:
            painter.end()
    return len(pages.pages)


def render_cli(report: Report, path: Path, english: bool) -> int:
    """For `hotline-desk report --format pdf`: a QApplication on the offscreen platform
    when there is none (a scheduled run has no display), then :func:`write_pdf`."""
    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
    assert app is not None
    return write_pdf(report, path, english=english)


class _Source(QTranslator):
    """English: every text as the code writes it, whatever catalogue is installed."""

    def translate(self, _context: str, source: str, *_args: object) -> str:
        return source


@contextmanager
def _language(english: bool) -> Iterator[None]:
    """The report's language while it is drawn, when the application shows another one."""
    translator = None
    if english != (title() == HOTLINE_REPORT):
        translator = _Source() if english else QTranslator()
        if not english and not translator.load(str(catalogue_path(Language.RUSSIAN))):
            log.warning("the Russian catalogue is not built; the report is in English")
        QCoreApplication.installTranslator(translator)
    try:
        yield
    finally:
        if translator is not None:
            QCoreApplication.removeTranslator(translator)
