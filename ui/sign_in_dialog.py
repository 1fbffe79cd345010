"""The sign-in window of a desk that works with the central database.

Asks for the operator's central login and password and checks them off the GUI thread
(app/sync/signin.py: the server's word when it answers, the offline check when it does
not), so the window stays alive through a connect timeout. Each refusal is said plainly,
including who may start while the server is unreachable.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.sync.signin import Refusal, SignedIn, SignInRefused
from ui.bridge import GuiBridge

#: Checks a login and password; returns how the operator signed in or raises SignInRefused.
Attempt = Callable[[str, str], SignedIn]


class SignInDialog(QDialog):
    def __init__(
        self, attempt: Attempt, bridge: GuiBridge, last_login: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setMinimumWidth(440)
        self._attempt = attempt
        self._bridge = bridge
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sign-in")
        self.signed_in: SignedIn | None = None

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.login = QLineEdit(last_login, self)
        self.login.setObjectName("signInLogin")
        self.password = QLineEdit(self)
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel(self)
        self.problem.setObjectName("signInProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        self.login_label = QLabel(self)
        self.password_label = QLabel(self)
        form.addRow(self.login_label, self.login)
        form.addRow(self.password_label, self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        # The operator who signed in last types only the password.
        (self.password if self.login.text() else self.login).setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Signing in"))
        self.intro.setText(self.tr("Sign in with your account of the central database."))
        self.login_label.setText(self.tr("Login:"))
        self.password_label.setText(self.tr("Password:"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign in"))

    def submit(self) -> None:
        login, password = self.login.text(), self.password.text()
        self._busy(True)
        self.problem.setText(self.tr("Checking…"))
        future = self._pool.submit(self._attempt, login, password)
        self._bridge.when_done(future, self._signed_in, self._refused)

    def _busy(self, busy: bool) -> None:
        for widget in (self.login, self.password, self.buttons):
            widget.setEnabled(not busy)

    def _signed_in(self, done: SignedIn) -> None:
        self.signed_in = done
        self.problem.clear()
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._busy(False)
        self.password.clear()
        self.password.setFocus()
        if isinstance(error, SignInRefused):
            self.problem.setText(self.refusal_text(error))
        else:  # an unexpected failure: say so, never a traceback
            self.problem.setText(self.tr("Sign-in failed: %1").replace("%1", type(error).__name__))
        self.adjustSize()  # the whole message shows, however long

    def refusal_text(self, refused: SignInRefused) -> str:
        if refused.refusal is Refusal.EMPTY:
            return self.tr("Type your login and password.")
        if refused.refusal is Refusal.WRONG_PASSWORD:
            return self.tr("Wrong login or password.")
        if refused.refusal is Refusal.OFFLINE_WRONG_PASSWORD:
            return self.tr(
                "The central database cannot be reached, and the password does not match"
                " the last sign-in on this computer."
            )
        if refused.last_login:
            return self.tr(
                "The central database cannot be reached. Without it, only %1 (who signed in"
                " here last) can start work on this computer."
            ).replace("%1", refused.last_login)
        return self.tr(
            "The central database cannot be reached, and nobody has signed in on this"
            " computer yet: the first sign-in needs the connection."
        )

    def done(self, result: int) -> None:
        self._pool.shutdown(wait=False)
        super().done(result)
