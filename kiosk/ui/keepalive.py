"""Proof of life from the UI thread: systemd's READY=1 after the first frame, then WATCHDOG=1
keep-alives and the built-in watchdog's heartbeat, both sent by timers on the Qt event loop.
A frozen UI thread runs no timers, so the keep-alives stop and the kiosk is restarted."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from PySide6.QtCore import QObject, QTimer

from kiosk.fleet import heartbeat
from kiosk.fleet.notify import Notifier
from kiosk.ui.first_frame import after_first_paint

log = logging.getLogger(__name__)


class KeepAlive(QObject):
    def __init__(self, parent: QObject, env: Mapping[str, str] = os.environ) -> None:
        super().__init__(parent)
        self.setObjectName("keepalive")
        self.notifier = Notifier(env)
        self.heartbeat = heartbeat.from_env(env)
        self.beats = 0
        self._timers: list[QTimer] = []
        if self.notifier.keepalive_seconds:
            self._every(self.notifier.keepalive_seconds, self.notifier.keepalive, "systemd")
        if self.heartbeat is not None:
            self._every(self.heartbeat[1], self._beat, "heartbeat")

    def _every(self, seconds: float, slot, name: str) -> None:
        timer = QTimer(self, interval=max(1, round(seconds * 1000)))
        timer.setObjectName(f"keepalive-{name}")
        timer.timeout.connect(slot)
        self._timers.append(timer)

    def start(self, window) -> None:
        """READY=1 goes out once ``window`` has drawn its first frame; keep-alives follow."""
        after_first_paint(window, self._first_frame, urgent=True)  # READY=1 before idle work

    def _first_frame(self) -> None:
        if self.notifier.enabled:
            self.notifier.ready()
            log.info("told systemd the kiosk is ready")
        for timer in self._timers:
            timer.start()
        if self.heartbeat is not None:
            self._beat()
        if self.notifier.keepalive_seconds:
            self.notifier.keepalive()

    def _beat(self) -> None:
        if self.heartbeat is None:  # the timer runs only when there is a heartbeat file
            return
        try:
            heartbeat.beat(self.heartbeat[0])
        except OSError as exc:
            if self.beats == 0 or self.beats % 100 == 0:
                log.warning("cannot touch the heartbeat file %s: %s", self.heartbeat[0], exc)
        self.beats += 1

    def stop(self) -> None:
        for timer in self._timers:
            timer.stop()
        if self.notifier.enabled:
            self.notifier.stopping()
        self.notifier.close()
