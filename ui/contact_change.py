"""A new contact phone or e-mail for the caller's portal account, on the caller card.

Only for a fully verified caller. A new phone is confirmed first (ui/phone_check.py: a code
goes to it and the caller reads it back); only then can the change be asked for. An e-mail
is checked for its form. The request itself, with its confirmation and its number to read
back, goes through the caller card's common path (``act``, in ui/caller_actions.py).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.db.models import AccountRequestKind
from app.domain import validators as v
from app.services.back_office import Requested
from app.verification.session import Level, VerificationSession
from app.verification.sms_codes import CodeKeeper
from ui.actions import push_button
from ui.bridge import GuiBridge
from ui.phone_check import PhoneCheck

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
        self._act, self._change = act, change
        self.session: VerificationSession | None = None
        self.phone = PhoneCheck(codes, bridge, self._say, self)
        self.phone.confirmed_changed.connect(lambda _n: self._enable())
        self.phone_button = self._button("contactChangePhone", self.change_phone)
        self.new_email = QLineEdit(self)
        self.new_email.setObjectName("contactNewEmail")
        self.new_email.returnPressed.connect(self.change_email)
        self.email_button = self._button("contactChangeEmail", self.change_email)
        self.state = QLabel(self)
        self.state.setObjectName("contactState")
        self.state.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(4, 4, 4, 4)
        form.addRow(self.phone)
        form.addRow(self.phone_button)
        self.email_label = QLabel(self)
        self.email_label.setBuddy(self.new_email)
        form.addRow(self.email_label, self.new_email)
        form.addRow(self.email_button)
        form.addRow(self.state)
        self.retranslate_ui()
        self.show_session(None)

    def _button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        return push_button(self, name, slot)

    def show_session(self, session: VerificationSession | None) -> None:
        if session is None or self.session is None or session.citizen_id != self.session.citizen_id:
            self.phone.clear()
            self.new_email.clear()
            self._say("")
        self.session = session
        self._enable()

    def _enable(self) -> None:
        full = self.session is not None and self.session.level is Level.FULL
        for widget in (self.phone, self.new_email, self.email_button):
            widget.setEnabled(full)
        self.phone_button.setEnabled(full and bool(self.phone.confirmed))
        if full and self.phone.confirmed:
            self.phone_button.setFocus()

    def change_phone(self) -> None:
        number = self.phone.confirmed
        if not number:
            return
        text = self.tr(
            "The portal account's contact phone becomes %1 (the caller confirmed it with a"
            " code). Codes and notices go there from then on. Ask the back office?"
        ).replace("%1", number)
        kind = AccountRequestKind.CHANGE_PHONE
        self._act(self.tr("Contact phone"), text, lambda s: self._change(s, kind, number))

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
        self.email_label.setText(self.tr("New e-mail:"))
        self.phone_button.setText(self.tr("Change the contact phone"))
        self.email_button.setText(self.tr("Change the e-mail"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
