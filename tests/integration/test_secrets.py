"""app.secrets against a real Secret Service (gnome-keyring) and against no keyring at all."""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring.backends.fail
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService

from app.secrets import KeyringUnavailable, SecretName, SecretStore

CYRILLIC = "Пароль-Ёлка №7: съешь же ещё этих мягких французских булок"


def _service_name() -> str:
    return f"hotline-desk-test-{uuid.uuid4()}"


# --- a real Secret Service --------------------------------------------------------------------


@pytest.fixture
def store(secret_service: KeyringBackend) -> SecretStore:
    return SecretStore(service=_service_name(), backend=secret_service)


@pytest.mark.service
def test_real_keyring_is_available(store: SecretStore) -> None:
    assert store.is_available()
    assert store.backend_name() == "keyring.backends.SecretService.Keyring"


@pytest.mark.service
def test_set_get_round_trip(store: SecretStore) -> None:
    assert store.get(SecretName.SIP_PASSWORD) is None

    store.set(SecretName.SIP_PASSWORD, "s3cret-1001")

    assert store.get(SecretName.SIP_PASSWORD) == "s3cret-1001"
    assert not store.is_session_only(SecretName.SIP_PASSWORD)


@pytest.mark.service
def test_second_store_reads_the_value_back(secret_service: KeyringBackend) -> None:
    service = _service_name()
    SecretStore(service=service, backend=secret_service).set(
        SecretName.CENTRAL_DB_PASSWORD, "db-pass", account="operator-7"
    )

    other = SecretStore(service=service, backend=secret_service)

    assert other.get(SecretName.CENTRAL_DB_PASSWORD, account="operator-7") == "db-pass"
    assert other.get(SecretName.CENTRAL_DB_PASSWORD) is None  # another account
    assert other.get(SecretName.SMS_GATEWAY_TOKEN, account="operator-7") is None
    foreign = SecretStore(service=_service_name(), backend=secret_service)
    assert foreign.get(SecretName.CENTRAL_DB_PASSWORD, account="operator-7") is None


@pytest.mark.service
def test_delete_removes_the_value(secret_service: KeyringBackend) -> None:
    service = _service_name()
    store = SecretStore(service=service, backend=secret_service)
    store.set(SecretName.SMS_GATEWAY_TOKEN, "token-1")
    store.set(SecretName.SMS_GATEWAY_TOKEN, "token-2", account="other")

    store.delete(SecretName.SMS_GATEWAY_TOKEN)

    assert store.get(SecretName.SMS_GATEWAY_TOKEN) is None
    assert (
        SecretStore(service=service, backend=secret_service).get(SecretName.SMS_GATEWAY_TOKEN)
        is None
    )
    assert store.get(SecretName.SMS_GATEWAY_TOKEN, account="other") == "token-2"
    store.delete(SecretName.SMS_GATEWAY_TOKEN)  # deleting what is gone is not an error


@pytest.mark.service
def test_cyrillic_value_survives(secret_service: KeyringBackend) -> None:
    service = _service_name()
    SecretStore(service=service, backend=secret_service).set(
        SecretName.LOCAL_DB_KEY, CYRILLIC, account="оператор"
    )

    value = SecretStore(service=service, backend=secret_service).get(
        SecretName.LOCAL_DB_KEY, account="оператор"
    )

    assert value == CYRILLIC


@pytest.mark.service
def test_set_replaces_a_session_only_value(store: SecretStore) -> None:
    store.keep_for_session(SecretName.SIP_PASSWORD, "typed-this-run")

    store.set(SecretName.SIP_PASSWORD, "stored")

    assert not store.is_session_only(SecretName.SIP_PASSWORD)
    assert store.get(SecretName.SIP_PASSWORD) == "stored"


# --- no keyring backend -----------------------------------------------------------------------

SECRET = "do-not-leak-Пароль-42"


@pytest.fixture
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """HOME, XDG dirs and HOTLINE_DESK_HOME all point into one empty directory."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("HOTLINE_DESK_HOME", str(home / "hotline-desk"))
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    yield home
    written = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert written == [], f"files written with no keyring: {written}"


@pytest.fixture
def failing_store(empty_home: Path) -> SecretStore:
    return SecretStore(service=_service_name(), backend=keyring.backends.fail.Keyring())


def _assert_no_secret(exc: BaseException) -> None:
    seen: BaseException | None = exc
    while seen is not None:
        text = f"{seen}{seen!r}{seen.args!r}{vars(seen)!r}"
        assert SECRET not in text
        seen = seen.__cause__ or seen.__context__


def test_missing_backend_is_not_available(failing_store: SecretStore) -> None:
    assert not failing_store.is_available()
    assert failing_store.backend_name() == "keyring.backends.fail.Keyring"


def test_missing_backend_get_and_set_raise_without_the_secret(
    failing_store: SecretStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    with pytest.raises(KeyringUnavailable) as on_set:
        failing_store.set(SecretName.SIP_PASSWORD, SECRET)
    with pytest.raises(KeyringUnavailable) as on_get:
        failing_store.get(SecretName.SIP_PASSWORD)

    for raised in (on_set.value, on_get.value):
        _assert_no_secret(raised)
        assert raised.backend == "keyring.backends.fail.Keyring"
    assert SECRET not in caplog.text
    assert not failing_store.is_session_only(SecretName.SIP_PASSWORD)


def test_keep_for_session_is_per_store_and_in_memory(
    failing_store: SecretStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    failing_store.keep_for_session(SecretName.SIP_PASSWORD, SECRET, account="1001")

    assert failing_store.is_session_only(SecretName.SIP_PASSWORD, account="1001")
    assert failing_store.get(SecretName.SIP_PASSWORD, account="1001") == SECRET
    with pytest.raises(KeyringUnavailable):  # another account has nothing kept
        failing_store.get(SecretName.SIP_PASSWORD)
    fresh = SecretStore(service=failing_store._service, backend=keyring.backends.fail.Keyring())
    assert not fresh.is_session_only(SecretName.SIP_PASSWORD, account="1001")
    with pytest.raises(KeyringUnavailable) as raised:
        fresh.get(SecretName.SIP_PASSWORD, account="1001")
    _assert_no_secret(raised.value)
    assert SECRET not in caplog.text


def test_delete_with_missing_backend_forgets_the_session_value(failing_store: SecretStore) -> None:
    failing_store.keep_for_session(SecretName.LOCAL_DB_KEY, SECRET)

    failing_store.delete(SecretName.LOCAL_DB_KEY)

    assert not failing_store.is_session_only(SecretName.LOCAL_DB_KEY)
    with pytest.raises(KeyringUnavailable):
        failing_store.get(SecretName.LOCAL_DB_KEY)


def test_no_secret_in_the_environment_after_session_use(failing_store: SecretStore) -> None:
    failing_store.keep_for_session(SecretName.SMS_GATEWAY_TOKEN, SECRET)

    assert all(SECRET not in value for value in os.environ.values())


def test_secret_service_gone_is_unavailable_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring daemon may die mid-shift; the store must then report, not crash."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    store = SecretStore(service=_service_name(), backend=SecretService.Keyring())

    assert not store.is_available()
    with pytest.raises(KeyringUnavailable):
        store.get(SecretName.SIP_PASSWORD)
