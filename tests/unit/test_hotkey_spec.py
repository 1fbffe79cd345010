"""Hotkey combinations as people type them, the reasons a combination is refused, the default
bindings, and which sessions can have global hotkeys at all."""

from __future__ import annotations

import itertools

import pytest

from app.hotkeys import (
    DEFAULT_BINDINGS,
    HotkeyAction,
    HotkeysUnavailable,
    HotkeySupport,
    UnsupportedReason,
    open_backend,
)
from app.hotkeys.spec import (
    KEYS,
    BindingProblem,
    ComboError,
    ComboProblem,
    KeyCombo,
    KeyKind,
    Modifier,
    canonical,
    check_bindings,
    combo_problem,
    parse_combo,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ctrl+Alt+A", "Ctrl+Alt+A"),
        ("ctrl+alt+a", "Ctrl+Alt+A"),
        ("Alt + Control + a", "Ctrl+Alt+A"),
        ("control+shift+f9", "Ctrl+Shift+F9"),
        ("Shift+Ctrl+F9", "Ctrl+Shift+F9"),
        ("pause", "Pause"),
        ("Break", "Pause"),
        ("Scroll Lock", "ScrollLock"),
        ("f24", "F24"),
        ("xf86audioplay", "XF86AudioPlay"),
        ("Media Play", "XF86AudioPlay"),  # Qt's QKeySequence text
        ("Volume Mute", "XF86AudioMute"),
        ("Meta+Shift+F5", "Shift+Super+F5"),
        ("Win+Alt+R", "Alt+Super+R"),
        ("Ctrl+Alt+PgUp", "Ctrl+Alt+PageUp"),
        ("ctrl+alt+esc", "Ctrl+Alt+Escape"),
        ("Ctrl+Alt+Return", "Ctrl+Alt+Enter"),
        ("Ctrl+Alt+Shift+Super+0", "Ctrl+Alt+Shift+Super+0"),
    ],
)
def test_combinations_are_stored_in_one_canonical_form(typed: str, stored: str) -> None:
    assert canonical(typed) == stored
    assert canonical(stored) == stored
    assert parse_combo(typed) == parse_combo(stored)


def test_every_key_with_every_modifier_set_survives_the_round_trip() -> None:
    for key in KEYS:
        for count in range(len(Modifier) + 1):
            for modifiers in itertools.combinations(Modifier, count):
                combo = KeyCombo(key, frozenset(modifiers))
                if combo_problem(combo.text) is None:
                    assert parse_combo(combo.text) == combo
                    assert parse_combo(combo.text.lower()) == combo


@pytest.mark.parametrize(
    ("typed", "problem", "part"),
    [
        ("", ComboProblem.EMPTY, ""),
        ("   ", ComboProblem.EMPTY, ""),
        ("Ctrl+Alt+Foo", ComboProblem.UNKNOWN_KEY, "Foo"),
        ("Ctrl+Alt+Ё", ComboProblem.UNKNOWN_KEY, "Ё"),
        ("Ctrl++A", ComboProblem.UNKNOWN_KEY, ""),
        ("Hyper+A", ComboProblem.UNKNOWN_KEY, "Hyper"),
        ("Ctrl+Alt", ComboProblem.NO_KEY, ""),
        ("Shift", ComboProblem.NO_KEY, ""),
        ("Ctrl+A+B", ComboProblem.TWO_KEYS, "B"),
        ("Ctrl+ctrl+A", ComboProblem.REPEATED_MODIFIER, "ctrl"),
        ("Control+Ctrl+A", ComboProblem.REPEATED_MODIFIER, "Ctrl"),
        ("A", ComboProblem.STEALS_TYPING, "A"),
        ("Shift+a", ComboProblem.STEALS_TYPING, "a"),
        ("5", ComboProblem.STEALS_TYPING, "5"),
        ("Space", ComboProblem.STEALS_TYPING, "Space"),
        ("Shift+Left", ComboProblem.STEALS_TYPING, "Left"),
        ("Enter", ComboProblem.STEALS_TYPING, "Enter"),
    ],
)
def test_unusable_combinations_say_why(typed: str, problem: ComboProblem, part: str) -> None:
    with pytest.raises(ComboError) as raised:
        parse_combo(typed)

    assert (raised.value.problem, raised.value.part) == (problem, part)
    error = combo_problem(typed)
    assert error is not None
    assert (error.problem, error.part) == (problem, part)


