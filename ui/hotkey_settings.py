"""The Hotkeys page of the settings dialog: global combinations for the call actions.

Each action gets a combination typed as text ("Ctrl+Shift+F9", "Pause", "XF86AudioPlay");
a combination that cannot be used is named inline with the reason, and two actions on one
combination are refused. Next to each, what the system said when it was bound (ours, or
held by another program). Where the session cannot have global hotkeys (Wayland), the
page says so plainly.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.hotkeys import BindingStatus, HotkeyAction, UnsupportedReason
from app.hotkeys.spec import BindingProblem, ComboProblem, canonical, check_bindings
from app.settings import Options, Settings
from ui.hotkeys import GlobalHotkeys


class HotkeyPage(QWidget):
    def __init__(self, hotkeys: GlobalHotkeys | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hotkeyPage")
        self._hotkeys = hotkeys
        self.enabled = QCheckBox(self)
        self.enabled.setObjectName("hotkeysEnabled")
        self.support = QLabel(self)
        self.support.setObjectName("hotkeysSupport")
        self.support.setWordWrap(True)
        self.edits: dict[HotkeyAction, QLineEdit] = {}
        self.states: dict[HotkeyAction, QLabel] = {}
        form = QFormLayout(self)
        form.addRow(self.enabled)
        form.addRow(self.support)
        self.labels: dict[HotkeyAction, QLabel] = {}
        for action in HotkeyAction:
            row = QWidget(self)
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            edit = QLineEdit(row)
            edit.setObjectName(f"hotkey_{action.value}")
            state = QLabel(row)
            state.setObjectName(f"hotkeyState_{action.value}")
            layout.addWidget(edit, 1)
            layout.addWidget(state, 1)
            label = QLabel(self)
            label.setBuddy(edit)
            form.addRow(label, row)
            self.edits[action], self.states[action], self.labels[action] = edit, state, label
            edit.textChanged.connect(self._show_states)
        self.enabled.toggled.connect(self._show_states)

    def load(self, settings: Settings) -> None:
        self.enabled.setChecked(settings.get(Options.HOTKEYS_ENABLED))
        for action, edit in self.edits.items():
            edit.setText(settings.get(Options.hotkey(action)))
        self._show_states()

    def _texts(self) -> dict[HotkeyAction, str]:
        return {action: edit.text() for action, edit in self.edits.items()}

    def problems(self) -> list[str]:
        if not self.enabled.isChecked():
            return []
        checked = check_bindings(self._texts())
        return [
            f"{self._action_name(action)}: {self._problem_text(problem)}"
            for action, problem in checked.problems.items()
        ]

    def save(self, settings: Settings) -> None:
        settings.set(Options.HOTKEYS_ENABLED, self.enabled.isChecked())
        for action, text in self._texts().items():
            settings.set(Options.hotkey(action), canonical(text) if text.strip() else "")

    # texts ------------------------------------------------------------------------------------
    def _action_name(self, action: HotkeyAction) -> str:
        return {
            HotkeyAction.ANSWER: self.tr("Answer"),
            HotkeyAction.HANG_UP: self.tr("Hang up"),
            HotkeyAction.TOGGLE_HOLD: self.tr("Hold / resume"),
            HotkeyAction.TOGGLE_MUTE: self.tr("Mute / unmute"),
            HotkeyAction.TOGGLE_READY: self.tr("Ready / Not ready"),
            HotkeyAction.ANSWER_OR_HANG_UP: self.tr("Answer or hang up"),
        }[action]

    def _problem_text(self, problem: BindingProblem[HotkeyAction]) -> str:
        texts = {
            ComboProblem.EMPTY: self.tr("nothing entered"),
            ComboProblem.UNKNOWN_KEY: self.tr("no key is called “%1”"),
            ComboProblem.NO_KEY: self.tr("only modifiers: add a key, e.g. Ctrl+Shift+F9"),
            ComboProblem.TWO_KEYS: self.tr("one key with modifiers, not two keys"),
            ComboProblem.REPEATED_MODIFIER: self.tr("“%1” is there twice"),
            ComboProblem.STEALS_TYPING: self.tr(
                "it would take a key away from typing: add Ctrl or Alt"
            ),
            ComboProblem.CONFLICT: self.tr("the same combination as “%2”"),
        }
        other = self._action_name(problem.clashes_with) if problem.clashes_with else ""
        return texts[problem.problem].replace("%1", problem.part).replace("%2", other)

    def _status_text(self, status: BindingStatus) -> str:
        return {
            BindingStatus.ACTIVE: self.tr("works everywhere"),
            BindingStatus.TAKEN: self.tr("taken by another program: choose another"),
            BindingStatus.NO_SUCH_KEY: self.tr("this keyboard has no such key"),
            BindingStatus.FAILED: self.tr("the system refused it"),
        }[status]

    def _show_states(self) -> None:
        checked = check_bindings(self._texts())
        statuses = self._hotkeys.statuses if self._hotkeys else {}
        saved = {a: s for a, s in statuses.items() if a in checked.combos}
        for action, state in self.states.items():
            problem = checked.problems.get(action)
            if problem is not None:
                state.setText(self._problem_text(problem))
                state.setStyleSheet("color: #b00020;")
            else:
                status = saved.get(action)
                state.setText(self._status_text(status) if status else "")
                state.setStyleSheet(
                    "" if status in (None, BindingStatus.ACTIVE) else "color: #b00020;"
                )
            self.edits[action].setEnabled(self.enabled.isChecked())

    def retranslate_ui(self) -> None:
        self.enabled.setText(self.tr("Global hotkeys (work while another program has the focus)"))
        for action, label in self.labels.items():
            label.setText(self._action_name(action) + ":")
        reason = self._hotkeys.unavailable if self._hotkeys else None
        reasons = {
            UnsupportedReason.WAYLAND: self.tr(
                "This desktop session uses Wayland, which does not let programs react to keys"
                " pressed in other windows. Global hotkeys work in an X11 session; the desk's"
                " own shortcuts work while its window has the focus."
            ),
            UnsupportedReason.NO_DISPLAY: self.tr(
                "No X11 display was found, so global hotkeys cannot be set up here."
            ),
            UnsupportedReason.OTHER_PLATFORM: self.tr(
                "Global hotkeys are available on Windows and on Linux with X11."
            ),
        }
        self.support.setText(reasons.get(reason, "") if reason else "")
        self.support.setVisible(reason is not None)
        self._show_states()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
