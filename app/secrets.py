"""The one place secrets are read and written: the OS keyring, with a run-only fallback.

Passwords and tokens never go to a settings file, a log line or an exception
message. When no keyring backend works (a bare Linux session without Secret
Service, say), the store says so with :class:`KeyringUnavailable`, and the
caller may keep a value for this run only with :meth:`SecretStore.keep_for_session`.
"""

from __future__ import annotations

import enum
import logging
import threading

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from app import APP_NAME

log = logging.getLogger(__name__)


class SecretName(enum.StrEnum):
    """Every secret the desk knows about; the value is the keyring user name."""

    SIP_PASSWORD = "sip-password"  # noqa: S105 - a keyring entry name, not a password
    CENTRAL_DB_PASSWORD = "central-db-password"  # noqa: S105
    SMS_GATEWAY_TOKEN = "sms-gateway-token"  # noqa: S105
    LOCAL_DB_KEY = "local-db-key"


class KeyringUnavailable(RuntimeError):
    """No working OS keyring: the secret cannot be stored or read persistently."""

    def __init__(self, backend: str, reason: str) -> None:
        super().__init__(f"no usable keyring backend ({backend}): {reason}")
        self.backend = backend
        self.reason = reason


class SecretStore:
    """Reads and writes the desk's secrets in the OS keyring.

    ``service`` separates installations (tests use their own); ``account``
    separates profiles on one desktop (e.g. the SIP user the password is for).
    """

    def __init__(self, service: str = APP_NAME, backend: KeyringBackend | None = None) -> None:
        self._service = service
        self._backend = backend
        self._session: dict[tuple[SecretName, str], str] = {}
        self._lock = threading.Lock()

    @property
    def backend(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def backend_name(self) -> str:
        backend = self.backend
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def is_available(self) -> bool:
        """True when the keyring can store secrets (a real backend, not the 'fail' one)."""
        backend = self.backend
        try:
            # Reading the priority makes the backend probe the OS (D-Bus on Linux).
            priority = getattr(type(backend), "priority", 0)
            usable = float(priority) > 0
        except (TypeError, ValueError):
            usable = True
        except Exception:  # noqa: BLE001 - the probe may raise anything when the bus is gone
            log.warning("keyring backend %s cannot be reached", type(backend).__name__)
            return False
        return usable and type(backend).__module__ != "keyring.backends.fail"

    def _key(self, name: SecretName, account: str) -> str:
        return f"{name.value}:{account}" if account else name.value

    def get(self, name: SecretName, account: str = "") -> str | None:
        """The secret, or None when none is stored; a run-only value wins over the keyring."""
        with self._lock:
            kept = self._session.get((name, account))
        if kept is not None:
            return kept
        if not self.is_available():
            raise KeyringUnavailable(self.backend_name(), "no keyring backend is installed")
        try:
            return self.backend.get_password(self._service, self._key(name, account))
        except (keyring.errors.KeyringError, OSError) as exc:
            raise KeyringUnavailable(self.backend_name(), type(exc).__name__) from None

    def set(self, name: SecretName, value: str, account: str = "") -> None:
        """Store the secret in the keyring (and forget any run-only copy)."""
        if not self.is_available():
            raise KeyringUnavailable(self.backend_name(), "no keyring backend is installed")
        try:
            self.backend.set_password(self._service, self._key(name, account), value)
        except (keyring.errors.KeyringError, OSError) as exc:
            raise KeyringUnavailable(self.backend_name(), type(exc).__name__) from None
        with self._lock:
            self._session.pop((name, account), None)
        log.info("secret %s stored in the keyring", name.value)

    def delete(self, name: SecretName, account: str = "") -> None:
        with self._lock:
            self._session.pop((name, account), None)
        if not self.is_available():
            return
        try:
            self.backend.delete_password(self._service, self._key(name, account))
        except keyring.errors.PasswordDeleteError:
            return
        except (keyring.errors.KeyringError, OSError) as exc:
            raise KeyringUnavailable(self.backend_name(), type(exc).__name__) from None

    def keep_for_session(self, name: SecretName, value: str, account: str = "") -> None:
        """Hold the secret in memory for this run only; nothing is written anywhere."""
        with self._lock:
            self._session[(name, account)] = value
        log.info("secret %s kept for this session only", name.value)

    def is_session_only(self, name: SecretName, account: str = "") -> bool:
        with self._lock:
            return (name, account) in self._session
