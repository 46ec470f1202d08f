"""Full-window layers above the screens: idle warning, attract screen, PIN pad, staff menu."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStyle,
    QStyleOption,
    QVBoxLayout,
    QWidget,
)

CARD_CHARACTERS = 48  # the card's widest, in average characters: short lines read easily
EDGE_PX = 16  # room kept around the card on a narrow screen


def paint_styled_background(widget: QWidget) -> None:
    """Draw `widget`'s style sheet background: Qt leaves that to a widget it knows is opaque."""
    option = QStyleOption()
    option.initFrom(widget)
    painter = QPainter(widget)
    widget.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, widget)
    painter.end()


def make_opaque(widget: QWidget) -> None:
    """Tell Qt the widget paints its whole (style sheet) background itself."""
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    widget.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)


class OpaqueBackground(QWidget):
    """A widget whose style sheet background is opaque, and Qt knows it: nothing under it
    is painted when it repaints (the idle warning's countdown repaints its label, not the
    home screen under the overlay)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        make_opaque(self)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's API
        paint_styled_background(self)


class OpaqueLabel(QLabel):
    """A label that paints its own (style sheet, opaque) background, so when its text
    changes Qt repaints the label alone, not the card and the overlay under it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        make_opaque(self)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's API
        paint_styled_background(self)
        super().paintEvent(event)


class Overlay(OpaqueBackground):
    """Covers its parent window completely and follows its size; hidden until shown.

    The card in the middle is as wide as the text size and the screen allow; its words
    wrap, and when it is taller than the screen it scrolls instead of being cut off."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window_below = window  # the window it covers
        self.setObjectName("Overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.card = QFrame()
        self.card.setObjectName("Card")
        self.card_layout = QVBoxLayout(self.card)
        self.card_layout.setContentsMargins(40, 32, 40, 32)
        self.card_layout.setSpacing(20)
        holder = OpaqueBackground()
        holder.setObjectName("OverlayHolder")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.card, 100)
        row.addStretch(1)
        column = QVBoxLayout(holder)
        column.setContentsMargins(EDGE_PX, EDGE_PX, EDGE_PX, EDGE_PX)
        column.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        self.card_scroll = QScrollArea()
        self.card_scroll.setObjectName("OverlayScroll")
        self.card_scroll.setWidgetResizable(True)
        self.card_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.card_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.card_scroll.setWidget(holder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.card_scroll)
        window.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        if watched is self.window_below and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.window_below.rect())
        return False

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().resizeEvent(event)
        self.fit_card()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.fit_card()

    def fit_card(self) -> None:
        self.card.ensurePolished()
        widest = self.card.fontMetrics().averageCharWidth() * CARD_CHARACTERS
        self.card.setMaximumWidth(max(1, min(widest, self.width() - 2 * EDGE_PX - 20)))

    def open(self) -> None:
        self.setGeometry(self.window_below.rect())
        self.fit_card()
        self.show()
        self.raise_()
