"""Touch targets, names for screen readers, keyboard use and motion, on every screen."""

from __future__ import annotations

import functools

import pytest
from PySide6.QtCore import QAbstractAnimation, QEvent, QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QScroller,
    QScrollerProperties,
    QWidget,
)

from kiosk.content.strings import DEFAULT_STRINGS
from kiosk.ui.theme import TEXT_SIZES
from kiosk.ui.tiles import SPACING
from tests.helpers import scroll_area_of

MIN_TARGET = 48  # px, for every tappable thing
MIN_GAP = 8  # px between neighbouring targets
MIN_PRIMARY_HEIGHT = 64
SCREENS = ("home", "section", "step", "summary", "questions", "takehome")
THEMES = ("calm", "high-contrast")


# -- helpers ---------------------------------------------------------------------------
def settle() -> None:
    """Let pending layout requests run, so geometries are final (no waiting on a clock)."""
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def show(window, screen: str) -> None:
    pack = window.pack
    if screen == "home":
        window.go_home()
    elif screen == "section":
        window.open_section(pack.sections[1].id)  # both Previous and Next are enabled
    elif screen == "questions":  # the last step of a stage: "Check your understanding"
        window.start_walkthrough()
        steps = pack.walkthrough.steps
        window.walkthrough.show_index(max(i for i, s in enumerate(steps) if s.stage == "during"))
        assert window.walkthrough.quiz
    elif screen == "takehome":
        window.show_handout("walkthrough")
    else:
        window.start_walkthrough()
        steps = pack.walkthrough.steps
        with_items = next(i for i, step in enumerate(steps) if len(step.checklist) >= 2)
        window.walkthrough.show_index(with_items if screen == "step" else len(steps))
    settle()


