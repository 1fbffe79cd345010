"""Words for the core's enums and errors: app/ returns values, only ui/ says them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.states import OperatorState, RegistrationState, StorageState


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
