"""Small helpers the kiosk tests share: a finger on a tile, a hold on the clinic's name,
the scroll area around a widget."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

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


def scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    """The scroll area whose content holds the widget, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            return area
        parent = area
    return None
