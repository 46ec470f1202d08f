"""The watchdog restarts a crashed kiosk, stops on a staff exit and on SIGTERM.

Fake children stand in for the kiosk; every wait is bounded by a deadline.
"""

from __future__ import annotations

import logging
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk import watchdog
from kiosk.watchdog import Backoff, run_watchdog

DEADLINE = 30.0
ROOT = Path(__file__).resolve().parent.parent
STARTED = re.compile(r"watchdog: started kiosk pid (\d+)")

# Exits 1 (a crash) on the first runs and 0 (the staff exit) on the last one.
CRASH_THEN_EXIT = """
import pathlib, sys
runs = pathlib.Path(sys.argv[1])
count = int(runs.read_text()) + 1 if runs.exists() else 1
runs.write_text(str(count))
sys.exit(0 if count >= int(sys.argv[2]) else 1)
"""
KILLED_THEN_EXIT = """
import os, pathlib, signal, sys
runs = pathlib.Path(sys.argv[1])
first = not runs.exists()
runs.write_text("ran")
if first:
    os.kill(os.getpid(), signal.SIGKILL)
sys.exit(0)
"""
RUNS_UNTIL_STOPPED = "import time\nwhile True: time.sleep(1)"


def fake(script: str, *args: str):
    return lambda _kiosk_args: [sys.executable, "-c", script, *args]


class Starts(logging.Handler):
    """Collects the pids from 'started kiosk pid N' lines as they are logged."""

    def __init__(self) -> None:
        super().__init__()
        self.pids: queue.Queue[int] = queue.Queue()

    def emit(self, record: logging.LogRecord) -> None:
        found = STARTED.search(record.getMessage())
        if found:
            self.pids.put(int(found.group(1)))


@pytest.fixture
def starts():
    handler = Starts()
    logger = logging.getLogger("kiosk.watchdog")
    old_level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def run_in_thread(**kwargs) -> tuple[threading.Thread, dict]:
    result: dict = {}

    def target() -> None:
        result["code"] = run_watchdog([], **kwargs)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, result


def assert_process_gone(pid: int) -> None:
    if os.name != "posix":
        return
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_backoff_doubles_while_crashing_and_resets_after_a_stable_run():
    backoff = Backoff(restart_delay=1.0, max_delay=30.0, stable_seconds=60.0)
    waits = [backoff.after_crash(ran_for=2) for _ in range(7)]
    assert waits == [1, 2, 4, 8, 16, 30, 30]
    assert backoff.after_crash(ran_for=600) == 1
    assert backoff.after_crash(ran_for=2) == 2


def test_a_crashing_child_is_restarted_and_a_staff_exit_stops(tmp_path, starts, capsys):
    runs = tmp_path / "runs"
    thread, result = run_in_thread(
        restart_delay=0.01, command=fake(CRASH_THEN_EXIT, str(runs), "3")
    )
    thread.join(DEADLINE)
    assert not thread.is_alive()
    assert result["code"] == 0
    assert runs.read_text() == "3"
    assert starts.pids.qsize() == 3
    assert len(STARTED.findall(capsys.readouterr().err)) == 3


def test_a_child_exiting_0_stops_the_watchdog_at_once(tmp_path, starts):
    runs = tmp_path / "runs"
    thread, result = run_in_thread(command=fake(CRASH_THEN_EXIT, str(runs), "1"))
    thread.join(DEADLINE)
    assert not thread.is_alive()
    assert result == {"code": 0}
    assert runs.read_text() == "1"
    assert starts.pids.qsize() == 1


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_a_child_killed_by_a_signal_is_restarted(tmp_path, starts):
    runs = tmp_path / "runs"
    thread, result = run_in_thread(restart_delay=0.01, command=fake(KILLED_THEN_EXIT, str(runs)))
    thread.join(DEADLINE)
    assert not thread.is_alive()
    assert result == {"code": 0}
    assert starts.pids.qsize() == 2


class StopAfterFailures(logging.Handler):
    def __init__(self, stop: threading.Event, failures: int) -> None:
        super().__init__()
        self.stop, self.failures, self.seen = stop, failures, 0

    def emit(self, record: logging.LogRecord) -> None:
        if "cannot start" in record.getMessage():
            self.seen += 1
            if self.seen >= self.failures:
                self.stop.set()


