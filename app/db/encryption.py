"""The local file of a central desk, encrypted with SQLCipher; its key lives in the keyring.

A desk that syncs with the central database holds personal data of real callers (ticket
descriptions, caller numbers, the citizen looked up for the open case), so its file is
encrypted page by page (SQLCipher 4, AES-256, through the maintained ``sqlcipher3-wheels``
build, which has FTS5 and JSON like the stock SQLite). The key is 32 random bytes made on
first use and kept only in the OS keyring; it is given to SQLCipher as a raw key, so no
key derivation runs on each connection. A plain file (a desk switched from the embedded
mode) is converted once, in place, with ``sqlcipher_export``.
"""

from __future__ import annotations

import logging
import os
import secrets as token
from pathlib import Path

from sqlalchemy.engine import URL

from app.secrets import KeyringUnavailable, SecretName, SecretStore

log = logging.getLogger(__name__)

PLAIN_HEADER = b"SQLite format 3\x00"
DRIVER = "sqlite+pysqlcipher"


def raw_key(key_hex: str) -> str:
    """SQLCipher's raw-key form (no passphrase derivation)."""
    return f"x'{key_hex}'"


def desk_key(store: SecretStore) -> str | None:
    """This desk's database key (made and stored on first use); None without a keyring."""
    try:
        key = store.get(SecretName.LOCAL_DB_KEY)
        if not key:
            key = token.token_hex(32)
            store.set(SecretName.LOCAL_DB_KEY, key)
    except KeyringUnavailable as exc:
        log.warning("no keyring for the database key (%s): the local file stays plain", exc.reason)
        return None
    return key


def encrypted_url(path: Path, key_hex: str) -> URL:
    return URL.create(DRIVER, username="", password=raw_key(key_hex), database=str(path))


def is_plain(path: Path) -> bool:
    """True for an existing unencrypted SQLite file."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except OSError:
        return False


def encrypt_in_place(path: Path, key_hex: str) -> None:
    """Rewrite a plain SQLite file encrypted with ``key_hex``; the plain copy is removed."""
    import sqlcipher3  # noqa: PLC0415 - only a converting desk needs it here

    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    connection = sqlcipher3.connect(str(path))
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute(
            f'ATTACH DATABASE ? AS encrypted KEY "{raw_key(key_hex)}"', (str(target),)
        )
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(target, path)
    log.info("the local database was encrypted")
