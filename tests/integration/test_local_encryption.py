"""A central desk's local file is encrypted with SQLCipher, its key in the real Secret Service
keyring: what the operator typed is not in the bytes on disk, the desk reopens it, a plain
file from the embedded mode is converted keeping everything, and without a keyring the file
stays plain with a warning rather than becoming unreadable."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from pathlib import Path

import pytest
from keyring.backends import SecretService, fail
from sqlalchemy import func, select

from app.db.encryption import is_plain
from app.db.ticket_models import Ticket
from app.desk import Desk, open_desk
from app.paths import HOME_ENV, AppDirs
from app.secrets import SecretName, SecretStore
from app.selftest import Status, check_database
from app.selftest import _local_url as selftest_url
from app.settings import DatabaseMode, Options, Settings

pytestmark = pytest.mark.service

SECRET_TEXT = "Паспорт 4510 123456 выдан ОВД Тверского района"


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppDirs:
    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    return AppDirs.default().ensure()


@pytest.fixture
def keyring_store(secret_service: SecretService.Keyring) -> SecretStore:
    return SecretStore(service=f"hotline-enc-{uuid.uuid4().hex[:8]}", backend=secret_service)


def go_central(dirs: AppDirs) -> None:
    settings = Settings.load(dirs.settings_file)
    settings.set(Options.DB_MODE, DatabaseMode.CENTRAL)
    settings.set(Options.DB_HOST, "central.invalid")  # never reached: the tests stay local
    settings.set(Options.DB_USER, "ivanova")
    settings.save()


def type_ticket(desk: Desk) -> None:
    draft = desk.tickets.open_draft().result(10)
    desk.tickets.save_draft(draft.id, {"description": SECRET_TEXT}).result(10)


def tickets(desk: Desk) -> int:
    return desk.database.read(lambda s: int(s.scalar(select(func.count(Ticket.id))) or 0))


def on_disk(dirs: AppDirs) -> bytes:
    files = dirs.database_file.parent.glob(dirs.database_file.name + "*")
    return b"".join(path.read_bytes() for path in files)


def test_what_a_central_operator_types_never_reaches_the_disk_in_clear(
    dirs: AppDirs, keyring_store: SecretStore
) -> None:
    go_central(dirs)
    desk = open_desk(dirs, secrets=keyring_store)
    try:
        type_ticket(desk)
        assert SECRET_TEXT.encode() not in on_disk(dirs)
        assert "Тверского".encode() not in on_disk(dirs)
    finally:
        desk.close()
    assert not is_plain(dirs.database_file)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(dirs.database_file).execute("SELECT count(*) FROM tickets").fetchone()
    assert keyring_store.get(SecretName.LOCAL_DB_KEY)  # the key lives in the keyring only
    assert check_database(dirs, selftest_url(dirs, keyring_store)).status is Status.OK

    again = open_desk(dirs, secrets=keyring_store)
    try:
        assert tickets(again) == 1
    finally:
        again.close()


def test_a_plain_desk_switched_to_central_is_encrypted_keeping_everything(
    dirs: AppDirs, keyring_store: SecretStore
) -> None:
    embedded = open_desk(dirs, secrets=keyring_store)
    try:
        type_ticket(embedded)
        type_ticket(embedded)
    finally:
        embedded.close()
    assert is_plain(dirs.database_file)

    go_central(dirs)
    central = open_desk(dirs, secrets=keyring_store)
    try:
        assert tickets(central) == 2
        assert central.database.read(lambda s: s.scalar(select(Ticket.description).limit(1)))
    finally:
        central.close()
    assert not is_plain(dirs.database_file)
    assert SECRET_TEXT.encode() not in on_disk(dirs)


def test_without_a_keyring_the_file_stays_plain_and_the_log_says_so(
    dirs: AppDirs, caplog: pytest.LogCaptureFixture
) -> None:
    go_central(dirs)
    caplog.set_level(logging.WARNING)
    desk = open_desk(dirs, secrets=SecretStore(backend=fail.Keyring()))
    try:
        type_ticket(desk)
    finally:
        desk.close()
    assert is_plain(dirs.database_file)
    assert "the local file stays plain" in caplog.text
