"""An X client that types through XTEST, as the operator's keyboard would (for hotkey tests)."""

from __future__ import annotations

from Xlib import XK, X, display
from Xlib.ext import xtest

from app.hotkeys.spec import KeyCombo, Modifier, parse_combo
from app.hotkeys.x11 import keysym_of

MODIFIER_KEYSYMS = {
    Modifier.CTRL: "Control_L",
    Modifier.ALT: "Alt_L",
    Modifier.SHIFT: "Shift_L",
    Modifier.SUPER: "Super_L",
}


class Keyboard:
    """A second X client that types through XTEST, as the operator's keyboard would."""

    def __init__(self, name: str) -> None:
        self.display = display.Display(name)

    def keycode(self, keysym: int) -> int:
        keycode = int(self.display.keysym_to_keycode(keysym))
        assert keycode, f"keysym {keysym:#x} is not on the keyboard"
        return keycode

    def _keycodes(self, combo: KeyCombo) -> list[int]:
        names = [MODIFIER_KEYSYMS[m] for m in Modifier if m in combo.modifiers]
        return [self.keycode(XK.string_to_keysym(name)) for name in names] + [
            self.keycode(keysym_of(combo.key))
        ]

    def hold(self, text: str) -> None:
        for keycode in self._keycodes(parse_combo(text)):
            xtest.fake_input(self.display, X.KeyPress, keycode)
        self.display.sync()

    def release(self, text: str) -> None:
        for keycode in reversed(self._keycodes(parse_combo(text))):
            xtest.fake_input(self.display, X.KeyRelease, keycode)
        self.display.sync()

    def tap(self, text: str) -> None:
        self.hold(text)
        self.release(text)

    def tap_keycode(self, keycode: int, modifiers: str) -> None:
        """Press ``keycode`` while holding the modifier keys named in ``modifiers``."""
        held = [self.keycode(XK.string_to_keysym(name)) for name in modifiers.split()]
        for code in [*held, keycode]:
            xtest.fake_input(self.display, X.KeyPress, code)
        for code in reversed([*held, keycode]):
            xtest.fake_input(self.display, X.KeyRelease, code)
        self.display.sync()

    def tap_keysym(self, name: str) -> None:
        keycode = self.keycode(XK.string_to_keysym(name))
        xtest.fake_input(self.display, X.KeyPress, keycode)
        xtest.fake_input(self.display, X.KeyRelease, keycode)
        self.display.sync()

    def modifier_state(self) -> int:
        return int(self.display.screen().root.query_pointer().mask)
