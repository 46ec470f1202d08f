"""Lockdown: keys that would close or leave the kiosk, close requests and context menus do
nothing while kiosk mode is locked; after the staff exit the window closes.

Each key is also bound to a shortcut that would close the window, and a control test shows
those shortcuts do fire without lockdown: so the locked test can fail."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.ui.kiosk_mode.lockdown import is_escape_route

LEFT = Qt.MouseButton.LeftButton
RIGHT = Qt.MouseButton.RightButton
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier
ESCAPE_KEYS = [
    ("Escape", Qt.Key.Key_Escape, NONE),
    ("Alt+F4", Qt.Key.Key_F4, ALT),
    ("Ctrl+Q", Qt.Key.Key_Q, CTRL),
    ("Ctrl+W", Qt.Key.Key_W, CTRL),
    ("F11", Qt.Key.Key_F11, NONE),
]


@pytest.fixture
def start_kiosk(start_kiosk):
    """Kiosk mode, locked unless told otherwise, in the active window."""

    def start(locked=True):
        return start_kiosk(locked=locked, activate=True)

    return start


def bind_closing_shortcuts(window) -> list[str]:
    """A shortcut per escape key that closes the window, as a desktop might."""
    fired: list[str] = []
    for name, key, mods in ESCAPE_KEYS:
        shortcut = QShortcut(QKeySequence(mods | key), window)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(lambda name=name: (fired.append(name), window.close()))
    return fired


class ContextMenuProbe(QObject):
    def __init__(self):
        super().__init__()
        self.seen = 0

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.ContextMenu:
            self.seen += 1
        return False


def test_without_lockdown_the_escape_keys_reach_their_shortcuts(qtbot, start_kiosk):
    window, mode = start_kiosk(locked=False)
    window.allow_close = False  # closing is refused, so every key can be tried
    fired = bind_closing_shortcuts(window)
    for _name, key, mods in ESCAPE_KEYS:
        QTest.keyClick(window, key, mods)
    assert fired == [name for name, _, _ in ESCAPE_KEYS]


@pytest.mark.parametrize(("name", "key", "mods"), ESCAPE_KEYS, ids=[k[0] for k in ESCAPE_KEYS])
def test_escape_keys_leave_the_window_open(qtbot, start_kiosk, name, key, mods):
    window, mode = start_kiosk()
    fired = bind_closing_shortcuts(window)
    window.allow_close = True  # even a window that may close must not be closed by a key
    QTest.keyClick(window, key, mods)
    assert fired == []
    assert mode.lockdown.blocked == 1
    assert window.isVisible()
    window.allow_close = False


def test_all_escape_keys_in_a_row_on_a_section(qtbot, start_kiosk):
    window, mode = start_kiosk()
    fired = bind_closing_shortcuts(window)
    tiles = window.home.tiles
    index = tiles.model().index(0, 0)
    qtbot.mouseClick(tiles.viewport(), LEFT, pos=tiles.visualRect(index).center())
    assert window.current_screen() == "section"
    for _name, key, mods in ESCAPE_KEYS:
        QTest.keyClick(window.section.browser, key, mods)
        QTest.keyClick(window.windowHandle(), key, mods)
    assert fired == []
    assert mode.lockdown.blocked == 2 * len(ESCAPE_KEYS)
    assert window.isVisible()
    assert window.current_screen() == "section"


def test_ordinary_keys_are_not_escape_routes():
    from PySide6.QtGui import QKeyEvent

    def press(key, mods=NONE):
        return QKeyEvent(QEvent.Type.KeyPress, key, mods)

    assert not is_escape_route(press(Qt.Key.Key_A))
    assert not is_escape_route(press(Qt.Key.Key_Tab))
    assert not is_escape_route(press(Qt.Key.Key_PageDown))
    assert is_escape_route(press(Qt.Key.Key_F4, ALT))
    assert is_escape_route(press(Qt.Key.Key_Q, CTRL))


def test_a_close_request_is_ignored(qtbot, start_kiosk):
    window, mode = start_kiosk()
    assert window.close() is False
    assert window.isVisible()


def right_click_on_a_section(qtbot, window) -> None:
    """Open a section, then a right-click (a long press on some touch screens) on its banner."""
    tiles = window.home.tiles
    index = tiles.model().index(0, 0)
    qtbot.mouseClick(tiles.viewport(), LEFT, pos=tiles.visualRect(index).center())
    assert window.current_screen() == "section"
    handle = window.windowHandle()
    where = window.banner.mapTo(window, window.banner.rect().center())
    QTest.mouseClick(handle, RIGHT, NONE, where)


@pytest.fixture
def context_menu_probe():
    """Sees ContextMenu events at the application, after any filter installed later."""
    probe = ContextMenuProbe()
    QApplication.instance().installEventFilter(probe)
    yield probe
    QApplication.instance().removeEventFilter(probe)


def test_a_context_menu_is_swallowed(qtbot, context_menu_probe, start_kiosk):
    window, mode = start_kiosk()
    right_click_on_a_section(qtbot, window)
    assert context_menu_probe.seen == 0
    assert QApplication.activePopupWidget() is None


def test_without_lockdown_a_right_click_makes_a_context_menu_event(
    qtbot, context_menu_probe, start_kiosk
):
    window, mode = start_kiosk(locked=False)
    right_click_on_a_section(qtbot, window)
    assert context_menu_probe.seen >= 1


def test_after_the_staff_exit_close_works(qtbot, start_kiosk, exits):
    window, mode = start_kiosk()
    assert window.close() is False
    mode.open_staff()  # no PIN: straight to the menu
    qtbot.mouseClick(mode.staff_menu.exit_button, LEFT)
    assert exits == [0]
    assert window.allow_close
    assert not window.isVisible()
    # the keys are no longer blocked once kiosk mode is shut down
    blocked = mode.lockdown.blocked
    with qtbot.waitExposed(window):
        window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    fired = bind_closing_shortcuts(window)
    QTest.keyClick(window, Qt.Key.Key_Q, CTRL)
    assert fired == ["Ctrl+Q"]
    assert mode.lockdown.blocked == blocked
    assert not window.isVisible()


@pytest.fixture
def full_screen_kiosk(qtbot, settings, bundled_library):
    """The kiosk as `kiosk` starts it: full screen and locked."""
    from PySide6.QtCore import QTimer

    from kiosk.app import build_window

    window = build_window(settings, bundled_library, windowed=False)
    qtbot.addWidget(window)
    mode = window.kiosk_mode
    mode.crash.uninstall()
    qtbot.waitUntil(window.isFullScreen)
    yield window, mode
    mode.shutdown()
    window.allow_close = True
    window.renderer.shutdown()
    assert not [t.objectName() for t in window.findChildren(QTimer) if t.isActive()]
    assert not mode.lockdown.check.isActive()


@pytest.mark.parametrize("put_away", ["showMinimized", "hide", "showNormal", "showMaximized"])
def test_a_full_screen_kiosk_put_away_comes_back_full_screen(qtbot, full_screen_kiosk, put_away):
    window, mode = full_screen_kiosk
    getattr(window, put_away)()
    assert not window.isFullScreen() or not window.isVisible() or window.isMinimized()
    qtbot.waitUntil(
        lambda: window.isVisible() and window.isFullScreen() and not window.isMinimized(),
        timeout=3000,
    )
    assert mode.lockdown.restored >= 1


def test_after_the_staff_exit_the_window_stays_closed(qtbot, full_screen_kiosk, exits):
    window, mode = full_screen_kiosk
    mode.open_staff()  # no PIN: straight to the menu
    qtbot.mouseClick(mode.staff_menu.exit_button, LEFT)
    assert exits == [0]
    assert not window.isVisible()
    mode.lockdown.keep_full_screen()  # as its timer would, had it not stopped
    assert not window.isVisible()
    assert mode.lockdown.restored == 0
