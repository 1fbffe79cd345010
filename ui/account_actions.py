"""The last step of the verification wizard: changes to the caller's portal account.

Enabled only at full verification. Each button asks the operator to confirm, then records
a request for the portal's back office (app.services.verification.request_change): unblock
the account, send a password reset, change the contact phone - the new number first gets
its own SMS code, read back by the caller - or the e-mail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.db.models import AccountRequestKind, AccountState
from app.domain import validators as v
from app.services.verification import CitizenCard, NotVerified, VerificationService
from app.verification.session import Level, VerificationSession
from app.verification.sms_codes import CodeCheck, CodeKeeper
from ui import verification_texts as words

log = logging.getLogger(__name__)

Confirm = Callable[[str, str], bool]
#: Runs ``work`` off the GUI thread, then ``done`` or ``failed`` back on it.
RunAsync = Callable[
    [Callable[[], object], Callable[[object], None], Callable[[BaseException], None]], None
]


class AccountActions(QWidget):
    def __init__(
        self,
        service: VerificationService,
        codes: CodeKeeper,
        confirm: Confirm,
        run_async: RunAsync,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("verifyActions")
        self.service, self.codes, self._confirm = service, codes, confirm
        self._run_async = run_async
        self.session: VerificationSession | None = None
        self.card: CitizenCard | None = None
        self._phone_confirmed = ""
        self.unblock = self._button(
            "actionUnblock", lambda: self._request(AccountRequestKind.UNBLOCK)
        )
        self.reset = self._button(
            "actionReset", lambda: self._request(AccountRequestKind.PASSWORD_RESET)
        )
        self.new_phone = QLineEdit(self)
        self.new_phone.setObjectName("actionNewPhone")
        self.send_new = self._button("actionSendToNewPhone", self._send_to_new)
        self.new_code = QLineEdit(self)
        self.new_code.setObjectName("actionNewPhoneCode")
        self.new_code.returnPressed.connect(self._check_new_code)
        self.change_phone = self._button("actionChangePhone", self._request_phone)
        self.new_email = QLineEdit(self)
        self.new_email.setObjectName("actionNewEmail")
        self.change_email = self._button("actionChangeEmail", self._request_email)
        self.status = QLabel(self)
        self.status.setObjectName("actionStatus")
        self.status.setWordWrap(True)
        form = QFormLayout(self)
        self.labels = [QLabel(self) for _ in range(5)]
        rows = [self.unblock, self.reset, self.new_phone, self.send_new, self.new_code]
        for label, field in zip(self.labels, rows, strict=True):
            form.addRow(label, field)
        form.addRow(self.change_phone)
        self.email_label = QLabel(self)
        self.email_label.setBuddy(self.new_email)
        form.addRow(self.email_label, self.new_email)
        form.addRow(self.change_email)
        form.addRow(self.status)
        self.retranslate_ui()
        self.show_state(None, None)

    def _button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def show_state(self, session: VerificationSession | None, card: CitizenCard | None) -> None:
        self.session, self.card = session, card
        full = session is not None and session.level is Level.FULL
        blocked = card is not None and card.state is not AccountState.ACTIVE
        self.unblock.setEnabled(full and blocked)
        for widget in (self.reset, self.new_phone, self.send_new, self.new_code, self.new_email):
            widget.setEnabled(full)
        self.change_phone.setEnabled(full and bool(self._phone_confirmed))
        self.change_email.setEnabled(full)
        if not full:
            self.status.setText(self.tr("Account changes need a fully verified caller."))

    def _request(self, kind: AccountRequestKind, value: str = "") -> None:
        if self.session is None:
            return
        names = {
            AccountRequestKind.UNBLOCK: self.tr("unblock the account"),
            AccountRequestKind.PASSWORD_RESET: self.tr("send a password reset"),
            AccountRequestKind.CHANGE_PHONE: self.tr("change the contact phone"),
            AccountRequestKind.CHANGE_EMAIL: self.tr("change the e-mail"),
        }
        if not self._confirm(
            self.tr("Account change"),
            self.tr("Ask the back office to %1 for this caller?").replace("%1", names[kind]),
        ):
            return
        try:
            self.service.request_change(self.session, kind, value)
        except NotVerified:
            self.status.setText(self.tr("Account changes need a fully verified caller."))
            return
        except ValueError:
            self.status.setText(self.tr("That is not a valid phone number or e-mail."))
            return
        self.status.setText(
            self.tr("Requested: %1. The back office will do it.").replace("%1", names[kind])
        )

    def _send_to_new(self) -> None:
        number = v.normalise_phone(self.new_phone.text())
        if number is None:
            self.status.setText(self.tr("That is not a valid phone number or e-mail."))
            return
        self.status.setText(self.tr("Sending…"))
        self._run_async(lambda: self.codes.send(number), self._sent_to_new, self._not_sent)

    def _sent_to_new(self, _result: object) -> None:
        self.status.setText(self.tr("A code went to the new number: ask the caller to read it."))
        self.new_code.setFocus()

    def _not_sent(self, error: BaseException) -> None:
        log.warning("code to the new number not sent: %s", type(error).__name__)
        self.status.setText(self.tr("The code could not be sent."))

    def _check_new_code(self) -> None:
        number = v.normalise_phone(self.new_phone.text())
        if number is None:
            return
        result = self.codes.check(number, self.new_code.text())
        self.status.setText(words.code_check(result.outcome, result.attempts_left))
        self._phone_confirmed = number if result.outcome is CodeCheck.MATCH else ""
        self.show_state(self.session, self.card)
        if self._phone_confirmed:
            self.change_phone.setFocus()

    def _request_phone(self) -> None:
        if self._phone_confirmed:
            self._request(AccountRequestKind.CHANGE_PHONE, self._phone_confirmed)

    def _request_email(self) -> None:
        if v.normalise_email(self.new_email.text()) is None:
            self.status.setText(self.tr("That is not a valid phone number or e-mail."))
            return
        self._request(AccountRequestKind.CHANGE_EMAIL, self.new_email.text())

    def retranslate_ui(self) -> None:
        self.unblock.setText(self.tr("Unblock the account"))
        self.reset.setText(self.tr("Send a password reset"))
        self.send_new.setText(self.tr("Send a code to the new number"))
        self.change_phone.setText(self.tr("Change the contact phone"))
        self.change_email.setText(self.tr("Change the e-mail"))
        self.email_label.setText(self.tr("New e-mail:"))
        texts = ["", "", self.tr("New phone:"), "", self.tr("Code from the new phone:")]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
