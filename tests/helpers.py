"""Small helpers the kiosk tests share: a finger on a tile, a hold on the clinic's name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def tap_tile(qtbot, window, row: int) -> None:
    """Tap the tile in `row` of the home grid (scrolled into view first, as a finger would)."""
    tiles = window.home.tiles
    index = tiles.model().index(row, 0)
    tiles.scrollTo(index)
    qtbot.mouseClick(tiles.viewport(), LEFT, pos=tiles.visualRect(index).center())


def hold_clinic_name(qtbot, window, mode) -> None:
    """Press the clinic's name, keep the finger down until the gesture fires, let go."""
    name = window.top_bar.clinic_name
    with qtbot.waitSignal(mode.gesture.held, timeout=2000):
        QTest.mousePress(name, LEFT, NONE, name.rect().center())
    QTest.mouseRelease(name, LEFT, NONE, name.rect().center())
