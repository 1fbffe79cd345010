"""The status bar: portal requests offered, operator state, SIP registration, database state,
Moscow and local time."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QStatusBar, QWidget

from app.domain.clock import moscow_time, utc_now
from app.domain.states import OperatorState, RegistrationState, StorageState
from ui import texts
from ui.sync_status import SyncIndicator


class DeskStatusBar(QStatusBar):
    """Shows where the desk stands; the operator changes their own state here too."""

    operator_state_chosen = Signal(str)  # OperatorState value the operator picked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self._registration = RegistrationState.UNAVAILABLE
        self._storage = StorageState.EMBEDDED
        self._state = OperatorState.NOT_READY

        self.state_label = QLabel(self)
        self.state_label.setObjectName("operatorStateLabel")
        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("operatorStateCombo")
        self.state_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for state in OperatorState:
            self.state_combo.addItem("", state.value)
        self.state_combo.setCurrentIndex(self._index(OperatorState.NOT_READY))
        self.state_combo.activated.connect(self._chosen)
        self.sip_label = QLabel(self)
        self.sip_label.setObjectName("sipStateLabel")
        self.db_label = QLabel(self)
        self.db_label.setObjectName("databaseStateLabel")
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("clockLabel")
        self.sync_indicator = SyncIndicator(self)  # instead of db_label on a central desk
        self.sync_indicator.hide()
        self.requests_label = QLabel(self)  # portal requests offered now (hidden at none)
        self.requests_label.setObjectName("requestsBadge")
        self.requests_label.setStyleSheet(
            "QLabel { background: #0d4cd3; color: white; border-radius: 8px; padding: 0 8px; }"
        )
        self.requests_label.hide()
        self._requests = 0

        for label in (self.sip_label, self.db_label, self.clock_label):
            label.setContentsMargins(12, 0, 12, 0)
        # All permanent, on the right: a message (a saved ticket, a device notice) takes the
        # left side and never covers the operator's state or the phone's.
        for widget in (
            self.requests_label,
            self.state_label,
            self.state_combo,
            self.sip_label,
            self.db_label,
            self.sync_indicator,
            self.clock_label,
        ):
            self.addPermanentWidget(widget)

        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.retranslate_ui()

    def _index(self, state: OperatorState) -> int:
        return self.state_combo.findData(state.value)

    def _chosen(self, index: int) -> None:
        self.operator_state_chosen.emit(self.state_combo.itemData(index))

    def operator_state(self) -> OperatorState:
        """The state last shown (the combo may already show a new choice being applied)."""
        return self._state

    def show_operator_state(self, state: OperatorState) -> None:
        self._state = state
        self.state_combo.setCurrentIndex(self._index(state))

    def requests_badge_label(self) -> QLabel:
        return self.requests_label

    def show_requests(self, count: int) -> None:
        """How many portal requests are offered to this operator now."""
        self._requests = count
        self.requests_label.setVisible(count > 0)
        self.requests_label.setText(self.tr("Portal requests: %1").replace("%1", str(count)))
        self.requests_label.setToolTip(
            self.tr("Requests from the portal offered to you: see the Portal requests tab")
        )

    def show_registration(self, state: RegistrationState) -> None:
        self._registration = state
        self.sip_label.setText(texts.registration_state(state))

    def show_storage(self, state: StorageState, detail: str = "") -> None:
        self._storage = state
        self.db_label.setText(texts.storage_state(state))
        self.db_label.setToolTip(detail)

    def use_central(self) -> SyncIndicator:
        """A desk synced with the central database: its sync state replaces "local"."""
        self.db_label.hide()
        self.sync_indicator.show()
        return self.sync_indicator

    def tick(self, now: datetime | None = None) -> None:
        moment = now or utc_now()
        moscow = moscow_time(moment).strftime("%H:%M:%S")
        local = moment.astimezone().strftime("%H:%M:%S")
        self.clock_label.setText(
            self.tr("MSK %1 · local %2").replace("%1", moscow).replace("%2", local)
        )

    def retranslate_ui(self) -> None:
        self.state_label.setText(self.tr("Status:"))
        for row in range(self.state_combo.count()):
            state = OperatorState(self.state_combo.itemData(row))
            self.state_combo.setItemText(row, texts.operator_state(state))
        self.state_combo.setToolTip(self.tr("Whether you take calls from the queue now"))
        self.show_registration(self._registration)
        self.show_storage(self._storage, self.db_label.toolTip())
        self.clock_label.setToolTip(self.tr("Line hours and reports are kept in Moscow time"))
        self.show_requests(self._requests)
        self.tick()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
