"""One portal request on one page: what the citizen wrote, the screenshots shown inline and
the documents opened with the system's viewer, the citizen's earlier calls and tickets, and
what to do: take it (Enter in the list), call back (at once), open its ticket."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import moscow_time
from app.portal.inbox import FileView
from app.services.calls import CallSummary
from app.services.portal_inbox import Offer
from app.services.ticket_history import TicketBrief
from ui.actions import push_button
from ui.ticket_texts import status as status_text

IMAGE_WIDTH = 280


@dataclass(frozen=True)
class Details:
    """What the page shows besides the request: read off the GUI thread."""

    files: list[FileView] = field(default_factory=list)
    tickets: list[TicketBrief] = field(default_factory=list)
    calls: list[CallSummary] = field(default_factory=list)


def open_with_system(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _safe(name: str) -> str:
    return re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", Path(name).name).strip(" .") or "file"


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else moscow_time(moment).strftime("%d.%m %H:%M")


class RequestPage(QWidget):
    claim_asked = Signal()
    call_back_asked = Signal()
    ticket_asked = Signal(object)  # the ticket's id

    def __init__(
        self,
        topic: Callable[[uuid.UUID], str],
        scratch: Path,
        open_file: Callable[[Path], None] = open_with_system,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("requestPage")
        self._topic = topic
        self._scratch = scratch
        self._open_file = open_file
        self.offer: Offer | None = None
        self.details = Details()
        self.mine = False
        self.title = QLabel(self)
        self.title.setObjectName("requestTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.meta = QLabel(self)
        self.meta.setObjectName("requestMeta")
        self.meta.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("requestText")
        self.text.setReadOnly(True)
        self.files_label = QLabel(self)
        self.files_row = QHBoxLayout()
        self.history_label = QLabel(self)
        self.history = QListWidget(self)
        self.history.setObjectName("requestHistory")
        self.history.setWordWrap(True)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.claim_button = push_button(self, "claimRequestButton", self.claim_asked.emit)
        self.call_button = push_button(self, "callBackButton", self.call_back_asked.emit)
        self.ticket_button = push_button(self, "requestTicketButton", self._ticket)
        self.result = QLabel(self)
        self.result.setObjectName("requestResult")
        self.result.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.claim_button, self.call_button, self.ticket_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.text, 2)
        layout.addWidget(self.files_label)
        layout.addLayout(self.files_row)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.file_widgets: list[QWidget] = []
        self.retranslate_ui()

    def show_request(self, offer: Offer | None, details: Details, *, mine: bool) -> None:
        """Shows ``offer``; what was said about it stays while it is the same request."""
        before = self.offer.request.id if self.offer else None
        if offer is None or offer.request.id != before:
            self.result.clear()
        self.offer, self.details, self.mine = offer, details, mine
        self._fill()

    def say(self, text: str) -> None:
        self.result.setText(text)

    def _fill(self) -> None:
        offer = self.offer
        shown: tuple[QWidget, ...] = (self.text, self.history, self.files_label, self.history_label)
        for part in shown:
            part.setVisible(offer is not None)
        self.claim_button.setVisible(offer is not None and not self.mine)
        self.call_button.setVisible(offer is not None and self.mine)
        self.ticket_button.setVisible(
            offer is not None and self.mine and offer.request.ticket_id is not None
        )
        for widget in self.file_widgets:
            widget.deleteLater()
        self.file_widgets = []
        if offer is None:
            self.title.setText(self.tr("Choose a request on the left."))
            self.meta.clear()
            return
        request = offer.request
        self.title.setText(f"{request.number} · {self._topic(request.category_id)}")
        window = (
            f"{request.window_start:%H:%M}–{request.window_end:%H:%M}"
            if request.window_start and request.window_end
            else self.tr("any time")
        )
        self.meta.setText(
            self.tr(
                "Received %1 MSK · call back by %2 MSK · language: %3 · the citizen's window:"
                " %4 · attempts: %5, next: %6"
            )
            .replace("%1", _when(request.created_at))
            .replace("%2", _when(offer.due_at))
            .replace("%3", request.language)
            .replace("%4", window)
            .replace("%5", str(request.attempts))
            .replace("%6", _when(request.next_attempt_at))
        )
        self.text.setPlainText(request.text)
        self.call_button.setText(
            self.tr("Call back %1 (Ctrl+Shift+B)").replace("%1", request.callback_phone)
        )
        self._fill_files()
        self._fill_history()

    def _fill_files(self) -> None:
        files = self.details.files
        self.files_label.setText(
            self.tr("Files: none") if not files else self.tr("Files (click a document to open it):")
        )
        for file in files:
            if file.media_type.startswith("image/"):
                picture = QPixmap()
                if picture.loadFromData(file.content):
                    label = QLabel(self)
                    label.setObjectName("requestImage")
                    label.setPixmap(
                        picture.scaledToWidth(
                            min(IMAGE_WIDTH, picture.width()),
                            Qt.TransformationMode.SmoothTransformation,
                        )
                    )
                    label.setToolTip(file.file_name)
                    self._add_file(label)
                    continue
            button = QPushButton(file.file_name, self)
            button.setObjectName("requestDocument")
            button.clicked.connect(lambda _=False, f=file: self.open_file(f))
            self._add_file(button)

    def _add_file(self, widget: QWidget) -> None:
        self.files_row.addWidget(widget)
        self.file_widgets.append(widget)

    def open_file(self, file: FileView) -> Path:
        """Writes the file where the desk keeps its temporary files and hands it to the
        system's viewer."""
        assert self.offer is not None
        folder = self._scratch / _safe(self.offer.request.number)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / _safe(file.file_name)
        path.write_bytes(file.content)
        self._open_file(path)
        return path

    def _fill_history(self) -> None:
        self.history.clear()
        for ticket in self.details.tickets:
            self.history.addItem(
                self.tr("Ticket %1 · %2 · %3 · %4")
                .replace("%1", ticket.number)
                .replace("%2", self._topic(ticket.category_id) if ticket.category_id else "—")
                .replace("%3", status_text(ticket.status))
                .replace("%4", _when(ticket.created_at))
            )
        for call in self.details.calls:
            length = call.duration_seconds
            self.history.addItem(
                self.tr("Call %1 · %2")
                .replace("%1", _when(call.offered_at))
                .replace(
                    "%2",
                    f"{length // 60}:{length % 60:02d}"
                    if length is not None
                    else self.tr("missed"),
                )
            )
        if not self.details.tickets and not self.details.calls:
            self.history.addItem(self.tr("No earlier calls or tickets from this citizen."))

    def _ticket(self) -> None:
        if self.offer is not None and self.offer.request.ticket_id is not None:
            self.ticket_asked.emit(self.offer.request.ticket_id)

    def retranslate_ui(self) -> None:
        self.history_label.setText(self.tr("The citizen's calls and tickets:"))
        self.claim_button.setText(self.tr("Take it (Enter)"))
        self.ticket_button.setText(self.tr("Open its ticket"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
