"""Key combinations for global hotkeys: parsing, validation and the canonical text kept in settings.

A combination is written as parts joined by ``+``: modifiers (Ctrl, Alt, Shift, Super) and
exactly one key, e.g. ``Ctrl+Alt+A``, ``Ctrl+Shift+F9``, ``Pause`` or ``XF86AudioPlay`` (media
keys, the fallback when there is no USB headset with call buttons). Case and spaces do not
matter; a few other spellings are accepted (``Control``, ``Win``, ``Meta``, ``PgUp``, and the
names Qt's ``QKeySequence`` uses for media keys such as ``Media Play``). :attr:`KeyCombo.text`
is the one canonical form stored in settings.

Problems are reported as :class:`ComboProblem` codes (the UI turns them into words), never as
sentences: an empty text, an unknown key, only modifiers, two keys, a modifier written twice, a
typing key without Ctrl/Alt/Super (it would steal what the operator types in another
application), and the same combination bound to two actions.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

K = TypeVar("K")


class Modifier(enum.StrEnum):
    """A modifier key; the value is its canonical name. Canonical order: as declared."""

    CTRL = "Ctrl"
    ALT = "Alt"
    SHIFT = "Shift"
    SUPER = "Super"


class KeyKind(enum.Enum):
    """What a key is used for, which decides whether it may stand without a modifier."""

    TYPING = "typing"  # letters, digits, Space, Enter, arrows...: needs Ctrl, Alt or Super
    FUNCTION = "function"  # F1-F24
    SPECIAL = "special"  # Pause, Scroll Lock: no everyday use, fine alone
    MEDIA = "media"  # XF86 media keys, fine alone


class ComboProblem(enum.StrEnum):
    """Why a combination cannot be used; the UI translates these codes."""

    EMPTY = "empty"
    UNKNOWN_KEY = "unknown_key"
    NO_KEY = "no_key"  # only modifiers
    TWO_KEYS = "two_keys"
    REPEATED_MODIFIER = "repeated_modifier"
    STEALS_TYPING = "steals_typing"  # a typing key with no modifier, or with Shift only
    CONFLICT = "conflict"  # the same combination is bound to another action


def _build_keys() -> dict[str, KeyKind]:
    keys: dict[str, KeyKind] = {}
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
        keys[letter] = KeyKind.TYPING
    for name in (
        "Space",
        "Enter",
        "Tab",
        "Backspace",
        "Escape",
        "Insert",
        "Delete",
        "Home",
        "End",
        "PageUp",
        "PageDown",
        "Up",
        "Down",
        "Left",
        "Right",
    ):
        keys[name] = KeyKind.TYPING
    for number in range(1, 25):
        keys[f"F{number}"] = KeyKind.FUNCTION
    keys["Pause"] = KeyKind.SPECIAL
    keys["ScrollLock"] = KeyKind.SPECIAL
    for name in (
        "XF86AudioPlay",
        "XF86AudioPause",
        "XF86AudioStop",
        "XF86AudioPrev",
        "XF86AudioNext",
        "XF86AudioMute",
        "XF86AudioLowerVolume",
        "XF86AudioRaiseVolume",
        "XF86AudioMicMute",
    ):
        keys[name] = KeyKind.MEDIA
    return keys


#: Every key a hotkey may use, by canonical name. Backends map these names to their codes.
KEYS: Mapping[str, KeyKind] = _build_keys()


def _fold(text: str) -> str:
    """The lookup form of a name: lower case, no spaces."""
    return "".join(text.split()).lower()


_MODIFIER_ALIASES: dict[str, Modifier] = {
    "ctrl": Modifier.CTRL,
    "control": Modifier.CTRL,
    "alt": Modifier.ALT,
    "shift": Modifier.SHIFT,
    "super": Modifier.SUPER,
    "win": Modifier.SUPER,
    "windows": Modifier.SUPER,
    "meta": Modifier.SUPER,
}

_KEY_ALIASES: dict[str, str] = {
    **{_fold(name): name for name in KEYS},
    "esc": "Escape",
    "return": "Enter",
    "ins": "Insert",
    "del": "Delete",
    "pgup": "PageUp",
    "prior": "PageUp",
    "pgdown": "PageDown",
    "pgdn": "PageDown",
    "next": "PageDown",
    "break": "Pause",
    "scroll_lock": "ScrollLock",
    # The names Qt's QKeySequence gives media keys, so a key sequence editor's text works.
    "mediaplay": "XF86AudioPlay",
    "togglemediaplay/pause": "XF86AudioPlay",
    "mediapause": "XF86AudioPause",
    "mediastop": "XF86AudioStop",
    "mediaprevious": "XF86AudioPrev",
    "medianext": "XF86AudioNext",
    "volumemute": "XF86AudioMute",
    "volumedown": "XF86AudioLowerVolume",
    "volumeup": "XF86AudioRaiseVolume",
    "microphonemute": "XF86AudioMicMute",
}

#: Modifiers that keep a typing key from reaching the application being typed in.
_COMMAND_MODIFIERS = frozenset({Modifier.CTRL, Modifier.ALT, Modifier.SUPER})


class ComboError(ValueError):
    """A combination that cannot be used: ``problem`` says why, ``part`` names the culprit.

    ``part`` is the piece of the text at fault as the person typed it (an unknown key, the
    second key, the repeated modifier), or ``""`` when the problem concerns the whole text.
    """

    def __init__(self, problem: ComboProblem, part: str = "") -> None:
        super().__init__(f"{problem.value}: {part!r}" if part else problem.value)
        self.problem = problem
        self.part = part


@dataclass(frozen=True)
class KeyCombo:
    """A valid combination: a set of modifiers and one key (a name from :data:`KEYS`)."""

    key: str
    modifiers: frozenset[Modifier] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.key not in KEYS:
            raise ComboError(ComboProblem.UNKNOWN_KEY, self.key)

    @property
    def text(self) -> str:
        """The canonical text, e.g. ``Ctrl+Alt+A``: modifiers in a fixed order, then the key."""
        return "+".join([*(m.value for m in Modifier if m in self.modifiers), self.key])

    @property
    def kind(self) -> KeyKind:
        return KEYS[self.key]

    def __str__(self) -> str:
        return self.text


def parse_combo(text: str) -> KeyCombo:
    """Parse ``text`` into a :class:`KeyCombo`; raise :class:`ComboError` when it is unusable."""
    if not text.strip():
        raise ComboError(ComboProblem.EMPTY)
    modifiers: set[Modifier] = set()
    key: str | None = None
    key_part = ""
    for raw in text.split("+"):
        part = raw.strip()
        folded = _fold(part)
        modifier = _MODIFIER_ALIASES.get(folded)
        if modifier is not None:
            if modifier in modifiers:
                raise ComboError(ComboProblem.REPEATED_MODIFIER, part)
            modifiers.add(modifier)
            continue
        name = _KEY_ALIASES.get(folded)
        if name is None:
            raise ComboError(ComboProblem.UNKNOWN_KEY, part)
        if key is not None:
            raise ComboError(ComboProblem.TWO_KEYS, part)
        key, key_part = name, part
    if key is None:
        raise ComboError(ComboProblem.NO_KEY)
    combo = KeyCombo(key, frozenset(modifiers))
    if combo.kind is KeyKind.TYPING and not (combo.modifiers & _COMMAND_MODIFIERS):
        raise ComboError(ComboProblem.STEALS_TYPING, key_part)
    return combo


def canonical(text: str) -> str:
    """The canonical text of ``text`` (``"ctrl + alt+a"`` gives ``"Ctrl+Alt+A"``); ComboError."""
    return parse_combo(text).text


def combo_problem(text: str) -> ComboError | None:
    """Why ``text`` cannot be used as a combination, or ``None`` when it can."""
    try:
        parse_combo(text)
    except ComboError as error:
        return error
    return None


@dataclass(frozen=True)
class BindingProblem(Generic[K]):
    """Why the binding of one action cannot be used.

    ``part`` as in :class:`ComboError`; ``clashes_with`` is the other action bound to the same
    combination when ``problem`` is :attr:`ComboProblem.CONFLICT`.
    """

    problem: ComboProblem
    part: str = ""
    clashes_with: K | None = None


@dataclass(frozen=True)
class CheckedBindings(Generic[K]):
    """The result of :func:`check_bindings`: usable combinations and the problems of the rest."""

    combos: dict[K, KeyCombo]
    problems: dict[K, BindingProblem[K]]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_bindings(texts: Mapping[K, str]) -> CheckedBindings[K]:
    """Parse the text bound to each action; an empty text leaves the action unbound.

    Every action whose text is unusable gets a problem, and so does every action that shares
    its combination with another one (each names the first other action it clashes with):
    neither of two clashing bindings is in ``combos``.
    """
    parsed: dict[K, KeyCombo] = {}
    problems: dict[K, BindingProblem[K]] = {}
    for action, text in texts.items():
        if not text.strip():
            continue
        try:
            parsed[action] = parse_combo(text)
        except ComboError as error:
            problems[action] = BindingProblem(error.problem, error.part)
    owners: dict[KeyCombo, list[K]] = {}
    for action, combo in parsed.items():
        owners.setdefault(combo, []).append(action)
    combos: dict[K, KeyCombo] = {}
    for combo, actions in owners.items():
        if len(actions) == 1:
            combos[actions[0]] = combo
            continue
        for action in actions:
            other = next(a for a in actions if a != action)
            problems[action] = BindingProblem(ComboProblem.CONFLICT, combo.text, other)
    return CheckedBindings(combos, problems)
