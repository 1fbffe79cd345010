"""The verification wizard in the centre of the window, run with the keyboard during a call.

Four steps on a stack: find the citizen (prefilled from the caller's number, or by SNILS,
or by full name and birth date), documents (what the caller dictates, checked field by
field: match or no match, the stored value only masked), the security question, and the
SMS code (send, countdown, resend, enter). Enter checks the field it is in; Alt+N goes on,
Alt+B back; every step can be skipped. The level (none / partial / full) stands at the top
and goes out as :attr:`VerificationPanel.level_changed` for the caller card.
Sending an SMS runs on a worker thread; everything else is a local read or a hash check.
"""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import validators as v
from app.services.verification import CitizenCard, LockedOut, VerificationService
from app.sync.citizens import DirectoryUnavailable
from app.verification.session import Factor, Level, VerificationSession
from app.verification.sms_codes import CodeCheck, CodeKeeper, ResendTooSoon
from app.verification.sms_gateway import GatewayError
from ui import verification_texts as words
from ui.bridge import GuiBridge

log = logging.getLogger(__name__)

OK_STYLE = "color: #1b7f3a; font-weight: bold;"
BAD_STYLE = "color: #b00020; font-weight: bold;"
PROBLEMS: dict[Factor, Callable[[str], enum.Enum | None]] = {
    Factor.SNILS: v.snils_problem,
    Factor.INN: v.inn_problem,
    Factor.PASSPORT: v.passport_problem,
}


