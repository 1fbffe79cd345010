"""A new phone number proved by its holder: the operator types it, a code goes there, the
caller reads the code back, and only a matching code makes the number ``confirmed``.

Editing the number afterwards forgets the confirmation. Used wherever a phone is about to
become someone's contact: the caller card's contacts (ui/contact_change.py) and an
application's contact phone (ui/application_change.py). Sending runs off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.domain import validators as v
from app.verification.sms_codes import CodeCheck, CodeKeeper, ResendTooSoon
from app.verification.sms_gateway import GatewayError
from ui import verification_texts as words
from ui.bridge import GuiBridge

log = logging.getLogger(__name__)

#: Where the check reports: (text, whether it is bad news).
Say = Callable[[str, bool], None]


class PhoneCheck(QWidget):
    confirmed_changed = Signal(str)  # the proved number (E.164), or '' when none

    def __init__(self, codes: CodeKeeper, bridge: GuiBridge, say: Say, parent: QWidget) -> None:
        super().__init__(parent)
        self.codes, self._bridge, self._say = codes, bridge, say
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sms-new-phone")
        self.confirmed = ""
        self.number = QLineEdit(self)
        self.number.setObjectName("newPhone")
        self.number.returnPressed.connect(self.send_code)
        self.number.textEdited.connect(lambda _t: self._confirm(""))
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("newPhoneSendCode")
        self.send_button.clicked.connect(self.send_code)
        self.code = QLineEdit(self)
        self.code.setObjectName("newPhoneCode")
        self.code.returnPressed.connect(self.check_code)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.labels = [QLabel(self), QLabel(self)]
        self.labels[0].setBuddy(self.number)
        self.labels[1].setBuddy(self.code)
        form.addRow(self.labels[0], self.number)
        form.addRow(self.send_button)
        form.addRow(self.labels[1], self.code)
        self.retranslate_ui()

    def clear(self) -> None:
        self.number.clear()
        self.code.clear()
        self._confirm("")

    def _confirm(self, number: str) -> None:
        if number != self.confirmed:
            self.confirmed = number
            self.confirmed_changed.emit(number)

    def send_code(self) -> None:
        number = v.normalise_phone(self.number.text())
        if number is None:
            self._say(self.tr("That is not a phone number: +7 and ten digits."), True)
            return
        self.send_button.setEnabled(False)
        self._say(self.tr("Sending…"), False)
        future = self._sender.submit(self.codes.send, number)
        self._bridge.when_done(future, lambda _r: self._sent(), self._not_sent, owner=self)

    def _sent(self) -> None:
        self.send_button.setEnabled(self.number.isEnabled())
        self._say(self.tr("A code went to the new number: ask the caller to read it."), False)
        self.code.setFocus()

    def _not_sent(self, error: BaseException) -> None:
        self.send_button.setEnabled(self.number.isEnabled())
        if isinstance(error, ResendTooSoon):
            text = self.tr("A new code can be sent in %1 s.").replace(
                "%1", f"{error.seconds_left:.0f}"
            )
        elif isinstance(error, GatewayError):
            text = words.gateway_failure(error.reason, error.status)
        else:
            log.warning("code to a new number not sent: %s", type(error).__name__)
            text = self.tr("The code could not be sent.")
        self._say(text, True)

    def check_code(self) -> None:
        number = v.normalise_phone(self.number.text())
        if number is None or not self.code.text().strip():
            return
        result = self.codes.check(number, self.code.text())
        matched = result.outcome is CodeCheck.MATCH
        self._say(words.code_check(result.outcome, result.attempts_left), not matched)
        self._confirm(number if matched else "")

    def retranslate_ui(self) -> None:
        self.labels[0].setText(self.tr("New phone:"))
        self.labels[1].setText(self.tr("Code from it:"))
        self.send_button.setText(self.tr("Send a code to the new number"))
        self.number.setPlaceholderText("+7 …")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
