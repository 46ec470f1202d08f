"""The nightly restart: once ``restart_at`` has passed, the kiosk restarts itself the first time
it finds itself at home with nobody touching it, so a patient never sees it happen. It exits
with the watchdog's "start me again" code; --watchdog or systemd starts a fresh kiosk."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject

from kiosk.fleet.nightly import next_restart, parse_time
from kiosk.ui import qt_app
from kiosk.ui.screens import Screen
from kiosk.ui.timers import named_timer
from kiosk.watchdog import RESTART_EXIT_CODE

log = logging.getLogger(__name__)
CHECK_MS = 60_000
SUPERVISOR_ENV = ("KIOSK_HEARTBEAT_FILE", "NOTIFY_SOCKET", "INVOCATION_ID")


class NightlyRestart(QObject):
    def __init__(
        self,
        window,
        idle,
        restart_at: str,
        idle_seconds: float,
        now: Callable[[], datetime] = datetime.now,
        check_ms: int = CHECK_MS,
        quit_app: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self._quit = quit_app or qt_app.app().exit
        self.idle_seconds = idle_seconds
        self._now = now
        self._last_touch = time.monotonic()
        self.due: datetime | None = None
        self.timer = named_timer(self, "nightly-restart-check", check_ms)
        self.timer.setObjectName("nightly-restart")
        self.timer.timeout.connect(self.check)
        try:
            at = parse_time(restart_at)
        except ValueError as exc:
            log.warning("%s; no nightly restart", exc)
            return
        if at is None:
            return
        if not any(os.environ.get(name) for name in SUPERVISOR_ENV):
            log.warning(
                "restart_at is set but nothing would start the kiosk again: "
                "run it with --watchdog or as a systemd service; no nightly restart"
            )
            return
        self.due = next_restart(now(), at)
        idle.activity.connect(self._touched)
        idle.idleReset.connect(self.check)
        idle.attractDue.connect(self.check)
        self.timer.start()
        log.info("nightly restart after %s", self.due.isoformat(timespec="minutes"))

    def _touched(self) -> None:
        self._last_touch = time.monotonic()

    def idle_for(self) -> float:
        """Seconds since the last touch."""
        return time.monotonic() - self._last_touch

    def ready(self) -> bool:
        """Due, at home, and nobody has touched the screen for ``idle_seconds``."""
        return (
            self.due is not None
            and self._now() >= self.due
            and self.window.current_screen() == Screen.HOME
            and self.idle_for() >= self.idle_seconds
        )

    def check(self) -> None:
        if self.ready():
            log.info("nightly restart: the kiosk is at home and idle; restarting")
            self.timer.stop()
            self._quit(RESTART_EXIT_CODE)

    def stop(self) -> None:
        self.timer.stop()
