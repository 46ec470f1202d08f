"""One kiosk at a time: a second start asks the running kiosk to come to the front and exits.

A QLockFile in the user's state folder says a kiosk runs. Qt keeps a lock on it while its
process lives, and a lock left by a kiosk that crashed (its process gone) is taken over by
the next start. Once its home screen is up, the running kiosk listens on a local socket (a
Unix socket or a named pipe, open to this user only; never TCP) named after the lock's
path, so a kiosk started with other private folders (tests, benchmarks) is another kiosk.
QtNetwork is loaded only for that.
"""

from __future__ import annotations

import functools
import logging
import sys
import time
from pathlib import Path

import platformdirs
from PySide6.QtCore import QLockFile, QObject, Qt

log = logging.getLogger(__name__)

LOCK_NAME = "kiosk.lock"
RAISE = b"raise\n"
RAISED = b"raised\n"
ANSWER_MS = 2000  # how long a second start waits for the running kiosk's answer
CONNECT_SECONDS = 10.0  # a kiosk that holds the lock may still be starting: keep trying this long
RETRY_SECONDS = 0.2


def lock_path() -> Path:
    return platformdirs.user_state_path("kiosk", appauthor=False) / LOCK_NAME


def server_name(lock: Path) -> str:
    """A short socket name unique to the lock file (Unix socket paths are short)."""
    # Qt's SHA-256, not hashlib's: that would load OpenSSL (3 MiB) for one name; imported
    # here, as the name is first needed after the first frame
    from PySide6.QtCore import QCryptographicHash

    digest = QCryptographicHash.hash(
        str(lock.absolute()).encode(), QCryptographicHash.Algorithm.Sha256
    )
    return "kiosk-" + bytes(digest.toHex().data()).decode()[:16]


class InstanceLock:
    """The lock that makes this process the one kiosk, and the way to reach the one that is."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else lock_path()
        self.lock = QLockFile(str(self.path))
        self.lock.setStaleLockTime(0)  # held for days: only a dead holder makes it stale

    @functools.cached_property
    def name(self) -> str:
        """The local socket the running kiosk listens on."""
        return server_name(self.path)

    def claim(self) -> bool:
        """True if this process is now the kiosk (the lock was free or left by a crash).

        A lock that cannot be written at all (a read-only folder) does not stop the kiosk.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("one-kiosk lock %s cannot be made (%s); not checked", self.path, exc)
            return True
        if self.lock.tryLock(0):
            return True
        if self.lock.error() != QLockFile.LockError.LockFailedError:
            problem = self.lock.error().name
            log.warning("one-kiosk lock %s cannot be used (%s); not checked", self.path, problem)
            return True
        return False

    def holder(self) -> int | None:
        info = self.lock.getLockInfo()
        return info[0] if info else None

    def ask_to_raise(self) -> bool:
        """Ask the running kiosk to come to the front; True once it says it did."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + CONNECT_SECONDS
        while True:
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(ANSWER_MS):
                socket.write(RAISE)
                socket.waitForBytesWritten(ANSWER_MS)
                answer = socket.readLine().data() if socket.waitForReadyRead(ANSWER_MS) else b""
                socket.disconnectFromServer()
                return answer == RAISED
            if time.monotonic() > deadline:
                return False
            time.sleep(RETRY_SECONDS)  # a second start, before any window: nothing to freeze

    def hand_over(self) -> int:
        """What a second start does: ask the running kiosk to come to the front, exit 0."""
        pid = self.holder()
        if self.ask_to_raise():
            message = f"already running (process {pid}); brought it to the front"
        else:
            message = f"already running (process {pid}) but it did not answer; not starting another"
        log.info("%s", message)
        print(f"kiosk: {message}", file=sys.stderr)
        return 0

    def serve(self, window) -> RaiseServer:
        """Listen for second starts (once the home screen is up: a second start waits)."""
        return RaiseServer(self.name, window)

    def release(self) -> None:
        self.lock.unlock()


class RaiseServer(QObject):
    """The running kiosk's ear: a second start's request brings `window` to the front."""

    def __init__(self, name: str, window) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(window)
        self.setObjectName("one-kiosk-server")
        self.window = window
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        QLocalServer.removeServer(name)  # a socket left by a crashed kiosk: we hold the lock
        if self.server.listen(name):
            log.info("one kiosk at a time: a second start brings this one to the front")
        else:
            log.warning("a second kiosk cannot reach this one (%s)", self.server.errorString())

    def _connected(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket) -> None:
        if not socket.canReadLine():
            return
        if socket.readLine().data() == RAISE:
            log.info("another start of the kiosk asked this one to come to the front")
            self.bring_to_front()
            socket.write(RAISED)
            socket.flush()

    def bring_to_front(self) -> None:
        window = self.window
        state = window.windowState() & ~Qt.WindowState.WindowMinimized
        window.setWindowState(state | Qt.WindowState.WindowActive)
        window.show()
        window.raise_()
        window.activateWindow()

    def close(self) -> None:
        self.server.close()
