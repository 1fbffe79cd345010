"""The settings dialog: values to the settings file, passwords only to the keyring."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from keyring.backends import SecretService, fail
from pytestqt.qtbot import QtBot

from app.secrets import SecretName, SecretStore
from app.settings import DatabaseMode, Language, Options, Settings, SipMode
from ui.settings_dialog import SettingsDialog

PASSWORD = "Пароль-для-АТС-" + uuid.uuid4().hex[:8]


def _dialog(qtbot: QtBot, tmp_path: Path, store: SecretStore) -> tuple[SettingsDialog, Settings]:
    settings = Settings.load(tmp_path / "settings.json")
    applied: list[Language] = []
    dialog = SettingsDialog(settings, store, tmp_path / "db.sqlite3", applied.append)
    qtbot.addWidget(dialog)
    return dialog, settings


def _fill_registrar(dialog: SettingsDialog) -> None:
    dialog.sip_mode.setCurrentIndex(dialog.sip_mode.findData(SipMode.REGISTRAR.value))
    dialog.sip_registrar.setText("pbx.hotline.test")
    dialog.sip_user.setText("op1001")
    dialog.sip_password.setText(PASSWORD)


@pytest.mark.service
def test_sip_password_goes_to_the_real_keyring_not_the_file(
    qtbot: QtBot, tmp_path: Path, secret_service: SecretService.Keyring
) -> None:
    store = SecretStore(service=f"hotline-desk-test-{uuid.uuid4().hex}", backend=secret_service)
    dialog, settings = _dialog(qtbot, tmp_path, store)
    _fill_registrar(dialog)

    dialog.save()

    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert dialog.notice == ""
    text = settings.path.read_text(encoding="utf-8")
    assert "pbx.hotline.test" in text
    assert PASSWORD not in text
    again = SecretStore(service=store._service, backend=SecretService.Keyring())
    assert again.get(SecretName.SIP_PASSWORD, "op1001") == PASSWORD
    # Opening the dialog again shows the stored password (masked) from the keyring.
    reopened, _ = _dialog(qtbot, tmp_path, again)
    assert reopened.sip_password.text() == PASSWORD
    again.delete(SecretName.SIP_PASSWORD, "op1001")


def test_without_a_keyring_the_password_is_kept_for_this_run_only(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = SecretStore(backend=fail.Keyring())
    dialog, settings = _dialog(qtbot, tmp_path, store)
    _fill_registrar(dialog)

    dialog.save()

    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert "keyring" in dialog.notice or "хранилище" in dialog.notice
    assert store.get(SecretName.SIP_PASSWORD, "op1001") == PASSWORD
    assert store.is_session_only(SecretName.SIP_PASSWORD, "op1001")
    assert PASSWORD not in settings.path.read_text(encoding="utf-8")
    assert SecretStore(backend=fail.Keyring()).is_session_only(SecretName.SIP_PASSWORD) is False


def test_registrar_mode_without_a_registrar_is_refused_and_nothing_saved(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog, settings = _dialog(qtbot, tmp_path, SecretStore(backend=fail.Keyring()))
    dialog.sip_mode.setCurrentIndex(dialog.sip_mode.findData(SipMode.REGISTRAR.value))
    dialog.sip_user.setText("op1001")

    dialog.save()

    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert "pbx.example.org" in dialog.error_label.text()
    assert not settings.path.exists()


def test_central_database_needs_a_server_and_a_user(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, settings = _dialog(qtbot, tmp_path, SecretStore(backend=fail.Keyring()))
    dialog.db_mode.setCurrentIndex(dialog.db_mode.findData(DatabaseMode.CENTRAL.value))

    dialog.save()

    problems = dialog.problems()
    assert len(problems) == 2
    assert dialog.error_label.text() == "\n".join(problems)
    assert not settings.path.exists()


def test_fields_follow_the_chosen_mode(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, _ = _dialog(qtbot, tmp_path, SecretStore(backend=fail.Keyring()))
    assert not dialog.sip_registrar.isEnabled()
    assert not dialog.db_host.isEnabled()
    dialog.sip_mode.setCurrentIndex(dialog.sip_mode.findData(SipMode.REGISTRAR.value))
    dialog.db_mode.setCurrentIndex(dialog.db_mode.findData(DatabaseMode.CENTRAL.value))
    assert dialog.sip_registrar.isEnabled()
    assert dialog.db_host.isEnabled()


def test_a_missing_audio_device_is_kept_and_marked(qtbot: QtBot, tmp_path: Path) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    settings.set(Options.AUDIO_EARPIECE, "Jabra Evolve2 40")
    settings.save()
    dialog, _ = _dialog(qtbot, tmp_path, SecretStore(backend=fail.Keyring()))

    assert dialog.audio_earpiece.currentData() == "Jabra Evolve2 40"
    assert "Jabra Evolve2 40" in dialog.audio_earpiece.currentText()
    dialog.save()
    assert Settings.load(settings.path).get(Options.AUDIO_EARPIECE) == "Jabra Evolve2 40"


def test_choosing_tls_warns_about_the_engines_old_openssl(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, _ = _dialog(qtbot, tmp_path, SecretStore(backend=fail.Keyring()))
    assert dialog.sip_tls_hint.isHidden()
    dialog.sip_transport.setCurrentIndex(dialog.sip_transport.findData("tls"))
    assert not dialog.sip_tls_hint.isHidden()
    assert "OpenSSL 1.0.2" in dialog.sip_tls_hint.text()
    assert dialog.sip_transport.currentText() == "TLS"


def test_call_handling_options_are_saved(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, settings = _dialog(qtbot, tmp_path, SecretStore(backend=fail.Keyring()))
    dialog.sip_not_ready.setCurrentIndex(dialog.sip_not_ready.findData(480))
    dialog.sip_auto_answer.setValue(3)
    dialog.sip_call_waiting.setChecked(False)

    dialog.save()

    saved = Settings.load(settings.path)
    assert saved.get(Options.SIP_NOT_READY_CODE) == 480
    assert saved.get(Options.SIP_AUTO_ANSWER_SECONDS) == 3
    assert saved.get(Options.SIP_CALL_WAITING) is False


def test_the_sms_gateway_must_be_https_and_its_token_goes_to_the_keyring_not_the_file(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = SecretStore(backend=fail.Keyring())
    dialog, settings = _dialog(qtbot, tmp_path, store)
    page = dialog.verification
    page.url.setText("http://sms.example.org/send")
    page.token.setText("tok-" + uuid.uuid4().hex)

    dialog.save()
    assert "https://" in dialog.error_label.text()
    assert not settings.path.exists()

    page.url.setText("https://sms.example.org/send")
    page.failures.setValue(5)
    dialog.save()

    saved = Settings.load(settings.path)
    assert saved.get(Options.SMS_GATEWAY_URL) == "https://sms.example.org/send"
    assert saved.get(Options.VERIFICATION_FAILURES_PER_DAY) == 5
    assert page.token.text() not in settings.path.read_text()
    assert (
        store.get(SecretName.SMS_GATEWAY_TOKEN, "https://sms.example.org/send") == page.token.text()
    )


def test_values_the_administrator_set_are_locked_and_say_so(qtbot: QtBot, tmp_path: Path) -> None:
    machine = tmp_path / "machine.json"
    machine.write_text(
        '{"version": 2, "values": {"sip.mode": "registrar", "sip.registrar": "pbx.hotline.local",'
        ' "database.host": "db.hotline.local"}}',
        encoding="utf-8",
    )
    settings = Settings.load(tmp_path / "settings.json", machine)
    dialog = SettingsDialog(settings, SecretStore(backend=fail.Keyring()), tmp_path / "d", print)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.sip_registrar.text() == "pbx.hotline.local"
    assert not dialog.sip_registrar.isEnabled() and not dialog.sip_mode.isEnabled()
    assert dialog.sip_user.isEnabled()  # not locked: the operator's own account
    assert str(machine) in dialog.sip_registrar.toolTip()
    assert dialog.locked_label.isVisible() and str(machine) in dialog.locked_label.text()
    dialog.db_mode.setCurrentIndex(dialog.db_mode.findData(DatabaseMode.CENTRAL.value))
    assert not dialog.db_host.isEnabled() and dialog.db_port.isEnabled()
    dialog.sip_user.setText("op1001")
    dialog.save()
    assert Settings.load(tmp_path / "settings.json", None).get(Options.SIP_REGISTRAR) == ""
