"""Operator sign-in against a real PostgreSQL that checks passwords (scram-sha-256 for the
test's operator role): the server's word online; offline, only the operator who last
signed in here, with the right password; the password only in the keyring."""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from keyring.backends import SecretService
from psycopg import sql

from app.secrets import SecretName, SecretStore
from app.settings import DatabaseMode, Options, Settings, SslMode
from app.sync.signin import Refusal, SignInRefused, card_path, last_login, sign_in
from tests.services import PostgresServer, wait_until

pytestmark = pytest.mark.service

LOGIN = "signin_operator"


@dataclass
class Account:
    login: str
    password: str
    database: str
    port: int


def _password_checked(server: PostgresServer) -> None:
    """From now on the server asks LOGIN for its password (other roles stay trusted)."""
    with server.connect_admin() as admin:
        hba = Path(str(admin.execute("SHOW hba_file").fetchone()[0]))  # type: ignore[index]
        rule = f"host all {LOGIN} 127.0.0.1/32 scram-sha-256\n"
        if rule not in hba.read_text():
            hba.write_text(rule + hba.read_text())
            admin.execute("SELECT pg_reload_conf()")


def _asks_password(server: PostgresServer) -> bool:
    try:
        psycopg.connect(host=server.host, port=server.port, user=LOGIN, dbname="postgres").close()
    except psycopg.OperationalError as exc:
        return "password" in str(exc)
    return False


@pytest.fixture
def account(postgres_server: PostgresServer, pg_url: str) -> Iterator[Account]:
    password = uuid.uuid4().hex
    with postgres_server.connect_admin() as admin:
        admin.execute(f"DROP ROLE IF EXISTS {LOGIN}")
        admin.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(LOGIN), sql.Literal(password)
            )
        )
    _password_checked(postgres_server)
    wait_until(lambda: _asks_password(postgres_server), 30, "the server to ask for a password")
    database = pg_url.rsplit("/", 1)[1]
    yield Account(LOGIN, password, database, postgres_server.port)
    with postgres_server.connect_admin() as admin:
        admin.execute(f"DROP ROLE IF EXISTS {LOGIN}")


def central_settings(tmp_path: Path, port: int, database: str) -> Settings:
    settings = Settings.load(tmp_path / "settings.json")
    settings.set(Options.DB_MODE, DatabaseMode.CENTRAL)
    settings.set(Options.DB_HOST, "127.0.0.1")
    settings.set(Options.DB_PORT, port)
    settings.set(Options.DB_NAME, database)
    settings.set(Options.DB_SSLMODE, SslMode.DISABLE)
    return settings


@pytest.fixture
def keyring_store(secret_service: SecretService.Keyring) -> SecretStore:
    return SecretStore(service=f"hotline-signin-{uuid.uuid4().hex[:8]}", backend=secret_service)


def closed_port() -> int:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        return int(holder.getsockname()[1])


def test_online_sign_in_keeps_the_password_in_the_keyring_and_only_a_hash_on_disk(
    tmp_path: Path,
    account: Account,
    keyring_store: SecretStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = central_settings(tmp_path, account.port, account.database)
    card = card_path(tmp_path)
    done = sign_in(settings, keyring_store, card, f"  {account.login} ", account.password)

    assert (done.login, done.online) == (account.login, True)
    assert keyring_store.get(SecretName.CENTRAL_DB_PASSWORD, account.login) == account.password
    assert last_login(card) == account.login
    assert account.password not in card.read_text()
    assert "$argon2id$" in card.read_text()
    assert Settings.load(tmp_path / "settings.json").get(Options.DB_USER) == account.login
    assert account.password not in caplog.text


def test_a_wrong_password_is_refused_by_the_server_and_changes_nothing(
    tmp_path: Path, account: Account, keyring_store: SecretStore
) -> None:
    settings = central_settings(tmp_path, account.port, account.database)
    card = card_path(tmp_path)
    with pytest.raises(SignInRefused) as refused:
        sign_in(settings, keyring_store, card, account.login, "not-the-password")
    assert refused.value.refusal is Refusal.WRONG_PASSWORD
    assert not card.exists()
    assert settings.get(Options.DB_USER) == ""
    assert keyring_store.get(SecretName.CENTRAL_DB_PASSWORD, account.login) is None


def test_offline_only_the_last_operator_with_their_password_may_start(
    tmp_path: Path, account: Account, keyring_store: SecretStore
) -> None:
    card = card_path(tmp_path)
    online = central_settings(tmp_path, account.port, account.database)
    sign_in(online, keyring_store, card, account.login, account.password)

    offline = central_settings(tmp_path, closed_port(), account.database)  # the server is gone
    done = sign_in(offline, keyring_store, card, account.login, account.password)
    assert (done.login, done.online) == (account.login, False)

    with pytest.raises(SignInRefused) as wrong:
        sign_in(offline, keyring_store, card, account.login, "guess")
    assert wrong.value.refusal is Refusal.OFFLINE_WRONG_PASSWORD

    with pytest.raises(SignInRefused) as stranger:
        sign_in(offline, keyring_store, card, "another_operator", account.password)
    assert stranger.value.refusal is Refusal.OFFLINE_NOT_LAST
    assert stranger.value.last_login == account.login
    assert offline.get(Options.DB_USER) == account.login  # the refusal changed nothing


def test_nobody_signed_in_here_means_no_offline_start(tmp_path: Path, account: Account) -> None:
    settings = central_settings(tmp_path, closed_port(), account.database)
    with pytest.raises(SignInRefused) as refused:
        sign_in(settings, SecretStore(), card_path(tmp_path), account.login, account.password)
    assert refused.value.refusal is Refusal.OFFLINE_NOT_LAST
    assert refused.value.last_login == ""
