"""The home screen's grid of section tiles: what each tile holds, taps, keys, sizes."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtTest import QTest

from kiosk.content import load_library
from kiosk.ui.tiles import ICON, SECTION_ID, SPACING, SUMMARY, _elide_lines

LEFT = Qt.MouseButton.LeftButton


def tile_rects(tiles):
    model = tiles.model()
    return [tiles.visualRect(model.index(row, 0)) for row in range(model.rowCount())]


def tap(qtbot, tiles, row: int) -> None:
    index = tiles.model().index(row, 0)
    tiles.scrollTo(index)
    qtbot.mouseClick(tiles.viewport(), LEFT, pos=tiles.visualRect(index).center())


def test_each_tile_holds_its_sections_title_summary_icon_and_id(window):
    model = window.home.tiles.model()
    sections = window.pack.sections
    assert model.rowCount() == len(sections)
    for row, section in enumerate(sections):
        index = model.index(row, 0)
        assert index.data() == section.title
        assert index.data(Qt.ItemDataRole.AccessibleTextRole) == section.title
        assert index.data(SUMMARY) == section.summary
        assert index.data(Qt.ItemDataRole.AccessibleDescriptionRole) == section.summary
        assert index.data(SECTION_ID) == section.id
        assert index.data(ICON) == section.icon
        assert section.summary  # every bundled tile says what it is about


def test_tiles_are_laid_out_in_rows_without_overlapping(window):
    tiles = window.home.tiles
    rects = tile_rects(tiles)
    assert len({(r.width(), r.height()) for r in rects}) == 1  # all the same size
    for first, second in zip(rects, rects[1:], strict=False):
        assert not first.intersects(second)
    top_row = [r for r in rects if r.top() == rects[0].top()]
    assert len(top_row) >= 2
    assert top_row[-1].right() < tiles.viewport().width()  # nothing cut at the side


def test_tapping_the_last_tile_opens_the_last_section(qtbot, window):
    sections = window.pack.sections
    tap(qtbot, window.home.tiles, len(sections) - 1)
    assert window.current_screen() == "section"
    assert window.section.section_id == sections[-1].id


def test_a_tap_between_tiles_opens_nothing(qtbot, make_window, tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.md").write_text(f"# {name}\n\nWords.\n")
    window = make_window(load_library(folder))
    tiles = window.home.tiles
    below = tile_rects(tiles)[0].bottom() + 40
    assert below < tiles.viewport().height()
    qtbot.mouseClick(tiles.viewport(), LEFT, pos=QPoint(40, below))
    assert window.current_screen() == "home"


def test_keys_move_between_tiles_and_enter_opens_one(qtbot, window):
    tiles = window.home.tiles
    sections = window.pack.sections
    tiles.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(tiles.hasFocus)
    tiles.setCurrentIndex(tiles.model().index(0, 0))
    QTest.keyClick(tiles, Qt.Key.Key_Right)
    assert tiles.currentIndex().row() == 1
    QTest.keyClick(tiles, Qt.Key.Key_Return)
    assert window.current_screen() == "section"
    assert window.section.section_id == sections[1].id
    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    tiles.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(tiles, Qt.Key.Key_Space)
    assert window.section.section_id == tiles.currentIndex().data(SECTION_ID)


def tile_colour(tiles, row: int, at: str = "fill") -> str:
    """The colour painted inside a tile (`fill`) or on its outline (`edge`)."""
    image = tiles.viewport().grab().toImage()
    rect = tiles.visualRect(tiles.model().index(row, 0))
    if at == "fill":  # beside the icon, under the title: the tile's own background
        point = QPoint(rect.right() - 30, rect.bottom() - 20)
    else:  # the middle of the left edge (spacing inset plus half the 2-4 px pen)
        point = QPoint(rect.left() + SPACING // 2 + 1, rect.center().y())
    return image.pixelColor(point).name()


def test_a_tile_looks_pressed_while_a_finger_is_on_it_and_not_after(qtbot, window):
    tiles = window.home.tiles
    theme = window.theme
    centre = tiles.visualRect(tiles.model().index(1, 0)).center()
    assert tile_colour(tiles, 1) == theme.surface.lower()
    QTest.mousePress(tiles.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, centre)
    qtbot.waitUntil(lambda: tile_colour(tiles, 1) == theme.button.lower())
    assert tile_colour(tiles, 0) == theme.surface.lower()  # only the tile under the finger
    QTest.mouseRelease(tiles.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, centre)
    assert window.current_screen() == "section"  # the tap opened it
    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    qtbot.waitUntil(lambda: tile_colour(tiles, 1) == theme.surface.lower())


def test_the_tile_the_keyboard_is_on_has_the_focus_outline(qtbot, window):
    tiles = window.home.tiles
    theme = window.theme
    assert tile_colour(tiles, 2, "edge") != theme.focus.lower()
    tiles.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(tiles.hasFocus)
    tiles.setCurrentIndex(tiles.model().index(2, 0))
    qtbot.waitUntil(lambda: tile_colour(tiles, 2, "edge") == theme.focus.lower())
    assert tile_colour(tiles, 1, "edge") != theme.focus.lower()


def test_larger_text_makes_taller_tiles(qtbot, window):
    tiles = window.home.tiles
    before = tile_rects(tiles)[0].height()
    qtbot.mouseClick(window.top_bar.larger_button, LEFT)
    qtbot.mouseClick(window.top_bar.larger_button, LEFT)
    after = tile_rects(tiles)[0]
    assert after.height() > before
    assert after.right() < tiles.viewport().width()


def test_a_pack_of_two_thousand_sections_opens_quickly(qtbot, make_window, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(2000):
        (folder / f"s{number:04}.md").write_text(f"# Section {number}\n\nShort text.\n")
    library = load_library(folder)
    started = time.perf_counter()
    window = make_window(library)
    assert time.perf_counter() - started < 5
    tiles = window.home.tiles
    assert tiles.model().rowCount() == 2000
    assert tiles.verticalScrollBar().maximum() > 10000
    tap(qtbot, tiles, 1999)
    assert window.section.section_id == "s1999.md"


# -- fitting words into a tile --------------------------------------------------------
@pytest.fixture
def metrics():
    font = QFont("Noto Sans")
    font.setPixelSize(22)
    return QFontMetrics(font)


def test_short_text_stays_as_it_is(metrics):
    assert _elide_lines("Side effects", metrics, 300, 2) == "Side effects"


def test_long_text_wraps_into_lines_that_fit(metrics):
    text = "What the research shows about ketamine for migraine in adults"
    out = _elide_lines(text, metrics, 260, 4)
    lines = out.split("\n")
    assert 2 <= len(lines) <= 4
    assert all(metrics.horizontalAdvance(line) <= 260 for line in lines)
    assert " ".join(lines) == text


def test_text_too_long_for_its_lines_ends_in_an_ellipsis(metrics):
    text = " ".join(["calm"] * 60)
    lines = _elide_lines(text, metrics, 200, 2).split("\n")
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert all(metrics.horizontalAdvance(line) <= 200 for line in lines)


def test_one_very_long_word_is_cut_not_overflowing(metrics):
    lines = _elide_lines("x" * 400, metrics, 200, 2).split("\n")
    assert all(metrics.horizontalAdvance(line) <= 200 for line in lines)
    assert lines[-1].endswith("…")


def test_no_text_gives_no_lines(metrics):
    assert _elide_lines("", metrics, 200, 2) == ""
