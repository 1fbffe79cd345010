"""Wires the phone to the window: call actions and shortcuts, the call panel, ringing, dialogs."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut

from app.domain.states import OperatorState, RegistrationState
from app.hotkeys import HotkeyAction
from app.services.recordings import purge_recordings
from app.settings import Options
from app.telephony.demo import DemoCaller, DemoCallError
from app.telephony.model import (
    CallQuality,
    CallSnapshot,
    CallState,
    Direction,
    EngineFailed,
    RegistrationChanged,
)
from app.telephony.screenpop import CallerHistory
from ui import texts
from ui.actions import set_texts, window_action
from ui.audio_control import AudioControl
from ui.headset_buttons import HeadsetButtons
from ui.hotkeys import GlobalHotkeys
from ui.keypad import Keypad
from ui.phone import Phone
from ui.ringer import Ringer
from ui.transfer_dialog import TransferDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

PURGE_EVERY_MS = 6 * 3600 * 1000  # old recordings are looked for four times a day


class CallController(QObject):
    """Owns the call actions; enables each one only when it makes sense for the current call."""

    def __init__(self, window: MainWindow, phone: Phone | None) -> None:
        super().__init__(window)
        self.window = window
        self.phone = phone
        self.answer_action = window_action(window, "answerAction", "Ctrl+Return")
        self.hangup_action = window_action(window, "hangupAction", "Ctrl+E")
        self.hold_action = window_action(window, "holdAction", "Ctrl+H")
        self.mute_action = window_action(window, "muteAction", "Ctrl+M")
        self.transfer_action = window_action(window, "transferAction", "Ctrl+T")
        self.complete_action = window_action(window, "completeTransferAction", "Ctrl+Shift+T")
        self.keypad_action = window_action(window, "keypadAction", "Ctrl+D")
        self.dial_action = window_action(window, "dialAction", "Ctrl+Shift+D")
        self.demo_action = window_action(window, "demoCallAction")
        self.verify_action = window_action(window, "verifyCallerAction", "Ctrl+I")
        self.verify_action.triggered.connect(self.verify_caller)
        self._verified_call: object = None
        self.demo: DemoCaller | None = None
        self.actions = [
            self.answer_action,
            self.hangup_action,
            self.hold_action,
            self.mute_action,
            self.transfer_action,
            self.complete_action,
            self.keypad_action,
        ]
        self.keypad: Keypad | None = None
        self.ringer: Ringer | None = None
        self.audio: AudioControl | None = None
        self.hotkeys = GlobalHotkeys(window.bridge, self)
        self.hotkeys.fired.connect(self.hotkey)
        self._media_keys()
        self.headset = HeadsetButtons(window.bridge, self)
        self.last_ended: CallSnapshot | None = None
        self.telephony_error = ""
        if phone is not None:
            self.answer_action.triggered.connect(phone.answer)
            self.hangup_action.triggered.connect(phone.hangup)
            self.hold_action.triggered.connect(phone.toggle_hold)
            self.mute_action.triggered.connect(phone.toggle_mute)
            self.transfer_action.triggered.connect(self.open_transfer)
            self.complete_action.triggered.connect(phone.complete_transfer)
            self.keypad_action.triggered.connect(self.open_keypad)
            self.dial_action.triggered.connect(self.dial_from_field)
            self.demo_action.triggered.connect(self.start_demo)
            phone.call_changed.connect(self._call_changed)
            phone.quality_changed.connect(self._quality)
            phone.caller_history.connect(self._history)
            phone.registration_changed.connect(self._registration)
            phone.engine_started.connect(self._started)
            phone.engine_failed.connect(self._failed)

    def attach(self) -> None:
        """Called once the window has built the panel and the status bar."""
        self.ringer = Ringer(self.window, self.window.desk.dirs.cache)
        sound = self.phone.sound if self.phone else None
        self.audio = AudioControl(self.window.status, self.ringer, sound, self)
        self.audio.apply(self.window.desk.settings)
        self.hotkeys.apply(self.window.desk.settings)
        self.headset.apply(self.window.desk.settings)
        self._purge_timer = QTimer(self)
        self._purge_timer.setInterval(PURGE_EVERY_MS)
        self._purge_timer.timeout.connect(self.purge_recordings)
        self._purge_timer.start()
        QTimer.singleShot(0, self.purge_recordings)
        self.update()

    def purge_recordings(self) -> None:
        """Recordings past their retention period go (on the writer thread)."""
        desk = self.window.desk
        future = purge_recordings(
            desk.database, desk.dirs.recordings, desk.settings.get(Options.RECORDING_RETENTION_DAYS)
        )
        self.window.bridge.when_done(
            future,
            lambda removed: log.info("recordings past retention removed: %d", removed),
            lambda error: log.error("recordings could not be purged: %s", type(error).__name__),
        )

    def _media_keys(self) -> None:
        """Headsets without HID telephony buttons often send media keys: while the desk has
        the focus, play/pause answers or hangs up and the microphone key mutes. (Globally,
        a media key can be chosen as a global hotkey.)"""
        keys = {
            Qt.Key.Key_MediaTogglePlayPause: HotkeyAction.ANSWER_OR_HANG_UP,
            Qt.Key.Key_MediaPlay: HotkeyAction.ANSWER_OR_HANG_UP,
            Qt.Key.Key_MediaStop: HotkeyAction.HANG_UP,
            Qt.Key.Key_MicMute: HotkeyAction.TOGGLE_MUTE,
        }
        for key, action in keys.items():
            shortcut = QShortcut(QKeySequence(key), self.window)
            shortcut.activated.connect(lambda chosen=action: self.hotkey(chosen.value))

    def verify_caller(self) -> None:
        """Ctrl+I: the verification tab, for the call shown (or a fresh one without a call)."""
        call = self.phone.current() if self.phone else None
        self.window.workspace.setCurrentWidget(self.window.workspace.verification_page)
        if call is None or call.id != self._verified_call:
            self._verified_call = call.id if call else None
            self.window.verification.start(call.id if call else None, call.number if call else "")
        else:
            self.window.verification.phone.setFocus()

    def hotkey(self, value: str) -> None:
        """A global hotkey was pressed (GUI thread): the same as the action in the window."""
        action = HotkeyAction(value)
        if action is HotkeyAction.ANSWER_OR_HANG_UP:
            answer = self.answer_action.isEnabled()
            action = HotkeyAction.ANSWER if answer else HotkeyAction.HANG_UP
        if action is HotkeyAction.TOGGLE_READY:
            ready = self.window.status.operator_state() is OperatorState.READY
            self.window.set_operator_state(
                OperatorState.NOT_READY if ready else OperatorState.READY
            )
            return
        target = {
            HotkeyAction.ANSWER: self.answer_action,
            HotkeyAction.HANG_UP: self.hangup_action,
            HotkeyAction.TOGGLE_HOLD: self.hold_action,
            HotkeyAction.TOGGLE_MUTE: self.mute_action,
        }[action]
        if target.isEnabled():
            target.trigger()

    # phone -> window -------------------------------------------------------------------------
    def _started(self, contact: str) -> None:
        self.window.call_panel.telephony_ready = True
        self.telephony_error = ""
        self.window.status.sip_label.setToolTip(contact)
        self.update()

    def _failed(self, failure: EngineFailed) -> None:
        self.telephony_error = texts.engine_error(failure.error)
        self.window.status.show_registration(RegistrationState.FAILED)
        self.window.status.sip_label.setToolTip(failure.detail)
        self.window.call_panel.detail_label.setText(self.telephony_error)
        log.error("SIP engine failed: %s (%s)", failure.error.value, failure.detail)

    def _registration(self, change: RegistrationChanged) -> None:
        self.window.status.show_registration(change.state)
        if change.state is RegistrationState.FAILED:
            self.window.status.sip_label.setToolTip(
                self.tr("%1 %2; trying again in %3 s")
                .replace("%1", str(change.code))
                .replace("%2", change.reason)
                .replace("%3", f"{change.retry_in or 0:.0f}")
            )

    def _quality(self, event: CallQuality) -> None:
        shown = self.window.call_panel.call
        if shown is not None and shown.id == event.call_id:
            self.window.call_panel.quality.show_quality(event)

    def _history(self, history: CallerHistory) -> None:
        self.update()

    def _call_changed(self, call: CallSnapshot) -> None:
        if call.state is CallState.CONNECTED and call.id != self._verified_call:
            # The wizard is ready with the caller's number the moment the call is answered.
            self._verified_call = call.id
            self.window.verification.start(call.id, call.number, focus=False)
            self.window.applications.set_call(call.id)
            self.window.tickets.actions.show_session(None)  # nobody verified on this call yet
        self.window.tickets.call_changed(call)
        if call.state is CallState.ENDED:
            self.last_ended = call
            self.window.refresh_history()
            if self.window.restart_after_call and self.phone and not self.phone.calls:
                self.window.restart_after_call = False
                self.window.apply_phone_settings()
        if self.phone is not None:
            self.headset.calls_changed(list(self.phone.calls.values()))
        self.update()

    def update(self) -> None:
        phone = self.phone
        current = phone.current() if phone else None
        shown = current or self.last_ended
        history = phone.histories.get(shown.id) if (phone and shown) else None
        self.window.call_panel.show_call(shown, history)
        if self.telephony_error and current is None:
            self.window.call_panel.detail_label.setText(self.telephony_error)
        state = current.state if current else None
        ringing_in = (
            current is not None
            and state is CallState.RINGING
            and current.direction is Direction.INBOUND
        )
        self.answer_action.setEnabled(ringing_in)
        self.hangup_action.setEnabled(current is not None)
        self.hold_action.setEnabled(state in (CallState.CONNECTED, CallState.ON_HOLD))
        self.hold_action.setCheckable(True)
        self.hold_action.setChecked(state is CallState.ON_HOLD)
        self.mute_action.setEnabled(state is CallState.CONNECTED)
        self.mute_action.setCheckable(True)
        self.mute_action.setChecked(bool(current and current.muted))
        self.transfer_action.setEnabled(state in (CallState.CONNECTED, CallState.ON_HOLD))
        self.complete_action.setEnabled(bool(phone and phone.pending_consult()))
        self.keypad_action.setEnabled(state is CallState.CONNECTED)
        self.dial_action.setEnabled(phone is not None and self.window.call_panel.telephony_ready)
        self.demo_action.setEnabled(
            phone is not None and self.window.call_panel.telephony_ready and current is None
        )
        if self.ringer is not None:
            if ringing_in and current is not None and not current.waiting:
                who = current.display_name or current.number
                self.ringer.ring(self.tr("Incoming call"), who)
            else:
                self.ringer.stop()

    # dialogs ---------------------------------------------------------------------------------
    def open_keypad(self) -> Keypad:
        if self.keypad is None:
            self.keypad = Keypad(self.window)
            if self.phone is not None:
                self.keypad.digit_pressed.connect(self.phone.dtmf)
        self.keypad.show()
        self.keypad.raise_()
        return self.keypad

    def open_transfer(self) -> TransferDialog:
        language = QLocale().name()[:2]
        dialog = TransferDialog(self.window.desk.reference.departments(), language, self.window)
        dialog.accepted.connect(lambda: self._transfer_chosen(dialog))
        dialog.open()
        return dialog

    def _transfer_chosen(self, dialog: TransferDialog) -> None:
        if self.phone is None:
            return
        done = (
            self.phone.consult(dialog.target)
            if dialog.attended
            else self.phone.transfer(dialog.target)
        )
        if not done:
            self.window.dialogs.error(
                self.window,
                self.tr("Transfer"),
                self.tr("%1 is not a number or SIP address this desk can call.").replace(
                    "%1", dialog.target
                ),
            )

    def dial_from_field(self) -> None:
        field = self.window.call_panel.dial_field
        self.dial(field.text())

    def dial(self, target: str) -> bool:
        if self.phone is None or not target.strip():
            return False
        if self.phone.dial(target):
            self.window.call_panel.dial_field.clear()
            return True
        self.window.dialogs.error(
            self.window,
            self.tr("Call"),
            self.tr(
                "%1 cannot be called from here: type a full SIP address (user@host), or set"
                " up a PBX in Settings to call numbers."
            ).replace("%1", target.strip()),
        )
        return False

    def start_demo(self) -> bool:
        """A simulated caller rings this desk; the operator is made Ready for it."""
        if self.phone is None or not self.phone.contact:
            return False
        self.stop_demo()
        self.window.set_operator_state(OperatorState.READY)
        self.demo = DemoCaller(self.phone.contact)
        try:
            self.demo.start()
        except DemoCallError as exc:
            self.demo = None
            self.window.dialogs.error(
                self.window,
                self.tr("Demo call"),
                self.tr("The simulated caller could not start: %1").replace("%1", str(exc)),
            )
            return False
        return True

    def stop_demo(self) -> None:
        if self.demo is not None:
            self.demo.stop()
            self.demo = None

    def retranslate_ui(self) -> None:
        set_texts(
            {
                self.answer_action: self.tr("Answer"),
                self.hangup_action: self.tr("Hang up"),
                self.hold_action: self.tr("Hold"),
                self.mute_action: self.tr("Mute"),
                self.transfer_action: self.tr("Transfer"),
                self.complete_action: self.tr("Complete transfer"),
                self.keypad_action: self.tr("Keypad"),
                self.dial_action: self.tr("Call"),
                self.demo_action: self.tr("Demo call (a simulated caller rings)"),
                self.verify_action: self.tr("Verify the caller"),
            }
        )
