"""The watchdog with the real kiosk: kill the kiosk, a new one starts; stop the watchdog, the
kiosk goes with it. Every wait is a bounded loop on a deadline."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTED = re.compile(r"watchdog: started kiosk pid (\d+)")
FIRST_START_SECONDS = 30.0
RESTART_SECONDS = 5.0
STOP_SECONDS = 15.0

pytestmark = pytest.mark.slow


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "\nState:\tZ" not in status


def wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        threading.Event().wait(0.05)  # a poll interval inside a deadline, not a fixed sleep
    return not alive(pid)


class Lines:
    """Reads a pipe line by line in a thread; `wait_for` waits for a match until a deadline."""

    def __init__(self, stream):
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, pattern: re.Pattern, seconds: float) -> re.Match | None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                return None
            self.seen.append(line)
            found = pattern.search(line)
            if found:
                return found
        return None

    def join(self, seconds: float) -> None:
        self._thread.join(seconds)
        assert not self._thread.is_alive(), "the stderr reader is still running"


@pytest.fixture
def kiosk_env(tmp_path):
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    env["XDG_RUNTIME_DIR"] = str(tmp_path / "runtime")
    (tmp_path / "runtime").mkdir(mode=0o700)
    return env


def test_the_watchdog_restarts_a_killed_kiosk_and_stops_it_on_sigterm(kiosk_env, tmp_path):
    watchdog = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--watchdog", "--windowed"],
        cwd=tmp_path,
        env=kiosk_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = Lines(watchdog.stderr)
    children: list[int] = []
    try:
        found = lines.wait_for(STARTED, FIRST_START_SECONDS)
        assert found, f"no start line; stderr: {lines.seen}"
        first = int(found.group(1))
        children.append(first)
        assert alive(first)

        os.kill(first, signal.SIGKILL)
        found = lines.wait_for(STARTED, RESTART_SECONDS)
        assert found, f"not restarted within {RESTART_SECONDS} s; stderr: {lines.seen}"
        second = int(found.group(1))
        children.append(second)
        assert second != first
        assert not alive(first)
        assert alive(second)

        watchdog.send_signal(signal.SIGTERM)
        assert watchdog.wait(timeout=STOP_SECONDS) == 0
        assert wait_gone(second, STOP_SECONDS), f"kiosk pid {second} outlived the watchdog"
        lines.join(STOP_SECONDS)
    finally:
        if watchdog.poll() is None:
            watchdog.kill()
            watchdog.wait(timeout=STOP_SECONDS)
        for pid in children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        watchdog.stderr.close()


UP = re.compile(r"watchdog: kiosk pid (\d+) is up")
HANG = re.compile(r"watchdog: hang: kiosk pid (\d+)")
HANG_SECONDS = 3


def test_a_frozen_kiosk_is_killed_and_replaced_within_hang_seconds(kiosk_env, tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(f"hang_seconds = {HANG_SECONDS}\n")
    watchdog = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--watchdog", "--windowed", "--config", str(config)],
        cwd=tmp_path,
        env=kiosk_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = Lines(watchdog.stderr)
    children: list[int] = []
    try:
        found = lines.wait_for(UP, FIRST_START_SECONDS)
        assert found, f"the kiosk never sent a heartbeat; stderr: {lines.seen}"
        frozen = int(found.group(1))
        children.append(frozen)
        os.kill(frozen, signal.SIGSTOP)

        found = lines.wait_for(STARTED, HANG_SECONDS + 10)
        assert found, f"not replaced within {HANG_SECONDS} + 10 s; stderr: {lines.seen}"
        children.append(int(found.group(1)))
        assert any(HANG.search(line) for line in lines.seen), "the restart is logged as a hang"
        assert int(found.group(1)) != frozen
        assert wait_gone(frozen, STOP_SECONDS)
        assert lines.wait_for(UP, FIRST_START_SECONDS), "the new kiosk comes up"

        watchdog.send_signal(signal.SIGTERM)
        assert watchdog.wait(timeout=STOP_SECONDS) == 0
        lines.join(STOP_SECONDS)
    finally:
        if watchdog.poll() is None:
            watchdog.kill()
            watchdog.wait(timeout=STOP_SECONDS)
        for pid in children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        watchdog.stderr.close()
