"""One window per library: a second launch hands its files to the first one and exits.

The first process to start on a library takes a lock file in the library
folder (``QLockFile`` notices a lock left by a crashed process and takes it
over) and then listens on a local socket named after the user and the
library. A later launch on the same library finds the lock taken, connects to
the socket, sends the files it was given as one line of JSON, and waits for
"ok". So two app processes never write to one library at once, and "Open
with readinglist" on a dump imports it into the window already open.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import time
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_FILE = "window.lock"
HAND_OVER_TIMEOUT_MS = 3000
FIRST_INSTANCE_START_S = 10.0  # how long a second launch waits for a starting first one to listen
_ANSWER = b"ok\n"


def server_name(library_dir: Path) -> str:
    """The local socket name for ``library_dir``: one per user and library, short enough for every platform."""
    key = f"{getpass.getuser()}\0{library_dir.expanduser().resolve()}"
    return f"readinglist-{hashlib.sha256(key.encode()).hexdigest()[:20]}"


class InstanceServer(QObject):
    """Receives the files of later launches; ``files_received`` fires once per launch (maybe with none)."""

    files_received = Signal(list)  # list[Path]

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        # Only the holder of the lock calls this, so a socket left behind by a crash is safe to remove.
        QLocalServer.removeServer(name)
        if not self._server.listen(name):
            raise OSError(f"cannot listen on the local socket {name}: {self._server.errorString()}")

    def close(self) -> None:
        """Stop listening (the socket file is removed)."""
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.setParent(self)
            received = bytearray()
            socket.readyRead.connect(lambda s=socket, r=received: self._read(s, r))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket, received: bytearray) -> None:
        received += socket.readAll().data()
        if not received.endswith(b"\n"):
            return  # the message is not complete yet
        try:
            files = [Path(name) for name in json.loads(received.decode("utf-8"))["files"]]
        except (ValueError, KeyError, TypeError):
            socket.abort()  # not one of ours
            return
        socket.write(_ANSWER)
        socket.flush()
        socket.disconnectFromServer()
        self.files_received.emit(files)


class SingleInstance:
    """Decides, at start, whether this process owns the library's window."""

    def __init__(self, library_dir: Path) -> None:
        self.library_dir = library_dir
        self.name = server_name(library_dir)
        self._lock: QLockFile | None = None

    def claim(self) -> bool:
        """Take the library for this process; False when another running window has it."""
        self.library_dir.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(self.library_dir / LOCK_FILE))
        lock.setStaleLockTime(0)  # stale only when its process is gone, however long it has run
        if not lock.tryLock(0):
            return False
        self._lock = lock
        return True

    def serve(self, parent: QObject | None = None) -> InstanceServer:
        """Listen for later launches (after ``claim`` succeeded)."""
        assert self._lock is not None, "claim() the library first"
        return InstanceServer(self.name, parent)

    def release(self) -> None:
        """Give the library up (at quit)."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def hand_over(self, files: list[Path]) -> bool:
        """Send ``files`` to the window that owns the library; True once it has them.

        The owner may still be starting (it takes the lock before it listens),
        so connecting is retried for a while.
        """
        message = json.dumps({"files": [str(f.expanduser().resolve()) for f in files]}).encode("utf-8") + b"\n"
        deadline = time.monotonic() + FIRST_INSTANCE_START_S
        while True:
            if _send(self.name, message):
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)  # the owner has the lock but is not listening yet; no event loop here to wait on


def _send(name: str, message: bytes) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(HAND_OVER_TIMEOUT_MS):
        return False
    socket.write(message)
    socket.waitForBytesWritten(HAND_OVER_TIMEOUT_MS)
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(HAND_OVER_TIMEOUT_MS):
        answer += socket.readAll().data()
    socket.disconnectFromServer()
    return answer == _ANSWER
