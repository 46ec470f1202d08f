"""Touch behaviour: flick scrolling with momentum, horizontal swipes, and a pinch for text size.

QScroller's left-mouse-button gesture serves both a mouse drag and a finger, since
Qt turns touches that no widget takes into mouse events. Swipes are read at the
window, before any widget or gesture sees the events, so they work everywhere.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QLineF, QObject, QPointF, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QAbstractScrollArea, QScroller, QScrollerProperties

from kiosk.ui.screens import SwipeDirection

SWIPE_MIN_PX = 120
SWIPE_MAX_SECONDS = 1.0
PINCH_STEP_RATIO = 1.3  # fingers 30% further apart: one text size larger (closer: smaller)
_TOUCHES = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd)
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

    swiped = Signal(str)  # a SwipeDirection: the direction the finger moved

    def __init__(self, parent: QObject | None = None, clock=time.monotonic):
        super().__init__(parent)
        self._clock = clock
        self._start: QPointF | None = None
        self._started_at = 0.0
        self._cancelling = False
        self._two_fingers = False  # since the press: a pinch, which must not tap what it is on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        kind = event.type()
        if self._cancelling:
            return False
        if kind in _TOUCHES and isinstance(event, QTouchEvent) and len(event.points()) > 1:
            self._start = None  # two fingers: a pinch, never a swipe
            self._two_fingers = True
        elif not isinstance(event, QMouseEvent):
            return False
        elif kind == QEvent.Type.MouseButtonPress:
            self._start = event.position()
            self._started_at = self._clock()
            self._two_fingers = False
        elif kind == QEvent.Type.MouseButtonRelease and self._two_fingers:
            self._two_fingers = False
            self._cancel_press(watched, event)  # nor is a pinch a tap on the tile under it
            return True
        elif kind == QEvent.Type.MouseButtonRelease and self._start is not None:
            delta = event.position() - self._start
            quick = self._clock() - self._started_at <= SWIPE_MAX_SECONDS
            self._start = None
            if quick and abs(delta.x()) >= SWIPE_MIN_PX and abs(delta.x()) > 2 * abs(delta.y()):
                self._cancel_press(watched, event)
                self.swiped.emit(SwipeDirection.RIGHT if delta.x() > 0 else SwipeDirection.LEFT)
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


class PinchDetector(QObject):
    """Two fingers moving apart or together: `pinched` +1 (larger) or -1 (smaller), once per
    PINCH_STEP_RATIO of change, so a long pinch walks through several text sizes."""

    pinched = Signal(int)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._baseline: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        if event.type() not in _TOUCHES or not isinstance(event, QTouchEvent):
            return False
        points = [p for p in event.points() if p.state() != p.State.Released]
        if event.type() == QEvent.Type.TouchEnd or len(points) < 2:
            self._baseline = None
            return False
        first, second = points[0].position(), points[1].position()
        distance = max(1.0, QLineF(first, second).length())
        if self._baseline is None:
            self._baseline = distance
        elif distance >= self._baseline * PINCH_STEP_RATIO:
            self._baseline = distance
            self.pinched.emit(+1)
        elif distance <= self._baseline / PINCH_STEP_RATIO:
            self._baseline = distance
            self.pinched.emit(-1)
        return False
