"""Every screen at every text size: nothing cut off, nothing on top of anything else."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPushButton,
    QWidget,
)

from kiosk.settings.schema import OPTIONS_BY_NAME
from kiosk.ui.theme import TEXT_SIZES, text_px
from kiosk.ui.tiles import SPACING
from tests.helpers import scroll_area_of

WINDOW = QSize(1280, 800)
STEPS = range(1, len(TEXT_SIZES) + 1)


def settle() -> None:
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def screens(window):
    """Show every screen in turn: home, each section, each walkthrough step, the summary."""
    pack = window.pack
    window.go_home()
    settle()
    yield "home"
    for section in pack.sections:
        window.open_section(section.id)
        settle()
        yield f"section {section.id}"
    window.start_walkthrough()
    for index in range(len(pack.walkthrough.steps) + 1):
        window.walkthrough.show_index(index)
        settle()
        yield f"walkthrough {index}" if index < len(pack.walkthrough.steps) else "summary"


def in_window(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def shown(window) -> list[QWidget]:
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.isVisibleTo(window) and widget.window() is window
    ]


def cut_words(label: QLabel) -> list[str]:
    """Words too wide for a wrapping label: it cannot break them, so they are cut."""
    if label.textFormat().name == "RichText" or "<" in label.text():
        return []
    metrics = QFontMetrics(label.font())
    room = label.contentsRect().width()
    return [word for word in label.text().split() if metrics.horizontalAdvance(word) > room]


def problems_with_widget(widget: QWidget, window: QWidget) -> list[str]:
    found = []
    name = f"{type(widget).__name__} {widget.objectName() or ''}".strip()
    if isinstance(widget, (QLabel, QAbstractButton)):
        name += f" {widget.text()[:40]!r}"
    rect = in_window(widget, window)
    area = scroll_area_of(widget)
    if area is None:
        if not window.rect().contains(rect):
            found.append(f"{name} sticks out of the window: {rect}")
    else:
        viewport = in_window(area.viewport(), window)
        if rect.left() < viewport.left() or rect.right() > viewport.right():
            found.append(f"{name} is wider than its scrolling page: {rect} vs {viewport}")
    if isinstance(widget, QAbstractButton) and widget.hasHeightForWidth():
        # its words wrap (a checklist item, an answer): judged by the height they need
        needed = widget.heightForWidth(widget.width())
        if needed > widget.height():
            found.append(f"{name} cuts its text: needs {needed}px, has {widget.height()}px")
    elif isinstance(widget, QPushButton):
        hint = widget.sizeHint()
        metrics = widget.fontMetrics()
        words = metrics.horizontalAdvance(widget.text())
        icon = widget.iconSize().width() if not widget.icon().isNull() else 0
        if widget.width() < max(hint.width(), words + icon) or widget.height() < hint.height():
            found.append(f"{name} is squeezed: {widget.size()} < {hint}")
    if isinstance(widget, QLabel) and not widget.pixmap().isNull():
        pixmap = widget.pixmap().deviceIndependentSize().toSize()
        if pixmap.boundedTo(widget.contentsRect().size()) != pixmap:
            found.append(f"{name} cuts its picture: {pixmap} in {widget.contentsRect().size()}")
    elif isinstance(widget, QLabel) and widget.text():
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height():
                found.append(f"{name} cuts lines: needs {needed}px, has {widget.height()}px")
            if cut_words(widget):
                found.append(f"{name} cuts words {cut_words(widget)}")
        else:
            hint = widget.sizeHint()
            if widget.width() < hint.width() or widget.height() < hint.height():
                found.append(f"{name} is squeezed: {widget.size()} < {hint}")
    siblings = [
        child
        for child in widget.children()
        if isinstance(child, QWidget)
        and child.isVisibleTo(window)
        and not child.isWindow()
        # a decoration that takes no touch (the "more below" fade) lies over a page on purpose
        and not child.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    ]
    for i, first in enumerate(siblings):
        for second in siblings[i + 1 :]:
            if first.geometry().intersects(second.geometry()):
                found.append(
                    f"in {name}: {type(first).__name__} {first.objectName()} {first.geometry()}"
                    f" overlaps {type(second).__name__} {second.objectName()} {second.geometry()}"
                )
    return found


def problems_on_screen(window, screen: str, size: QSize = WINDOW) -> list[str]:
    found = []
    if window.size() != size:
        found.append(f"the window grew to {window.size()} (needs {window.minimumSizeHint()})")
    for widget in shown(window):
        found += problems_with_widget(widget, window)
    if screen.startswith("section"):
        browser = window.section.browser
        width = browser.document().size().width()
        if width > browser.viewport().width() + 1:
            found.append(f"the page is {width:.0f}px wide in {browser.viewport().width()}px")
    if screen.startswith(("walkthrough", "summary")):
        scroll = window.walkthrough.step_scroll
        if scroll.widget().width() > scroll.viewport().width():
            found.append(f"the step is wider than the screen: {scroll.widget().width()}px")
    if screen == "home":
        found += problems_with_tiles(window)
    return [f"{screen}: {problem}" for problem in found]


def problems_with_tiles(window) -> list[str]:
    grid = window.home.tiles
    delegate = grid.delegate
    summary_lines = QFontMetrics(delegate.fonts()[1]).lineSpacing()
    found = []
    for row in range(grid.model().rowCount()):
        index = grid.model().index(row, 0)
        inset = SPACING // 2
        card = grid.visualRect(index).adjusted(inset, inset, -inset, -inset)
        title, title_rect, summary, summary_rect = delegate.tile_texts(card, index)
        if title.replace("\n", " ") != " ".join(index.data().split()):
            found.append(f"tile title cut: {title!r}")
        lines = summary.count("\n") + 1
        if summary.endswith("…") or lines * summary_lines > summary_rect.height():
            found.append(f"tile summary cut: {summary!r}")
        if not card.contains(title_rect) or card.height() > grid.viewport().height():
            found.append(f"tile {index.data()!r} does not fit: {card} in {grid.viewport().size()}")
    return found


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_nothing_is_cut_or_overlapping(make_window, lang, step):
    window = make_window(size=(WINDOW.width(), WINDOW.height()))
    window.set_language(lang)
    window.set_text_step(step)
    problems = []
    for screen in screens(window):
        problems += problems_on_screen(window, screen)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_smaller_screen_at_the_largest_size(make_window, lang):
    """Reflow is not tuned to one size: a 1024x768 screen works too."""
    size = QSize(1024, 768)
    window = make_window(size=(size.width(), size.height()))
    window.set_language(lang)
    window.set_text_step(len(TEXT_SIZES))
    problems = []
    for screen in screens(window):
        problems += problems_on_screen(window, screen, size)
    assert not problems, "\n".join(problems)


def test_a_long_clinic_name_is_not_cut(make_window, settings):
    name = "Riverside Community Health Centre, Headache and Migraine Clinic"
    window = make_window(settings_=settings.replace(clinic_name=name))
    window.set_text_step(len(TEXT_SIZES))
    settle()
    assert not problems_with_widget(window.top_bar.clinic_name, window)


def test_high_contrast_at_the_largest_size(make_window):
    window = make_window()
    window.set_high_contrast(True)
    window.set_text_step(len(TEXT_SIZES))
    problems = []
    for screen in screens(window):
        problems += problems_on_screen(window, screen)
    assert not problems, "\n".join(problems)


def test_text_sizes_are_big_enough():
    default = OPTIONS_BY_NAME["default_text_size"].default
    assert min(TEXT_SIZES) >= 20
    assert text_px(default) >= 20
    assert max(TEXT_SIZES) >= 32
    assert list(TEXT_SIZES) == sorted(set(TEXT_SIZES))  # every step is bigger than the last


@pytest.mark.parametrize("step", STEPS)
def test_body_text_is_drawn_at_the_chosen_size(window, step):
    window.set_text_step(step)
    px = text_px(step)
    window.open_section(window.pack.sections[0].id)
    assert window.section.browser.document().defaultFont().pixelSize() == px
    window.start_walkthrough()
    settle()
    body = [
        label
        for label in window.walkthrough.step_scroll.widget().findChildren(QLabel)
        if label.objectName() in ("", "StepBody") and label.wordWrap() and label.text()
    ]
    assert body and all(label.font().pixelSize() == px for label in body)
    # the header (stage tabs, step counter) stays compact, like the top bar, so the
    # step's own words get the room at the largest sizes
    assert window.walkthrough.counter.font().pixelSize() == min(px, 24)


def test_tick_boxes_grow_with_the_text_and_keep_their_size_when_ticked(window):
    heights = {}
    for step in (1, len(TEXT_SIZES)):
        window.set_text_step(step)
        window.start_walkthrough()
        settle()
        item = window.walkthrough.items[0]
        box = item._box
        before = box.size()
        item.click()
        settle()
        assert box.size() == before
        assert before.height() >= QFontMetrics(item.font()).height()
        heights[step] = before.height()
    assert heights[len(TEXT_SIZES)] > heights[1]


def fresh_size_hint(button: QPushButton) -> QSize:
    """The size hint for the button's current state (a button keeps its first one)."""
    QApplication.sendEvent(button, QEvent(QEvent.Type.StyleChange))
    return button.sizeHint()


@pytest.mark.parametrize("step", [1, len(TEXT_SIZES)])
def test_the_focus_ring_does_not_squeeze_a_button(window, step):
    """The ring is thicker than the border: the padding gives way, not the words."""
    window.activateWindow()
    window.set_text_step(step)
    checked = 0
    for _ in screens(window):
        for button in shown(window):
            if not isinstance(button, QPushButton) or not button.isEnabled():
                continue
            button.clearFocus()
            before = fresh_size_hint(button)
            button.setFocus(Qt.FocusReason.TabFocusReason)
            assert button.hasFocus()
            assert fresh_size_hint(button) == before, button.objectName()
            checked += 1
    assert checked > 20
