"""Kiosk mode's one application event filter, which its own filters share.

Every event of the application passes each application event filter, the idle countdown's
repaint every second and every frame of a flick included, and for a filter written in Python
each pass is a call into Python with the event wrapped for it (about 22,000 instructions).
Kiosk mode has two (lockdown: escape keys and context menus; idle: the touches that start the
idle time again): through the gate, each event enters Python once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from kiosk.ui import qt_app


class InputGate(QObject):
    """Installed on the application while it holds a filter. Filters see each event in turn,
    the last added first (as Qt orders its own), until one of them consumes it."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._filters: tuple[QObject, ...] = ()  # replaced, never changed: a filter may add
        # or remove one while the gate goes through them

    def add(self, event_filter: QObject) -> None:
        if event_filter in self._filters:
            return
        if not self._filters:
            qt_app.app().installEventFilter(self)
        self._filters = (event_filter, *self._filters)

    def remove(self, event_filter: QObject) -> None:
        if event_filter in self._filters:
            self._filters = tuple(f for f in self._filters if f is not event_filter)
            if not self._filters:
                qt_app.app().removeEventFilter(self)

    def filters(self) -> tuple[QObject, ...]:
        return self._filters

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        # a loop, not any() over a generator: this runs for every event of the application
        for event_filter in self._filters:  # noqa: SIM110
            if event_filter.eventFilter(watched, event):
                return True
        return False
