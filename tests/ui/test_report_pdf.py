"""The report of the hand-computed day as a PDF, opened again with Qt's PDF reader as a
supervisor would open it: more than one page, a first page that is not blank, and the
title, the period, a tile's name and the failure in the text; rendered to PNG (and, with
HOTLINE_DOCS_SCREENSHOTS set to a folder, saved as the docs' pictures of the first two
pages). A long table goes on over further pages with its header repeated; the same report
comes out in English when asked."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.reports.period import Filters, Period
from app.reports.report import Report, Table, build
from tests.reports_day import DAY, write_day, write_tickets
from tests.unit.test_report_tickets import MIDNIGHT
from ui.i18n import LanguageManager
from ui.report_pdf import write_pdf

SHOTS = os.environ.get("HOTLINE_DOCS_SCREENSHOTS")
SCALE = 1.5  # PNG pixels per PDF point (108 dpi)


@pytest.fixture
def report(tmp_path: Path) -> Iterator[Report]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    for seed in (seed_reference, write_day, write_tickets):
        db.write_now(seed)
    with db.engine.connect() as connection:
        yield build(connection, Filters(Period(DAY, DAY)), now=MIDNIGHT)
    db.close()


def opened(path: Path) -> QPdfDocument:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_, document.error()
    return document


def page_text(document: QPdfDocument, page: int) -> str:
    return " ".join(document.getAllText(page).text().split())


def render(document: QPdfDocument, page: int, folder: Path) -> QImage:
    size = document.pagePointSize(page)
    drawn = document.render(page, QSize(round(size.width() * SCALE), round(size.height() * SCALE)))
    assert not drawn.isNull()
    image = QImage(drawn.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))  # as paper: the page is rendered on a transparent ground
    painter = QPainter(image)
    painter.drawImage(0, 0, drawn)
    painter.end()
    assert image.save(str(folder / f"page-{page + 1}.png"), "PNG")
    return image


def dark_pixels(image: QImage, top: float, bottom: float) -> int:
    """Pixels darker than mid-grey between two heights (fractions of the page), sampled."""
    found = 0
    for y in range(int(image.height() * top), int(image.height() * bottom), 2):
        for x in range(0, image.width(), 2):
            if image.pixelColor(x, y).lightness() < 128:
                found += 1
    return found


def test_the_report_as_a_pdf(
    qapp: QApplication, languages: LanguageManager, report: Report, tmp_path: Path
) -> None:
    path = tmp_path / "report.pdf"
    pages = write_pdf(report, path)

    assert path.read_bytes().startswith(b"%PDF-")
    document = opened(path)
    assert document.pageCount() == pages >= 2
    images = [render(document, page, tmp_path) for page in range(document.pageCount())]
    first = images[0]
    assert first.width() / first.height() == pytest.approx(210 / 297, abs=0.01)  # A4 portrait
    assert dark_pixels(first, 0.04, 0.09) > 200  # the title
    assert dark_pixels(first, 0.0, 0.035) == 0  # the margins are empty: nothing cut off
    assert dark_pixels(first, 0.965, 1.0) == 0

    text = page_text(document, 0)
    assert "Отчёт горячей линии" in text
    assert "Период: 10.11.2026 – 10.11.2026" in text
    assert "Уровень обслуживания" in text
    assert "50,0 %" in text  # service level: 4 of 8
    assert "Страница 1 из" in text
    everything = " ".join(page_text(document, page) for page in range(pages))
    assert "ошибка 500" in everything
    assert "Ошибка 500 при загрузке документов" in everything
    for title in ("По операторам", "Обращения по отделам", "Сбои портала"):
        assert title in everything
    assert "Анна Иванова" in everything

    if SHOTS:
        for page in (1, 2):
            shutil.copy(tmp_path / f"page-{page}.png", Path(SHOTS) / f"report-pdf-{page}.png")


def test_a_long_table_goes_on_over_pages_with_its_header(
    qapp: QApplication, languages: LanguageManager, report: Report, tmp_path: Path
) -> None:
    columns = ("category", "subcategory", "error", "tickets", "calls", "resolve_hours")
    rows = [("Технические сбои", "Загрузка", f"ошибка {n:03d}", n, 0, None) for n in range(150)]
    long = dataclasses.replace(report, tables=[Table("failures", columns, rows)])
    path = tmp_path / "long.pdf"

    pages = write_pdf(long, path)

    document = opened(path)
    texts = [page_text(document, page) for page in range(pages)]
    with_rows = [t for t in texts if "ошибка 0" in t]
    assert len(with_rows) >= 3
    for text in with_rows[1:]:
        assert "Сбои портала (продолжение)" in text
        assert "Подкатегория" in text  # the header again
    everything = " ".join(texts)
    assert all(f"ошибка {n:03d}" in everything for n in range(150))  # no row lost
    assert f"Страница {pages} из {pages}" in texts[-1]


def test_in_english_whatever_the_window_shows(
    qapp: QApplication, languages: LanguageManager, report: Report, tmp_path: Path
) -> None:
    path = tmp_path / "report-en.pdf"

    write_pdf(report, path, english=True)

    text = page_text(opened(path), 0)
    assert "Hotline report" in text
    assert "Service level" in text
    assert "Page 1 of" in text
    assert qapp.translate("Reports", "Hotline report") == "Отчёт горячей линии"  # as it was
