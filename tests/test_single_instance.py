"""One kiosk at a time, with real processes: a second start brings the first to the front and
exits 0; a lock left by a killed kiosk does not stop the next. Every wait has a deadline."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.ui.single_instance import InstanceLock, lock_path, server_name
from tests.test_watchdog_kiosk import Lines

ROOT = Path(__file__).resolve().parent.parent
LISTENING = re.compile(r"one kiosk at a time: a second start brings this one to the front")
RAISED = re.compile(r"another start of the kiosk asked this one to come to the front")
START_SECONDS = 60.0

pytestmark = pytest.mark.slow


@pytest.fixture
def kiosks(tmp_path):
    """Start `python -m kiosk --windowed` processes with this test's private folders."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    started: list[tuple[subprocess.Popen, Lines]] = []

    def start() -> tuple[subprocess.Popen, Lines]:
        process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--windowed"],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append((process, Lines(process.stderr)))
        return started[-1]

    yield start
    for process, lines in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=START_SECONDS)
        lines.join(START_SECONDS)
        process.stderr.close()


def test_a_second_kiosk_brings_the_first_to_the_front_and_exits_0(kiosks):
    first, first_lines = kiosks()
    assert first_lines.wait_for(LISTENING, START_SECONDS), first_lines.seen

    second, second_lines = kiosks()
    assert second.wait(timeout=START_SECONDS) == 0
    assert first_lines.wait_for(RAISED, START_SECONDS), first_lines.seen
    told = f"kiosk: already running (process {first.pid}); brought it to the front"
    assert second_lines.wait_for(re.compile(re.escape(told)), START_SECONDS), second_lines.seen
    assert second_lines.wait_for(LISTENING, START_SECONDS) is None  # it never became a kiosk
    assert first.poll() is None  # the first kiosk keeps running


def test_a_lock_left_by_a_killed_kiosk_does_not_block_the_next_start(kiosks):
    crashed, crashed_lines = kiosks()
    assert crashed_lines.wait_for(LISTENING, START_SECONDS), crashed_lines.seen
    crashed.send_signal(signal.SIGKILL)  # no clean-up at all: lock file and socket stay
    crashed.wait(timeout=START_SECONDS)
    assert lock_path().exists()

    fresh, fresh_lines = kiosks()
    assert fresh_lines.wait_for(LISTENING, START_SECONDS), fresh_lines.seen
    assert fresh.poll() is None
    assert InstanceLock().holder() == fresh.pid


def test_the_socket_is_named_after_the_lock_so_private_folders_are_separate(tmp_path):
    assert server_name(tmp_path / "a" / "kiosk.lock") != server_name(tmp_path / "b" / "kiosk.lock")
    assert re.fullmatch(r"kiosk-[0-9a-f]{16}", server_name(lock_path()))


def test_a_lock_whose_folder_cannot_be_made_does_not_stop_the_kiosk(tmp_path, caplog):
    in_the_way = tmp_path / "state"
    in_the_way.write_text("a file where the state folder should be\n", encoding="utf-8")
    lock = InstanceLock(in_the_way / "kiosk.lock")

    assert lock.claim() is True
    assert f"one-kiosk lock {in_the_way / 'kiosk.lock'} cannot be made" in caplog.text
    assert not (in_the_way / "kiosk.lock").exists()


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform has no stacking
def test_the_running_kiosk_answers_a_second_start_and_comes_to_the_front(qtbot, tmp_path):
    """The running kiosk's side, in this process: a minimized window is raised and says so."""
    from PySide6.QtCore import Qt
    from PySide6.QtNetwork import QLocalSocket
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.single_instance import RAISE, RAISED

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.setWindowState(Qt.WindowState.WindowMinimized)
    lock = InstanceLock(tmp_path / "kiosk.lock")
    assert lock.claim()
    server = lock.serve(window)
    socket = QLocalSocket()
    socket.connectToServer(lock.name)
    qtbot.waitUntil(lambda: socket.state() == QLocalSocket.LocalSocketState.ConnectedState)
    socket.write(RAISE)
    qtbot.waitUntil(socket.canReadLine)
    assert socket.readLine().data() == RAISED
    assert not window.windowState() & Qt.WindowState.WindowMinimized
    assert window.isVisible()
    socket.disconnectFromServer()
    server.close()
    lock.release()
