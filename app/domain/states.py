"""The states the status bar shows: the operator's, the SIP account's and the database's."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class OperatorState(enum.StrEnum):
    """Whether the operator takes calls from the queue now."""

    READY = "ready"
    NOT_READY = "not_ready"
    AFTER_CALL_WORK = "after_call_work"


class RegistrationState(enum.StrEnum):
    """Where the SIP account stands; ``UNAVAILABLE`` until the engine runs."""

    UNAVAILABLE = "unavailable"
    DIRECT = "direct"
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"


class StorageState(enum.StrEnum):
    """The database the desk works on and whether the central one is reachable."""

    EMBEDDED = "embedded"
    CENTRAL_ONLINE = "central_online"
    CENTRAL_OFFLINE = "central_offline"
    ERROR = "error"


@dataclass(frozen=True)
class OperatorStateChanged:
    """An event: the operator moved from ``old`` to ``new``."""

    old: OperatorState
    new: OperatorState
