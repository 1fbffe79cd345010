"""What the operator can do for the caller, gathered on the caller card in three sections:
the account (block it, send a password reset, unblock it), its contacts (a new phone,
confirmed by a code sent to it, or a new e-mail: ui/contact_change.py), and the caller's MFC
appointment (move it to a free slot, cancel it, or book one).

Each button says what it needs: blocking and appointments need the caller verified at least
partially; a password reset, unblocking and contact changes fully (app/services/back_office.py
and verification.py decide; the buttons only show it). A disabled button carries its reason in
words beside it. Every action asks for confirmation in a sentence that says exactly what
will happen, runs off the GUI thread, and ends with the request number to read back — or,
when another operator took the slot a moment earlier, says so and shows the free ones again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db.models import AccountRequestKind, AccountState
from app.domain.clock import MOSCOW, moscow_time, utc_now
from app.services.back_office import BackOffice, Requested, SlotTaken, SlotView, request_number
from app.services.verification import VerificationService
from app.sync.citizens import DirectoryUnavailable
from app.verification.session import Level, VerificationSession
from app.verification.sms_codes import CodeKeeper
from ui.actions import push_button
from ui.bridge import GuiBridge
from ui.contact_change import ContactChange

BAD_STYLE = "color: #b00020;"
#: Asks yes or no: (title, the sentence saying what will happen).
Confirm = Callable[[str, str], bool]


class CallerActions(QWidget):
    def __init__(
        self,
        back_office: BackOffice,
        verification: VerificationService,
        codes: CodeKeeper,
        bridge: GuiBridge,
        confirm: Confirm,
        *,
        english: Callable[[], bool],
        places: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("callerActions")
        self.office, self.verification, self._bridge = back_office, verification, bridge
        self._confirm, self._english = confirm, english
        self.session: VerificationSession | None = None
        self.held: SlotView | None = None  # the caller's appointment, as last read
        self._asked = 0  # which read of the appointments is the latest
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="appointments")
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        self.block_button = self._button("actionBlock", self.block)
        self.reset_button = self._button("actionPasswordReset", self.reset_password)
        self.unblock_button = self._button("actionUnblock", self.unblock)
        self.why_label = QLabel(self)
        self.why_label.setObjectName("actionsWhy")
        self.why_label.setWordWrap(True)
        self.appointment_label = QLabel(self)
        self.appointment_label.setObjectName("actionsAppointment")
        self.appointment_label.setWordWrap(True)
        self.offices = QComboBox(self)
        self.offices.setObjectName("actionsOffice")
        self.offices.currentIndexChanged.connect(lambda _i: self.show_slots())
        self.slots = QListWidget(self)
        self.slots.setObjectName("actionsSlots")
        self.move_button = self._button("actionMoveAppointment", self.take_slot)
        self.cancel_button = self._button("actionCancelAppointment", self.cancel)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("actionsResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contacts = ContactChange(codes, bridge, self._act, self._change, self)
        #: Where to go: the offices with their hours, services and queue (any caller).
        self.places = places
        self.sections = QTabWidget(self)
        self.sections.setObjectName("callerActionSections")
        self._lay_out()
        self.retranslate_ui()
        self.show_session(None)

    def _button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        return push_button(self, name, slot)

    def _lay_out(self) -> None:
        account_page = QWidget(self.sections)
        account = QGridLayout(account_page)
        account.addWidget(self.block_button, 0, 0)
        account.addWidget(self.reset_button, 0, 1)
        account.addWidget(self.unblock_button, 1, 0)
        account.setRowStretch(2, 1)
        mfc_page = QWidget(self.sections)
        mfc = QVBoxLayout(mfc_page)
        mfc.setContentsMargins(4, 4, 4, 4)
        buttons = QGridLayout()
        buttons.addWidget(self.move_button, 0, 0)
        buttons.addWidget(self.cancel_button, 0, 1)
        self.slots.setMaximumHeight(110)
        for widget in (self.appointment_label, self.offices, self.slots):
            mfc.addWidget(widget)
        mfc.addLayout(buttons)
        for page in (account_page, self.contacts, mfc_page):
            self.sections.addTab(page, "")
        if self.places is not None:
            self.sections.addTab(self.places, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.why_label)
        layout.addWidget(self.sections)
        layout.addWidget(self.result_label)

    # the caller --------------------------------------------------------------------------
    def show_session(self, session: VerificationSession | None) -> None:
        """The verification of the caller on the line (None: nobody verified yet)."""
        self.session = session
        level = session.level if session is not None else Level.NONE
        partial = level in (Level.PARTIAL, Level.FULL)
        self.block_button.setEnabled(partial)
        self.reset_button.setEnabled(level is Level.FULL)
        blocked = session is not None and self._blocked(session)
        self.unblock_button.setEnabled(level is Level.FULL and blocked)
        self.unblock_button.setToolTip(
            "" if blocked or level is not Level.FULL else self.tr("The account is not blocked.")
        )
        self.contacts.show_session(session)
        for widget in (self.offices, self.slots):
            widget.setEnabled(partial)
        if level is Level.NONE:
            self.why_label.setText(self.tr("Verify the caller first (Verification tab)."))
        elif level is Level.PARTIAL:
            self.why_label.setText(
                self.tr("Partly verified: blocking and appointments only; the rest needs full.")
            )
        else:
            self.why_label.setText("")
        self.show_slots()

    def _blocked(self, session: VerificationSession) -> bool:
        try:
            return self.verification.account_state(session.citizen_id) is not AccountState.ACTIVE
        except LookupError:  # a central case's citizen already forgotten
            return False

    def show_slots(self) -> None:
        """The caller's appointment and the chosen office's free slots over the next days:
        read at once from the embedded desk's own file; asked of the server off the GUI
        thread on a central desk (the answer to an older question is dropped)."""
        if self.offices.count() == 0:
            self.offices.blockSignals(True)
            for office in self.office.offices():  # reference data: always local
                name = office.name_en if self._english() else office.name_ru
                self.offices.addItem(name, str(office.id))
            self.offices.blockSignals(False)
        self._asked += 1
        asked, session, value = self._asked, self.session, self.offices.currentData()
        if session is None or session.level is Level.NONE:
            self._show_slots(asked, (None, []))
            return
        office_id = uuid.UUID(value) if value else None

        def read() -> tuple[SlotView | None, list[SlotView]]:
            held = self.office.appointments(session.citizen_id)
            today = utc_now().astimezone(MOSCOW).date()
            days = [today + timedelta(days=n) for n in range(4)]
            free = (
                [s for day in days for s in self.office.free_slots(office_id, day)]
                if office_id is not None
                else []
            )
            return (held[0] if held else None, free)

        if not self.office.remote:
            self._show_slots(asked, read())
            return
        self.appointment_label.setText(self.tr("Asking the central database…"))
        self.appointment_label.setStyleSheet("")
        for button in (self.move_button, self.cancel_button):
            button.setEnabled(False)
        self._bridge.when_done(
            self._reader.submit(read),
            lambda found: self._show_slots(asked, found),
            lambda error: self._not_read(asked, error),
            owner=self,
        )

    def _show_slots(self, asked: int, found: tuple[SlotView | None, list[SlotView]]) -> None:
        if asked != self._asked:
            return  # a newer question is on its way
        self.held, free = found
        held = self.held
        if held is None:
            self.appointment_label.setText(self.tr("No MFC appointment."))
        else:
            self.appointment_label.setText(
                self.tr("MFC appointment: %1, %2").replace("%1", self._office(held))
                .replace("%2", _when(held))
            )  # fmt: skip
        self.appointment_label.setStyleSheet("")
        partial = self.session is not None and self.session.level is not Level.NONE
        self.cancel_button.setEnabled(partial and held is not None)
        self.move_button.setText(self.tr("Move here") if held else self.tr("Book"))
        self.slots.clear()
        for slot in free:
            item = QListWidgetItem(_when(slot))
            item.setData(Qt.ItemDataRole.UserRole, str(slot.id))
            self.slots.addItem(item)
        self.slots.setCurrentRow(0)
        self.move_button.setEnabled(partial and self.slots.count() > 0)

    def _not_read(self, asked: int, error: BaseException) -> None:
        if not isinstance(error, DirectoryUnavailable):
            raise error
        if asked == self._asked:
            self.held = None
            self.slots.clear()
            self.appointment_label.setText(
                self.tr(
                    "The central database does not answer: appointments cannot be seen or"
                    " changed now. Offer to call back."
                )
            )
            self.appointment_label.setStyleSheet(BAD_STYLE)

    # actions -----------------------------------------------------------------------------
    def block(self) -> None:
        text = self.tr(
            "The caller's portal account will be blocked now: nobody, the caller included,"
            " can sign in until it is unblocked. Block it?"
        )
        self._act(self.tr("Block the account"), text, self.office.block)

    def reset_password(self) -> None:
        text = self.tr(
            "A password reset link goes to the caller's confirmed e-mail or phone; the old"
            " password stops working. Send it?"
        )
        self._act(self.tr("Password reset"), text, lambda s: self._change(s, "password_reset"))

    def unblock(self) -> None:
        text = self.tr("The back office will unblock the caller's account. Ask it to?")
        self._act(self.tr("Unblock the account"), text, lambda s: self._change(s, "unblock"))

    def take_slot(self) -> None:
        item = self.slots.currentItem()
        if item is None:
            return
        slot_id = uuid.UUID(str(item.data(Qt.ItemDataRole.UserRole)))
        held = self.held
        office = self.offices.currentText()
        if held is None:
            text = self.tr("Book %1 at %2 for the caller?").replace("%1", item.text())
            self._act(self.tr("MFC appointment"), text.replace("%2", office),
                      lambda s: self.office.book(s, slot_id))  # fmt: skip
            return
        text = self.tr("The appointment of %1 will move to %2 at %3; the old time is freed.")
        text = text.replace("%1", _when(held)).replace("%2", item.text()).replace("%3", office)
        self._act(self.tr("MFC appointment"), text, lambda s: self.office.move(s, held.id, slot_id))

    def cancel(self) -> None:
        held = self.held
        if held is None:
            return
        text = self.tr("The appointment of %1 at %2 will be cancelled and the time freed.")
        text = text.replace("%1", _when(held)).replace("%2", self._office(held))
        self._act(self.tr("MFC appointment"), text, lambda s: self.office.cancel(s, held.id))

    def _change(
        self, session: VerificationSession, kind: AccountRequestKind | str, value: str = ""
    ) -> Future[Requested]:
        kind = AccountRequestKind(kind)
        future = self.verification.request_change(session, kind, value)
        done: Future[Requested] = Future()

        def ready(f: Future[uuid.UUID]) -> None:
            error = f.exception()
            if error is not None:
                done.set_exception(error)
                return
            number = request_number(f.result())
            done.set_result(Requested(f.result(), number, kind))

        future.add_done_callback(ready)
        return done

    def _act(
        self, title: str, text: str, act: Callable[[VerificationSession], Future[Requested]]
    ) -> None:
        if self.session is None or not self._confirm(title, text):
            return
        try:
            future = act(self.session)
        except PermissionError:
            self._say(self.tr("The caller is not verified enough for this."), bad=True)
            return
        except ValueError:
            self._say(self.tr("That is not a valid phone number or e-mail."), bad=True)
            return
        self._bridge.when_done(future, self._done, self._failed)

    def _done(self, done: Requested) -> None:
        self._say(self.tr("Done: request %1. Read the number to the caller.").replace(
            "%1", done.number))  # fmt: skip
        self.show_session(self.session)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, SlotTaken):
            self._say(
                self.tr("Another operator has just taken that time: choose another."), bad=True
            )
        elif isinstance(error, DirectoryUnavailable):
            self._say(
                self.tr("The central database does not answer: nothing was changed."), bad=True
            )
        else:
            self._say(self.tr("Not done: %1").replace("%1", type(error).__name__), bad=True)
        self.show_session(self.session)

    def _say(self, text: str, bad: bool = False) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet(BAD_STYLE if bad else "")

    def _office(self, slot: SlotView) -> str:
        return slot.office_en if self._english() else slot.office_ru

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Actions for the caller"))
        self.block_button.setText(self.tr("Block"))
        self.reset_button.setText(self.tr("Password reset"))
        self.unblock_button.setText(self.tr("Unblock"))
        self.cancel_button.setText(self.tr("Cancel appointment"))
        names = (self.tr("Access"), self.tr("Contacts"), self.tr("MFC"), self.tr("Where to go"))
        for index, text in enumerate(names[: self.sections.count()]):
            self.sections.setTabText(index, text)
        if self.session is not None or self.isVisible():
            self.show_session(self.session)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _when(slot: SlotView) -> str:
    return moscow_time(slot.starts_at).strftime("%d.%m %H:%M")
