"""Where the caller can go: the MFC offices (service centres) in a table the caller-actions
card embeds — each office's name, address, hours and working days, whether it is open now,
and its queue as the MFC's queue system last published it ("no data" when there is none or
it is over two hours old), the shortest known wait first. A filter keeps the offices that
give one service. Reads synchronously from the desk's own file (a few rows); times are
Moscow time, as the hotline tells them.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import moscow_time, utc_now
from app.services.mfc_offices import MfcOffices, OfficeInfo, ServiceInfo

NO_VALUE = "—"
OPEN_COLOUR = QColor("#1b7f3a")
# The table's columns, in order.
NAME, ADDRESS, HOURS, NOW, QUEUE = range(5)


def _language() -> str:
    return QLocale().name()[:2]  # the language shown now


class MfcOfficesView(QWidget):
    """The offices table with its service filter; ``refresh`` reads them again."""

    def __init__(
        self, offices: MfcOffices, parent: QWidget | None = None, *, compact: bool = False
    ) -> None:
        """``compact``: each office as a few lines of a list instead of a table's row, for
        a narrow place such as the caller card."""
        super().__init__(parent)
        self.setObjectName("mfcOfficesView")
        self._offices = offices
        self._services: list[ServiceInfo] = []
        self._pinned: datetime | None = None  # the moment refresh was given (tests), if any
        self._now: datetime | None = None  # the moment shown; None until first read
        # The offices on screen, in their order.
        self.shown: list[OfficeInfo] = []

        self.service_label = QLabel(self)
        self.service = QComboBox(self)
        self.service.setObjectName("mfcServiceFilter")
        self.service_label.setBuddy(self.service)
        self.service.currentIndexChanged.connect(self._reload)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("mfcOfficesTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.cards = QListWidget(self)
        self.cards.setObjectName("mfcOfficesCards")
        self.cards.setWordWrap(True)
        self.cards.setSpacing(6)
        self.cards.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards.setVisible(compact)
        self.table.setVisible(not compact)
        self.empty = QLabel(self)
        self.empty.setObjectName("mfcOfficesEmpty")
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.note = QLabel(self)
        self.note.setObjectName("mfcOfficesNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("QLabel { color: palette(mid); }")
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.service_label)
        filter_row.addWidget(self.service, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.cards, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.note)
        self.retranslate_ui()

    # reading -------------------------------------------------------------------------------
    def refresh(self, now: datetime | None = None) -> None:
        """Read the services and offices again; ``now`` (aware) fixes the moment the hours
        and the queue's age are judged at, the present by default."""
        self._pinned = now
        self._services = self._offices.services()
        self._fill_services()
        self._reload()

    def service_code(self) -> str | None:
        """The service chosen in the filter; None for all."""
        code = self.service.currentData()
        return code if isinstance(code, str) else None

    def _reload(self) -> None:
        self._now = self._pinned or utc_now()
        self.shown = self._offices.offices(self.service_code(), self._now)
        self._show()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if self._now is None:  # shown before anyone asked: read now
            self.refresh()
        super().showEvent(event)

    # showing -------------------------------------------------------------------------------
    def _fill_services(self) -> None:
        chosen = self.service_code()
        language = _language()
        self.service.blockSignals(True)
        try:
            self.service.clear()
            self.service.addItem(self.tr("All services"), None)
            for service in sorted(self._services, key=lambda s: s.name(language)):
                self.service.addItem(service.name(language), service.code)
            found = self.service.findData(chosen) if chosen is not None else 0
            self.service.setCurrentIndex(max(found, 0))
        finally:
            self.service.blockSignals(False)

    def _show(self) -> None:
        if self._now is None:
            return
        now, language = self._now, _language()
        self.table.setRowCount(len(self.shown))
        self.cards.clear()
        for row, office in enumerate(self.shown):
            is_open = office.is_open(now)
            cells = (
                office.name(language),
                office.address,
                self.hours_text(office),
                (self.tr("Open now") if is_open else self.tr("Closed now"))
                if office.hours_known
                else NO_VALUE,
                self.queue_text(office, now),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == NAME:
                    item.setData(Qt.ItemDataRole.UserRole, office.code)
                    names = ", ".join(service.name(language) for service in office.services)
                    item.setToolTip(self.tr("Services: %1").replace("%1", names or NO_VALUE))
                elif column == NOW and is_open:
                    item.setForeground(QBrush(OPEN_COLOUR))
                elif column == QUEUE and not office.load_known(now) and office.queue_updated_at:
                    item.setToolTip(
                        self.tr("Last published at %1 MSK").replace(
                            "%1", moscow_time(office.queue_updated_at).strftime("%d.%m %H:%M")
                        )
                    )
                self.table.setItem(row, column, item)
            card = QListWidgetItem(f"{cells[0]}\n{cells[1]}\n{cells[2]} · {cells[3]}\n{cells[4]}")
            card.setData(Qt.ItemDataRole.UserRole, office.code)
            if is_open:
                card.setForeground(QBrush(OPEN_COLOUR))
            self.cards.addItem(card)
        self.empty.setVisible(not self.shown)
        self.empty.setText(
            self.tr("No office gives this service.")
            if self.service_code()
            else self.tr("No offices are known.")
        )

    def day_names(self) -> tuple[str, ...]:
        return (
            self.tr("Mon"),
            self.tr("Tue"),
            self.tr("Wed"),
            self.tr("Thu"),
            self.tr("Fri"),
            self.tr("Sat"),
            self.tr("Sun"),
        )

    def days_text(self, weekdays: str) -> str:
        """The working days: "daily", or runs of days ("Mon–Sat", "Mon, Tue, Thu–Sat")."""
        days = [weekdays[day : day + 1] == "1" for day in range(7)]
        if all(days):
            return self.tr("daily")
        if not any(days):
            return self.tr("no working days")
        names, parts, day = self.day_names(), [], 0
        while day < 7:
            if not days[day]:
                day += 1
                continue
            end = day
            while end + 1 < 7 and days[end + 1]:
                end += 1
            if end - day >= 2:
                parts.append(f"{names[day]}–{names[end]}")
            else:
                parts.extend(names[day : end + 1])
            day = end + 1
        return ", ".join(parts)

    def hours_text(self, office: OfficeInfo) -> str:
        """Like 08:00–20:00, Mon–Sat (Moscow time)."""
        if office.opens_at is None or office.closes_at is None:
            return self.tr("hours not known")
        if office.opens_at == office.closes_at:
            hours = self.tr("round the clock")
        else:
            hours = f"{office.opens_at:%H:%M}–{office.closes_at:%H:%M}"
        return f"{hours}, {self.days_text(office.weekdays)}"

    def queue_text(self, office: OfficeInfo, now: datetime) -> str:
        """Like 12 waiting, ~25 min · as of 12:30 MSK; no data when none, or it is stale."""
        if not office.load_known(now) or office.queue_updated_at is None:
            return self.tr("no data")
        parts = []
        if office.queue_waiting is not None:
            parts.append(self.tr("%1 waiting").replace("%1", str(office.queue_waiting)))
        if office.queue_minutes is not None:
            parts.append(self.tr("~%1 min").replace("%1", str(office.queue_minutes)))
        when = moscow_time(office.queue_updated_at).strftime("%H:%M")
        return ", ".join(parts) + " · " + self.tr("as of %1 MSK").replace("%1", when)

    def retranslate_ui(self) -> None:
        self.service_label.setText(self.tr("&Service:"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Office"),
                self.tr("Address"),
                self.tr("Hours (MSK)"),
                self.tr("Now"),
                self.tr("Queue"),
            ]
        )
        self.note.setText(
            self.tr(
                "Queue figures come from the offices' queue systems; over two hours old: no data."
            )
        )
        self._fill_services()
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
