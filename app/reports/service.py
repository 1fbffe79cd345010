"""The supervisor's reports for the UI: each call opens a connection to the database the
reports count on (the central one on a central desk, the desk's own file otherwise), asks,
and closes it. Blocking: the UI calls these off the GUI thread.

A report first caches the finished days it covers (app/reports/cache.py); when it cannot
(a read-only replica, a server refusing the write) it says so in the log and counts every
day from the rows, which gives the same figures, only slower."""

from __future__ import annotations

import logging
import uuid
from datetime import date

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from app.domain.clock import utc_now
from app.reports import cache
from app.reports.calls import call_figures
from app.reports.drill import TicketRow, tickets_behind
from app.reports.period import DEFAULTS, Filters, Period, Thresholds
from app.reports.report import Report, build
from app.reports.sql import Grain
from app.reports.wallboard import Wallboard, wallboard
from app.settings import Options, Settings

log = logging.getLogger(__name__)


class ReportService:
    def __init__(self, engine: Engine, thresholds: Thresholds = DEFAULTS) -> None:
        self.engine = engine
        self.thresholds = thresholds

    def report(self, filters: Filters, grain: Grain = Grain.DAY, english: bool = False) -> Report:
        self.refresh(filters)
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # The report's dozen aggregates are each run once: compiling them just in
                # time cost more than running them (docs/benchmarks.md, "Reports").
                connection.execute(text("SET LOCAL jit = off"))
            return build(connection, filters, grain, thresholds=self.thresholds, english=english)

    def refresh(self, filters: Filters) -> int:
        """Caches the finished days ``filters`` covers; how many it built (0 on failure)."""
        try:
            return cache.refresh(self.engine, filters, self.thresholds)
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            log.warning("report cache not refreshed, counting from the rows: %s", reason)
            return 0

    def tickets(
        self, filters: Filters, category_id: uuid.UUID | None, week: date | None
    ) -> list[TicketRow]:
        with self.engine.connect() as connection:
            return tickets_behind(connection, filters, category_id, week)

    def wallboard(self) -> Wallboard:
        return wallboard(self.engine, utc_now())

    def service_level_today(self, today: date) -> float | None:
        """Today's service level (Moscow day), for the wallboard."""
        with self.engine.connect() as connection:
            figures = call_figures(connection, Filters(Period(today, today)), self.thresholds)
        return figures.service_level


def thresholds_of(settings: Settings) -> Thresholds:
    """The report thresholds the settings give."""
    return Thresholds(
        service_level_seconds=settings.get(Options.REPORT_SERVICE_LEVEL_SECONDS),
        short_abandon_seconds=settings.get(Options.REPORT_SHORT_ABANDON_SECONDS),
        repeat_window_days=settings.get(Options.REPORT_REPEAT_WINDOW_DAYS),
    )
