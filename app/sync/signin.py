"""Operator sign-in on a desk that works with the central database.

The operator's central account is their PostgreSQL role: signing in is connecting as it.
When the server answers, the password is right or wrong by its word; a right one goes to
the keyring (the sync connects with it) and an argon2 hash of it into a small file in the
desk's data folder, with the login. When the server cannot be reached, only the operator
who last signed in on this desk may start, and only with the password that hash accepts:
a shift can begin during an outage without letting anyone else work under that name.
The password itself is never written anywhere but the keyring, and never logged.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from app.secrets import KeyringUnavailable, SecretName, SecretStore
from app.settings import Options, Settings
from app.sync.connection import central_url, open_central

log = logging.getLogger(__name__)

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
#: PostgreSQL's answers for a refused login (wrong password, no such role, not allowed).
_AUTH_STATES = frozenset({"28P01", "28000"})


class Refusal(enum.StrEnum):
    EMPTY = "empty"  # no login or no password typed
    WRONG_PASSWORD = "wrong_password"  # the server said no  # noqa: S105 - a reason code
    OFFLINE_NOT_LAST = "offline_not_last"  # offline, and not the operator last signed in here
    OFFLINE_WRONG_PASSWORD = "offline_wrong_password"  # noqa: S105 - a reason code


class SignInRefused(Exception):
    def __init__(self, refusal: Refusal, last_login: str = "") -> None:
        super().__init__(refusal.value)
        self.refusal = refusal
        self.last_login = last_login  # who may start offline (for the message)


@dataclass(frozen=True)
class SignedIn:
    login: str
    online: bool  # False: started on the offline check; the sync catches up later


def card_path(data_dir: Path) -> Path:
    return data_dir / "signed-in.json"


def last_login(card: Path) -> str:
    """Who last signed in on this desk ('' for nobody)."""
    return str(_read(card).get("login", ""))


def _read(card: Path) -> dict[str, str]:
    try:
        found = json.loads(card.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _remember(card: Path, login: str, password: str) -> None:
    """The login and an argon2 hash of the password, replaced atomically."""
    card.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"login": login, "hash": _HASHER.hash(password)})
    handle, temporary = tempfile.mkstemp(dir=card.parent, prefix=".signed-in-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(body)
        os.chmod(temporary, 0o600)
        os.replace(temporary, card)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


def probe(url: URL) -> None:
    """Connect as the operator and run one query; OperationalError when that fails."""
    engine = open_central(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        engine.dispose()


def _refused_by_server(exc: OperationalError) -> bool:
    """The server answered and refused (not: it could not be reached). libpq reports no
    SQLSTATE for a failed connection, but it says whether a password was asked for or
    sent — which only a server that answered can do (in any language it speaks)."""
    if getattr(exc.orig, "sqlstate", None) in _AUTH_STATES:
        return True
    connection = getattr(exc.orig, "pgconn", None)
    return bool(connection and (connection.used_password or connection.needs_password))


def sign_in(
    settings: Settings,
    secrets: SecretStore,
    card: Path,
    login: str,
    password: str,
    *,
    connect: Callable[[URL], None] = probe,
) -> SignedIn:
    """Sign ``login`` in (online if the server answers, else by the offline check).

    Raises :class:`SignInRefused`. On success the settings name the login as the
    database user, and the password is in the keyring (or kept for this run without one).
    """
    login = login.strip()
    if not login or not password:
        raise SignInRefused(Refusal.EMPTY)
    before = settings.get(Options.DB_USER)
    settings.set(Options.DB_USER, login)
    try:
        connect(central_url(settings, password))
    except OperationalError as exc:
        try:
            if _refused_by_server(exc):
                log.warning("sign-in refused by the central database")
                raise SignInRefused(Refusal.WRONG_PASSWORD) from None
            return _offline(settings, secrets, card, login, password)
        except SignInRefused:
            settings.set(Options.DB_USER, before)  # a refused sign-in changes nothing
            raise
    _remember(card, login, password)
    _keep(secrets, login, password)
    settings.save()
    log.info("signed in online")
    return SignedIn(login, online=True)


def _offline(
    settings: Settings, secrets: SecretStore, card: Path, login: str, password: str
) -> SignedIn:
    known = _read(card)
    if known.get("login") != login:
        raise SignInRefused(Refusal.OFFLINE_NOT_LAST, str(known.get("login", "")))
    try:
        _HASHER.verify(known.get("hash", ""), password)
    except (VerificationError, InvalidHashError):
        raise SignInRefused(Refusal.OFFLINE_WRONG_PASSWORD, login) from None
    _keep(secrets, login, password)
    settings.save()
    log.info("signed in offline (the central database did not answer)")
    return SignedIn(login, online=False)


def _keep(secrets: SecretStore, login: str, password: str) -> None:
    try:
        secrets.set(SecretName.CENTRAL_DB_PASSWORD, password, login)
    except KeyringUnavailable:
        secrets.keep_for_session(SecretName.CENTRAL_DB_PASSWORD, password, login)
