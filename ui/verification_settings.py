"""The Verification page of the settings dialog: the SMS gateway and the policy.

The gateway's address is a setting; its token goes to the keyring through the dialog, like
every password. An address must be https (plain http only on this machine, for a local
test gateway); empty means the demo outbox file. The policy: how many failed checks of one
citizen in a day lock verification by phone, and whether full verification needs both the
security answer and a code.
"""

from __future__ import annotations

import urllib.parse

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from app.secrets import KeyringUnavailable, SecretName, SecretStore
from app.settings import Options, Settings

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class VerificationPage(QWidget):
    def __init__(self, secrets: SecretStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verificationSettingsPage")
        self._secrets = secrets
        self.url = QLineEdit(self)
        self.url.setObjectName("smsGatewayUrl")
        self.token = QLineEdit(self)
        self.token.setObjectName("smsGatewayToken")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.failures = QSpinBox(self)
        self.failures.setObjectName("verificationFailures")
        self.failures.setRange(1, 20)
        self.both = QCheckBox(self)
        self.both.setObjectName("verificationAnswerAndCode")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        form = QFormLayout(self)
        self.labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(
            self.labels, (self.url, self.token, self.failures, self.both), strict=True
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(self.hint)
        self.retranslate_ui()

    def load(self, settings: Settings) -> None:
        self.url.setText(settings.get(Options.SMS_GATEWAY_URL))
        self.failures.setValue(settings.get(Options.VERIFICATION_FAILURES_PER_DAY))
        self.both.setChecked(settings.get(Options.VERIFICATION_ANSWER_AND_CODE))
        try:
            self.token.setText(
                self._secrets.get(SecretName.SMS_GATEWAY_TOKEN, self.url.text()) or ""
            )
        except KeyringUnavailable:
            self.token.clear()

    def problems(self) -> list[str]:
        url = self.url.text().strip()
        if not url:
            return []
        parts = urllib.parse.urlsplit(url)
        secure = parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)
        if not secure or not parts.hostname or parts.username or parts.password:
            return [
                self.tr(
                    "The SMS gateway address must start with https:// (http:// only for a"
                    " gateway on this computer) and carry no user name or password."
                )
            ]
        if not self.token.text():
            return [self.tr("Enter the SMS gateway's token.")]
        return []

    def save(self, settings: Settings) -> tuple[SecretName, str, str]:
        """Store the settings; return the secret for the dialog to put in the keyring."""
        settings.set(Options.SMS_GATEWAY_URL, self.url.text())
        settings.set(Options.VERIFICATION_FAILURES_PER_DAY, self.failures.value())
        settings.set(Options.VERIFICATION_ANSWER_AND_CODE, self.both.isChecked())
        return SecretName.SMS_GATEWAY_TOKEN, self.url.text().strip(), self.token.text()

    def retranslate_ui(self) -> None:
        texts = [
            self.tr("SMS gateway address:"),
            self.tr("Gateway token:"),
            self.tr("Failed checks before lockout (24 h):"),
            self.tr("Full verification:"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.url.setPlaceholderText(self.tr("empty: codes go to the demo outbox file"))
        self.token.setToolTip(self.tr("Kept in the system keyring, never in a file"))
        self.both.setText(self.tr("needs both the security answer and an SMS code"))
        self.hint.setText(self.tr("Changes take effect the next time the desk starts."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
