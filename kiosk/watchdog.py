"""Keep the kiosk running: restart it quickly when it crashes, stop when staff exit it.

The kiosk runs as a child process. A non-zero exit or death by a signal means a
crash: it is started again after ``restart_delay`` seconds; if it keeps crashing
soon after starting, the delay doubles up to ``max_delay`` and goes back to
``restart_delay`` after a run that lasted ``stable_seconds``. Exit code 0 is the
staff exit and ends the watchdog. SIGTERM or SIGINT stops the child and the watchdog.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk import resources

log = logging.getLogger(__name__)

POLL_SECONDS = 0.1
TERMINATE_GRACE_SECONDS = 5.0
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def child_command(args: list[str]) -> list[str]:
    """The command that starts the kiosk itself (without the watchdog) with ``args``."""
    if resources.is_frozen():
        return [sys.executable, *args]
    return [sys.executable, "-m", "kiosk", *args]


@dataclass
class Backoff:
    """How long to wait before the next start, growing while the kiosk keeps crashing."""

    restart_delay: float
    max_delay: float
    stable_seconds: float

    def __post_init__(self) -> None:
        self.current = self.restart_delay

    def after_crash(self, ran_for: float) -> float:
        """The wait before restarting a kiosk that crashed after ``ran_for`` seconds."""
        if ran_for >= self.stable_seconds:
            self.current = self.restart_delay
        wait = self.current
        self.current = min(self.current * 2, self.max_delay)
        return wait


class _StopRequest:
    """Set by SIGTERM/SIGINT (only a plain attribute write in the handler) or by ``event``."""

    def __init__(self, event: threading.Event | None) -> None:
        self.event = event or threading.Event()
        self.signal_number: int | None = None

    def __bool__(self) -> bool:
        return self.signal_number is not None or self.event.is_set()

    def handle(self, signal_number: int, _frame: object) -> None:
        self.signal_number = signal_number

    def pause(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self and (left := deadline - time.monotonic()) > 0:
            self.event.wait(min(POLL_SECONDS, left))


def run_watchdog(
    child_argv: list[str],
    *,
    restart_delay: float = 1.0,
    max_delay: float = 30.0,
    stable_seconds: float = 60.0,
    command: Callable[[list[str]], list[str]] = child_command,
    stop: threading.Event | None = None,
) -> int:
    """Run the kiosk with ``child_argv`` until it exits with 0, or the watchdog is stopped.

    ``child_argv`` are the kiosk's own arguments (without --watchdog); ``command``
    turns them into the command line (tests pass a fake). ``stop`` lets a caller in
    another thread end the watchdog, as SIGTERM does (signals reach the main thread only).
    Returns 0 after a staff exit or a stop request.
    """
    argv = command(list(child_argv))
    request = _StopRequest(stop)
    backoff = Backoff(restart_delay, max_delay, stable_seconds)
    previous_handlers = _install_handlers(request)
    try:
        while not request:
            started = time.monotonic()
            code = _run_once(argv, request)
            if request:
                break
            if code == 0:
                log.info("watchdog: the kiosk exited normally (staff exit); stopping")
                return 0
            wait = backoff.after_crash(time.monotonic() - started)
            log.warning("watchdog: the kiosk %s; restarting in %.1f s", _describe(code), wait)
            request.pause(wait)
        log.info("watchdog: stopping (%s)", _stop_reason(request))
        return 0
    finally:
        _restore_handlers(previous_handlers)


def _run_once(argv: list[str], request: _StopRequest) -> int | None:
    """Start the kiosk and wait for it; None when it could not start at all."""
    try:
        child = subprocess.Popen(argv)
    except (OSError, ValueError) as exc:
        log.error("watchdog: cannot start %s: %s", argv, exc)
        return None
    message = f"watchdog: started kiosk pid {child.pid}"
    log.info(message)
    print(message, file=sys.stderr, flush=True)
    while not request:
        try:
            return child.wait(timeout=POLL_SECONDS)
        except subprocess.TimeoutExpired:
            continue
    _terminate(child)
    return child.returncode


def _terminate(child: subprocess.Popen) -> None:
    if child.poll() is not None:
        return
    log.info("watchdog: stopping kiosk pid %d", child.pid)
    child.terminate()
    try:
        child.wait(timeout=TERMINATE_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        log.warning("watchdog: kiosk pid %d ignored the stop request; killing it", child.pid)
        child.kill()
        child.wait()


def _describe(code: int | None) -> str:
    if code is None:
        return "could not be started"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


def _stop_reason(request: _StopRequest) -> str:
    if request.signal_number is not None:
        return signal.Signals(request.signal_number).name
    return "asked to stop"


def _install_handlers(request: _StopRequest) -> dict[int, object]:
    if threading.current_thread() is not threading.main_thread():
        return {}
    previous = {}
    for number in STOP_SIGNALS:
        previous[number] = signal.getsignal(number)
        signal.signal(number, request.handle)
    return previous


def _restore_handlers(previous: dict[int, object]) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)
