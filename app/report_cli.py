"""`hotline-desk report --from DATE --to DATE`: the supervisor's report for scheduled runs.

One table as CSV (``over_time`` unless ``--table``; to standard output unless ``--out``) or
the whole report as a PDF (``--out`` needed). The figures come from the database a
supervisor at this desk sees: the central PostgreSQL when the desk works with one, else the
desk's own file. The PDF is drawn by the Qt layer, found through the
``hotline_desk.renderers`` entry point (the core never imports Qt). Exit codes: 0 written,
2 bad input (a date, the range, the output file), 1 the database could not be read; on an
error one line says why on standard error and nothing is written.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from app.db.engine import DatabaseUnavailable
from app.desk import Desk, open_desk
from app.reports.export import table_csv
from app.reports.period import Filters, Period
from app.reports.report import Report
from app.reports.service import ReportService, thresholds_of
from app.reports.sql import Grain
from app.settings import Language, Options

log = logging.getLogger(__name__)

TABLES = ("over_time", "operators", "lines", "languages", "departments", "failures")
GRAINS = (Grain.DAY.value, Grain.WEEK.value, Grain.MONTH.value)
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
Renderer = Callable[[Report, Path, bool], int]


class BadInput(ValueError):
    """What the command was given cannot be used (the message says why, in one line)."""


def add_parser(commands: Any) -> None:
    report = commands.add_parser(
        "report", help="the supervisor's report over a period, as CSV or PDF (for schedules)"
    )
    report.add_argument(
        "--from", dest="start", required=True, metavar="DATE",
        help="the first day (YYYY-MM-DD or dd.mm.yyyy, Moscow time)",
    )  # fmt: skip
    report.add_argument(
        "--to", dest="end", required=True, metavar="DATE", help="the last day, included"
    )
    report.add_argument("--format", choices=("csv", "pdf"), default="csv", help="csv by default")
    report.add_argument(
        "--out", type=Path, metavar="FILE",
        help="the file to write (CSV: standard output without it; PDF: required)",
    )  # fmt: skip
    report.add_argument(
        "--grain", choices=GRAINS, default=Grain.DAY.value, help="rows over time by (day)"
    )
    report.add_argument(
        "--table", default="over_time", metavar="NAME",
        help=f"the table written as CSV: {', '.join(TABLES)} (over_time)",
    )  # fmt: skip


def parse_day(text: str, option: str) -> date:
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    raise BadInput(f"{option} {text!r} is not a date (YYYY-MM-DD or dd.mm.yyyy)")


def period_of(args: argparse.Namespace) -> Period:
    start, end = parse_day(args.start, "--from"), parse_day(args.end, "--to")
    if end < start:
        raise BadInput(f"--to {end:%d.%m.%Y} is before --from {start:%d.%m.%Y}")
    return Period(start, end)


def checked_out(args: argparse.Namespace) -> Path | None:
    """The output file, once it is known it can be written (None: standard output)."""
    out: Path | None = args.out
    if out is None:
        if args.format == "pdf":
            raise BadInput("a PDF needs --out FILE")
        return None
    folder = out.parent
    if out.is_dir():
        raise BadInput(f"--out {out} is a folder")
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        raise BadInput(f"--out {out}: {folder} {problem}")
    if not os.access(folder, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise BadInput(f"--out {out} cannot be written (permission denied)")
    return out


def renderer() -> Renderer:
    for entry in entry_points(group="hotline_desk.renderers", name="pdf"):
        render: Renderer = entry.load()
        return render
    raise BadInput("the PDF renderer is not installed; install the project with 'pip install -e .'")


def run(args: argparse.Namespace) -> int:
    try:
        period, out = period_of(args), checked_out(args)
        if args.table not in TABLES:
            raise BadInput(f"--table {args.table!r} is not one of {', '.join(TABLES)}")
        render = renderer() if args.format == "pdf" else None
    except BadInput as exc:
        return _error(str(exc), 2)
    try:
        desk = open_desk()
    except DatabaseUnavailable as exc:
        return _error(f"the database {exc.url} cannot be used: {exc.reason}", 1)
    try:
        english = (args.language or desk.settings.get(Options.LANGUAGE)) == Language.ENGLISH
        report = _build(desk, Filters(period), Grain(args.grain), english)
    except (SQLAlchemyError, DatabaseUnavailable) as exc:
        return _error(f"the report could not be read: {_reason(exc)}", 1)
    finally:
        desk.close()
    try:
        if render is not None and out is not None:
            pages = _atomic(out, lambda path: render(report, path, english))
            log.info("report %s to %s written as PDF, %d pages", period.start, period.end, pages)
        else:
            _write_csv(table_csv(report.table(args.table)), out)
            log.info("report %s to %s written as CSV (%s)", period.start, period.end, args.table)
    except OSError as exc:
        return _error(f"--out {out} could not be written: {exc.strerror or exc}", 2)
    return 0


def _build(desk: Desk, filters: Filters, grain: Grain, english: bool) -> Report:
    """From the central database when the desk works with one (every desk's calls), else
    from the desk's own file; with the thresholds the settings give, as the view."""
    engine: Engine = desk.database.engine
    if desk.sync is not None:
        if not desk.settings.get(Options.DB_HOST):
            raise DatabaseUnavailable("central", "no central database host is set (Settings)")
        engine = desk.sync.central
    return ReportService(engine, thresholds_of(desk.settings)).report(filters, grain, english)


def _write_csv(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return

    def write(path: Path) -> int:
        path.write_text("\ufeff" + text, encoding="utf-8", newline="")  # a spreadsheet's BOM
        return 0

    _atomic(out, write)


def _atomic(out: Path, write: Callable[[Path], int]) -> int:
    """Write beside ``out`` and move into place, so a failure leaves nothing behind."""
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    part = Path(name)
    try:
        result = write(part)
        part.replace(out)
    finally:
        part.unlink(missing_ok=True)
    return result


def _reason(exc: BaseException) -> str:
    if isinstance(exc, DatabaseUnavailable):
        return exc.reason
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    return f"{type(original).__name__}: {lines[0]}" if lines else type(original).__name__


def _error(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)  # noqa: T201 - the command's own output
    return code
