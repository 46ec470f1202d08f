"""Small building blocks shared by the screens: big buttons, checklist items, labels."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOption,
    QWidget,
)

from kiosk.ui import icons
from kiosk.ui.theme import Theme


def big_button(
    text: str, *, primary: bool = False, name: str = "", description: str = ""
) -> QPushButton:
    button = QPushButton(text)
    button.setProperty("primary", primary)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # keyboards and switches; a tap leaves no ring
    button.setAutoDefault(False)
    if name:
        button.setObjectName(name)
    button.setAccessibleName(text)
    button.setAccessibleDescription(description or text)
    return button


def wrapped_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if name:
        label.setObjectName(name)
    return label


class ChecklistItem(QAbstractButton):
    """A big tappable line with a tick box; the text wraps."""

    def __init__(self, item_id: str, text: str, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.item_id = item_id
        self.theme = theme
        self.setCheckable(True)
        self.setText(text)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(text)
        self.setMinimumHeight(64)
        self._box = QLabel()
        self._box.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._label = wrapped_label(text)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(16)
        layout.addWidget(self._box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._label, 1)
        self.toggled.connect(self._update_box)
        self._update_box()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._update_box()

    def _update_box(self) -> None:
        size = max(40, self.fontMetrics().height() + 8)
        colour = self.theme.accent if self.isChecked() else self.theme.border
        self._box.setFixedSize(size, size)
        name = "check" if self.isChecked() else ""
        self._box.setStyleSheet(
            f"border: 3px solid {colour}; border-radius: 8px;"
            f"background: {self.theme.accent if self.isChecked() else self.theme.surface};"
        )
        self._box.setPixmap(
            icons.icon_pixmap(name, self.theme.on_accent, size - 10) if name else _empty()
        )
        self.setAccessibleDescription(
            self.theme.name and ("ticked" if self.isChecked() else "not ticked")
        )

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's API
        return self.layout().sizeHint().expandedTo(QSize(48, 64))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's API
        return max(64, self.layout().heightForWidth(width))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's API
        option = QStyleOption()
        option.initFrom(self)
        painter = QPainter(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)


def _empty():
    from PySide6.QtGui import QPixmap

    return QPixmap()
