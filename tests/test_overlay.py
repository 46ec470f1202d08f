"""Full-window overlays, and the box that keeps a label's changing words from laying out the
card around it again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from kiosk.ui.overlay import Overlay, SteadyBox
from kiosk.ui.widgets import wrapped_label

SHORT = "Back in 9 seconds."
LONG = "Going back to the start in 9 seconds, unless someone touches the screen first."


class LayoutRequests(QObject):
    """Counts the layout requests `widget` gets."""

    def __init__(self, widget: QWidget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def column(qtbot, stretch: bool = True) -> tuple[QWidget, QLabel, SteadyBox]:
    """A narrow column: a heading, the box with its label, a line under it (and room left
    below them, or shared among them)."""
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    layout.addWidget(wrapped_label("Are you still reading?"))
    label = wrapped_label(SHORT)
    box = SteadyBox(label)
    layout.addWidget(box)
    layout.addWidget(wrapped_label("Keep reading"))
    if stretch:
        layout.addStretch(1)
    page.resize(260, 600)
    with qtbot.waitExposed(page):
        page.show()
    return page, label, box


def fits(label: QLabel) -> bool:
    return label.height() >= label.heightForWidth(label.width())


@pytest.mark.parametrize("stretch", [True, False], ids=["room below", "room shared"])
def test_words_of_the_same_height_lay_nothing_out_again(qtbot, stretch):
    page, label, box = column(qtbot, stretch)
    qtbot.waitUntil(lambda: label.height() > 0)
    lines = label.height()
    requests = LayoutRequests(page)
    for seconds in (8, 7, 6):
        box.set_text(SHORT.replace("9", str(seconds)))
        QApplication.processEvents()
    assert requests.count == 0
    assert label.height() == lines and fits(label)
    assert label.width() == box.width()


def test_words_that_need_more_lines_get_them_and_give_them_back(qtbot):
    page, label, box = column(qtbot)
    qtbot.waitUntil(lambda: label.height() > 0)
    one_line = label.height()
    under = page.layout().itemAt(2).widget()
    box.set_text(LONG)
    qtbot.waitUntil(lambda: label.height() > one_line)
    assert fits(label)
    assert under.y() >= box.geometry().bottom()  # the line under it moved down
    box.set_text(SHORT)
    qtbot.waitUntil(lambda: label.height() == one_line)
    assert under.y() < box.y() + 3 * one_line


def test_a_larger_font_gets_room(qtbot):
    page, label, box = column(qtbot)
    qtbot.waitUntil(lambda: label.height() > 0)
    before = label.height()
    page.setStyleSheet("font-size: 40px;")  # a text size step: a new style sheet
    qtbot.waitUntil(lambda: label.height() > before)
    assert fits(label)


def test_words_given_while_hidden_fit_when_it_shows(qtbot):
    page, label, box = column(qtbot)
    qtbot.waitUntil(lambda: label.height() > 0)
    one_line = label.height()
    page.hide()
    box.set_text(LONG)
    page.show()
    qtbot.waitUntil(lambda: label.height() > one_line)
    assert fits(label)


# -- overlays --------------------------------------------------------------------------
class Window(QWidget):
    def __init__(self):
        super().__init__()
        self.resize(800, 600)


def test_an_overlay_covers_the_window_and_follows_its_size_while_shown(qtbot):
    window = Window()
    qtbot.addWidget(window)
    overlay = Overlay(window)
    with qtbot.waitExposed(window):
        window.show()
    overlay.open()
    assert overlay.geometry() == window.rect()
    window.resize(700, 500)
    qtbot.waitUntil(lambda: overlay.geometry() == window.rect())
    overlay.hide()
    window.resize(640, 480)
    overlay.open()
    assert overlay.geometry() == window.rect()


def test_an_overlay_is_not_called_for_every_event_of_the_window(qtbot, monkeypatch):
    """It follows the window's size without filtering the window's events: Python would be
    called for each of them (the countdown's repaint, every second)."""
    window = Window()
    qtbot.addWidget(window)
    shown, hidden = Overlay(window), Overlay(window)
    calls = []
    for overlay in (shown, hidden):
        original = overlay.eventFilter

        def counting(watched, event, original=original):
            calls.append(event.type())
            return original(watched, event)

        monkeypatch.setattr(overlay, "eventFilter", counting)
    with qtbot.waitExposed(window):
        window.show()
    hidden.open()
    hidden.hide()
    shown.open()
    for _ in range(3):
        window.update()
        QApplication.processEvents()
    window.resize(640, 480)
    qtbot.waitUntil(lambda: shown.geometry() == window.rect())
    assert calls == []
    hidden.open()
    assert hidden.geometry() == window.rect()
