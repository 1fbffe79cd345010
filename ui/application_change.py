"""Under the application on the Application tab: change what its service lets the applicant
change (the contact phone or e-mail for this application, the day of the visit).

Shown when the verified applicant's application has something changeable; usable only at
full verification (the reason is written otherwise). The operator picks the parameter (its
present value beside it), types the new one; a new phone is proved first with a code sent
to it (ui/phone_check.py). The confirmation says what changes from what to what; the
request (app/services/application_changes.py) ends with a number to read back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db.application_models import Parameter
from app.services.application_changes import (
    ApplicationChanges,
    BadValue,
    current_value,
    moscow_today,
    new_value,
)
from app.services.applications import ApplicationView
from app.services.back_office import Requested
from app.verification.session import Level, VerificationSession
from app.verification.sms_codes import CodeKeeper
from ui.bridge import GuiBridge
from ui.phone_check import PhoneCheck

BAD_STYLE = "color: #b00020;"
Confirm = Callable[[str, str], bool]


def parameter_name(parameter: Parameter) -> str:
    return {
        Parameter.CONTACT_PHONE: QCoreApplication.translate("Applications", "contact phone"),
        Parameter.CONTACT_EMAIL: QCoreApplication.translate("Applications", "contact e-mail"),
        Parameter.VISIT_ON: QCoreApplication.translate("Applications", "day of the visit"),
    }[parameter]


def _shown(parameter: Parameter, stored: str) -> str:
    if parameter is Parameter.VISIT_ON and stored:
        return f"{date.fromisoformat(stored):%d.%m.%Y}"
    return stored


class ApplicationChange(QGroupBox):
    def __init__(
        self,
        changes: ApplicationChanges,
        codes: CodeKeeper,
        bridge: GuiBridge,
        confirm: Confirm,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("applicationChange")
        self.changes, self._bridge, self._confirm = changes, bridge, confirm
        self.view: ApplicationView | None = None
        self.session: VerificationSession | None = None
        self.parameter = QComboBox(self)
        self.parameter.setObjectName("applicationChangeParameter")
        self.parameter.currentIndexChanged.connect(lambda _i: self._parameter_chosen())
        self.value = QLineEdit(self)
        self.value.setObjectName("applicationChangeValue")
        self.value.returnPressed.connect(self.request)
        self.phone = PhoneCheck(codes, bridge, self._say, self)
        self.phone.confirmed_changed.connect(lambda _n: self._enable())
        self.request_button = QPushButton(self)
        self.request_button.setObjectName("applicationChangeRequest")
        self.request_button.clicked.connect(self.request)
        self.state = QLabel(self)
        self.state.setObjectName("applicationChangeState")
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.parameter)
        row.addWidget(self.value, 1)
        row.addWidget(self.request_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.phone)
        layout.addWidget(self.state)
        self.retranslate_ui()
        self.show_application(None, None)

    # what is shown -----------------------------------------------------------------------------
    def show_application(
        self, view: ApplicationView | None, session: VerificationSession | None
    ) -> None:
        """The application on the tab and the caller's verification (None: nobody)."""
        if view is None or self.view is None or view.id != self.view.id:
            self.phone.clear()
            self.value.clear()
            self._say("")
        self.view, self.session = view, session
        self.setVisible(view is not None and view.details is not None and bool(view.changeable))
        chosen = self.parameter.currentData()
        self.parameter.blockSignals(True)
        self.parameter.clear()
        for parameter in view.changeable if view is not None else ():
            now = _shown(parameter, current_value(view, parameter)) if view else ""
            text = parameter_name(parameter)
            self.parameter.addItem(f"{text} ({now})" if now else text, parameter.value)
        self.parameter.setCurrentIndex(max(0, self.parameter.findData(chosen)))
        self.parameter.blockSignals(False)
        self._parameter_chosen()

    def _chosen(self) -> Parameter | None:
        data = self.parameter.currentData()
        return Parameter(data) if data else None

    def _parameter_chosen(self) -> None:
        phone = self._chosen() is Parameter.CONTACT_PHONE
        self.phone.setVisible(phone)
        self.value.setVisible(not phone)
        self.value.clear()
        self.value.setPlaceholderText(
            self.tr("dd.mm.yyyy, from tomorrow to a month ahead")
            if self._chosen() is Parameter.VISIT_ON
            else self.tr("name@example.ru")
        )
        self._enable()

    def _enable(self) -> None:
        full = self.session is not None and self.session.level is Level.FULL
        for widget in (self.parameter, self.value, self.phone):
            widget.setEnabled(full)
        phone = self._chosen() is Parameter.CONTACT_PHONE
        self.request_button.setEnabled(full and (not phone or bool(self.phone.confirmed)))
        if not full:
            self._say(self._needs_full())
        elif self.state.text() == self._needs_full():
            self._say("")

    def _needs_full(self) -> str:
        return self.tr("Changing an application needs the applicant fully verified.")

    # the request -------------------------------------------------------------------------------
    def request(self) -> None:
        view, session, parameter = self.view, self.session, self._chosen()
        if view is None or session is None or parameter is None:
            return
        typed = self.phone.confirmed if parameter is Parameter.CONTACT_PHONE else self.value.text()
        before = current_value(view, parameter)
        try:
            value = new_value(parameter, typed, moscow_today(), before)
        except BadValue as bad:
            self._say(_problem(bad.problem), bad=True)
            return
        text = self.tr("The %1 of application %2 changes from %3 to %4. Ask the back office?")
        text = text.replace("%1", parameter_name(parameter)).replace("%2", view.shown_number)
        text = text.replace("%3", _shown(parameter, before) or "—")
        text = text.replace("%4", _shown(parameter, value))
        if not self._confirm(self.tr("Change the application"), text):
            return
        try:
            future = self.changes.request(session, view, parameter, typed)
        except PermissionError:
            self._say(self._needs_full(), bad=True)
            return
        except ValueError:
            self._say(self.tr("The service does not let this be changed now."), bad=True)
            return
        self.request_button.setEnabled(False)
        self._bridge.when_done(future, self._done, self._failed)

    def _done(self, done: Requested) -> None:
        self._enable()
        self._say(
            self.tr("Done: request %1. Read the number to the caller.").replace("%1", done.number)
        )

    def _failed(self, error: BaseException) -> None:
        self._enable()
        self._say(self.tr("Not done: %1").replace("%1", type(error).__name__), bad=True)

    def _say(self, text: str, bad: bool = False) -> None:
        self.state.setText(text)
        self.state.setStyleSheet(BAD_STYLE if bad else "")

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Change in the application"))
        self.request_button.setText(self.tr("Ask to change"))
        self.show_application(self.view, self.session)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _problem(problem: str) -> str:
    return {
        "phone": QCoreApplication.translate("Applications", "That is not a phone number."),
        "email": QCoreApplication.translate("Applications", "That is not an e-mail address."),
        "date": QCoreApplication.translate("Applications", "That is not a date: dd.mm.yyyy."),
        "date-range": QCoreApplication.translate(
            "Applications", "The day must be from tomorrow to a month ahead."
        ),
        "same": QCoreApplication.translate("Applications", "That is what it is already."),
    }[problem]
