"""A new contact phone or e-mail for the caller's portal account, on the caller card.

Only for a fully verified caller. A new phone is confirmed first: a code goes to the new
number, the caller reads it back, and only a matching code lets the change be requested
(the number cannot be edited after that without confirming it again). An e-mail is checked
for its form. The request itself, with its confirmation and its number to read back, goes
through the caller card's common path (``act``, in ui/caller_actions.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.db.models import AccountRequestKind
from app.domain import validators as v
from app.services.back_office import Requested
from app.verification.session import Level, VerificationSession
from app.verification.sms_codes import CodeCheck, CodeKeeper, ResendTooSoon
from app.verification.sms_gateway import GatewayError
from ui import verification_texts as words
from ui.bridge import GuiBridge

log = logging.getLogger(__name__)

BAD_STYLE = "color: #b00020;"
#: The caller card's path for a request: (title, what will happen, the request).
Act = Callable[[str, str, Callable[[VerificationSession], Future[Requested]]], None]
#: Builds the request for a kind and a new value.
Change = Callable[[VerificationSession, AccountRequestKind, str], Future[Requested]]


class ContactChange(QWidget):
    def __init__(
        self, codes: CodeKeeper, bridge: GuiBridge, act: Act, change: Change, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactChange")
        self.codes, self._bridge, self._act, self._change = codes, bridge, act, change
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sms-new-phone")
        self.session: VerificationSession | None = None
        self.confirmed = ""  # the new number the caller proved they hold (E.164)
        self.new_phone = self._edit("contactNewPhone", self.send_code)
        self.new_phone.textEdited.connect(lambda _t: self._forget_confirmation())
        self.send_button = self._button("contactSendCode", self.send_code)
        self.code = self._edit("contactCode", self.check_code)
        self.phone_button = self._button("contactChangePhone", self.change_phone)
        self.new_email = self._edit("contactNewEmail", self.change_email)
        self.email_button = self._button("contactChangeEmail", self.change_email)
        self.state = QLabel(self)
        self.state.setObjectName("contactState")
        self.state.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(4, 4, 4, 4)
        self.labels = [QLabel(self) for _ in range(3)]
        for label, field in zip(
            self.labels, (self.new_phone, self.code, self.new_email), strict=True
        ):
            label.setBuddy(field)
        form.addRow(self.labels[0], self.new_phone)
        form.addRow(self.send_button)
        form.addRow(self.labels[1], self.code)
        form.addRow(self.phone_button)
        form.addRow(self.labels[2], self.new_email)
        form.addRow(self.email_button)
        form.addRow(self.state)
        self.retranslate_ui()
        self.show_session(None)

    def _edit(self, name: str, on_enter: Callable[[], None]) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.returnPressed.connect(on_enter)
        return edit

    def _button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def show_session(self, session: VerificationSession | None) -> None:
        if session is None or self.session is None or session.citizen_id != self.session.citizen_id:
            self.new_phone.clear()
            self.code.clear()
            self.new_email.clear()
            self._forget_confirmation()
            self._say("")
        self.session = session
        full = session is not None and session.level is Level.FULL
        for widget in (self.new_phone, self.send_button, self.code, self.new_email):
            widget.setEnabled(full)
        self.email_button.setEnabled(full)
        self.phone_button.setEnabled(full and bool(self.confirmed))

    def _forget_confirmation(self) -> None:
        self.confirmed = ""
        self.phone_button.setEnabled(False)

    # the phone -------------------------------------------------------------------------------
    def send_code(self) -> None:
        number = v.normalise_phone(self.new_phone.text())
        if number is None:
            self._say(self.tr("That is not a phone number: +7 and ten digits."), bad=True)
            return
        self.send_button.setEnabled(False)
        self._say(self.tr("Sending…"))
        future = self._sender.submit(self.codes.send, number)
        self._bridge.when_done(future, lambda _r: self._sent(), self._not_sent)

    def _sent(self) -> None:
        self.send_button.setEnabled(True)
        self._say(self.tr("A code went to the new number: ask the caller to read it."))
        self.code.setFocus()

    def _not_sent(self, error: BaseException) -> None:
        self.send_button.setEnabled(True)
        if isinstance(error, ResendTooSoon):
            text = self.tr("A new code can be sent in %1 s.").replace(
                "%1", f"{error.seconds_left:.0f}"
            )
        elif isinstance(error, GatewayError):
            text = words.gateway_failure(error.reason, error.status)
        else:
            log.warning("code to a new number not sent: %s", type(error).__name__)
            text = self.tr("The code could not be sent.")
        self._say(text, bad=True)

    def check_code(self) -> None:
        number = v.normalise_phone(self.new_phone.text())
        if number is None or not self.code.text().strip():
            return
        result = self.codes.check(number, self.code.text())
        matched = result.outcome is CodeCheck.MATCH
        self._say(words.code_check(result.outcome, result.attempts_left), bad=not matched)
        self.confirmed = number if matched else ""
        self.phone_button.setEnabled(matched and self.session is not None)
        if matched:
            self.phone_button.setFocus()

    def change_phone(self) -> None:
        number = self.confirmed
        if not number:
            return
        text = self.tr(
            "The portal account's contact phone becomes %1 (the caller confirmed it with a"
            " code). Codes and notices go there from then on. Ask the back office?"
        ).replace("%1", number)
        kind = AccountRequestKind.CHANGE_PHONE
        self._act(self.tr("Contact phone"), text, lambda s: self._change(s, kind, number))

    # the e-mail ------------------------------------------------------------------------------
    def change_email(self) -> None:
        address = v.normalise_email(self.new_email.text())
        if address is None:
            self._say(self.tr("That is not an e-mail address."), bad=True)
            return
        text = self.tr(
            "The portal account's e-mail becomes %1; the portal sends a link there to confirm"
            " it. Ask the back office?"
        ).replace("%1", address)
        kind = AccountRequestKind.CHANGE_EMAIL
        self._act(self.tr("E-mail"), text, lambda s: self._change(s, kind, address))

    def _say(self, text: str, bad: bool = False) -> None:
        self.state.setText(text)
        self.state.setStyleSheet(BAD_STYLE if bad else "")

    def retranslate_ui(self) -> None:
        self.labels[0].setText(self.tr("New phone:"))
        self.labels[1].setText(self.tr("Code from it:"))
        self.labels[2].setText(self.tr("New e-mail:"))
        self.send_button.setText(self.tr("Send a code to the new number"))
        self.phone_button.setText(self.tr("Change the contact phone"))
        self.email_button.setText(self.tr("Change the e-mail"))
        self.new_phone.setPlaceholderText("+7 …")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
