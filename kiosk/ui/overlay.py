"""Full-window layers above the screens: idle warning, attract screen, PIN pad, staff menu."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QWindow
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.widgets import paint_styled_background

_ONE_DIGIT = str.maketrans("123456789", "000000000")
CARD_CHARACTERS = 48  # the card's widest, in average characters: short lines read easily
EDGE_PX = 16  # room kept around the card on a narrow screen


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
    """A label whose opaque (style sheet) background Qt fills itself, so Qt knows it is
    opaque: when its text changes, Qt repaints the label alone, not the card and the overlay
    under it, and no Python runs to paint it. A style sheet's background turns the widget's
    `autoFillBackground` off whenever it styles the widget (its first showing, a new text
    size or contrast), so the label turns it on again after each."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAutoFillBackground(True)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().showEvent(event)
        self.setAutoFillBackground(True)  # styled (polished) by now

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's API
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:
            self.setAutoFillBackground(True)


class SteadyBox(QWidget):
    """Holds a word-wrapped label whose words change every second (the idle warning's
    countdown): new words lay nothing out again unless they need another height, and the
    label repaints alone.

    A label in a layout has the whole layout run again at each new text (measuring every
    word-wrapped label of the card, and the card in its scroll area, each second). This box
    has no layout: it sizes the label itself, and `set_text` asks the layout the box sits in
    for room only when the new words need another height at its width; a text size step (a
    new style sheet or font) always does. Words that differ from the last ones only in their
    digits, in a font whose digits are all one width (Noto Sans's are), make the same lines:
    they are not measured again. No Python of the box's runs when the label asks for room (a
    layout request each new text).
    """

    def __init__(self, label: QLabel, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        self.setSizePolicy(label.sizePolicy())
        self._height = -1  # the height the label's words need at the box's width
        self._measured: str | None = None  # the words measured last (digits as 0 if alike)
        self._digits_alike: bool | None = None  # in the label's font, None: not known yet

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        words = text.translate(_ONE_DIGIT) if self._alike() else text
        if words == self._measured:
            return  # only digits of one width changed: the same lines, the same height
        self._measured = words
        needed = self.label.heightForWidth(self.width())
        if needed != self._height:
            self._height = needed
            self.updateGeometry()

    def _alike(self) -> bool:
        if self._digits_alike is None:
            metrics = QFontMetricsF(self.label.font())
            self._digits_alike = len({metrics.horizontalAdvance(d) for d in "0123456789"}) == 1
        return self._digits_alike

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's API
        return self.label.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's API
        return self.label.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's API
        return self.label.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's API
        return self.label.heightForWidth(width)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's API
        self.label.setGeometry(self.rect())
        self._height = self.label.heightForWidth(self.width())
        self._measured = None

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._measured = self._digits_alike = None
            self.updateGeometry()  # the label's new font may need another height


class Overlay(OpaqueBackground):
    """Covers its parent window completely and follows its size; hidden until shown.

    The card in the middle is as wide as the text size and the screen allow; its words
    wrap, and when it is taller than the screen it scrolls instead of being cut off."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window_below = window  # the window it covers
        self._followed: QWindow | None = None  # the window system's window it follows
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
        self.hide()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().showEvent(event)
        # it follows the window's size through the window's own signals, not an event filter
        # on it, which Python would be called for at every event of the window (each
        # countdown tick's repaint, say)
        handle = self.window_below.windowHandle()
        if handle is not None and handle is not self._followed:
            handle.widthChanged.connect(self._cover_window)
            handle.heightChanged.connect(self._cover_window)
            self._followed = handle
        self._cover_window()

    def _cover_window(self, *_size) -> None:
        self.setGeometry(self.window_below.rect())

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
        self._cover_window()
        self.fit_card()
        self.show()
        self.raise_()
