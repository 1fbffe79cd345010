"""Which microphone, earpiece and ringtone device to use, chosen by name, and what to tell.

The operator picks devices by the names the system shows ("Jabra Evolve2 40",
"Speakers"); settings keep the name, not a position in a list that changes whenever
something is plugged in. :class:`DeviceChooser` is told the devices present each time
the list changes and answers with the device to use for each role and the notices the
operator should see: the chosen headset is gone and the system default is used
instead; it is back and taken back; there is no device of that kind at all.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


class Role(enum.StrEnum):
    MICROPHONE = "microphone"
    EARPIECE = "earpiece"
    RINGTONE = "ringtone"

    @property
    def is_input(self) -> bool:
        return self is Role.MICROPHONE


@dataclass(frozen=True)
class Device:
    """A device as the system lists it: ``id`` is stable while it stays plugged in."""

    id: str
    name: str
    default: bool = False


@dataclass(frozen=True)
class Choice:
    """What a role uses now; ``wanted`` is the name in settings ('' means the system default)."""

    role: Role
    wanted: str
    device: Device | None

    @property
    def fallback(self) -> bool:
        """The wanted device is missing and another one stands in (or none at all)."""
        return bool(self.wanted) and (self.device is None or self.device.name != self.wanted)


class NoticeKind(enum.StrEnum):
    FELL_BACK = "fell_back"  # the wanted device went away; ``using`` stands in
    TAKEN_BACK = "taken_back"  # the wanted device is back and in use again
    NONE_LEFT = "none_left"  # no device of this kind at all


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    role: Role
    wanted: str
    using: str = ""


def choose(role: Role, wanted: str, devices: Sequence[Device]) -> Choice:
    """The device named ``wanted`` if present, else the system default, else the first."""
    if wanted:
        for device in devices:
            if device.name == wanted:
                return Choice(role, wanted, device)
    for device in devices:
        if device.default:
            return Choice(role, wanted, device)
    return Choice(role, wanted, devices[0] if devices else None)


class DeviceChooser:
    """Keeps each role's choice across device-list changes (one per desk, GUI thread)."""

    def __init__(self, wanted: Mapping[Role, str]) -> None:
        self._wanted = {role: wanted.get(role, "") for role in Role}
        self._inputs: tuple[Device, ...] = ()
        self._outputs: tuple[Device, ...] = ()
        self._choices = {role: Choice(role, self._wanted[role], None) for role in Role}
        self._seen = False

    def choice(self, role: Role) -> Choice:
        return self._choices[role]

    def update(self, inputs: Sequence[Device], outputs: Sequence[Device]) -> list[Notice]:
        """The devices present now; the notices are for what changed since the last call."""
        self._inputs, self._outputs = tuple(inputs), tuple(outputs)
        notices = [n for role in Role if (n := self._rechoose(role)) is not None]
        self._seen = True
        return notices

    def want(self, role: Role, name: str) -> None:
        """The operator chose another device in settings; no notice for their own choice."""
        self._wanted[role] = name
        self._choices[role] = choose(role, name, self._present(role))

    def changed(self, role: Role, before: Choice) -> bool:
        """Whether the device in use for ``role`` differs from ``before`` (so reopen it)."""
        now = self._choices[role].device
        return (now.id if now else None) != (before.device.id if before.device else None)

    def _present(self, role: Role) -> Sequence[Device]:
        return self._inputs if role.is_input else self._outputs

    def _rechoose(self, role: Role) -> Notice | None:
        before = self._choices[role]
        after = choose(role, self._wanted[role], self._present(role))
        self._choices[role] = after
        if after.device is None:
            if before.device is None and self._seen:
                return None
            return Notice(NoticeKind.NONE_LEFT, role, after.wanted)
        if after.fallback and (not before.fallback or before.device is None):
            return Notice(NoticeKind.FELL_BACK, role, after.wanted, after.device.name)
        if before.fallback and not after.fallback and self._seen:
            return Notice(NoticeKind.TAKEN_BACK, role, after.wanted, after.device.name)
        return None
