"""Work that can wait until the home screen is on screen: run it after the window's first paint.

`QTimer.singleShot(0, ...)` alone runs before the first paint (the paint is posted later), so
the work waits for the window's first paint event and then for the event loop to come back.
"""

from __future__ import annotations

from collections.abc import Callable

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
