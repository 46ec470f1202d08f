"""Keep-alives come from the UI thread: READY=1 after the first frame, then WATCHDOG=1 and the
watchdog's heartbeat on timers; a blocked UI thread sends nothing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer

from kiosk.ui.keepalive import KeepAlive

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")


class Listener:
    """An abstract-namespace notify socket; a thread notes each datagram and when it came."""

    def __init__(self, name: str) -> None:
        self.address = "@" + name
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind("\0" + name)
        self.socket.settimeout(0.2)
        self.received: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.socket.recv(256)
            except TimeoutError:
                continue
            self.received.append((time.monotonic(), data.decode()))

    def messages(self) -> list[str]:
        return [message for _when, message in self.received]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.socket.close()


@pytest.fixture
def listener(tmp_path):
    listener = Listener(f"kiosk-test-{os.getpid()}-{tmp_path.name}")
    yield listener
    listener.close()


def test_ready_then_keepalives_and_heartbeats_and_none_while_the_ui_thread_is_blocked(
    qtbot, listener, tmp_path, window
):
    beat_file = tmp_path / "heartbeat"
    beat_file.touch()
    os.utime(beat_file, ns=(0, 0))
    env = {
        "NOTIFY_SOCKET": listener.address,
        "WATCHDOG_USEC": "400000",
        "KIOSK_HEARTBEAT_FILE": str(beat_file),
        "KIOSK_HEARTBEAT_SECONDS": "0.2",
    }
    owner = QObject()
    keepalive = KeepAlive(owner, env)
    try:
        keepalive.start(window)
        qtbot.waitUntil(lambda: listener.messages().count("WATCHDOG=1") >= 3, timeout=10_000)
        assert listener.messages()[0] == "READY=1"
        assert beat_file.stat().st_mtime_ns > 0, "the heartbeat file was touched"

        blocked: dict[str, float] = {}

        def block_ui_thread() -> None:
            blocked["from"] = time.monotonic()
            threading.Event().wait(1.5)  # the UI thread is stuck on purpose, timers included
            blocked["to"] = time.monotonic()

        QTimer.singleShot(0, block_ui_thread)
        qtbot.waitUntil(lambda: "to" in blocked, timeout=10_000)
        sent = len(listener.received)
        qtbot.waitUntil(lambda: len(listener.received) > sent, timeout=10_000)
        during = [
            message
            for when, message in listener.received
            if blocked["from"] + 0.1 < when < blocked["to"]
        ]
        assert during == [], "keep-alives came while the UI thread was blocked"
    finally:
        keepalive.stop()
    qtbot.waitUntil(lambda: "STOPPING=1" in listener.messages(), timeout=5_000)
    assert all(not timer.isActive() for timer in keepalive._timers)


def test_without_systemd_or_watchdog_it_sends_nothing_and_runs_no_timer():
    keepalive = KeepAlive(QObject(), {})
    assert not keepalive.notifier.enabled
    assert keepalive.heartbeat is None
    assert keepalive._timers == []
    keepalive.stop()


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_a_kiosk_under_systemd_sends_ready_then_keepalives_that_stop_while_frozen(
    listener, tmp_path
):
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
        NOTIFY_SOCKET=listener.address,
        WATCHDOG_USEC="2000000",
    )
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--windowed"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = threading.Event()
    try:

        def wait_for(condition, seconds: float) -> bool:
            end = time.monotonic() + seconds
            while time.monotonic() < end and not condition():
                deadline.wait(0.05)  # a poll interval inside a deadline
            return condition()

        assert wait_for(lambda: listener.messages().count("WATCHDOG=1") >= 2, 60)
        assert listener.messages()[0] == "READY=1"

        os.kill(kiosk.pid, signal.SIGSTOP)
        stopped_at = time.monotonic()
        deadline.wait(3.0)  # more than a whole keep-alive interval (1 s) while frozen
        late = [m for when, m in listener.received if when > stopped_at + 0.1]
        assert late == [], "keep-alives kept coming from a frozen kiosk"

        os.kill(kiosk.pid, signal.SIGCONT)
        resumed = len(listener.received)
        assert wait_for(lambda: len(listener.received) > resumed, 10), "keep-alives resume"
    finally:
        kiosk.kill()
        kiosk.wait(15)
