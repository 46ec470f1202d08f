"""Crash safety: an unexpected error is logged with its traceback, the patient sees a calm
"One moment…" screen that returns home, and the kiosk keeps running."""

from __future__ import annotations

import logging
import sys
import traceback
from functools import cached_property
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.content.strings import DEFAULT_STRINGS
from kiosk.ui.overlay import Overlay
from kiosk.ui.timers import named_timer
from kiosk.ui.widgets import wrapped_label

log = logging.getLogger(__name__)
CALM_MS = 2500


class CalmScreen(Overlay):
    def __init__(self, window: QWidget, calm_ms: int = CALM_MS):
        super().__init__(window)
        self.kiosk_window: Any = window  # it knows how to go home
        self.message = wrapped_label("One moment…", name="Heading")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_layout.addWidget(self.message)
        self.card.setMinimumWidth(480)
        self.timer = named_timer(self, "crash-calm", calm_ms, single_shot=True)
        self.timer.timeout.connect(self._recover)

    def appear(self, words: str) -> None:
        self.message.setText(words)
        self.open()
        self.timer.start()

    def _recover(self) -> None:
        self.hide()
        try:
            self.kiosk_window.go_home()
        except Exception:  # going home must not start a loop of errors
            log.exception("could not return home after an error")


class CrashHandler:
    """Installed as sys.excepthook while the kiosk runs.

    Its calm screen is built on first use (kiosk mode builds it in idle time after the
    first frame), so starting up does not pay for a screen that is rarely seen.
    """

    def __init__(self, window, calm_ms: int = CALM_MS):
        self.window = window
        self.calm_ms = calm_ms
        self.count = 0
        self.previous = sys.excepthook

    @cached_property
    def screen(self) -> CalmScreen:
        return CalmScreen(self.window, self.calm_ms)

    def stop(self) -> None:
        """Stop the calm screen's timer, if the screen was ever built."""
        if "screen" in self.__dict__:
            self.screen.timer.stop()

    def install(self) -> None:
        self.previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous

    def __call__(self, kind, value, tb) -> None:
        self.count += 1
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, value, tb)
            return
        try:
            words = (self.window.pack.ui if self.window.pack else DEFAULT_STRINGS)["one_moment"]
            self.screen.appear(words)
        except Exception:
            log.exception("could not show the calm screen")
