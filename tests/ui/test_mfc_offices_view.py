"""The MFC offices view (ui/mfc_offices.py) on a demo desk's file, in Russian as an operator
sees it: the three demo offices with their hours, open or closed now and their queues in
Moscow time, the shortest wait first; the service filter narrowing the list (and saying when
no office gives the service); a stale queue shown as "нет данных"; English after a switch."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app.db.application_models import MfcOffice
from app.db.database import Database
from app.db.demo import seed_reference
from app.db.demo_applications import seed_applications, seed_mfc
from app.db.demo_citizens import seed_citizens
from app.db.engine import sqlite_url
from app.domain.clock import MOSCOW
from app.services.mfc_offices import MfcOffices
from app.settings import Language
from ui.i18n import LanguageManager
from ui.mfc_offices import MfcOfficesView

#: A Sunday, 12:30 in Moscow: only the Tverskoy office works on Sundays. The demo queues
#: were published 4 (Tverskoy), 7 (Arbat) and 3 (Kazan) minutes before.
NOW = datetime(2026, 11, 29, 12, 30, tzinfo=MOSCOW)

Row = tuple[str, str, str, str, str]


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    for seed in (seed_reference, seed_citizens, seed_applications):
        db.write_now(seed)
    db.write_now(lambda session: seed_mfc(session, NOW))
    yield db
    db.close()


@pytest.fixture
def view(qtbot: QtBot, database: Database, languages: LanguageManager) -> MfcOfficesView:
    shown = MfcOfficesView(MfcOffices(database))
    qtbot.addWidget(shown)
    shown.refresh(NOW)
    shown.show()
    return shown


def rows(view: MfcOfficesView) -> list[Row]:
    found = []
    for row in range(view.table.rowCount()):
        cells = [view.table.item(row, column) for column in range(5)]
        texts = [cell.text() if cell is not None else "" for cell in cells]
        found.append((texts[0], texts[1], texts[2], texts[3], texts[4]))
    return found


def names(view: MfcOfficesView) -> list[str]:
    return [row[0] for row in rows(view)]


def headers(view: MfcOfficesView) -> list[str]:
    items = [view.table.horizontalHeaderItem(column) for column in range(5)]
    return [item.text() if item is not None else "" for item in items]


def choose(view: MfcOfficesView, service: str) -> None:
    index = view.service.findText(service)
    assert index >= 0, f"{service!r} is not among {view.service.count()} choices"
    view.service.setCurrentIndex(index)


def test_the_offices_with_their_hours_and_queues_shortest_wait_first(
    view: MfcOfficesView,
) -> None:
    assert headers(view) == ["МФЦ", "Адрес", "Часы работы (МСК)", "Сейчас", "Очередь"]
    assert rows(view) == [
        (
            "МФЦ района Арбат",
            "Москва, ул. Новый Арбат, 11",
            "09:00–20:00, пн–сб",
            "Закрыт сейчас",
            "4 чел., ~10 мин · данные на 12:23 МСК",
        ),
        (
            "МФЦ района Тверской",
            "Москва, ул. Тверская, 7",
            "08:00–20:00, ежедневно",
            "Открыт сейчас",
            "12 чел., ~25 мин · данные на 12:26 МСК",
        ),
        (
            "МФЦ «Центральный», Казань",
            "Казань, ул. Баумана, 20",
            "09:00–19:00, пн–сб",
            "Закрыт сейчас",
            "21 чел., ~40 мин · данные на 12:27 МСК",
        ),
    ]
    tverskoy = view.table.item(1, 0)
    assert tverskoy is not None
    assert tverskoy.toolTip().startswith("Услуги: Выписка из ЕГРН об объекте недвижимости, ")
    assert "Замена водительского удостоверения" in tverskoy.toolTip()


def test_the_service_filter_narrows_the_list(view: MfcOfficesView) -> None:
    assert view.service.currentText() == "Все услуги"
    assert view.service.count() == 6  # all, and the five portal services

    choose(view, "Замена водительского удостоверения")
    assert names(view) == ["МФЦ района Тверской", "МФЦ «Центральный», Казань"]
    assert view.service_code() == "driving_licence"
    assert view.empty.isHidden()

    choose(view, "Запись на приём к врачу")
    assert rows(view) == []
    assert view.empty.isVisible()
    assert view.empty.text() == "Ни один МФЦ не оказывает эту услугу."

    choose(view, "Все услуги")
    assert len(rows(view)) == 3
    assert view.empty.isHidden()


def test_a_stale_queue_says_no_data_and_goes_last(view: MfcOfficesView, database: Database) -> None:
    three_hours_ago = NOW - timedelta(hours=3)
    database.write_now(
        lambda session: session.execute(
            update(MfcOffice)
            .where(MfcOffice.code == "mfc_arbat")
            .values(queue_updated_at=three_hours_ago)
        )
    )

    view.refresh(NOW)

    assert [(row[0], row[4]) for row in rows(view)] == [
        ("МФЦ района Тверской", "12 чел., ~25 мин · данные на 12:26 МСК"),
        ("МФЦ «Центральный», Казань", "21 чел., ~40 мин · данные на 12:27 МСК"),
        ("МФЦ района Арбат", "нет данных"),
    ]
    stale = view.table.item(2, 4)
    assert stale is not None
    assert stale.toolTip() == "Последние данные: 29.11 09:30 МСК"


def test_the_filter_keeps_its_choice_when_read_again(view: MfcOfficesView) -> None:
    choose(view, "Единое пособие на детей")
    view.refresh(NOW + timedelta(hours=3))  # every queue is stale by now

    assert view.service.currentText() == "Единое пособие на детей"
    assert rows(view) == [
        ("МФЦ района Арбат", "Москва, ул. Новый Арбат, 11", "09:00–20:00, пн–сб",
         "Закрыт сейчас", "нет данных"),
        ("МФЦ района Тверской", "Москва, ул. Тверская, 7", "08:00–20:00, ежедневно",
         "Открыт сейчас", "нет данных"),
    ]  # fmt: skip


def test_working_days_read_as_runs(view: MfcOfficesView) -> None:
    assert view.days_text("1111100") == "пн–пт"
    assert view.days_text("1101110") == "пн, вт, чт–сб"
    assert view.days_text("0010001") == "ср, вс"
    assert view.days_text("0000000") == "нет рабочих дней"


def test_the_view_speaks_english_after_a_switch(
    qtbot: QtBot, view: MfcOfficesView, languages: LanguageManager
) -> None:
    languages.apply(Language.ENGLISH)

    qtbot.waitUntil(lambda: view.service.itemText(0) == "All services")
    assert headers(view) == ["Office", "Address", "Hours (MSK)", "Now", "Queue"]
    assert rows(view)[1] == (
        "Tverskoy district MFC",
        "Москва, ул. Тверская, 7",
        "08:00–20:00, daily",
        "Open now",
        "12 waiting, ~25 min · as of 12:26 MSK",
    )
    assert rows(view)[0][2:4] == ("09:00–20:00, Mon–Sat", "Closed now")
    assert view.service.findText("Replacement of a driving licence") > 0


def test_shown_before_anyone_asked_it_reads_by_itself(
    qtbot: QtBot, database: Database, languages: LanguageManager
) -> None:
    view = MfcOfficesView(MfcOffices(database))
    qtbot.addWidget(view)
    assert view.table.rowCount() == 0

    view.show()

    assert view.table.rowCount() == 3


def test_the_offices_are_a_section_of_the_caller_card(qtbot: QtBot, window: object) -> None:
    """Where to go is there for any caller, verified or not, beside the appointment."""
    actions = window.tickets.actions  # type: ignore[attr-defined]
    sections = actions.sections
    names = [sections.tabText(i) for i in range(sections.count())]
    assert names == ["Доступ", "Контакты", "МФЦ", "Куда обратиться"]
    window.workspace.setCurrentWidget(window.workspace.ticket_page)  # type: ignore[attr-defined]
    sections.setCurrentIndex(3)
    places = actions.places
    qtbot.waitUntil(lambda: places.cards.count() == 3, timeout=5000)
    assert places.cards.isVisible() and not places.table.isVisible()  # narrow: a list
    name, address, hours, queue = places.cards.item(0).text().splitlines()  # the shortest wait
    assert (name, address) == ("МФЦ района Арбат", "Москва, ул. Новый Арбат, 11")
    assert hours.startswith("09:00–20:00, пн–сб · ")
    assert queue.startswith("4 чел., ~10 мин · данные на ")
    shots = os.environ.get("HOTLINE_DOCS_SCREENSHOTS")
    if shots:
        window.grab().save(str(Path(shots) / "mfc-offices.png"), "PNG")  # type: ignore[attr-defined]
