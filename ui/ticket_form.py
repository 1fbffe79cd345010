"""The ticket form in the centre of the window, filled in while the caller talks.

The number stands large at the top (to read back), with the status and the deadline (red
when overdue). Category is a combo box with type-ahead over categories and subcategories;
choosing one rebuilds the fields of its form (ui/ticket_fields.py) and suggests its
department. Every change is saved half a second after the last keystroke, through the
single writer, so a crash loses at most that half second. Ctrl+S saves now, Ctrl+Enter
files the ticket (the problems are marked on the fields when it cannot be filed yet),
Ctrl+Shift+E escalates with a reason; the status box offers only the moves the workflow
allows; the event log and the attachments are under the form.
"""

from __future__ import annotations

import itertools
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db.ticket_models import TicketPriority
from app.desk import Desk
from app.domain.clock import utc_now
from app.services.knowledge import ArticleSummary
from app.services.reference import CategoryInfo, DepartmentInfo
from app.services.tickets import TicketIncomplete, TicketView
from app.tickets.attachments import AttachmentRefused
from app.tickets.workflow import TRANSITIONS, TicketStatus, TransitionError
from ui import ticket_texts as words
from ui.bridge import GuiBridge
from ui.escalation_dialog import EscalationDialog
from ui.ticket_fields import BAD_STYLE, FormFields, with_problem

log = logging.getLogger(__name__)

AUTOSAVE_MS = 500
LABELLED = ("category", "priority", "department", "service", "description")
REQUIRED = ("category", "description")
Report = Callable[[str], None]


def chosen_id(combo: QComboBox) -> uuid.UUID | None:
    """The id behind a combo box's choice (kept as text: PySide compares Python objects
    in item data by identity, so equal UUIDs would not be found)."""
    value = combo.currentData()
    return uuid.UUID(value) if value else None


def select_id(combo: QComboBox, value: uuid.UUID | None) -> None:
    combo.setCurrentIndex(max(0, combo.findData(str(value) if value else None)))