@pytest.mark.parametrize(
    "typed", ["F9", "Shift+F9", "Pause", "ScrollLock", "XF86AudioPlay", "Alt+A", "Super+Space"]
)
def test_keys_that_do_not_type_may_stand_alone(typed: str) -> None:
    assert combo_problem(typed) is None


def test_typing_keys_are_the_ones_that_need_a_modifier() -> None:
    for key, kind in KEYS.items():
        assert (combo_problem(key) is not None) == (kind is KeyKind.TYPING), key


def test_a_key_combo_of_an_unknown_key_cannot_be_made() -> None:
    with pytest.raises(ComboError) as raised:
        KeyCombo("Hyper")
    assert raised.value.problem is ComboProblem.UNKNOWN_KEY


def test_the_error_text_is_an_identifier_not_a_sentence() -> None:
    assert str(ComboError(ComboProblem.UNKNOWN_KEY, "Foo")) == "unknown_key: 'Foo'"
    assert str(ComboError(ComboProblem.NO_KEY)) == "no_key"


def test_two_actions_on_one_combination_are_both_refused() -> None:
    checked = check_bindings(
        {
            HotkeyAction.ANSWER: "Ctrl+Alt+A",
            HotkeyAction.HANG_UP: "alt+ctrl+a",
            HotkeyAction.TOGGLE_MUTE: "Ctrl+Alt+M",
            HotkeyAction.TOGGLE_HOLD: "",  # unbound
            HotkeyAction.TOGGLE_READY: "Ctrl+Foo",
        }
    )

    assert not checked.ok
    assert checked.combos == {HotkeyAction.TOGGLE_MUTE: parse_combo("Ctrl+Alt+M")}
    assert checked.problems == {
        HotkeyAction.ANSWER: BindingProblem(
            ComboProblem.CONFLICT, "Ctrl+Alt+A", HotkeyAction.HANG_UP
        ),
        HotkeyAction.HANG_UP: BindingProblem(
            ComboProblem.CONFLICT, "Ctrl+Alt+A", HotkeyAction.ANSWER
        ),
        HotkeyAction.TOGGLE_READY: BindingProblem(ComboProblem.UNKNOWN_KEY, "Foo"),
    }


def test_the_default_bindings_cover_every_action_and_are_usable() -> None:
    assert set(DEFAULT_BINDINGS) == set(HotkeyAction)
    for text in DEFAULT_BINDINGS.values():
        assert canonical(text) == text
    checked = check_bindings(DEFAULT_BINDINGS)
    assert checked.ok
    assert set(checked.combos) == set(HotkeyAction)


# --- which sessions can have global hotkeys ------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "environ", "reason"),
    [
        ("linux", {"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, None),
        ("linux", {"DISPLAY": ":0"}, None),
        ("linux", {"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, UnsupportedReason.WAYLAND),
        ("linux", {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, UnsupportedReason.WAYLAND),
        ("linux", {"XDG_SESSION_TYPE": "tty"}, UnsupportedReason.NO_DISPLAY),
        ("linux", {"DISPLAY": ""}, UnsupportedReason.NO_DISPLAY),
        ("win32", {}, None),
        ("darwin", {"DISPLAY": ":0"}, UnsupportedReason.OTHER_PLATFORM),
    ],
)
def test_support_is_judged_from_platform_and_session(
    platform: str, environ: dict[str, str], reason: UnsupportedReason | None
) -> None:
    support = HotkeySupport.detect(environ, platform)

    assert support.reason == reason
    assert support.supported == (reason is None)


@pytest.mark.parametrize(
    ("platform", "environ", "reason"),
    [
        ("linux", {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, UnsupportedReason.WAYLAND),
        ("linux", {}, UnsupportedReason.NO_DISPLAY),
        ("darwin", {}, UnsupportedReason.OTHER_PLATFORM),
    ],
)
def test_open_backend_refuses_an_unsupported_session(
    platform: str, environ: dict[str, str], reason: UnsupportedReason
) -> None:
    with pytest.raises(HotkeysUnavailable) as raised:
        open_backend(lambda action: None, environ=environ, platform=platform)
    assert raised.value.reason is reason
