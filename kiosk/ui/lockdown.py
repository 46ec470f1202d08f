"""Lockdown: nothing a patient does closes, leaves or shrinks the kiosk.

The app blocks what it can (shortcuts, close requests, context menus, leaving full
screen). The operating system must block the rest (Ctrl+Alt+Del, the Windows key):
see docs/deploy.md.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

_BLOCKED_KEYS = {
    Qt.Key.Key_Escape,
    Qt.Key.Key_F11,
    Qt.Key.Key_Super_L,
    Qt.Key.Key_Super_R,
    Qt.Key.Key_Meta,
    Qt.Key.Key_Menu,
    Qt.Key.Key_Close,
    Qt.Key.Key_Back,
}
_BLOCKED_WITH_CTRL = {
    Qt.Key.Key_Q,
    Qt.Key.Key_W,
    Qt.Key.Key_N,
    Qt.Key.Key_T,
    Qt.Key.Key_O,
    Qt.Key.Key_P,
}
_BLOCKED_SEQUENCES = (
    QKeySequence.StandardKey.Close,
    QKeySequence.StandardKey.Quit,
    QKeySequence.StandardKey.FullScreen,
    QKeySequence.StandardKey.Cancel,
    QKeySequence.StandardKey.Print,
    QKeySequence.StandardKey.Open,
    QKeySequence.StandardKey.New,
)


def is_escape_route(event: QKeyEvent) -> bool:
    """True for key presses that could close or leave the kiosk."""
    key = Qt.Key(event.key())
    mods = event.modifiers()
    if key in _BLOCKED_KEYS:
        return True
    if mods & Qt.KeyboardModifier.AltModifier and key in (
        Qt.Key.Key_F4,
        Qt.Key.Key_Tab,
        Qt.Key.Key_Space,
    ):
        return True
    if mods & Qt.KeyboardModifier.ControlModifier and key in _BLOCKED_WITH_CTRL:
        return True
    if mods & Qt.KeyboardModifier.MetaModifier:
        return True
    return any(event.matches(sequence) for sequence in _BLOCKED_SEQUENCES)


class Lockdown(QObject):
    """An application event filter that swallows escape routes and context menus."""

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window = window
        self.blocked = 0
        self.hides_cursor = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and is_escape_route(event):
            if kind == QEvent.Type.KeyPress:
                self.blocked += 1
                log.info("blocked key %s", QKeySequence(event.keyCombination()).toString())
            event.accept()
            return True
        if kind == QEvent.Type.ContextMenu:
            return True
        leaving = watched is self.window and kind == QEvent.Type.WindowStateChange
        if leaving and not self.window.isFullScreen() and not self.window.allow_close:
            self.window.showFullScreen()
        return False


def install(app: QApplication, window, hide_cursor: bool = False) -> Lockdown:
    window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    window.lockdown = True
    lockdown = Lockdown(window, app)
    lockdown.hides_cursor = hide_cursor
    app.installEventFilter(lockdown)
    if hide_cursor:
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)
    return lockdown


def uninstall(app: QApplication, lockdown: Lockdown) -> None:
    """Undo ``install``: keys, close requests and the cursor behave normally again."""
    app.removeEventFilter(lockdown)
    lockdown.window.lockdown = False
    if lockdown.hides_cursor:
        lockdown.hides_cursor = False
        app.restoreOverrideCursor()
