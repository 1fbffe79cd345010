"""One running desk per user: a second launch hands its wish (show the window, or call a
``tel:``/``sip:`` link) to the running one over a local socket and exits, so two softphones
never fight for the SIP port and the headset.

The socket's name comes from the user and the desk's data folder (a second profile, or a
test's temporary home, is another desk). The first desk listens (``InstanceServer``); a
later launch connects and writes one JSON line (``hand_over``). A socket left by a desk that
crashed is taken over: nobody answers on it, so it is removed and listened on again.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

TIMEOUT_MS = 3000


def instance_name(data_dir: Path) -> str:
    """The local socket's name for this user's desk with this data folder."""
    key = f"{getpass.getuser()}\0{data_dir.resolve()}"
    return "hotline-desk-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def hand_over(name: str, message: dict[str, Any], timeout_ms: int = TIMEOUT_MS) -> bool:
    """Tell the running desk ``message``; False when no desk runs (this one should start)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(QByteArray(json.dumps(message).encode() + b"\n"))
    sent = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(timeout_ms)
    return sent


class InstanceServer(QObject):
    """Listens for later launches; ``wished`` carries each one's message."""

    wished = Signal(dict)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening (a stale socket from a crash is removed first)."""
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        listening = self._server.listen(self.name)
        if not listening:
            log.warning("single-instance socket unavailable: %s", self._server.errorString())
        return listening

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(self._ready_read)
            socket.disconnected.connect(self._gone)
            self._read(socket)

    def _ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _gone(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)  # what came with the goodbye
            socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            line = bytes(socket.readLine().data()).strip()
            try:
                message = json.loads(line)
            except ValueError:
                log.warning("a later launch sent something unreadable; ignored")
                continue
            if isinstance(message, dict):
                self.wished.emit(message)
