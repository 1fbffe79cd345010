"""A TCP relay between a desk and its server that a test can cut and restore: the network
(or the server) going away mid-shift, with every open connection dropped at once."""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading


class NetCut:
    """Relays 127.0.0.1:``port`` to ``target_port``; :meth:`cut` drops every connection and
    refuses new ones until :meth:`restore`."""

    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self._target = (host, target_port)
        self._listener = socket.create_server((host, 0))
        self.port = int(self._listener.getsockname()[1])
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ)
        self._peers: dict[socket.socket, socket.socket] = {}
        self._lock = threading.Lock()
        self._down = False
        self._closing = False
        self._wakeup_r, self._wakeup_w = socket.socketpair()
        self._selector.register(self._wakeup_r, selectors.EVENT_READ)
        self.connections = 0  # accepted while up: a test can see the desk came back
        self._thread = threading.Thread(target=self._loop, name="netcut", daemon=True)
        self._thread.start()

    def cut(self) -> None:
        with self._lock:
            self._down = True
        self._poke()

    def restore(self) -> None:
        with self._lock:
            self._down = False
        self._poke()

    def close(self) -> None:
        self._closing = True
        self._poke()
        self._thread.join(10)
        self._listener.close()
        self._wakeup_r.close()
        self._wakeup_w.close()

    def _poke(self) -> None:
        with contextlib.suppress(OSError):
            self._wakeup_w.send(b"x")

    def _drop_all(self) -> None:
        for sock in list(self._peers):
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(sock)
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._peers.clear()

    def _drop(self, sock: socket.socket) -> None:
        other = self._peers.pop(sock, None)
        for s in (sock, other):
            if s is None:
                continue
            self._peers.pop(s, None)
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(s)
            s.close()

    def _loop(self) -> None:
        while not self._closing:
            with self._lock:
                down = self._down
            if down and self._peers:
                self._drop_all()
            for key, _mask in self._selector.select(timeout=None):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if sock is self._wakeup_r:
                    with contextlib.suppress(OSError):
                        sock.recv(64)
                elif sock is self._listener:
                    self._accept()
                elif sock in self._peers:
                    self._relay(sock)
        self._drop_all()

    def _accept(self) -> None:
        client, _ = self._listener.accept()
        with self._lock:
            down = self._down
        if down:
            client.close()  # the server is "gone": the desk's connect fails at once
            return
        try:
            server = socket.create_connection(self._target, timeout=5)
        except OSError:
            client.close()
            return
        for s in (client, server):
            s.setblocking(False)
            self._selector.register(s, selectors.EVENT_READ)
        self._peers[client], self._peers[server] = server, client
        self.connections += 1

    def _relay(self, sock: socket.socket) -> None:
        other = self._peers[sock]
        try:
            data = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._drop(sock)
            return
        try:
            other.setblocking(True)
            other.sendall(data)
            other.setblocking(False)
        except OSError:
            self._drop(sock)
