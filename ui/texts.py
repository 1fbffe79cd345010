"""Words for the core's enums and errors: app/ returns values, only ui/ says them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.states import OperatorState, RegistrationState, StorageState
from app.telephony.model import CallSnapshot, CallState, Direction, EndReason, EngineError


def operator_state(state: OperatorState) -> str:
    return {
        OperatorState.READY: QCoreApplication.translate("States", "Ready"),
        OperatorState.NOT_READY: QCoreApplication.translate("States", "Not ready"),
        OperatorState.AFTER_CALL_WORK: QCoreApplication.translate("States", "After-call work"),
    }[state]


def registration_state(state: RegistrationState) -> str:
    return {
        RegistrationState.UNAVAILABLE: QCoreApplication.translate("States", "SIP: not started"),
        RegistrationState.DIRECT: QCoreApplication.translate("States", "SIP: direct calls"),
        RegistrationState.REGISTERING: QCoreApplication.translate("States", "SIP: registering…"),
        RegistrationState.REGISTERED: QCoreApplication.translate("States", "SIP: registered"),
        RegistrationState.FAILED: QCoreApplication.translate("States", "SIP: registration failed"),
    }[state]


def storage_state(state: StorageState) -> str:
    return {
        StorageState.EMBEDDED: QCoreApplication.translate("States", "Database: local"),
        StorageState.CENTRAL_ONLINE: QCoreApplication.translate(
            "States", "Database: central, in sync"
        ),
        StorageState.CENTRAL_OFFLINE: QCoreApplication.translate(
            "States", "Database: offline, changes kept locally"
        ),
        StorageState.ERROR: QCoreApplication.translate("States", "Database: error"),
    }[state]


def call_state(call: CallSnapshot) -> str:
    """What the call panel says about the call's state."""
    state = call.state
    if state is CallState.RINGING and call.direction is Direction.INBOUND:
        if call.waiting:
            return QCoreApplication.translate("States", "Call waiting")
        return QCoreApplication.translate("States", "Incoming call")
    if state is CallState.ENDED and call.end_reason is not None:
        return end_reason(call.end_reason)
    return {
        CallState.OFFERED: QCoreApplication.translate("States", "Incoming call"),
        CallState.RINGING: QCoreApplication.translate("States", "Ringing at the other end…"),
        CallState.DIALING: QCoreApplication.translate("States", "Dialling…"),
        CallState.CONNECTED: QCoreApplication.translate("States", "Connected"),
        CallState.ON_HOLD: QCoreApplication.translate("States", "On hold"),
        CallState.TRANSFERRING: QCoreApplication.translate("States", "Transferring…"),
        CallState.ENDED: QCoreApplication.translate("States", "Call ended"),
    }[state]


def end_reason(reason: EndReason) -> str:
    return {
        EndReason.COMPLETED: QCoreApplication.translate("States", "Call ended"),
        EndReason.ABANDONED: QCoreApplication.translate("States", "The caller hung up"),
        EndReason.REJECTED: QCoreApplication.translate("States", "Declined"),
        EndReason.NO_ANSWER: QCoreApplication.translate("States", "No answer"),
        EndReason.BUSY: QCoreApplication.translate("States", "Busy"),
        EndReason.TRANSFERRED: QCoreApplication.translate("States", "Transferred"),
        EndReason.FAILED: QCoreApplication.translate("States", "Call failed"),
    }[reason]


def engine_error(error: EngineError) -> str:
    return {
        EngineError.PORT_IN_USE: QCoreApplication.translate(
            "States",
            "The SIP port is taken by another program (another softphone?). Close it or"
            " choose another port in Settings.",
        ),
        EngineError.BAD_ADDRESS: QCoreApplication.translate(
            "States", "The SIP address to listen on is not valid on this computer."
        ),
        EngineError.SIP_STACK: QCoreApplication.translate("States", "The phone could not start."),
    }[error]
