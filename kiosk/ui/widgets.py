"""Small building blocks shared by the screens: big buttons, checklist items, labels."""

from __future__ import annotations

import functools

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from kiosk.ui import icons
from kiosk.ui.theme import Theme

ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # Space works natively


def _activated_by_enter(button: QAbstractButton, event: QKeyEvent) -> bool:
    """Click the button for Enter or Return (once per press, not while the key repeats)."""
    if event.key() not in ACTIVATE_KEYS or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    if not event.isAutoRepeat():
        button.click()
    event.accept()
    return True


class KioskButton(QPushButton):
    """A push button that Enter activates as well as Space, for keyboards and switches."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's API
        if not _activated_by_enter(self, event):
            super().keyPressEvent(event)


class SizedByItsRow:
    """For a button whose words wrap: as tall as its row of box (or mark) and words needs at
    its width, never under 64 px. The button keeps its row layout in `_row`."""

    _row: QHBoxLayout

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's API
        return self._row.sizeHint().expandedTo(QSize(48, 64))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's API
        return self._row.minimumSize().expandedTo(QSize(48, 64))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's API
        return max(64, self._row.heightForWidth(width))


class WrappingButton(SizedByItsRow, KioskButton):
    """A big button whose words wrap onto more lines instead of being cut off (an answer
    to a question can be a whole sentence, and at the largest text size it needs two)."""

    def __init__(self, text: str, *, name: str = "", description: str = ""):
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAutoDefault(False)
        if name:
            self.setObjectName(name)
        self.setAccessibleName(text)
        self.setAccessibleDescription(description or text)
        self.mark = QLabel()  # a tick beside the right answer, once one was chosen
        self.mark.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.mark.hide()
        self.words = wrapped_label(text, name="ButtonWords")
        self.words.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._row = layout = QHBoxLayout(self)  # kept typed: self.layout() may be None
        layout.setContentsMargins(20, 10, 20, 10)
        layout.setSpacing(12)
        layout.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.words, 1)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_mark(self, pixmap) -> None:
        """Show a small picture before the words (None: none)."""
        self.mark.setVisible(pixmap is not None)
        if pixmap is not None:
            self.mark.setPixmap(pixmap)


def big_button(
    text: str, *, primary: bool = False, name: str = "", description: str = ""
) -> QPushButton:
    button = KioskButton(text)
    button.setProperty("primary", primary)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # keyboards and switches; a tap leaves no ring
    button.setAutoDefault(False)
    if name:
        button.setObjectName(name)
    button.setAccessibleName(text)
    button.setAccessibleDescription(description or text)
    return button


def nav_row(left: QWidget, right: QWidget) -> QHBoxLayout:
    """A screen's bottom row: one big button at each end, space between."""
    row = QHBoxLayout()
    row.setContentsMargins(24, 8, 24, 8)
    row.addWidget(left)
    row.addStretch(1)
    row.addWidget(right)
    return row


def wrapped_label(text: str = "", name: str = "", label_class: type[QLabel] = QLabel) -> QLabel:
    label = label_class()
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if name:
        label.setObjectName(name)
    return label


class ChecklistItem(SizedByItsRow, QAbstractButton):
    """A big tappable line with a tick box; the text wraps. Space or Enter ticks it."""

    def __init__(
        self,
        item_id: str,
        text: str,
        theme: Theme,
        parent: QWidget | None = None,
        state_words: tuple[str, str] = ("done", "not done"),
    ):
        super().__init__(parent)
        self.item_id = item_id
        self.theme = theme
        self.state_words = state_words  # read out after the text: ticked, not ticked
        self.setCheckable(True)
        self.setText(text)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(text)
        self.setMinimumHeight(64)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # narrower means taller: the words wrap, never get cut
        self.setSizePolicy(policy)
        self._box = QLabel()
        self._box.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._label = wrapped_label(text)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._row = layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(16)
        layout.addWidget(self._box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._label, 1)
        self.toggled.connect(self._update_box)
        self._update_box()

    def _update_box(self) -> None:
        self.ensurePolished()  # the style sheet's text size, so the box matches the words
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
        self.setAccessibleDescription(self.state_words[0 if self.isChecked() else 1])

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's API
        if not _activated_by_enter(self, event):
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's API
        paint_styled_background(self)


def paint_styled_background(widget: QWidget) -> None:
    """Draw `widget`'s style sheet background: Qt leaves that to a widget it knows is opaque."""
    element, option_type = _style_types()
    option = option_type()
    option.initFrom(widget)
    painter = QPainter(widget)
    widget.style().drawPrimitive(element, option, painter, widget)
    painter.end()


@functools.cache
def _style_types():
    # QStyle on the first styled paint, not at the top: PySide's QStyle type takes 7 ms to
    # make and nothing on the home screen needs it; once, not at every paint (an import
    # statement passes PySide's import hook each time)
    from PySide6.QtWidgets import QStyle, QStyleOption

    return QStyle.PrimitiveElement.PE_Widget, QStyleOption


def _empty():
    from PySide6.QtGui import QPixmap

    return QPixmap()