def in_window(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def visible_part(widget: QWidget, window: QWidget) -> QRect:
    """The widget's rectangle in window coordinates, cut to what its parents let show."""
    rect = in_window(widget, window)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(in_window(parent, window))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def buttons(window: QWidget) -> list[QAbstractButton]:
    return [
        button
        for button in window.findChildren(QAbstractButton)
        if button.isVisibleTo(window) and button.window() is window
    ]


def tile_targets(window) -> list[tuple[str, QRect, QRect]]:
    """(title, whole tap area, visible painted card) for each tile, in window coordinates."""
    grid = window.home.tiles
    if not grid.isVisibleTo(window):
        return []
    viewport = grid.viewport()
    offset = viewport.mapTo(window, QPoint(0, 0))
    clip = visible_part(viewport, window)
    found = []
    for row in range(grid.model().rowCount()):
        index = grid.model().index(row, 0)
        area = grid.visualRect(index).translated(offset)
        card = area.adjusted(SPACING // 2, SPACING // 2, -SPACING // 2, -SPACING // 2)
        found.append((index.data(), area, card.intersected(clip)))
    return found


def targets(window) -> list[tuple[str, QRect, QRect]]:
    found = [
        (
            button.objectName() or button.text(),
            in_window(button, window),
            visible_part(button, window),
        )
        for button in buttons(window)
    ]
    return found + tile_targets(window)


def gap(a: QRect, b: QRect) -> int:
    """Pixels between two rectangles (negative when they overlap)."""
    return max(
        b.left() - a.right() - 1,
        a.left() - b.right() - 1,
        b.top() - a.bottom() - 1,
        a.top() - b.bottom() - 1,
    )


def tab_through(window) -> list[QWidget]:
    """Press Tab from the window until focus comes back to it; the widgets focus visited."""
    window.activateWindow()
    window.setFocus(Qt.FocusReason.OtherFocusReason)
    visited: list[QWidget] = []
    for _ in range(200):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is window:
            return visited
        if not visited or visited[-1] is not widget:  # Tab may walk links inside a page
            visited.append(widget)
    raise AssertionError(f"Tab never came back to the window: {visited[-5:]}")


def tab_to(window, target: QWidget) -> None:
    window.activateWindow()
    window.setFocus(Qt.FocusReason.OtherFocusReason)
    for _ in range(200):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is target:
            return
    raise AssertionError(f"Tab never reaches {target!r}")


def reading_position(widget: QWidget, window: QWidget) -> list[QRect]:
    """Where a widget reads on screen: inside a scroll area, after the area itself."""
    area = scroll_area_of(widget)
    if area is None:
        return [in_window(widget, window)]
    content = area.viewport()
    return [*reading_position(area, window), QRect(widget.mapTo(content, QPoint()), widget.size())]


def reads_before(first: list[QRect], second: list[QRect]) -> int:
    for a, b in zip(first, second, strict=False):
        same_row = a.top() < b.bottom() and b.top() < a.bottom()
        if a == b:
            continue
        if same_row:
            return -1 if a.left() < b.left() else 1
        return -1 if a.top() < b.top() else 1
    return len(first) - len(second)


def focusable(window) -> list[QWidget]:
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.isVisibleTo(window)
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.window() is window
    ]


@pytest.fixture(params=THEMES)
def themed_window(request, window):
    window.set_high_contrast(request.param == "high-contrast")
    return window


# -- touch targets ------------------------------------------------------------------------
@pytest.mark.parametrize("text_step", [2, len(TEXT_SIZES)])
@pytest.mark.parametrize("screen", SCREENS)
def test_targets_are_big_enough_and_apart(themed_window, screen, text_step):
    window = themed_window
    window.set_text_step(text_step)
    show(window, screen)
    found = targets(window)
    assert len(found) >= 5
    for name, whole, _ in found:
        assert whole.width() >= MIN_TARGET and whole.height() >= MIN_TARGET, (name, whole)
    shown = [(name, part) for name, _, part in found if not part.isEmpty()]
    for i, (name_a, a) in enumerate(shown):
        for name_b, b in shown[i + 1 :]:
            assert gap(a, b) >= MIN_GAP, (name_a, a, name_b, b)


@pytest.mark.parametrize("screen", SCREENS)
def test_primary_actions_are_tall(themed_window, screen):
    show(themed_window, screen)
    primary = [b for b in buttons(themed_window) if b.property("primary")]
    if screen != "section":
        assert primary
    for button in primary:
        assert button.height() >= MIN_PRIMARY_HEIGHT, button.objectName()


# -- names for screen readers ----------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("screen", SCREENS)
def test_every_button_has_a_name_and_description(window, screen, lang):
    window.set_language(lang)
    show(window, screen)
    english_only = {
        text for key, text in DEFAULT_STRINGS.items() if window.pack.ui.get(key, text) != text
    }
    for button in buttons(window):
        label = button.objectName() or button.text()
        assert button.accessibleName().strip(), label
        assert button.accessibleDescription().strip(), label
        interface = QAccessible.queryAccessibleInterface(button)
        assert interface.text(QAccessible.Text.Name).strip(), label
        assert interface.text(QAccessible.Text.Description).strip(), label
        assert button.accessibleName() not in english_only, label
        assert button.accessibleDescription() not in english_only, label
        if button.text() and button.objectName() not in ("TextSmaller", "TextLarger"):
            assert button.accessibleName() == button.text(), label


def test_checklist_items_say_whether_they_are_ticked(window):
    window.set_language("es")
    show(window, "step")
    item = window.walkthrough.items[0]
    ui = window.pack.ui
    assert item.accessibleDescription() == ui["not_ticked"]
    item.click()
    assert item.accessibleDescription() == ui["ticked"]
    interface = QAccessible.queryAccessibleInterface(item)
    assert interface.state().checked


def test_walkthrough_buttons_say_where_they_lead(window):
    window.start_walkthrough()
    screen = window.walkthrough
    steps = screen.steps
    assert screen.back_button.accessibleDescription() == window.pack.ui["home_description"]
    screen.show_index(1)
    assert screen.back_button.accessibleDescription() == steps[0].title
    assert screen.next_button.accessibleDescription() == steps[2].title
    screen.show_index(len(steps) - 1)
    assert screen.next_button.accessibleDescription() == window.pack.ui["summary_title"]
    screen.show_index(len(steps))
    assert screen.next_button.accessibleName() == window.pack.ui["finish"]
    assert screen.next_button.accessibleDescription() == window.pack.ui["home_description"]


def test_section_buttons_say_which_section_they_open(window):
    show(window, "section")
    sections = window.pack.sections
    assert window.section.previous_button.accessibleDescription() == sections[0].title
    assert window.section.next_button.accessibleDescription() == sections[2].title


@pytest.mark.parametrize("lang", ["en", "es"])
def test_tiles_expose_title_and_summary(window, lang):
    window.set_language(lang)
    show(window, "home")
    grid = window.home.tiles
    model = grid.model()
    assert grid.accessibleName() == window.pack.ui["sections_heading"]
    interface = QAccessible.queryAccessibleInterface(grid)
    assert interface.childCount() == model.rowCount() == len(window.pack.sections)
    for row, section in enumerate(window.pack.sections):
        index: QModelIndex = model.index(row, 0)
        assert index.data(Qt.ItemDataRole.AccessibleTextRole) == section.title
        assert index.data(Qt.ItemDataRole.AccessibleDescriptionRole) == section.summary
        child = interface.child(row)
        assert child.text(QAccessible.Text.Name) == section.title
        assert child.text(QAccessible.Text.Description) == section.summary


# -- keyboard ---------------------------------------------------------------------------------
@pytest.mark.parametrize("screen", SCREENS)
def test_tab_visits_every_control_in_reading_order(window, screen):
    show(window, screen)
    visited = tab_through(window)
    assert len(visited) == len(set(visited))
    assert set(visited) == set(focusable(window))
    positions = {widget: reading_position(widget, window) for widget in visited}
    in_order = sorted(
        visited, key=functools.cmp_to_key(lambda a, b: reads_before(positions[a], positions[b]))
    )
    names = [w.objectName() or w.accessibleName() or type(w).__name__ for w in visited]
    assert visited == in_order, names


def test_focused_control_shows_a_ring(window):
    """Keyboard focus is visible: the style sheet gives every focusable kind a focus border."""
    sheet = QApplication.instance().styleSheet()
    focus_rule = next(line for line in sheet.split("}") if ":focus" in line and "#Tiles" in line)
    for kind in ("QPushButton", "#Tiles", "ChecklistItem", "QTextBrowser", "QScrollArea"):
        assert f"{kind}:focus" in focus_rule


@pytest.mark.parametrize("screen", ["home", "section", "step"])
def test_focusing_a_page_does_not_move_its_words(window, screen):
    """The focus ring replaces a see-through border of the same width: nothing reflows."""
    show(window, screen)
    area = {
        "home": window.home.tiles,
        "section": window.section.browser,
        "step": window.walkthrough.step_scroll,
    }[screen]
    window.activateWindow()
    area.clearFocus()
    before = restyled_viewport(area)
    area.setFocus(Qt.FocusReason.TabFocusReason)
    assert area.hasFocus()
    assert restyled_viewport(area) == before


def restyled_viewport(area: QAbstractScrollArea) -> QRect:
    """The viewport once the style sheet is applied again for the area's present state."""
    QApplication.sendEvent(area, QEvent(QEvent.Type.StyleChange))
    settle()
    return area.viewport().geometry()


KEYS = {
    "space": (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
    "return": (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
    "enter": (Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier),
}


@pytest.mark.parametrize("key", KEYS)
def test_keys_activate_the_walkthrough_button(qtbot, window, key):
    tab_to(window, window.home.walkthrough_button)
    with qtbot.waitSignal(window.walkthroughStarted):
        QTest.keyClick(window.home.walkthrough_button, *KEYS[key])
    assert window.current_screen() == "walkthrough"


@pytest.mark.parametrize("key", KEYS)
def test_keys_tick_a_checklist_item_and_go_on(qtbot, window, key):
    show(window, "step")
    item = window.walkthrough.items[0]
    tab_to(window, item)
    with qtbot.waitSignal(item.toggled):
        QTest.keyClick(item, *KEYS[key])
    assert item.isChecked()
    assert item.item_id in window.walkthrough.ticked
    index = window.walkthrough.index
    tab_to(window, window.walkthrough.next_button)
    with qtbot.waitSignal(window.walkthrough.stepShown):
        QTest.keyClick(window.walkthrough.next_button, *KEYS[key])
    assert window.walkthrough.index == index + 1


@pytest.mark.parametrize("key", KEYS)
def test_keys_work_in_the_top_bar_and_sections(qtbot, window, key):
    show(window, "section")
    step = window.text_step
    larger = window.top_bar.larger_button
    tab_to(window, larger)
    QTest.keyClick(larger, *KEYS[key])
    assert window.text_step == step + 1
    following = window.pack.sections[2].id
    tab_to(window, window.section.next_button)
    with qtbot.waitSignal(window.sectionOpened, check_params_cb=lambda sid: sid == following):
        QTest.keyClick(window.section.next_button, *KEYS[key])


@pytest.mark.parametrize("key", KEYS)
def test_keys_open_a_tile(qtbot, window, key):
    grid = window.home.tiles
    tab_to(window, grid)
    QTest.keyClick(grid, Qt.Key.Key_Right)
    wanted = window.pack.sections[1].id
    with qtbot.waitSignal(window.sectionOpened, check_params_cb=lambda sid: sid == wanted):
        QTest.keyClick(grid, *KEYS[key])


def test_tab_scrolls_the_focused_item_into_view(window):
    show(window, "summary")
    last = window.walkthrough.items[-1]
    assert visible_part(last, window).height() < last.height()  # below the fold at first
    tab_to(window, last)
    assert visible_part(last, window) == in_window(last, window)


def test_held_enter_activates_once(window):
    button = window.top_bar.larger_button
    tab_to(window, button)
    step = window.text_step
    for repeat in (False, True, True):  # a key held down repeats
        event = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r", repeat
        )
        QApplication.sendEvent(button, event)
    assert window.text_step == step + 1


# -- motion -------------------------------------------------------------------------------------
def _overshoot(area: QAbstractScrollArea, metric) -> QScrollerProperties.OvershootPolicy:
    return QScroller.scroller(area.viewport()).scrollerProperties().scrollMetric(metric)


def _scroll_areas(window) -> list[QAbstractScrollArea]:
    return [window.home.tiles, window.section.browser, window.walkthrough.step_scroll]


def test_reduce_motion_turns_overshoot_off(make_window, settings):
    window = make_window(settings_=settings.replace(reduce_motion=True))
    metric = QScrollerProperties.ScrollMetric
    for area in _scroll_areas(window):
        for direction in (metric.VerticalOvershootPolicy, metric.HorizontalOvershootPolicy):
            assert _overshoot(area, direction) == (
                QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
            ), area


def test_overshoot_without_reduce_motion(window):
    metric = QScrollerProperties.ScrollMetric
    for area in _scroll_areas(window):
        assert _overshoot(area, metric.VerticalOvershootPolicy) == (
            QScrollerProperties.OvershootPolicy.OvershootWhenScrollable
        )


@pytest.mark.parametrize("screen", SCREENS)
def test_no_animations_anywhere(window, screen):
    show(window, screen)
    assert window.findChildren(QAbstractAnimation) == []