def test_a_command_that_cannot_start_is_retried_not_raised(tmp_path):
    stop = threading.Event()
    handler = StopAfterFailures(stop, failures=3)
    logger = logging.getLogger("kiosk.watchdog")
    logger.addHandler(handler)
    logger.propagate = False  # the expected error lines would only be noise here
    try:
        missing = [str(tmp_path / "no-such-program")]
        thread, result = run_in_thread(restart_delay=0.01, command=lambda _args: missing, stop=stop)
        thread.join(DEADLINE)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    assert not thread.is_alive()
    assert result == {"code": 0}
    assert handler.seen == 3


def test_stop_event_terminates_the_child(starts):
    stop = threading.Event()
    thread, result = run_in_thread(command=fake(RUNS_UNTIL_STOPPED), stop=stop)
    pid = starts.pids.get(timeout=DEADLINE)
    stop.set()
    thread.join(DEADLINE)
    assert not thread.is_alive()
    assert result == {"code": 0}
    assert_process_gone(pid)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_or_sigint_stops_the_watchdog_and_its_child(stop_signal):
    script = (
        "import sys\n"
        "from kiosk.watchdog import run_watchdog\n"
        f"child = [sys.executable, '-c', {RUNS_UNTIL_STOPPED!r}]\n"
        "sys.exit(run_watchdog([], command=lambda _args: child))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", script], stderr=subprocess.PIPE, text=True, env=env
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(
        target=lambda: [lines.put(line) for line in process.stderr], daemon=True
    )
    reader.start()
    try:
        pid = None
        while pid is None:
            found = STARTED.search(lines.get(timeout=DEADLINE))
            pid = int(found.group(1)) if found else None
        process.send_signal(stop_signal)
        assert process.wait(timeout=DEADLINE) == 0
        assert_process_gone(pid)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(DEADLINE)
        reader.join(DEADLINE)
        process.stderr.close()


def test_module_has_no_qt():
    source = Path(watchdog.__file__).read_text(encoding="utf-8")
    assert "PySide6" not in source


# Beats a few times, then hangs on its first run (stops beating, still alive); on the second
# run writes the counts the watchdog handed it and exits 0 (the staff exit).
HANGS_THEN_EXITS = """
import os, pathlib, sys, time
runs = pathlib.Path(sys.argv[1])
first = not runs.exists()
runs.write_text("ran")
beat = pathlib.Path(os.environ["KIOSK_HEARTBEAT_FILE"])
for _ in range(3):
    os.utime(beat)
    time.sleep(0.05)
if first:
    while True:
        time.sleep(1)
pathlib.Path(sys.argv[2]).write_text(
    os.environ["KIOSK_WATCHDOG_CRASHES"] + " " + os.environ["KIOSK_WATCHDOG_HANGS"]
)
"""
# Asks for a restart (the nightly one) on its first run, exits 0 on the second.
RESTART_THEN_EXIT = """
import pathlib, sys
runs = pathlib.Path(sys.argv[1])
first = not runs.exists()
runs.write_text("ran")
sys.exit(75 if first else 0)
"""


def test_a_child_that_stops_beating_is_killed_and_restarted_as_a_hang(tmp_path, starts, caplog):
    runs, counts = tmp_path / "runs", tmp_path / "counts"
    thread, result = run_in_thread(
        restart_delay=0.01, hang_seconds=1.0, command=fake(HANGS_THEN_EXITS, str(runs), str(counts))
    )
    first = starts.pids.get(timeout=DEADLINE)
    thread.join(DEADLINE)
    assert not thread.is_alive()
    assert result == {"code": 0}
    assert starts.pids.qsize() == 1, "started once more after the hang"
    assert_process_gone(first)
    assert counts.read_text() == "0 1", "no crash, one hang"
    assert f"hang: kiosk pid {first} sent no heartbeat" in caplog.text


def test_a_planned_restart_starts_a_new_kiosk_at_once_and_is_no_crash(tmp_path, starts, caplog):
    runs = tmp_path / "runs"
    thread, result = run_in_thread(
        restart_delay=DEADLINE * 2, command=fake(RESTART_THEN_EXIT, str(runs))
    )
    thread.join(DEADLINE)
    assert not thread.is_alive()
    assert result == {"code": 0}
    assert starts.pids.qsize() == 2
    assert "asked to be restarted (planned)" in caplog.text
    assert "restarting in" not in caplog.text
