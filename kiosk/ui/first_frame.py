"""Work that can wait until the home screen is on screen: run it after the window's first paint.

`QTimer.singleShot(0, ...)` alone runs before the first paint (the paint is posted later), so
the work waits for the window's first paint event and then for the event loop to come back.
Everything that waits for one window shares one queue and one event filter: each piece runs on
its own turn of the event loop, in the order it was asked for, so a touch that arrives
meanwhile is handled between two pieces, not after all of them. A window that is not painted
within UNPAINTED_MS (a screen that is off as the kiosk starts) does not hold the work back:
the idle reset, the watchdog's keep-alives and the rest then start anyway.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer

_QUEUE_NAME = "first-paint-queue"
UNPAINTED_MS = 3000


class _AfterFirstPaint(QObject):
    """The widget's queue of work for after its first paint."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.setObjectName(_QUEUE_NAME)
        self.widget = widget
        self.waiting: deque[Callable[[], object]] = deque()
        self.urgent: deque[Callable[[], object]] = deque()  # run before any of `waiting`
        self.painted = False
        widget.installEventFilter(self)
        QTimer.singleShot(UNPAINTED_MS, self, self._start)  # in case no paint comes

    def add(self, callback: Callable[[], object], urgent: bool = False) -> None:
        idle = not (self.waiting or self.urgent)
        (self.urgent if urgent else self.waiting).append(callback)
        if self.painted and idle:  # the chain had run dry: start it again
            QTimer.singleShot(0, self, self._next)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._start)  # once this paint pass is on screen
        return False

    def _start(self) -> None:
        if self.painted:
            return
        self.painted = True
        self.widget.removeEventFilter(self)
        self._next()

    def _next(self) -> None:
        queue = self.urgent or self.waiting
        if not queue:
            return
        callback = queue.popleft()
        if self.urgent or self.waiting:  # before the call: one that raises stops no other
            QTimer.singleShot(0, self, self._next)
        callback()


def after_first_paint(widget, callback: Callable[[], object], *, urgent: bool = False) -> None:
    """Call `callback` once `widget` has painted for the first time (soon, if it has).

    `urgent` work (watching for input, the watchdog's keep-alives) runs before the screens
    and the speech engine that are built in idle time, whenever it was asked for."""
    queue = widget.findChild(
        _AfterFirstPaint, _QUEUE_NAME, Qt.FindChildOption.FindDirectChildrenOnly
    )
    if queue is None:
        handle = widget.windowHandle()
        if widget.isVisible() and handle is not None and handle.isExposed():
            QTimer.singleShot(0, widget, callback)
            return
        queue = _AfterFirstPaint(widget)
    queue.add(callback, urgent)


def in_idle_time(widget, steps: Iterable[Callable[[], object]]) -> None:
    """After `widget`'s first paint, run each step on its own turn of the event loop.

    A step that raises does not stop the steps after it (the error goes where every error
    goes); what the failed step would have built is then built on first use.
    """
    for step in steps:
        after_first_paint(widget, step)
