"""The fade and arrow that say a page goes on below the edge of the screen."""

from __future__ import annotations

from helpers import LEFT, tap_tile

from kiosk.ui.tiles import SECTION_ID


def test_a_long_section_shows_the_cue_until_its_end_is_reached(qtbot, window):
    window.set_text_step(5)
    tap_tile(qtbot, window, 0)
    screen = window.section
    qtbot.waitUntil(screen.is_complete)
    cue = screen.more_below
    bar = screen.browser.verticalScrollBar()
    assert bar.maximum() > 0
    assert cue.isVisible()
    viewport = screen.browser.viewport().geometry()
    assert cue.geometry().bottom() == viewport.bottom()  # over the bottom edge of the page
    assert cue.width() == viewport.width()
    bar.setValue(bar.maximum())
    assert not cue.isVisible()  # the end of the page: nothing more below
    bar.setValue(0)
    assert cue.isVisible()


def test_the_cue_never_takes_a_tap(qtbot, window):
    """A tap on the faded edge reaches the page under it (here: the tile under the arrow)."""
    cue = window.home.more_below
    window.set_text_step(5)
    qtbot.waitUntil(cue.isVisible)
    tiles = window.home.tiles
    point = tiles.viewport().mapFrom(tiles, cue.geometry().center())
    index = tiles.indexAt(point)
    assert index.isValid()
    with qtbot.waitSignal(window.sectionOpened) as opened:
        qtbot.mouseClick(tiles.viewport(), LEFT, pos=point)
    assert opened.args == [index.data(SECTION_ID)]


def test_a_step_that_fits_shows_no_cue(qtbot, make_window):
    window = make_window(size=(1920, 1080))
    window.set_text_step(1)
    window.start_walkthrough()
    screen = window.walkthrough
    qtbot.waitUntil(lambda: screen.step_scroll.verticalScrollBar().maximum() == 0)
    assert not screen.more_below.isVisible()
    window.set_text_step(5)
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: screen.step_scroll.verticalScrollBar().maximum() > 0)
    assert screen.more_below.isVisible()
