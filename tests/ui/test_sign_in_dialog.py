"""The sign-in window with the real check behind it (app/sync/signin.py) and the central
database unreachable: each refusal says plainly what is wrong and who may start offline;
the operator who signed in here last gets in with their password."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.secrets import SecretStore
from app.settings import DatabaseMode, Options, Settings
from app.sync import signin
from tests.ui.test_verification_wizard import type_text
from ui.bridge import GuiBridge
from ui.i18n import LanguageManager
from ui.sign_in_dialog import SignInDialog

SHOTS = os.environ.get("HOTLINE_DOCS_SCREENSHOTS")


@pytest.fixture
def unreachable(tmp_path: Path) -> Iterator[Settings]:
    """Settings naming a central database whose port nobody listens on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        settings = Settings.load(tmp_path / "settings.json")
        settings.set(Options.DB_MODE, DatabaseMode.CENTRAL)
        settings.set(Options.DB_HOST, "127.0.0.1")
        settings.set(Options.DB_PORT, holder.getsockname()[1])
        yield settings


def dialog_for(qtbot: QtBot, settings: Settings, card: Path) -> SignInDialog:
    secrets = SecretStore(backend=fail.Keyring())
    dialog = SignInDialog(
        lambda login, password: signin.sign_in(settings, secrets, card, login, password),
        GuiBridge(),
        signin.last_login(card),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def attempt(qtbot: QtBot, dialog: SignInDialog, password: str, login: str | None = None) -> str:
    if login is not None:
        dialog.login.clear()
        type_text(dialog.login, login)
    type_text(dialog.password, password)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.login.isEnabled() or dialog.result() != 0, timeout=20000)
    return dialog.problem.text()


def test_nobody_signed_in_here_cannot_start_while_the_server_is_down(
    qtbot: QtBot, unreachable: Settings, tmp_path: Path, languages: LanguageManager
) -> None:
    dialog = dialog_for(qtbot, unreachable, signin.card_path(tmp_path))
    assert dialog.windowTitle() == "Вход"
    assert "никто ещё не входил" in attempt(qtbot, dialog, "secret", login="ivanova")
    assert dialog.result() == 0 and dialog.password.text() == ""
    assert attempt(qtbot, dialog, "") == "Введите логин и пароль."


def test_the_last_operator_starts_offline_with_their_password_and_nobody_else(
    qtbot: QtBot, unreachable: Settings, tmp_path: Path, languages: LanguageManager
) -> None:
    card = signin.card_path(tmp_path)
    signin._remember(card, "ivanova", "верный пароль")
    dialog = dialog_for(qtbot, unreachable, card)
    assert dialog.login.text() == "ivanova"
    qtbot.waitUntil(dialog.password.hasFocus)

    assert "пароль не совпадает" in attempt(qtbot, dialog, "неверный")
    assert "только ivanova" in attempt(qtbot, dialog, "верный пароль", login="petrov")
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "sign-in-offline.png"), "PNG")
    attempt(qtbot, dialog, "верный пароль", login="ivanova")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_in == signin.SignedIn("ivanova", online=False)
