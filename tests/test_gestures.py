"""Swipes read at the window, and flick scrolling set up for a finger."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QScroller, QScrollerProperties, QTextBrowser

from kiosk.ui.gestures import SWIPE_MAX_SECONDS, SWIPE_MIN_PX, SwipeDetector, make_flickable

LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def pad(qtbot):
    """A shown window holding one wide button, watched by a swipe detector on a fake clock."""
    button = QPushButton("A wide button")
    button.resize(800, 400)
    qtbot.addWidget(button)
    button.show()
    qtbot.waitExposed(button)
    clock = FakeClock()
    detector = SwipeDetector(button, clock=clock)
    button.windowHandle().installEventFilter(detector)
    swipes: list[str] = []
    clicks: list[bool] = []
    detector.swiped.connect(swipes.append)
    button.clicked.connect(lambda: clicks.append(True))
    yield button, clock, swipes, clicks
    button.windowHandle().removeEventFilter(detector)


def drag(window, start: QPoint, delta: QPoint, clock: FakeClock | None = None, seconds=0.2):
    """Press, move in four steps, release; the fake clock moves on by `seconds`."""
    handle = window.windowHandle()
    QTest.mousePress(handle, LEFT, NO_MODIFIER, start)
    for step in range(1, 5):
        QTest.mouseMove(handle, start + delta * step / 4)
    if clock is not None:
        clock.now += seconds
    QTest.mouseRelease(handle, LEFT, NO_MODIFIER, start + delta)


def finger(window, start: QPoint, delta: QPoint) -> None:
    device = QTest.createTouchDevice()
    handle = window.windowHandle()
    QTest.touchEvent(handle, device).press(0, start, handle).commit()
    for step in range(1, 5):
        QTest.touchEvent(handle, device).move(0, start + delta * step / 4, handle).commit()
    QTest.touchEvent(handle, device).release(0, start + delta, handle).commit()


# -- the swipe detector -------------------------------------------------------------------
@pytest.mark.parametrize(("dx", "direction"), [(300, "right"), (-300, "left")])
def test_a_quick_sideways_drag_is_a_swipe(pad, dx, direction):
    button, clock, swipes, _ = pad
    drag(button, QPoint(400, 200) - QPoint(dx // 2, 0), QPoint(dx, 30), clock)
    assert swipes == [direction]


def test_a_finger_swipe_is_a_swipe(qtbot, pad):
    button, _, swipes, _ = pad
    finger(button, QPoint(600, 200), QPoint(-300, 0))
    qtbot.waitUntil(lambda: swipes == ["left"])


@pytest.mark.parametrize(
    ("delta", "seconds"),
    [
        (QPoint(SWIPE_MIN_PX - 10, 0), 0.2),  # too short
        (QPoint(200, 150), 0.2),  # more down than sideways
        (QPoint(0, 250), 0.2),  # straight down: scrolling
        (QPoint(300, 0), SWIPE_MAX_SECONDS + 0.5),  # too slow: reading with a finger
    ],
)
def test_other_drags_are_not_swipes(pad, delta, seconds):
    button, clock, swipes, _ = pad
    drag(button, QPoint(200, 100), delta, clock, seconds)
    assert swipes == []


def test_a_swipe_that_starts_and_ends_on_a_button_does_not_press_it(pad):
    button, clock, swipes, clicks = pad
    drag(button, QPoint(600, 200), QPoint(-300, 0), clock)
    assert swipes == ["left"]
    assert clicks == []
    assert not button.isDown()
    QTest.mouseClick(button.windowHandle(), LEFT, NO_MODIFIER, QPoint(400, 200))
    assert clicks == [True]  # a tap still presses it
    assert swipes == ["left"]


def test_a_finger_swipe_over_a_tile_does_not_open_it(qtbot, window):
    tiles = window.home.tiles
    rect = tiles.visualRect(tiles.model().index(0, 0))
    start = tiles.viewport().mapTo(window, rect.center() + QPoint(rect.width() // 3, 0))
    finger(window, start, QPoint(-rect.width() // 2 - 20, 0))
    drag(window, start, QPoint(-rect.width() // 2 - 20, 0))
    qtbot.mouseClick(window.top_bar.clinic_name, LEFT)  # let any late event arrive
    assert window.current_screen() == "home"
    assert tiles.verticalScrollBar().value() == 0
    qtbot.mouseClick(tiles.viewport(), LEFT, pos=rect.center())
    assert window.current_screen() == "section"


# -- flick scrolling ----------------------------------------------------------------------
@pytest.mark.parametrize("reduce_motion", [False, True])
def test_make_flickable_scrolls_by_finger_and_mouse(qtbot, reduce_motion):
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    scroller = make_flickable(browser, reduce_motion)
    assert scroller is QScroller.scroller(browser.viewport())
    assert QScroller.hasScroller(browser.viewport())
    props = scroller.scrollerProperties()
    metric = QScrollerProperties.ScrollMetric
    policy = QScrollerProperties.OvershootPolicy
    assert props.scrollMetric(metric.HorizontalOvershootPolicy) == policy.OvershootAlwaysOff
    expected = policy.OvershootAlwaysOff if reduce_motion else policy.OvershootWhenScrollable
    assert props.scrollMetric(metric.VerticalOvershootPolicy) == expected
    assert props.scrollMetric(metric.MousePressEventDelay) == 0.0


# -- pinch -------------------------------------------------------------------------------
def pinch(window, centre: QPoint, start_gap: int, end_gap: int, steps: int = 6) -> None:
    """Two fingers on either side of `centre`, moving from `start_gap` to `end_gap` apart."""
    device = QTest.createTouchDevice()
    handle = window.windowHandle()

    def points(gap: float) -> tuple[QPoint, QPoint]:
        half = round(gap / 2)
        return centre - QPoint(half, 0), centre + QPoint(half, 0)

    first, second = points(start_gap)
    QTest.touchEvent(handle, device).press(0, first, handle).press(1, second, handle).commit()
    for step in range(1, steps + 1):
        gap = start_gap + (end_gap - start_gap) * step / steps
        first, second = points(gap)
        QTest.touchEvent(handle, device).move(0, first, handle).move(1, second, handle).commit()
    QTest.touchEvent(handle, device).release(0, first, handle).release(1, second, handle).commit()


def test_spreading_two_fingers_on_a_section_makes_the_text_larger(qtbot, window):
    window.set_text_step(2)
    window.open_section(window.pack.sections[0].id)
    centre = window.section.browser.mapTo(window, window.section.browser.rect().center())
    pinch(window, centre, 100, 200)  # twice as far apart: two steps of 1.3
    assert window.text_step == 4
    assert window.current_screen() == "section"  # a pinch is no swipe: still on the page
    pinch(window, centre, 200, 140)
    assert window.text_step == 3


def test_a_pinch_on_a_step_changes_the_text_size_but_not_the_step(qtbot, window):
    window.start_walkthrough()
    window.walkthrough.go_next()
    centre = window.walkthrough.step_scroll.mapTo(
        window, window.walkthrough.step_scroll.rect().center()
    )
    before = window.text_step
    pinch(window, centre, 300, 120)  # fingers together: smaller, whatever their sideways path
    assert window.text_step == before - 1
    assert window.walkthrough.index == 1


def test_a_pinch_on_the_home_screen_leaves_the_size_alone(qtbot, window):
    before = window.text_step
    pinch(window, QPoint(640, 500), 100, 250)
    assert window.text_step == before
    assert window.current_screen() == "home"  # and opened no tile
