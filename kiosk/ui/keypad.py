"""A USB keypad or keyboard moves through every control, and the kiosk says where it is.

Kiosk accessibility rules (Section 508 §407.3, ADA §707, EN 301 549) ask that a person who
cannot use the touch screen can reach everything with tactile keys and hear it. The key map
(docs/deploy.md):

  Left / Up        the previous control (Up scrolls a page that has more above)
  Right / Down     the next control (Down scrolls a page that has more below)
  Enter            choose the control
  Backspace        back: the previous page, step or section, else home
  + / -            louder / quieter reading

The first of these keys turns spoken guidance on for this patient: from then on each
control reached and each new screen's heading is spoken. The idle reset turns it off.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QApplication, QWidget

from kiosk.ui import qt_app

PREVIOUS = (Qt.Key.Key_Left, Qt.Key.Key_Up)
NEXT = (Qt.Key.Key_Right, Qt.Key.Key_Down)
BACK = (Qt.Key.Key_Backspace,)
LOUDER = (Qt.Key.Key_Plus,)
QUIETER = (Qt.Key.Key_Minus,)
CHOOSE = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
KEYPAD_KEYS = PREVIOUS + NEXT + BACK + LOUDER + QUIETER + CHOOSE


class KeypadNavigator(QObject):
    """Reads the keypad at the window, before any widget, like the swipe detector."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        qt_app.app().focusChanged.connect(self._focus_changed)
        window.screenChanged.connect(self._screen_changed)
        window.walkthroughStepShown.connect(self._screen_changed)  # each step: its title

    @property
    def guiding(self) -> bool:
        return bool(self.window.session.spoken_guidance)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in KEYPAD_KEYS:
            return False
        plain = Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        if event.modifiers() & ~plain:
            return False  # a shortcut, not the keypad
        if not self.guiding:
            self.window.sessions.update(spoken_guidance=True)
            self.say(self.window.pack.ui["keypad_help"])
        key = event.key()
        if key in CHOOSE:
            return False  # the focused control takes Enter itself
        if key in BACK:
            self.window.go_back_one()
        elif key in LOUDER + QUIETER:
            self.window.change_volume(+1 if key in LOUDER else -1)
        else:
            self._move(event, forward=key in NEXT)
        return True

    def _move(self, event, forward: bool) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, QAbstractItemView) and self._moved_inside(focus, event):
            if self.guiding:  # from tile to tile inside the grid
                self.say(spoken_name(focus))
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._scrolled(focus, forward):
            return
        self.window.focusNextPrevChild(forward)

    @staticmethod
    def _moved_inside(view: QAbstractItemView, event) -> bool:
        before = view.currentIndex()
        QApplication.sendEvent(view, event.clone())
        return view.currentIndex() != before and before.isValid()

    @staticmethod
    def _scrolled(focus: QWidget | None, forward: bool) -> bool:
        while focus is not None and not isinstance(focus, QAbstractScrollArea):
            focus = focus.parentWidget()
        if focus is None:
            return False
        bar = focus.verticalScrollBar()
        if (bar.value() >= bar.maximum()) if forward else (bar.value() <= bar.minimum()):
            return False
        bar.setValue(bar.value() + (bar.pageStep() // 2 if forward else -bar.pageStep() // 2))
        return True

    # -- what is said ----------------------------------------------------------------------
    def say(self, text: str) -> None:
        if text.strip():
            self.window.speaker.announce(text, self.window.lang)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.guiding and new is not None and self.window.isAncestorOf(new):
            self.say(spoken_name(new))

    def _screen_changed(self, *_where) -> None:
        if self.guiding:
            self.say(self.window.screen_heading())


def spoken_name(widget: QWidget) -> str:
    """What a control is called and what it does, as a screen reader would say it."""
    if isinstance(widget, QAbstractItemView) and widget.currentIndex().isValid():
        return str(widget.currentIndex().data() or "")
    name = widget.accessibleName() or getattr(widget, "text", lambda: "")()
    description = widget.accessibleDescription()
    return f"{name}. {description}" if description and description != name else name
