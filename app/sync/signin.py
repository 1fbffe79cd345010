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
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, ProgrammingError

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


def _read(card: Path) -> dict[str, Any]:
    try:
        found = json.loads(card.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _remember(
    card: Path, login: str, password: str, operator: dict[str, str] | None = None
) -> None:
    """The login, an argon2 hash of the password and the operator's row, atomically."""
    card.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"login": login, "hash": _HASHER.hash(password), "operator": operator})
    handle, temporary = tempfile.mkstemp(dir=card.parent, prefix=".signed-in-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(body)
        os.chmod(temporary, 0o600)
        os.replace(temporary, card)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


def probe(url: URL) -> dict[str, str] | None:
    """Connect as the operator and read their operators row (None for a login that is no
    operator, e.g. an administrator); OperationalError when the connection fails."""
    engine = open_central(url)
    try:
        with engine.connect() as connection:
            try:
                row = connection.execute(
                    text("SELECT id, full_name, role FROM operators WHERE login = :login"),
                    {"login": url.username},
                ).first()
            except ProgrammingError as exc:  # no such table, or not allowed to read it
                log.warning("signed in, but no operator row is readable: %s", exc.orig)
                return None
    finally:
        engine.dispose()
    if row is None:
        return None
    return {"id": str(row.id), "full_name": row.full_name, "role": row.role}


def signed_in_operator(card: Path, login: str) -> dict[str, str] | None:
    """The operators row the server gave at ``login``'s last online sign-in here, if any:
    a central desk names this operator on its rows from the first minute."""
    known = _read(card)
    operator = known.get("operator")
    if known.get("login") != login or not isinstance(operator, dict):
        return None
    return {str(k): str(v) for k, v in operator.items()}


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
    connect: Callable[[URL], dict[str, str] | None] = probe,
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
        operator = connect(central_url(settings, password))
    except OperationalError as exc:
        try:
            if _refused_by_server(exc):
                log.warning("sign-in refused by the central database")
                raise SignInRefused(Refusal.WRONG_PASSWORD) from None
            return _offline(settings, secrets, card, login, password)
        except SignInRefused:
            settings.set(Options.DB_USER, before)  # a refused sign-in changes nothing
            raise
    _remember(card, login, password, operator)
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