class VerificationPanel(QWidget):
    level_changed = Signal(str)  # Level value, for the caller card

    def __init__(
        self,
        service: VerificationService,
        codes: CodeKeeper,
        bridge: GuiBridge,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("verificationPanel")
        self.service, self.codes, self._bridge = service, codes, bridge
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sms-send")
        self._searching = False  # a central look-up is on its way
        self.call_id: uuid.UUID | None = None
        self.card: CitizenCard | None = None
        self.session: VerificationSession | None = None
        self._phone = ""  # where codes go: the verified account's number (E.164)
        self._build()
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self.retranslate_ui()

    # ------------------------------------------------------------------ building
    def _edit(self, name: str, on_enter: Callable[[], None]) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.returnPressed.connect(on_enter)
        return edit

    def _build(self) -> None:
        self.level_label = QLabel(self)
        self.level_label.setObjectName("verificationLevel")
        self.citizen_label = QLabel(self)
        self.citizen_label.setObjectName("verificationCitizen")
        self.message = QLabel(self)
        self.message.setObjectName("verificationMessage")
        self.message.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self._build_find()
        self._build_documents()
        self._build_answer()
        self._build_sms()
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("verifyBack")
        self.back_button.clicked.connect(lambda: self.go(-1))
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("verifyNext")
        self.next_button.clicked.connect(lambda: self.go(1))
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        for widget in (self.level_label, self.citizen_label, self.message):
            layout.addWidget(widget)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

    def _rows(self, page: QWidget, form: QFormLayout, fields: list[QWidget]) -> None:
        for field in fields:
            form.addRow(QLabel(page), field)

    def _build_find(self) -> None:
        self.find_page, self.find_form = self._page("verifyFind")
        self.phone = self._edit("verifyPhone", self.search)
        self.snils_find = self._edit("verifySnilsFind", self.search)
        self.name = self._edit("verifyName", self.search)
        self.birth = self._edit("verifyBirth", self.search)
        self.results = QListWidget(self.find_page)
        self.results.setObjectName("verifyResults")
        self.results.itemActivated.connect(lambda item: self.choose(item.data(256)))
        self.find_hint = QLabel(self.find_page)
        self.find_hint.setObjectName("verifyFindHint")
        self.find_hint.setStyleSheet(BAD_STYLE)
        checks: list[tuple[QLineEdit, Callable[[str], enum.Enum | None]]] = [
            (self.phone, v.phone_problem),
            (self.snils_find, v.snils_problem),
            (self.name, v.full_name_problem),
        ]
        for edit, check in checks:
            edit.textChanged.connect(partial(self._find_hint, check))
        fields = [self.phone, self.snils_find, self.name, self.birth, self.find_hint, self.results]
        self._rows(self.find_page, self.find_form, fields)

    def _find_hint(self, check: Callable[[str], enum.Enum | None], text: str) -> None:
        self.find_hint.setText(words.problem(check(text)) if text.strip() else "")

    def _build_documents(self) -> None:
        self.docs_page, self.docs_form = self._page("verifyDocuments")
        self.doc_edits: dict[Factor, QLineEdit] = {}
        self.doc_results: dict[Factor, QLabel] = {}
        for factor in PROBLEMS:
            edit = self._edit(f"verify_{factor.value}", partial(self.check_document, factor))
            edit.textChanged.connect(lambda _t, f=factor: self._hint(f))
            result = QLabel(self.docs_page)
            row = QWidget(self.docs_page)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(edit, 1)
            line.addWidget(result, 1)
            self.docs_form.addRow(QLabel(self.docs_page), row)
            self.doc_edits[factor], self.doc_results[factor] = edit, result

    def _build_answer(self) -> None:
        self.answer_page, self.answer_form = self._page("verifyAnswer")
        self.question = QLabel(self.answer_page)
        self.question.setObjectName("verifyQuestion")
        self.answer = self._edit("verifyAnswerEdit", self.check_answer)
        self.answer_result = QLabel(self.answer_page)
        self._rows(
            self.answer_page, self.answer_form, [self.question, self.answer, self.answer_result]
        )

    def _build_sms(self) -> None:
        self.sms_page, self.sms_form = self._page("verifySms")
        self.send_button = QPushButton(self.sms_page)
        self.send_button.setObjectName("verifySendCode")
        self.send_button.clicked.connect(self.send_code)
        self.sms_state = QLabel(self.sms_page)
        self.sms_state.setObjectName("verifySmsState")
        self.code = self._edit("verifyCode", self.check_code)
        self.code_result = QLabel(self.sms_page)
        fields = [self.send_button, self.sms_state, self.code, self.code_result]
        self._rows(self.sms_page, self.sms_form, fields)

    def _page(self, name: str) -> tuple[QWidget, QFormLayout]:
        page = QWidget(self.stack)
        page.setObjectName(name)
        form = QFormLayout(page)
        self.stack.addWidget(page)
        return page, form

    # ------------------------------------------------------------------ flow
    def start(self, call_id: uuid.UUID | None, number: str, focus: bool = True) -> None:
        """A new verification for this call, the caller's number already in the search."""
        self.call_id, self.card, self.session = call_id, None, None
        self._phone = ""
        for edit in (self.snils_find, self.name, self.birth, self.answer, self.code):
            edit.clear()
        for factor, edit in self.doc_edits.items():
            edit.clear()
            self.doc_results[factor].clear()
        self.results.clear()
        self.phone.setText(number)
        self._say("")
        self._show_level()
        self.stack.setCurrentWidget(self.find_page)
        if focus:
            self.phone.setFocus()

    def go(self, step: int) -> None:
        index = self.stack.currentIndex() + step
        if self.session is None and index > 0:
            self._say(self.tr("Find the caller's account first."), bad=True)
            return
        self.stack.setCurrentIndex(max(0, min(self.stack.count() - 1, index)))
        focus = {1: self.doc_edits[Factor.SNILS], 2: self.answer, 3: self.send_button}
        (focus.get(self.stack.currentIndex()) or self.phone).setFocus()

    def search(self) -> None:
        birth, call_id = v.parse_date(self.birth.text()), self.call_id
        snils, name, phone = self.snils_find.text(), self.name.text(), self.phone.text()
        lookup: Callable[[], list[CitizenCard]]
        if snils.strip():
            lookup = lambda: self.service.find_by_snils(snils, call_id)  # noqa: E731
        elif name.strip() and birth is not None:
            lookup = lambda: self.service.find_by_name(name, birth, call_id)  # noqa: E731
        elif name.strip():
            self._say(self.tr("With a name, type the birth date too (dd.mm.yyyy)."), bad=True)
            return
        else:
            lookup = lambda: self.service.find_by_phone(phone, call_id)  # noqa: E731
        if not self.service.remote:  # the desk's own file answers at once
            self._show_found(lookup())
            return
        # The central database answers over the network: never on the GUI thread.
        if self._searching:
            return  # a second Enter while the server answers the first
        self._searching = True
        self._say(self.tr("Looking the caller up in the central database…"))
        self._bridge.when_done(self._sender.submit(lookup), self._show_found, self._not_found)

    def _not_found(self, error: BaseException) -> None:
        self._searching = False
        if not isinstance(error, DirectoryUnavailable):
            raise error
        self._say(
            self.tr(
                "The central database does not answer, so the caller cannot be looked up now."
                " Record the case as a ticket and offer to call back."
            ),
            bad=True,
        )

    def _show_found(self, cards: list[CitizenCard]) -> None:
        self._searching = False
        self.results.clear()
        for card in cards:
            item = QListWidgetItem(f"{card.full_name}, {card.birth_date:%d.%m.%Y}, {card.phone}")
            item.setData(256, card)
            self.results.addItem(item)
        if not cards:
            self._say(
                self.tr("No account found: check what the caller said, or try SNILS."), bad=True
            )
            return
        self._say("")
        self.results.setCurrentRow(0)
        self.results.setFocus()

    def choose(self, card: CitizenCard) -> None:
        try:
            self.session = self.service.start(card.id, self.call_id)
        except LockedOut as locked:
            self._say(
                self.tr(
                    "Verification by phone is blocked: %1 failed checks in 24 hours. Do not"
                    " change anything on this account; pass the case to a specialist."
                ).replace("%1", str(locked.failures)),
                bad=True,
            )
            return
        self.card = card
        self._phone = self.service.phone_of(card.id)  # read once: the countdown ticks each second
        self.question.setText(card.question or self.tr("(no security question set)"))
        self._show_level()
        self.go(1)

    def check_document(self, factor: Factor) -> None:
        if self.session is None:
            return
        text = self.doc_edits[factor].text()
        if PROBLEMS[factor](text) is not None:
            self._hint(factor)
            return
        matched = self.service.check_document(self.session, factor, text)
        self._result(self.doc_results[factor], matched)
        self._checked()

    def check_answer(self) -> None:
        if self.session is None or not self.answer.text().strip():
            return
        self._result(
            self.answer_result, self.service.check_answer(self.session, self.answer.text())
        )
        self._checked()

    def send_code(self) -> None:
        if self.session is None:
            return
        phone = self._phone
        self.send_button.setEnabled(False)
        self.sms_state.setText(self.tr("Sending…"))
        future = self._sender.submit(self.codes.send, phone)
        self._bridge.when_done(future, lambda _r: self._sent(), self._send_failed)

    def _sent(self) -> None:
        self._countdown.start()
        self._tick()
        self.code.setFocus()

    def _send_failed(self, error: BaseException) -> None:
        if isinstance(error, ResendTooSoon):
            text = self.tr("A new code can be sent in %1 s.").replace(
                "%1", f"{error.seconds_left:.0f}"
            )
        elif isinstance(error, GatewayError):
            text = words.gateway_failure(error.reason, error.status)
        else:
            text = self.tr("The code could not be sent.")
        self.sms_state.setText(text)
        self.sms_state.setStyleSheet(BAD_STYLE)
        self.send_button.setEnabled(True)

    def check_code(self) -> None:
        if self.session is None:
            return
        phone = self._phone
        result = self.codes.check(phone, self.code.text())
        self.code_result.setText(words.code_check(result.outcome, result.attempts_left))
        ok = result.outcome is CodeCheck.MATCH
        self.code_result.setStyleSheet(OK_STYLE if ok else BAD_STYLE)
        if result.outcome in (CodeCheck.MATCH, CodeCheck.MISMATCH, CodeCheck.TOO_MANY_ATTEMPTS):
            self.service.record_sms(self.session, ok)
        self.code.selectAll()
        self._checked()

    def _tick(self) -> None:
        if self.session is None:
            self._countdown.stop()
            return
        phone = self._phone
        left, resend = self.codes.seconds_left(phone), self.codes.can_resend_in(phone)
        self.sms_state.setStyleSheet("")
        self.sms_state.setText(
            self.tr("Code sent: valid for %1 s; a new one in %2 s.")
            .replace("%1", f"{left:.0f}")
            .replace("%2", f"{resend:.0f}")
        )
        self.send_button.setEnabled(resend <= 0)
        if left <= 0 and resend <= 0:
            self._countdown.stop()

    # ------------------------------------------------------------------ showing
    def _hint(self, factor: Factor) -> None:
        label = self.doc_results[factor]
        text = self.doc_edits[factor].text()
        label.setText(words.problem(PROBLEMS[factor](text)) if text.strip() else "")
        label.setStyleSheet(BAD_STYLE if label.text() else "")

    def _result(self, label: QLabel, matched: bool) -> None:
        label.setText(self.tr("matches") if matched else self.tr("does not match"))
        label.setStyleSheet(OK_STYLE if matched else BAD_STYLE)

    def _say(self, text: str, bad: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(BAD_STYLE if bad else "")

    def _checked(self) -> None:
        """After a check: the level on screen, and the outcome into the call's record."""
        if self.session is not None:
            self.service.record_outcome(self.session)
            if self.session.level is not Level.NONE:
                self._say(
                    self.tr(
                        "What can be done for the caller (account, contacts, MFC appointment)"
                        " is on the caller card, Ticket tab (Alt+2)."
                    )
                )
        self._show_level()

    def _show_level(self) -> None:
        level = self.session.level if self.session else Level.NONE
        self.level_label.setText(self.tr("Verification: %1").replace("%1", words.level(level)))
        self.level_label.setStyleSheet(OK_STYLE if level is Level.FULL else "font-weight: bold;")
        card = self.card
        if card is None:
            self.citizen_label.setText("")
        else:
            self.citizen_label.setText(
                f"{card.full_name}, {card.birth_date:%d.%m.%Y} · СНИЛС {card.snils} ·"
                f" ИНН {card.inn} · {card.passport}"
            )
        self.level_changed.emit(level.value)

    def retranslate_ui(self) -> None:
        self.send_button.setText(self.tr("Send a code (SMS)"))
        self.back_button.setText(self.tr("&Back"))
        self.next_button.setText(self.tr("&Next / skip"))
        texts = [
            self.tr("Caller's number:"),
            self.tr("or SNILS:"),
            self.tr("or full name:"),
            self.tr("and birth date:"),
            "",
            self.tr("Accounts found:"),
        ]
        for row, text in enumerate(texts):
            _label(self.find_form, row).setText(text)
        for row, text in enumerate([self.tr("SNILS:"), self.tr("INN:"), self.tr("Passport:")]):
            _label(self.docs_form, row).setText(text)
        for row, text in enumerate([self.tr("Question:"), self.tr("Answer:"), ""]):
            _label(self.answer_form, row).setText(text)
        for row, text in enumerate(["", "", self.tr("Code:"), ""]):
            _label(self.sms_form, row).setText(text)
        self.birth.setPlaceholderText(self.tr("dd.mm.yyyy"))
        self._show_level()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def close_sender(self) -> None:
        self._sender.shutdown(wait=False)


def _label(form: QFormLayout, row: int) -> QLabel:
    item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
    widget = item.widget() if item is not None else None
    assert isinstance(widget, QLabel)
    return widget
