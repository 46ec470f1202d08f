"""Lockdown: nothing a patient does closes, leaves or shrinks the kiosk.

The app blocks what it can (shortcuts, close requests, context menus, leaving full
screen). The operating system must block the rest (Ctrl+Alt+Del, the Windows key):
see docs/deploy.md.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.ui.timers import named_timer

if TYPE_CHECKING:
    from PySide6.QtGui import QKeySequence

    from kiosk.ui.kiosk_mode.input_gate import InputGate

log = logging.getLogger(__name__)
CHECK_MS = 500  # a full-screen kiosk that was put away is back within a second

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


@functools.cache
def _blocked_sequences() -> tuple[QKeySequence.StandardKey, ...]:
    # made on the first key press: PySide's QKeySequence type (71 standard keys) need not be
    # made before the first frame
    from PySide6.QtGui import QKeySequence

    standard = QKeySequence.StandardKey
    return (
        standard.Close,
        standard.Quit,
        standard.FullScreen,
        standard.Cancel,
        standard.Print,
        standard.Open,
        standard.New,
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
    return any(event.matches(sequence) for sequence in _blocked_sequences())


class Lockdown(QObject):
    """An application event filter that swallows escape routes and context menus, and puts a
    full-screen kiosk back when it is minimized, hidden or leaves full screen (by a window
    manager's menu, a key it grabs, or a request from another program)."""

    def __init__(self, window, parent=None, check_ms: int = CHECK_MS):
        super().__init__(parent)
        self.window = window
        self.blocked = 0
        self.restored = 0
        self.hides_cursor = False
        self.was_full_screen = window.isFullScreen()
        self.was_exposed = False  # exposure arrives after the first show: count it once seen
        self.check = named_timer(self, "lockdown-full-screen-check", check_ms)
        self.check.timeout.connect(self.keep_full_screen)
        self.check.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        kind = event.type()
        keys = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
        if kind in keys and isinstance(event, QKeyEvent) and is_escape_route(event):
            if kind == QEvent.Type.KeyPress:
                self.blocked += 1
                from PySide6.QtGui import QKeySequence

                log.info("blocked key %s", QKeySequence(event.keyCombination()).toString())
            event.accept()
            return True
        if kind == QEvent.Type.ContextMenu:
            return True
        if watched is self.window and kind in (QEvent.Type.WindowStateChange, QEvent.Type.Hide):
            QTimer.singleShot(0, self, self.keep_full_screen)
        return False

    def put_away(self) -> bool:
        """True when the full-screen kiosk is minimized, hidden or no longer full screen."""
        window = self.window
        handle = window.windowHandle()
        return (
            window.isMinimized()
            or not window.isVisible()
            or not window.isFullScreen()
            or (self.was_exposed and handle is not None and not handle.isExposed())
        )

    def keep_full_screen(self) -> None:
        window = self.window
        if window.allow_close:  # the staff exit, or a windowed kiosk
            return
        if window.isFullScreen() and not window.isMinimized():
            self.was_full_screen = True
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            self.was_exposed = True
        if not self.was_full_screen or not self.put_away():
            return
        self.restored += 1
        log.warning("the kiosk was minimized, hidden or left full screen: back to full screen")
        window.setWindowState(
            (window.windowState() & ~Qt.WindowState.WindowMinimized)
            | Qt.WindowState.WindowFullScreen
        )
        window.showFullScreen()
        window.activateWindow()


def install(
    app: QApplication,
    window,
    gate: InputGate,
    hide_cursor: bool = False,
    check_ms: int = CHECK_MS,
) -> Lockdown:
    """Lock the window down; its filter sees every event of the application, through `gate`."""
    window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    window.lockdown = True
    lockdown = Lockdown(window, app, check_ms)
    lockdown.hides_cursor = hide_cursor
    gate.add(lockdown)
    if hide_cursor:
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)
    return lockdown


def uninstall(app: QApplication, gate: InputGate, lockdown: Lockdown) -> None:
    """Undo ``install``: keys, close requests and the cursor behave normally again."""
    gate.remove(lockdown)
    lockdown.check.stop()
    lockdown.window.lockdown = False
    if lockdown.hides_cursor:
        lockdown.hides_cursor = False
        app.restoreOverrideCursor()
