"""Tells the SIP engine when the computer's network comes back or changes (Qt's network
information backend: NetworkManager on Linux, the Network List Manager on Windows)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QNetworkInformation

log = logging.getLogger(__name__)


class NetworkWatch(QObject):
    """Calls ``changed`` when reachability improves or the transport medium changes."""

    def __init__(self, changed: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._changed = changed
        self.available = QNetworkInformation.loadDefaultBackend()
        info = QNetworkInformation.instance() if self.available else None
        if info is None:
            log.info("no network information backend: network changes are not watched")
            return
        self._reachability = info.reachability()
        info.reachabilityChanged.connect(self._reachability_changed)
        info.transportMediumChanged.connect(lambda _medium: self._changed())

    def _reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        better = reachability.value > self._reachability.value
        self._reachability = reachability
        if better:
            log.info("network reachability improved: refreshing SIP")
            self._changed()
