"""Crash safety: an error in a slot is logged, the patient sees the calm screen, and after it
the kiosk is back home and works."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import Qt, QTimer

from kiosk.ui.kiosk_mode.crash import CrashHandler

LEFT = Qt.MouseButton.LeftButton


class Boom(RuntimeError):
    pass


def boom(*_args) -> None:
    raise Boom("a bug in a slot")


@pytest.fixture
def crash_handler(window):
    handler = CrashHandler(window, calm_ms=200)
    before = sys.excepthook
    handler.install()
    yield handler
    handler.uninstall()
    assert sys.excepthook is before
    assert not handler.screen.timer.isActive()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_shows_the_calm_screen_then_home(qtbot, window, crash_handler, caplog):
    bar = window.top_bar
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    qtbot.mouseClick(window.walkthrough.next_button, LEFT)
    assert window.current_screen() == "walkthrough"
    bar.larger_button.clicked.connect(boom)
    with caplog.at_level(logging.ERROR, logger="kiosk.ui.kiosk_mode.crash"):
        qtbot.mouseClick(bar.larger_button, LEFT)
    bar.larger_button.clicked.disconnect(boom)

    assert crash_handler.count == 1
    calm = crash_handler.screen
    assert calm.isVisible()
    assert calm.message.text() == "One moment…"
    assert calm.geometry() == window.rect()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Traceback" in logged and "Boom: a bug in a slot" in logged

    with qtbot.waitSignal(window.wentHome, timeout=2000):
        pass
    assert not calm.isVisible()
    assert window.current_screen() == "home"
    assert window.isVisible()
    # the kiosk still works
    with qtbot.waitSignal(window.walkthroughStarted, timeout=1000):
        qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    assert window.walkthrough.counter.text().startswith("Step 1 of")
    qtbot.mouseClick(bar.larger_button, LEFT)
    assert crash_handler.count == 1


@pytest.mark.qt_no_exception_capture
def test_the_calm_screen_speaks_the_patients_language(qtbot, window, crash_handler):
    qtbot.mouseClick(window.top_bar.language_button, LEFT)
    assert window.lang == "es"
    window.home.walkthrough_button.clicked.connect(boom)
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    window.home.walkthrough_button.clicked.disconnect(boom)
    assert crash_handler.screen.isVisible()
    assert crash_handler.screen.message.text() == window.pack.ui["one_moment"]
    assert crash_handler.screen.message.text() != "One moment…"
    with qtbot.waitSignal(window.wentHome, timeout=2000):
        pass
    assert not crash_handler.screen.isVisible()


def test_a_keyboard_interrupt_goes_to_the_previous_hook(window):
    seen = []
    handler = CrashHandler(window, calm_ms=200)
    handler.previous = lambda *args: seen.append(args[0])
    handler(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen == [KeyboardInterrupt]
    assert not handler.screen.isVisible()
    assert not [
        t for t in window.findChildren(QTimer) if t.isActive() and t is handler.screen.timer
    ]
