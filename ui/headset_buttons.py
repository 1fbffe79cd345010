"""The headset's own buttons and lights in the running desk.

app.headset.hid_service reads the USB headset on a thread of its own; its button presses
and connection changes come back here through the GUI bridge. A press becomes what the
desk's situation calls for (app.headset.hid_headset.intent_for: answer, hang up, reject,
mute, hold) and is carried out through the same actions as the window's buttons. The
lights follow every call change: ringing, off hook (also while a call is held, or an
absolute hook switch would read as hung up), muted, on hold. Connection changes reach
the operator in their language, including the one that needs the administrator: the
system does not let the desk open the headset (the udev rule is missing).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.headset.hid_headset import (
    CallSituation,
    HeadsetButton,
    HeadsetIntent,
    LedState,
    intent_for,
)
from app.headset.hid_service import HeadsetConnection, HeadsetService, HeadsetStatus, HidApi
from app.settings import Options, Settings
from app.telephony.model import CallSnapshot, CallState, Direction
from ui.bridge import GuiBridge

if TYPE_CHECKING:
    from ui.call_controller import CallController

log = logging.getLogger(__name__)


class HeadsetButtons(QObject):
    """Owns the HeadsetService while headset buttons are on; ``controller`` acts for them."""

    def __init__(
        self, bridge: GuiBridge, controller: CallController, hidapi: HidApi | None = None
    ) -> None:
        super().__init__(controller)
        self._bridge = bridge
        self._controller = controller
        self._hidapi = hidapi
        self._service: HeadsetService | None = None
        self.connection = HeadsetConnection(HeadsetStatus.NO_HEADSET)
        self.told: list[str] = []  # what the operator was told, newest last

    # settings ---------------------------------------------------------------------------------
    def apply(self, settings: Settings) -> None:
        if not settings.get(Options.HEADSET_BUTTONS):
            self.close()
            return
        name = settings.get(Options.HEADSET_BUTTONS_DEVICE)
        if self._service is None:
            self._service = HeadsetService(
                lambda button: self._bridge.post(lambda: self.pressed(button)),
                lambda change: self._bridge.post(lambda: self.connected(change)),
                preferred_name=name,
                hidapi=self._hidapi,
            )
            self._service.start()
        else:
            self._service.set_preferred_name(name)

    def close(self) -> None:
        if self._service is not None:
            self._service.stop()
        self._service = None

    # from the headset (GUI thread) --------------------------------------------------------------
    def pressed(self, button: HeadsetButton) -> None:
        controller = self._controller
        phone = controller.phone
        calls = list(phone.calls.values()) if phone is not None else []
        intent = intent_for(button, _situation(calls))
        log.info("headset %s -> %s", button.value, intent.value if intent else "nothing")
        if intent is None:
            return
        action = {
            HeadsetIntent.ANSWER: controller.answer_action,
            HeadsetIntent.HANG_UP: controller.hangup_action,
            HeadsetIntent.REJECT: controller.hangup_action,  # a ringing call hung up is rejected
            HeadsetIntent.TOGGLE_MUTE: controller.mute_action,
            HeadsetIntent.TOGGLE_HOLD: controller.hold_action,
        }[intent]
        if action.isEnabled():
            action.trigger()

    def connected(self, change: HeadsetConnection) -> None:
        self.connection = change
        text = self.text(change)
        if text:
            self.told.append(text)
            self._controller.window.status.showMessage(text, 20000)

    def text(self, change: HeadsetConnection) -> str:
        texts = {
            HeadsetStatus.CONNECTED: self.tr("Headset buttons work: %1"),
            HeadsetStatus.DISCONNECTED: self.tr("The headset %1 was disconnected."),
            HeadsetStatus.PERMISSION_DENIED: self.tr(
                "The headset's buttons cannot be used: the system does not let the desk open"
                " the device. Ask your administrator to install the desk's udev rule."
            ),
            HeadsetStatus.OPEN_FAILED: self.tr(
                "The headset %1 is busy or refused to open; its buttons do not work now."
            ),
        }
        template = texts.get(change.status, "")
        return template.replace("%1", change.name)

    # to the headset ---------------------------------------------------------------------------
    def calls_changed(self, calls: list[CallSnapshot]) -> None:
        if self._service is not None:
            situation = _situation(calls)
            self._service.set_leds(
                LedState(
                    ringing=situation.ringing,
                    off_hook=situation.connected or situation.held,
                    muted=situation.muted,
                    on_hold=situation.held and not situation.connected,
                )
            )

    @property
    def running(self) -> bool:
        return self._service is not None


def _situation(calls: list[CallSnapshot]) -> CallSituation:
    live = [c for c in calls if c.is_live]
    talking = [c for c in live if c.state is CallState.CONNECTED]
    return CallSituation(
        ringing=any(
            c.state is CallState.RINGING and c.direction is Direction.INBOUND for c in live
        ),
        connected=bool(talking),
        held=any(c.state is CallState.ON_HOLD for c in live),
        muted=any(c.muted for c in talking),
    )