class TicketForm(QWidget):
    filed = Signal(object)  # TicketView
    changed = Signal(object)  # TicketView after any save

    def __init__(
        self, desk: Desk, bridge: GuiBridge, report: Report, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ticketForm")
        self.desk, self._bridge, self._report = desk, bridge, report
        self.ticket: TicketView | None = None
        self._loading = False
        self._department_chosen = False
        self.categories: list[CategoryInfo] = []
        self.departments: list[DepartmentInfo] = []
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save)
        self._build()
        self.load_reference()
        self.retranslate_ui()
        self.setEnabled(False)

    # building -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.number_label = QLabel(self)
        self.number_label.setObjectName("ticketNumberLabel")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number_label.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.state_label = QLabel(self)
        self.state_label.setObjectName("ticketStateLabel")
        self.due_label = QLabel(self)
        self.due_label.setObjectName("ticketDueLabel")
        self.status_box = QComboBox(self)
        self.status_box.setObjectName("ticketStatusBox")
        self.status_box.activated.connect(self._status_picked)
        top = QHBoxLayout()
        top.addWidget(self.number_label)
        top.addStretch(1)
        top.addWidget(self.status_box)
        top.addWidget(self.state_label)
        top.addWidget(self.due_label)
        self._build_form()
        buttons = self._build_buttons()
        self.events_list = QListWidget(self)
        self.events_list.setObjectName("ticketEvents")
        self.events_list.setMinimumHeight(70)
        self.attachments_list = QListWidget(self)
        self.attachments_list.setObjectName("ticketAttachments")
        self.attachments_list.setMaximumHeight(60)
        self.log_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.attachments_list)
        layout.addWidget(self.log_label)
        layout.addWidget(self.events_list, 1)

    def _build_form(self) -> None:
        self.category = QComboBox(self)
        self.category.setObjectName("ticketCategory")
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.category.completer()
        assert completer is not None
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        line = self.category.lineEdit()
        assert line is not None
        line.returnPressed.connect(self._pick_typed)
        self.category.currentIndexChanged.connect(self._category_changed)
        self.priority = QComboBox(self)
        self.priority.setObjectName("ticketPriority")
        for value in TicketPriority:
            self.priority.addItem("", value.value)
        self.priority.currentIndexChanged.connect(lambda _i: self._edited())
        self.department = QComboBox(self)
        self.department.setObjectName("ticketDepartment")
        self.department.activated.connect(self._department_picked)
        self.service = QLineEdit(self)
        self.service.setObjectName("ticketService")
        self.service.textChanged.connect(lambda _t: self._edited())
        self.fields = FormFields(self)
        self.fields.changed.connect(self._edited)
        self.description = QPlainTextEdit(self)
        self.description.setObjectName("ticketDescription")
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(60)
        self.description.textChanged.connect(self._edited)

        self.labels = {key: QLabel(self) for key in LABELLED}
        self.form = QFormLayout()
        category_box, self.category_problem = with_problem(
            self, self.category, "ticketCategoryProblem"
        )
        self.form.addRow(self.labels["category"], category_box)
        self.form.addRow(self.labels["priority"], self.priority)
        self.form.addRow(self.labels["department"], self.department)
        self.form.addRow(self.labels["service"], self.service)
        self.form.addRow(self.fields)
        description_box, self.description_problem = with_problem(
            self, self.description, "ticketDescriptionProblem"
        )
        self.form.addRow(self.labels["description"], description_box)

    def _build_buttons(self) -> QHBoxLayout:
        self.save_button = self._button("ticketSaveButton", "Ctrl+S", self.save_now)
        self.file_button = self._button("ticketFileButton", "Ctrl+Return", self.file)
        self.file_keys = [self.actions()[-1]]
        self.escalate_button = self._button("ticketEscalateButton", "Ctrl+Shift+E", self.escalate)
        self.attach_button = self._button("ticketAttachButton", "Ctrl+Shift+A", self.attach)
        enter = QAction(self)  # the keypad's Enter files as well
        enter.setShortcut(QKeySequence("Ctrl+Enter"))
        enter.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        enter.triggered.connect(self.file)
        self.addAction(enter)
        self.file_keys.append(enter)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.file_button, self.escalate_button):
            buttons.addWidget(button)
        buttons.addWidget(self.attach_button)
        buttons.addStretch(1)
        return buttons

    def _button(self, name: str, keys: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        button.clicked.connect(slot)
        button.setToolTip(QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText))
        return button

    def allow_file_keys(self, allowed: bool) -> None:
        """Ctrl+Enter answers a ringing call: while one rings, the form leaves the key to it
        (two live shortcuts on one key would make Qt fire neither)."""
        for action in self.file_keys:
            action.setEnabled(allowed)

    def load_reference(self) -> None:
        self.categories = self.desk.reference.categories()
        self.departments = self.desk.reference.departments()
        self._fill_reference()

    def _fill_reference(self) -> None:
        language = QLocale().name()[:2]
        by_id = {c.id: c for c in self.categories}
        self._loading = True
        chosen = chosen_id(self.category)
        self.category.clear()
        self.category.addItem("", None)
        for info in self.categories:
            parent = by_id.get(info.parent_id) if info.parent_id else None
            name = info.name(language)
            self.category.addItem(
                f"{parent.name(language)} › {name}" if parent else name, str(info.id)
            )
        select_id(self.category, chosen)
        department = chosen_id(self.department)
        self.department.clear()
        self.department.addItem("—", None)
        for dept in self.departments:
            self.department.addItem(dept.name(language), str(dept.id))
        select_id(self.department, department)
        self._loading = False

    # showing a ticket -----------------------------------------------------------------------
    def show_ticket(self, ticket: TicketView) -> None:
        """Fill the form from a stored ticket (a new draft, a recovered one, or from history);
        what was typed into the one on screen is saved first."""
        if self._autosave.isActive():
            self.save()
        self._autosave.stop()
        self._loading = True
        self.ticket = ticket
        chosen = ticket.subcategory_id or ticket.category_id
        select_id(self.category, chosen)
        self.priority.setCurrentIndex(max(0, self.priority.findData(ticket.priority.value)))
        select_id(self.department, ticket.department_id)
        self._department_chosen = ticket.department_id is not None
        self.service.setText(ticket.service)
        values = dict(ticket.details, application_number=ticket.application_number)
        self.fields.show_form(self._form_of(chosen), values)
        self._tab_order()
        self.description.setPlainText(ticket.description)
        self.category_problem.hide()
        self.description_problem.hide()
        self._loading = False
        self.setEnabled(True)
        self._show_state(ticket)
        self.refresh_log()

    def _show_state(self, ticket: TicketView) -> None:
        self.ticket = ticket
        self.number_label.setText(ticket.number)
        state = words.status(ticket.status)
        self.state_label.setText(self.tr("Draft") if ticket.is_draft else state)
        overdue = (
            ticket.due_at is not None and ticket.status.is_open and ticket.waiting_since is None
        ) and utc_now() > ticket.due_at
        self.due_label.setText(
            self.tr("Due %1").replace("%1", words.when(ticket.due_at)) if ticket.due_at else ""
        )
        self.due_label.setStyleSheet(BAD_STYLE + "font-weight: bold;" if overdue else "")
        self.status_box.clear()
        self.status_box.addItem(state, None)
        for target in sorted(TRANSITIONS[ticket.status], key=list(TicketStatus).index):
            if target is not TicketStatus.ESCALATED:  # escalation asks for a department
                self.status_box.addItem(words.status(target), target.value)
        # A draft says so; a filed ticket's status is the box, which offers the next moves.
        self.status_box.setVisible(not ticket.is_draft)
        self.state_label.setVisible(ticket.is_draft)

    def refresh_log(self) -> None:
        if self.ticket is None:
            return
        names = {d.code: d.name(QLocale().name()[:2]) for d in self.departments}
        self.events_list.clear()
        for event in self.desk.ticket_history.events(self.ticket.id):
            who = f" — {event.operator}" if event.operator else ""
            line = words.event(event.kind, event.details, names)
            self.events_list.addItem(f"{words.when(event.occurred_at)}  {line}{who}")
        self.attachments_list.clear()
        for item in self.desk.attachments.attachments(self.ticket.id):
            size = self.tr("%1 KB").replace("%1", str(item.size_bytes // 1024 + 1))
            self.attachments_list.addItem(f"{item.filename} ({size})")
        self.attachments_list.setVisible(self.attachments_list.count() > 0)

    def _form_of(self, category_id: object) -> str:
        info = next((c for c in self.categories if c.id == category_id), None)
        return info.form if info else ""

    def category_code(self) -> str:
        info = next((c for c in self.categories if c.id == chosen_id(self.category)), None)
        return info.code if info else ""

    def add_reference(self, article: ArticleSummary) -> None:
        """The knowledge-base article the operator used, named in the description (saved
        with the next autosave)."""
        if self.ticket is None:
            return
        line = self.tr("Knowledge-base article: «%1» (kb:%2)")
        self.add_line(line.replace("%1", article.title).replace("%2", article.slug))
        self._report(self.tr("The article is named in the ticket."))

    def add_line(self, line: str) -> None:
        """A line at the end of the description (saved with the next autosave)."""
        text = self.description.toPlainText().rstrip()
        self.description.setPlainText(f"{text}\n{line}" if text else line)

    def suggested_department(self) -> uuid.UUID | None:
        info = next((c for c in self.categories if c.id == chosen_id(self.category)), None)
        return info.department_id if info else None

    # editing --------------------------------------------------------------------------------
    def _category_changed(self, _index: int) -> None:
        if self._loading:
            return
        self.fields.show_form(self._form_of(chosen_id(self.category)))
        self._tab_order()
        if not self._department_chosen:
            suggested = self.suggested_department()
            select_id(self.department, suggested)
        self.category_problem.hide()
        self._edited()

    def _pick_typed(self) -> None:
        """Enter after a few letters takes the first category whose name contains them
        (the completer's popup does the same with the mouse or the arrows)."""
        typed = self.category.currentText().casefold().strip()
        if not typed or self.category.itemText(self.category.currentIndex()).casefold() == typed:
            return
        for index in range(1, self.category.count()):
            if typed in self.category.itemText(index).casefold():
                self.category.setCurrentIndex(index)
                return

    def _tab_order(self) -> None:
        """Tab goes down the form in the order it reads, through the category's fields."""
        chain = [self.category, self.priority, self.department, self.service]
        chain += [*self.fields.editors.values(), self.description, self.file_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _department_picked(self, _index: int) -> None:
        self._department_chosen = True
        self._edited()

    def _edited(self) -> None:
        if not self._loading and self.ticket is not None:
            self._autosave.start()

    def current_fields(self) -> dict[str, Any]:
        chosen = chosen_id(self.category)
        info = next((c for c in self.categories if c.id == chosen), None)
        values = self.fields.values()
        return {
            "category_id": (info.parent_id or info.id) if info else None,
            "subcategory_id": info.id if info and info.parent_id else None,
            "priority": TicketPriority(self.priority.currentData()),
            "department_id": chosen_id(self.department),
            "service": self.service.text().strip()[:200],
            "application_number": values.pop("application_number", "").strip()[:40],
            "details": {k: v for k, v in values.items() if v},
            "description": self.description.toPlainText(),
        }

    def save(self) -> Future[TicketView] | None:
        """Store the form as it is now (the autosave, or Ctrl+S)."""
        self._autosave.stop()
        if self.ticket is None:
            return None
        try:
            future = self.desk.tickets.save_draft(self.ticket.id, self.current_fields())
        except RuntimeError:  # the database is closed: the desk is shutting down
            log.error("ticket not saved: the database is closed")
            return None
        self._bridge.when_done(future, self._saved, self._save_failed)
        return future

    def save_now(self) -> None:
        if self.save() is not None:
            self._report(self.tr("Ticket %1 saved.").replace("%1", self.number_label.text()))

    def _saved(self, ticket: TicketView) -> None:
        if self.ticket is not None and ticket.id == self.ticket.id:
            self._show_state(ticket)
        self.changed.emit(ticket)

    def clear(self) -> None:
        """No ticket on the form (its draft was dropped)."""
        self._autosave.stop()
        self.ticket = None
        self._loading = True
        self.description.clear()
        self.service.clear()
        select_id(self.category, None)
        self.fields.show_form("", {})
        self.events_list.clear()
        self.number_label.clear()
        self._loading = False
        self.setEnabled(False)

    def _save_failed(self, error: BaseException) -> None:
        if isinstance(error, TicketIncomplete):  # a filed ticket keeps only valid values
            self.show_problems(error.problems)
            return
        log.error("ticket not saved: %s", type(error).__name__)
        self._report(
            self.tr("The ticket could not be saved (%1); what you typed is still here.").replace(
                "%1", type(error).__name__
            )
        )

    def file(self) -> Future[TicketView] | None:
        """Ctrl+Enter: save, then file (the problems are marked when it cannot be filed)."""
        if self.ticket is None:
            return None
        self.save()
        future = self.desk.tickets.file(self.ticket.id)
        self._bridge.when_done(future, self._filed, self._file_failed)
        return future

    def _filed(self, ticket: TicketView) -> None:
        if self.ticket is not None and self.ticket.id == ticket.id:
            focused = QApplication.focusWidget()
            had_focus = focused is not None and self.isAncestorOf(focused)
            self.show_ticket(ticket)  # the values as stored (dates, amounts), not as typed
            if had_focus:  # the field that had it was rebuilt: the keyboard stays here
                self.description.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh_log()
        self._report(self.tr("Ticket %1 filed.").replace("%1", ticket.number))
        self.filed.emit(ticket)

    def _file_failed(self, error: BaseException) -> None:
        if not isinstance(error, TicketIncomplete):
            self._save_failed(error)
            return
        self.show_problems(error.problems)

    def show_problems(self, problems: dict[str, Any]) -> None:
        first = self.fields.show_problems(problems)
        for key, label, editor in (
            ("category", self.category_problem, self.category),
            ("description", self.description_problem, self.description),
        ):
            label.setText(words.problem(problems[key]) if key in problems else "")
            label.setVisible(key in problems)
            if key in problems:
                first = editor if key == "category" or first is None else first
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        self._report(self.tr("The ticket is not complete: see the marked fields."))

    def escalate(self) -> EscalationDialog | None:
        """Ctrl+Shift+E: pick the department (the category's is suggested) and say why."""
        if self.ticket is None:
            return None
        language = QLocale().name()[:2]
        suggested = chosen_id(self.department) or self.suggested_department()
        dialog = EscalationDialog(self.departments, suggested, language, self)
        dialog.accepted.connect(lambda: self._escalate(dialog.department_id, dialog.reason))
        dialog.finished.connect(lambda _result: self._back_from(dialog))
        dialog.open()
        return dialog

    def _back_from(self, dialog: QWidget) -> None:
        """The keyboard comes back to the window (its shortcuts need it active)."""
        dialog.deleteLater()
        self.activateWindow()
        self.description.setFocus(Qt.FocusReason.OtherFocusReason)

    def _escalate(self, department_id: uuid.UUID | None, reason: str) -> None:
        if self.ticket is None or department_id is None:
            return
        ticket_id = self.ticket.id

        def escalate(_filed: object = None) -> None:
            future = self.desk.tickets.escalate(ticket_id, department_id, reason)
            self._bridge.when_done(future, self._escalated, self._move_failed)

        if self.ticket.is_draft:
            filing = self.file()
            if filing is not None:
                self._bridge.when_done(filing, escalate, lambda _e: None)
        else:
            escalate()

    def _escalated(self, ticket: TicketView) -> None:
        self._show_state(ticket)
        select_id(self.department, ticket.department_id)
        self.refresh_log()
        self._report(self.tr("Ticket %1 escalated.").replace("%1", ticket.number))
        self.changed.emit(ticket)

    def _status_picked(self, index: int) -> None:
        value = self.status_box.itemData(index)
        if self.ticket is None or not value:
            return
        self.move_to(TicketStatus(value))

    def move_to(self, status: TicketStatus) -> Future[TicketView] | None:
        if self.ticket is None:
            return None
        future = self.desk.tickets.move(self.ticket.id, status)
        self._bridge.when_done(future, self._escalated_or_moved, self._move_failed)
        return future

    def _escalated_or_moved(self, ticket: TicketView) -> None:
        self._show_state(ticket)
        self.refresh_log()
        self.changed.emit(ticket)

    def _move_failed(self, error: BaseException) -> None:
        if isinstance(error, TransitionError):
            self._report(
                self.tr("A ticket cannot go from “%1” to “%2”.")
                .replace("%1", words.status(error.old))
                .replace("%2", words.status(error.new))
            )
        else:
            self._save_failed(error)

    def attach(self, path: Path | None = None) -> None:
        """Ctrl+Shift+A: a screenshot or an error log the caller sent."""
        if self.ticket is None:
            return
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(self, self.tr("Attach a file"))
            if not chosen:
                return
            path = Path(chosen)
        try:
            future = self.desk.attachments.attach(self.ticket.id, path)
        except AttachmentRefused as refused:
            self._report(words.refusal(refused.reason, refused.limit))
            return
        self._bridge.when_done(future, lambda _view: self.refresh_log(), self._save_failed)

    # texts ----------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        for key, label in self.labels.items():
            label.setText(words.field_label(key) + (" *" if key in REQUIRED else ""))
        for index, value in enumerate(TicketPriority):
            self.priority.setItemText(index, words.priority(value.value))
        line = self.category.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Type to find a category…"))
        self.description.setPlaceholderText(self.tr("What the caller says, in a few sentences"))
        self.save_button.setText(self.tr("Save"))
        self.file_button.setText(self.tr("File the ticket"))
        self.escalate_button.setText(self.tr("Escalate…"))
        self.attach_button.setText(self.tr("Attach…"))
        self.log_label.setText(self.tr("History of the ticket"))
        self._fill_reference()
        if self.ticket is not None:
            self._show_state(self.ticket)
            self.refresh_log()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
