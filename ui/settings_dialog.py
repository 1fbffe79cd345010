"""The settings dialog: SIP account, audio devices, interface language, database.

Values go to :class:`app.settings.Settings`; passwords only through
:class:`app.secrets.SecretStore` (the OS keyring, or this run only when there
is none). Invalid input is named inline and nothing is saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.audio.headset import HeadsetAudio
from app.secrets import KeyringUnavailable, SecretName, SecretStore
from app.settings import (
    DatabaseMode,
    Language,
    Option,
    Options,
    Settings,
    SipMode,
    SipTransport,
    SslMode,
)
from ui.audio_settings import AudioPage
from ui.hotkey_settings import HotkeyPage
from ui.hotkeys import GlobalHotkeys
from ui.verification_settings import VerificationPage

log = logging.getLogger(__name__)


def _combo(name: str, parent: QWidget, values: list[str]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for value in values:
        combo.addItem(value, value)
    return combo


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def _edit(name: str, parent: QWidget, password: bool = False) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _port(name: str, parent: QWidget) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(1, 65535)
    return spin


def _form(page: QWidget, fields: list[QWidget]) -> tuple[QFormLayout, list[QLabel]]:
    """A form whose row labels are kept, so ``retranslate_ui`` can set their texts."""
    form = QFormLayout(page)
    labels = []
    for field in fields:
        label = QLabel(page)
        label.setBuddy(field)
        form.addRow(label, field)
        labels.append(label)
    return form, labels


def _set_texts(labels: list[QLabel], texts: list[str]) -> None:
    for label, text in zip(labels, texts, strict=True):
        label.setText(text)


class SettingsDialog(QDialog):
    """Edits the desk's settings; ``apply_language`` switches the interface live."""

    def __init__(
        self,
        settings: Settings,
        secrets: SecretStore,
        database_path: Path,
        apply_language: Callable[[Language], object],
        parent: QWidget | None = None,
        *,
        headset: HeadsetAudio | None = None,
        hotkeys: GlobalHotkeys | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self._headset = headset
        self._settings = settings
        self._secrets = secrets
        self._apply_language = apply_language
        self.notice = ""
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        self._build_sip()
        self._build_audio()
        self.hotkeys = HotkeyPage(hotkeys, self.tabs)
        self.tabs.addTab(self.hotkeys, "")
        self.verification = VerificationPage(secrets, self.tabs)
        self.tabs.addTab(self.verification, "")
        self._build_language()
        self._build_database(database_path)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("settingsErrorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("settingsNoticeLabel")
        self.notice_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("settingsButtons")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("settingsSave")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("settingsCancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.rejected.connect(self.audio.discard)
        self.accepted.connect(self.audio.stop_check)
        self.locked_label = QLabel(self)  # values the administrator set for this machine
        self.locked_label.setObjectName("settingsLockedLabel")
        self.locked_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.locked_label)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.buttons)
        self._load()
        self.retranslate_ui()
        self.resize(560, 440)

    # building -------------------------------------------------------------------------------
    def _build_sip(self) -> None:
        page = QWidget(self.tabs)
        page.setObjectName("sipPage")
        self.sip_mode = _combo("sipMode", page, [m.value for m in SipMode])
        self.sip_listen = _edit("sipListenAddress", page)
        self.sip_port = _port("sipLocalPort", page)
        self.sip_registrar = _edit("sipRegistrar", page)
        self.sip_user = _edit("sipUsername", page)
        self.sip_display = _edit("sipDisplayName", page)
        self.sip_password = _edit("sipPassword", page, password=True)
        self.sip_transport = _combo("sipTransport", page, [t.value for t in SipTransport])
        for row in range(self.sip_transport.count()):
            self.sip_transport.setItemText(row, self.sip_transport.itemData(row).upper())
        self.sip_tls_hint = QLabel(page)
        self.sip_tls_hint.setObjectName("sipTlsHint")
        self.sip_tls_hint.setWordWrap(True)
        self.sip_srtp = QCheckBox(page)
        self.sip_srtp.setObjectName("sipSrtp")
        self.sip_not_ready = QComboBox(page)
        self.sip_not_ready.setObjectName("sipNotReadyCode")
        for code in (486, 480):
            self.sip_not_ready.addItem("", code)
        self.sip_auto_answer = QSpinBox(page)
        self.sip_auto_answer.setObjectName("sipAutoAnswerSeconds")
        self.sip_auto_answer.setRange(-1, 60)
        self.sip_call_waiting = QCheckBox(page)
        self.sip_call_waiting.setObjectName("sipCallWaiting")
        self.sip_form, self.sip_labels = _form(
            page,
            [
                self.sip_mode,
                self.sip_listen,
                self.sip_port,
                self.sip_registrar,
                self.sip_user,
                self.sip_display,
                self.sip_password,
                self.sip_transport,
                self.sip_srtp,
                self.sip_not_ready,
                self.sip_auto_answer,
                self.sip_call_waiting,
            ],
        )
        self.sip_form.addRow(self.sip_tls_hint)
        self.sip_mode.currentIndexChanged.connect(self._sip_mode_changed)
        self.sip_transport.currentIndexChanged.connect(self._transport_changed)
        self.tabs.addTab(page, "")

    def _build_audio(self) -> None:
        self.audio = AudioPage(self._headset, self.tabs)
        self.audio_microphone = self.audio.microphone
        self.audio_earpiece = self.audio.earpiece
        self.audio_ringtone = self.audio.ringtone
        self.tabs.addTab(self.audio, "")

    def _build_language(self) -> None:
        page = QWidget(self.tabs)
        page.setObjectName("languagePage")
        self.language = QComboBox(page)
        self.language.setObjectName("languageCombo")
        self.language.addItem("Русский", Language.RUSSIAN.value)
        self.language.addItem("English", Language.ENGLISH.value)
        self.language_form, self.language_labels = _form(page, [self.language])
        self.tabs.addTab(page, "")

    def _build_database(self, database_path: Path) -> None:
        page = QWidget(self.tabs)
        page.setObjectName("databasePage")
        self.db_mode = _combo("databaseMode", page, [m.value for m in DatabaseMode])
        self.db_local = QLabel(str(database_path), page)
        self.db_local.setObjectName("databaseLocalPath")
        self.db_local.setWordWrap(True)
        self.db_host = _edit("databaseHost", page)
        self.db_port = _port("databasePort", page)
        self.db_name = _edit("databaseName", page)
        self.db_user = _edit("databaseUser", page)
        self.db_password = _edit("databasePassword", page, password=True)
        self.db_sslmode = _combo("databaseSslMode", page, [m.value for m in SslMode])
        self.db_hint = QLabel(page)
        self.db_hint.setObjectName("databaseHint")
        self.db_hint.setWordWrap(True)
        self.db_form, self.db_labels = _form(
            page,
            [
                self.db_mode,
                self.db_local,
                self.db_host,
                self.db_port,
                self.db_name,
                self.db_user,
                self.db_password,
                self.db_sslmode,
            ],
        )
        self.db_form.addRow(self.db_hint)
        self.db_mode.currentIndexChanged.connect(self._db_mode_changed)
        self.tabs.addTab(page, "")

    # values ---------------------------------------------------------------------------------
    def _load(self) -> None:
        s = self._settings
        _select(self.sip_mode, s.get(Options.SIP_MODE).value)
        self.sip_listen.setText(s.get(Options.SIP_LISTEN_ADDRESS))
        self.sip_port.setValue(s.get(Options.SIP_LOCAL_PORT))
        self.sip_registrar.setText(s.get(Options.SIP_REGISTRAR))
        self.sip_user.setText(s.get(Options.SIP_USERNAME))
        self.sip_display.setText(s.get(Options.SIP_DISPLAY_NAME))
        _select(self.sip_transport, s.get(Options.SIP_TRANSPORT).value)
        self.sip_srtp.setChecked(s.get(Options.SIP_SRTP))
        _select(self.sip_not_ready, s.get(Options.SIP_NOT_READY_CODE))
        self.sip_auto_answer.setValue(s.get(Options.SIP_AUTO_ANSWER_SECONDS))
        self.sip_call_waiting.setChecked(s.get(Options.SIP_CALL_WAITING))
        self.audio.load(s)
        self.hotkeys.load(s)
        self.verification.load(s)
        _select(self.language, s.get(Options.LANGUAGE).value)
        _select(self.db_mode, s.get(Options.DB_MODE).value)
        self.db_host.setText(s.get(Options.DB_HOST))
        self.db_port.setValue(s.get(Options.DB_PORT))
        self.db_name.setText(s.get(Options.DB_NAME))
        self.db_user.setText(s.get(Options.DB_USER))
        _select(self.db_sslmode, s.get(Options.DB_SSLMODE).value)
        for field, name, account in (
            (self.sip_password, SecretName.SIP_PASSWORD, s.get(Options.SIP_USERNAME)),
            (self.db_password, SecretName.CENTRAL_DB_PASSWORD, s.get(Options.DB_USER)),
        ):
            try:
                field.setText(self._secrets.get(name, account) or "")
            except KeyringUnavailable:
                field.setText("")
        self._sip_mode_changed()
        self._transport_changed()
        self._db_mode_changed()

    def _fields(self) -> dict[QWidget, Option[Any]]:
        """The widgets that edit one setting each (what the machine-wide file may lock)."""
        return {
            self.sip_mode: Options.SIP_MODE, self.sip_listen: Options.SIP_LISTEN_ADDRESS,
            self.sip_port: Options.SIP_LOCAL_PORT, self.sip_registrar: Options.SIP_REGISTRAR,
            self.sip_user: Options.SIP_USERNAME, self.sip_display: Options.SIP_DISPLAY_NAME,
            self.sip_transport: Options.SIP_TRANSPORT, self.sip_srtp: Options.SIP_SRTP,
            self.sip_not_ready: Options.SIP_NOT_READY_CODE,
            self.sip_auto_answer: Options.SIP_AUTO_ANSWER_SECONDS,
            self.sip_call_waiting: Options.SIP_CALL_WAITING, self.language: Options.LANGUAGE,
            self.db_mode: Options.DB_MODE, self.db_host: Options.DB_HOST,
            self.db_port: Options.DB_PORT, self.db_name: Options.DB_NAME,
            self.db_user: Options.DB_USER, self.db_sslmode: Options.DB_SSLMODE,
            self.verification.url: Options.SMS_GATEWAY_URL,
        }  # fmt: skip

    def _apply_locks(self) -> None:
        """A value the administrator set cannot be edited here, and says so."""
        where = str(self._settings.machine_path or "")
        for widget, option in self._fields().items():
            if self._settings.is_locked(option):
                widget.setEnabled(False)
                widget.setToolTip(self.tr("Set by the administrator in %1").replace("%1", where))
        locked = any(self._settings.is_locked(option) for option in self._fields().values())
        self.locked_label.setVisible(locked)
        self.locked_label.setText(
            self.tr("Some values are set by the administrator for this computer (%1) and cannot"
                    " be changed here.").replace("%1", where)
        )  # fmt: skip

    def _sip_mode_changed(self) -> None:
        registrar = self.sip_mode.currentData() == SipMode.REGISTRAR.value
        for widget in (self.sip_registrar, self.sip_user, self.sip_password):
            widget.setEnabled(registrar)
        self._apply_locks()

    def _transport_changed(self) -> None:
        self.sip_tls_hint.setVisible(self.sip_transport.currentData() == SipTransport.TLS.value)

    def _db_mode_changed(self) -> None:
        central = self.db_mode.currentData() == DatabaseMode.CENTRAL.value
        for widget in (
            self.db_host,
            self.db_port,
            self.db_name,
            self.db_user,
            self.db_password,
            self.db_sslmode,
        ):
            widget.setEnabled(central)
        self._apply_locks()

    def problems(self) -> list[str]:
        """What stops saving, in the operator's language; empty when all is well."""
        found = []
        if self.sip_mode.currentData() == SipMode.REGISTRAR.value:
            if not self.sip_registrar.text().strip():
                found.append(self.tr("Enter the registrar (PBX) address, e.g. pbx.example.org."))
            if not self.sip_user.text().strip():
                found.append(self.tr("Enter the SIP user name the PBX gave you."))
        if not self.sip_listen.text().strip():
            found.append(self.tr("Enter the address to listen on for SIP (e.g. 0.0.0.0)."))
        if self.db_mode.currentData() == DatabaseMode.CENTRAL.value:
            if not self.db_host.text().strip():
                found.append(self.tr("Enter the central database server's address."))
            if not self.db_user.text().strip():
                found.append(self.tr("Enter your database user name."))
            if not self.db_name.text().strip():
                found.append(self.tr("Enter the central database's name."))
        return found + self.hotkeys.problems() + self.verification.problems()

    def _store_secret(self, name: SecretName, account: str, value: str) -> bool:
        """Keyring first; without one, keep it for this run. True when kept for the run only."""
        try:
            if value:
                self._secrets.set(name, value, account)
            else:
                self._secrets.delete(name, account)
        except KeyringUnavailable:
            if value:
                self._secrets.keep_for_session(name, value, account)
                return True
        return False

    def save(self) -> None:
        problems = self.problems()
        self.error_label.setText("\n".join(problems))
        if problems:
            return
        s = self._settings
        s.set(Options.SIP_MODE, self.sip_mode.currentData())
        s.set(Options.SIP_LISTEN_ADDRESS, self.sip_listen.text())
        s.set(Options.SIP_LOCAL_PORT, self.sip_port.value())
        s.set(Options.SIP_REGISTRAR, self.sip_registrar.text())
        s.set(Options.SIP_USERNAME, self.sip_user.text())
        s.set(Options.SIP_DISPLAY_NAME, self.sip_display.text())
        s.set(Options.SIP_TRANSPORT, self.sip_transport.currentData())
        s.set(Options.SIP_SRTP, self.sip_srtp.isChecked())
        s.set(Options.SIP_NOT_READY_CODE, self.sip_not_ready.currentData())
        s.set(Options.SIP_AUTO_ANSWER_SECONDS, self.sip_auto_answer.value())
        s.set(Options.SIP_CALL_WAITING, self.sip_call_waiting.isChecked())
        self.audio.save(s)
        self.hotkeys.save(s)
        sms_secret = self.verification.save(s)
        language = Language(self.language.currentData())
        changed_language = language != s.get(Options.LANGUAGE)
        s.set(Options.LANGUAGE, language)
        s.set(Options.DB_MODE, self.db_mode.currentData())
        s.set(Options.DB_HOST, self.db_host.text())
        s.set(Options.DB_PORT, self.db_port.value())
        s.set(Options.DB_NAME, self.db_name.text())
        s.set(Options.DB_USER, self.db_user.text())
        s.set(Options.DB_SSLMODE, self.db_sslmode.currentData())
        run_only = self._store_secret(
            SecretName.SIP_PASSWORD, self.sip_user.text().strip(), self.sip_password.text()
        )
        run_only |= self._store_secret(
            SecretName.CENTRAL_DB_PASSWORD, self.db_user.text().strip(), self.db_password.text()
        )
        if sms_secret[1]:
            run_only |= self._store_secret(*sms_secret)
        s.save()
        if run_only:
            self.notice = self.tr(
                "No system keyring was found, so the passwords are kept only until the desk is"
                " closed; you will be asked again next time."
            )
        self.notice_label.setText(self.notice)
        if changed_language:
            self._apply_language(language)
        self.accept()

    # texts ----------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.tabs.setTabText(0, self.tr("SIP account"))
        self.tabs.setTabText(1, self.tr("Audio"))
        self.tabs.setTabText(2, self.tr("Hotkeys"))
        self.tabs.setTabText(3, self.tr("Verification"))
        self.tabs.setTabText(4, self.tr("Language"))
        self.tabs.setTabText(5, self.tr("Database"))
        self.audio.retranslate_ui()
        self.hotkeys.retranslate_ui()
        mode_names = {
            SipMode.DIRECT.value: self.tr("Direct calls (no PBX)"),
            SipMode.REGISTRAR.value: self.tr("Register with a PBX"),
        }
        for row in range(self.sip_mode.count()):
            self.sip_mode.setItemText(row, mode_names[self.sip_mode.itemData(row)])
        sip_texts = [
            self.tr("Mode:"),
            self.tr("Listen on address:"),
            self.tr("Local SIP port:"),
            self.tr("Registrar (PBX):"),
            self.tr("User name:"),
            self.tr("Display name:"),
            self.tr("Password:"),
            self.tr("Transport:"),
            self.tr("Encrypt media (SRTP):"),
            self.tr("When Not ready, answer:"),
            self.tr("Answer by itself after:"),
            self.tr("Second call while talking:"),
        ]
        _set_texts(self.sip_labels, sip_texts)
        self.sip_not_ready.setItemText(
            0, self.tr("486 Busy here (the queue tries another operator)")
        )
        self.sip_not_ready.setItemText(1, self.tr("480 Temporarily unavailable"))
        self.sip_auto_answer.setSpecialValueText(self.tr("never (only when the PBX asks)"))
        self.sip_auto_answer.setSuffix(self.tr(" s"))
        self.sip_call_waiting.setText(self.tr("ring softly (call waiting); off: busy"))
        self.sip_password.setToolTip(self.tr("Kept in the system keyring, never in a file"))
        self.sip_tls_hint.setText(
            self.tr(
                "The SIP engine's TLS is built on OpenSSL 1.0.2, which no longer gets security"
                " fixes. Where you can, let the PBX or a VPN protect the signalling."
            )
        )
        _set_texts(self.language_labels, [self.tr("Interface language:")])
        db_modes = {
            DatabaseMode.EMBEDDED.value: self.tr("Local database only"),
            DatabaseMode.CENTRAL.value: self.tr("Local database synced with a central one"),
        }
        for row in range(self.db_mode.count()):
            self.db_mode.setItemText(row, db_modes[self.db_mode.itemData(row)])
        _set_texts(
            self.db_labels,
            [
                self.tr("Mode:"),
                self.tr("Local database file:"),
                self.tr("Central server:"),
                self.tr("Port:"),
                self.tr("Database name:"),
                self.tr("User name:"),
                self.tr("Password:"),
                self.tr("TLS (sslmode):"),
            ],
        )
        self.db_hint.setText(
            self.tr(
                "The desk always works on the local file. Sync with the central database"
                " is not active in this version; these settings are kept for it."
            )
        )
        self.db_password.setToolTip(self.tr("Kept in the system keyring, never in a file"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
