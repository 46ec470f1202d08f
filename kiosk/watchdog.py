"""Keep the kiosk running: restart it quickly when it crashes or hangs, stop when staff exit it.

The kiosk runs as a child process. A non-zero exit or death by a signal means a
crash: it is started again after ``restart_delay`` seconds; if it keeps crashing
soon after starting, the delay doubles up to ``max_delay`` and goes back to
``restart_delay`` after a run that lasted ``stable_seconds``. A kiosk whose UI
thread stops touching the heartbeat file for ``hang_seconds`` is hung: it is
killed and started again, logged as a hang. Exit code ``RESTART_EXIT_CODE`` is
a planned restart (the nightly one) and starts a new kiosk at once. Exit code 0
is the staff exit and ends the watchdog. SIGTERM or SIGINT stops the child and
the watchdog. The counts of crashes and hangs reach the kiosk in its environment
for the metrics file.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk import resources
from kiosk.fleet.heartbeat import HeartbeatMonitor

log = logging.getLogger(__name__)

POLL_SECONDS = 0.1
TERMINATE_GRACE_SECONDS = 5.0
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
HANG_SECONDS = 30.0
STARTUP_SECONDS = 60.0  # before its first heartbeat a kiosk may take this long to start
RESTART_EXIT_CODE = 75  # EX_TEMPFAIL: "start me again", the nightly restart
HUNG = "hung"
CRASHES_ENV = "KIOSK_WATCHDOG_CRASHES"
HANGS_ENV = "KIOSK_WATCHDOG_HANGS"


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
    hang_seconds: float = HANG_SECONDS,
    command: Callable[[list[str]], list[str]] = resources.kiosk_command,
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
    heartbeat = HeartbeatMonitor(hang_seconds)
    counts = {CRASHES_ENV: 0, HANGS_ENV: 0}
    previous_handlers = _install_handlers(request)
    try:
        while not request:
            started = time.monotonic()
            env = _child_env(heartbeat, counts)
            code = _run_once(argv, request, env, heartbeat)
            if request:
                break
            if code == 0:
                log.info("watchdog: the kiosk exited normally (staff exit); stopping")
                return 0
            if code == RESTART_EXIT_CODE:
                log.info("watchdog: the kiosk asked to be restarted (planned); restarting")
                continue
            counts[HANGS_ENV if code == HUNG else CRASHES_ENV] += 1
            wait = backoff.after_crash(time.monotonic() - started)
            log.warning("watchdog: the kiosk %s; restarting in %.1f s", _describe(code), wait)
            request.pause(wait)
        log.info("watchdog: stopping (%s)", _stop_reason(request))
        return 0
    finally:
        heartbeat.close()
        _restore_handlers(previous_handlers)


def _child_env(heartbeat: HeartbeatMonitor, counts: dict[str, int]) -> dict[str, str]:
    env = {**os.environ, **heartbeat.env(), **{name: str(n) for name, n in counts.items()}}
    # The kiosk sends systemd's keep-alives itself: the watchdog hands that duty down.
    env.pop("WATCHDOG_PID", None)
    return env


def _run_once(
    argv: list[str], request: _StopRequest, env: dict[str, str], heartbeat: HeartbeatMonitor
) -> int | str | None:
    """Start the kiosk and wait for it: its exit code, ``HUNG``, or None when it did not start."""
    try:
        child = subprocess.Popen(argv, env=env)
    except (OSError, ValueError) as exc:
        log.error("watchdog: cannot start %s: %s", argv, exc)
        return None
    _say(f"watchdog: started kiosk pid {child.pid}")
    heartbeat.restart()
    while not request:
        try:
            return child.wait(timeout=POLL_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        if heartbeat.check():
            _say(f"watchdog: kiosk pid {child.pid} is up (first heartbeat)")
        elif heartbeat.hung(STARTUP_SECONDS):
            _say(
                f"watchdog: hang: kiosk pid {child.pid} sent no heartbeat for "
                f"{heartbeat.silent_for():.0f} s; killing it",
                logging.ERROR,
            )
            child.kill()
            child.wait()
            return HUNG
    _terminate(child)
    return child.returncode


def _say(message: str, level: int = logging.INFO) -> None:
    """Log a line and print it on stderr, where a service manager's journal sees it."""
    log.log(level, message)
    print(message, file=sys.stderr, flush=True)


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


def _describe(code: int | str | None) -> str:
    if code is None:
        return "could not be started"
    if code == HUNG:
        return "hung (no heartbeat) and was killed"
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
