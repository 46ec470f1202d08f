"""What a kiosk in a fleet adds to the window, wired in one place: keep-alives for systemd and
the built-in watchdog, and the nightly restart."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kiosk.settings import Settings
from kiosk.ui.keepalive import KeepAlive
from kiosk.ui.nightly import NightlyRestart


class Fleet:
    def __init__(self, window, settings: Settings) -> None:
        self.keepalive = KeepAlive(QApplication.instance())
        self.nightly = NightlyRestart(
            window, window.kiosk_mode.idle, settings.restart_at, settings.idle_seconds
        )
        self.keepalive.start()

    def stop(self) -> None:
        self.nightly.stop()
        self.keepalive.stop()
