"""A fade and a down arrow over the bottom edge of a scroll area while more lies below.

A thin scroll bar is easy to miss for a tired reader; the fade says "the page goes on"
where the eye already is. The cue never takes a touch: taps and flicks reach the page.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from kiosk.ui.theme import Theme

FADE_PX = 64
ARROW_PX = 40


class MoreBelow(QWidget):
    def __init__(self, area: QAbstractScrollArea, theme: Theme):
        super().__init__(area)  # on the area, not its viewport: it stays put while the page moves
        self.setObjectName("MoreBelow")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.area = area
        self.theme = theme
        bar = area.verticalScrollBar()
        bar.valueChanged.connect(self.refresh)
        bar.rangeChanged.connect(self.refresh)
        area.installEventFilter(self)
        area.viewport().installEventFilter(self)  # it narrows when the scroll bar appears
        self.refresh()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def more_below(self) -> bool:
        bar = self.area.verticalScrollBar()
        return bar.value() < bar.maximum()

    def refresh(self, *_args) -> None:
        viewport = self.area.viewport().geometry()
        height = min(FADE_PX, viewport.height() // 3)
        self.setGeometry(viewport.left(), viewport.bottom() + 1 - height, viewport.width(), height)
        self.setVisible(self.more_below())
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.refresh()
        return False

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = QColor(self.theme.background)
        clear = QColor(background)
        clear.setAlpha(0)
        fade = QLinearGradient(0, 0, 0, self.height())
        fade.setColorAt(0.0, clear)
        fade.setColorAt(0.7, background)
        painter.fillRect(self.rect(), fade)
        size = min(ARROW_PX, self.height() - 4)
        centre = QPointF(self.width() / 2, self.height() - size / 2 - 2)
        painter.setPen(QPen(QColor(self.theme.border), 2))
        painter.setBrush(QColor(self.theme.surface))
        painter.drawEllipse(centre, size / 2, size / 2)
        chevron = QPainterPath(QPointF(centre.x() - size * 0.22, centre.y() - size * 0.08))
        chevron.lineTo(centre.x(), centre.y() + size * 0.14)
        chevron.lineTo(centre.x() + size * 0.22, centre.y() - size * 0.08)
        pen = QPen(QColor(self.theme.text), 3)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(chevron)
