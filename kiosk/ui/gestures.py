"""Touch behaviour: flick scrolling with momentum, and horizontal swipes.

QScroller's left-mouse-button gesture serves both a mouse drag and a finger, since
Qt turns touches that no widget takes into mouse events. Swipes are read at the
window, before any widget or gesture sees the events, so they work everywhere.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractScrollArea, QScroller, QScrollerProperties

SWIPE_MIN_PX = 120
SWIPE_MAX_SECONDS = 1.0
_FAR_AWAY = QPointF(-100_000, -100_000)


def make_flickable(area: QAbstractScrollArea, reduce_motion: bool = False) -> QScroller:
    """Kinetic scrolling for a scroll area, by finger or mouse drag."""
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    props = scroller.scrollerProperties()
    metric = QScrollerProperties.ScrollMetric
    policy = QScrollerProperties.OvershootPolicy
    props.setScrollMetric(metric.HorizontalOvershootPolicy, policy.OvershootAlwaysOff)
    props.setScrollMetric(
        metric.VerticalOvershootPolicy,
        policy.OvershootAlwaysOff if reduce_motion else policy.OvershootWhenScrollable,
    )
    props.setScrollMetric(metric.DragStartDistance, 0.004)
    props.setScrollMetric(metric.MousePressEventDelay, 0.0)
    scroller.setScrollerProperties(props)
    return scroller


class SwipeDetector(QObject):
    """Watches a window's mouse events (touches arrive as mouse events too)."""

    swiped = Signal(str)  # "left" or "right": the direction the finger moved

    def __init__(self, parent: QObject | None = None, clock=time.monotonic):
        super().__init__(parent)
        self._clock = clock
        self._start: QPointF | None = None
        self._started_at = 0.0
        self._cancelling = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        kind = event.type()
        if self._cancelling:
            return False
        if kind == QEvent.Type.MouseButtonPress:
            self._start = event.position()
            self._started_at = self._clock()
        elif kind == QEvent.Type.MouseButtonRelease and self._start is not None:
            delta = event.position() - self._start
            quick = self._clock() - self._started_at <= SWIPE_MAX_SECONDS
            self._start = None
            if quick and abs(delta.x()) >= SWIPE_MIN_PX and abs(delta.x()) > 2 * abs(delta.y()):
                self._cancel_press(watched, event)
                self.swiped.emit("right" if delta.x() > 0 else "left")
                return True
        return False

    def _cancel_press(self, window: QObject, release: QMouseEvent) -> None:
        """A swipe is no tap: the widget it started on sees the finger lift far outside it.

        Otherwise a swipe that starts and ends on the same tile or button would open it too.
        """
        far = QMouseEvent(
            QEvent.Type.MouseButtonRelease,
            _FAR_AWAY,
            _FAR_AWAY,
            release.button(),
            release.buttons(),
            release.modifiers(),
            release.pointingDevice(),
        )
        self._cancelling = True
        try:
            QCoreApplication.sendEvent(window, far)
        finally:
            self._cancelling = False
