"""The charts of the supervisor's report, built from a Report (app/reports/report.py) with
Qt Charts: calls and service level by hour, calls over time, failures by category week by
week, and the failures rising most. The Reports view shows them and the PDF draws them.

Each bar chart remembers what its bars stand for (``BarKeys``), so a click on a bar can
open the tickets behind it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QColor, QPainter

from app.reports.report import Report

# Colours for a chart of many bar sets (Qt's theme fades them to white after five).
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#8c6d31",
           "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363")  # fmt: skip


def nice_step(top: float) -> int:
    """A whole step of 1, 2 or 5 times a power of ten giving about five steps up to ``top``."""
    rough = max(top / 5, 1)
    power = 10 ** math.floor(math.log10(rough))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= rough))


#: More columns than this and their labels stand on end: they do not fit side by side.
MANY_COLUMNS = 16


def short_days(labels: list[str]) -> list[str]:
    """ISO days as dd.mm, months as mm.yyyy ([] when the labels are not all days)."""
    try:
        days = [date.fromisoformat(label) for label in labels]
    except ValueError:
        return []
    months = len(days) > 1 and all(day.day == 1 for day in days)
    return [f"{day:%m.%Y}" if months else f"{day:%d.%m}" for day in days]


@dataclass
class BarKeys:
    """For a bar chart: each bar set's key (a category name) and each column's (a week)."""

    sets: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


def hours_chart(report: Report) -> QChart:
    """Calls offered and answered, and the service level, by hour of the day."""
    chart = _chart(
        QCoreApplication.translate("Reports", "Calls and service level by hour (Moscow)")
    )
    hours = [f"{h:02d}" for h in range(24)]
    by_hour = dict(report.hours)
    offered, answered = (
        QBarSet(QCoreApplication.translate("Reports", "Offered")),
        QBarSet(QCoreApplication.translate("Reports", "Answered")),
    )
    level = QLineSeries()
    level.setName(QCoreApplication.translate("Reports", "Service level, %"))
    level.setPointsVisible(True)
    for index, hour in enumerate(hours):
        figures = by_hour.get(hour)
        offered.append(figures.offered if figures else 0)
        answered.append(figures.answered if figures else 0)
        if figures is not None and figures.service_level is not None:
            level.append(index, figures.service_level * 100)
    bars = QBarSeries()
    bars.append(offered)
    bars.append(answered)
    chart.addSeries(bars)
    chart.addSeries(level)
    axis_x = QBarCategoryAxis()
    axis_x.append(hours)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    counts = QValueAxis()
    _count_axis(counts, max((f.offered for _h, f in report.hours), default=0))
    chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
    share = QValueAxis()
    share.setRange(0, 100)
    share.setLabelFormat("%d %%")
    chart.addAxis(share, Qt.AlignmentFlag.AlignRight)
    bars.attachAxis(axis_x)
    bars.attachAxis(counts)
    level.attachAxis(axis_x)
    level.attachAxis(share)
    return chart


def over_time_chart(report: Report) -> QChart:
    """Answered and abandoned calls per day, week or month."""
    chart = _chart(QCoreApplication.translate("Reports", "Calls over time"))
    answered, abandoned = (
        QBarSet(QCoreApplication.translate("Reports", "Answered")),
        QBarSet(QCoreApplication.translate("Reports", "Abandoned")),
    )
    keys = []
    for key, figures in report.over_time:
        keys.append(key)
        answered.append(figures.answered)
        abandoned.append(figures.abandoned - figures.short_abandoned)
    series = QStackedBarSeries()
    series.append(answered)
    series.append(abandoned)
    _bars(
        chart,
        series,
        keys,
        max((f.answered + f.abandoned for _k, f in report.over_time), default=0),
    )
    return chart


def failures_chart(report: Report) -> tuple[QChart, BarKeys]:
    """Tickets per category, week by week (stacked)."""
    chart = _chart(QCoreApplication.translate("Reports", "Portal failures by category, by week"))
    weeks = sorted({week for week, _key, _n in report.failures_by_category})
    categories = sorted({key for _week, key, _n in report.failures_by_category}, key=report.name)
    counts = {(week, key): n for week, key, n in report.failures_by_category}
    series = QStackedBarSeries()
    for name in categories:
        bar = QBarSet(
            report.name(name) if name else QCoreApplication.translate("Reports", "No category")
        )
        for week in weeks:
            bar.append(counts.get((week, name), 0))
        series.append(bar)
    if len(categories) > len(PALETTE) // 4:  # many: a colour of its own each, names at the right
        for index, bar in enumerate(series.barSets()):
            bar.setColor(QColor(PALETTE[index % len(PALETTE)]))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    per_week = [sum(counts.get((week, name), 0) for name in categories) for week in weeks]
    _bars(chart, series, weeks, max(per_week, default=0))
    return chart, BarKeys(categories, weeks)


def rising_chart(report: Report) -> tuple[QChart, BarKeys]:
    """The failures that grew most against the period before."""
    chart = _chart(
        QCoreApplication.translate("Reports", "Rising failures (against the period before)")
    )
    growth = QBarSet(QCoreApplication.translate("Reports", "More tickets than before"))
    labels = []
    for row in reversed(report.rising):  # the largest on top
        words = [report.name(row.subcategory_id or row.category_id), row.error]
        labels.append(" · ".join(w for w in words if w))
        growth.append(row.change)
    series = QHorizontalBarSeries()
    series.append(growth)
    chart.addSeries(series)
    axis_y = QBarCategoryAxis()
    axis_y.append(labels)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    axis_x = QValueAxis()
    _count_axis(axis_x, max((row.change for row in report.rising), default=0))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_y)
    series.attachAxis(axis_x)
    chart.legend().setVisible(False)
    return chart, BarKeys([""], labels)


def _count_axis(axis: QValueAxis, maximum: float) -> None:
    """An axis of whole counts from 0 in whole steps of 1, 2 or 5 times a power of ten."""
    axis.setLabelFormat("%d")
    step = nice_step(maximum)
    axis.setRange(0, step * max(1, math.ceil(maximum / step)))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setMinorTickCount(0)


def _bars(
    chart: QChart, series: QBarSeries | QStackedBarSeries, keys: list[str], maximum: float
) -> None:
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(short_days(keys) or keys)
    if len(keys) > MANY_COLUMNS:  # a month of days: standing, or Qt cuts each to "28…"
        axis_x.setLabelsAngle(-90)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    axis_y = QValueAxis()
    _count_axis(axis_y, maximum)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)


RENDER_HINTS = QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
