"""Work that can wait until the home screen is on screen: run it after the window's first paint.

`QTimer.singleShot(0, ...)` alone runs before the first paint (the paint is posted later), so
the work waits for the window's first paint event and then for the event loop to come back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QTimer


class _FirstPaint(QObject):
    def __init__(self, widget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self.setObjectName("first-paint-watch")
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint pass is on screen
        return False

    def _run(self) -> None:
        self.callback()
        self.deleteLater()


def after_first_paint(widget, callback: Callable[[], None]) -> None:
    """Call `callback` once `widget` has painted for the first time (at once if it has)."""
    handle = widget.windowHandle()
    if widget.isVisible() and handle is not None and handle.isExposed():
        QTimer.singleShot(0, widget, callback)
    else:
        _FirstPaint(widget, callback)


def in_idle_time(widget, steps: Iterable[Callable[[], object]]) -> None:
    """After `widget`'s first paint, run each step on its own turn of the event loop, so a
    touch that arrives meanwhile is handled between two steps, not after all of them.

    A step that raises stops the chain there (the error goes where every error goes); what
    it would have built is then built on first use.
    """
    remaining = list(steps)

    def next_step() -> None:
        step = remaining.pop(0)
        if remaining:
            QTimer.singleShot(0, widget, next_step)
        step()

    if remaining:
        after_first_paint(widget, next_step)
