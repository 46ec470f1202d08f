"""A keypad alone reaches everything, and with it the kiosk says where it is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.ui import speech

RIGHT, LEFT_KEY, DOWN = Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Down
ENTER, BACKSPACE = Qt.Key.Key_Return, Qt.Key.Key_Backspace


def press(window, key) -> None:
    """A key on the keypad, delivered to the window as the keyboard delivers it."""
    QTest.keyClick(window.windowHandle(), key)


def move_to(window, widget, key=RIGHT, most: int = 40) -> None:
    """Press an arrow until the widget has the focus (as a person would, counting presses)."""
    for _ in range(most):
        if QApplication.focusWidget() is widget:
            return
        press(window, key)
    raise AssertionError(
        f"{widget.objectName()} never reached; focus on {QApplication.focusWidget()}"
    )


@pytest.fixture
def keypad_window(make_window, settings):
    settings_ = (
        settings.replace(speech_engine="mock") if "mock" in speech.available_engines() else None
    )
    window = make_window(settings_=settings_)
    with_focus = window.windowHandle()
    window.activateWindow()
    window.setFocus()
    assert with_focus is not None
    return window


def test_a_keypad_walks_from_home_through_the_whole_walkthrough_and_back(qtbot, keypad_window):
    window = keypad_window
    walkthrough = window.walkthrough
    move_to(window, window.home.walkthrough_button)
    press(window, ENTER)
    assert window.current_screen() == "walkthrough"
    total = len(walkthrough.steps)
    while not walkthrough.on_summary():
        index = walkthrough.index
        move_to(window, walkthrough.next_button)
        press(window, ENTER)
        assert walkthrough.index == index + 1
    assert walkthrough.index == total
    # and back, one step at a time, then home
    for index in range(total - 1, -1, -1):
        press(window, BACKSPACE)
        assert walkthrough.index == index
    press(window, BACKSPACE)
    assert window.current_screen() == "home"


def test_arrows_move_between_tiles_and_enter_opens_one(qtbot, keypad_window):
    window = keypad_window
    tiles = window.home.tiles
    move_to(window, tiles)
    first = tiles.currentIndex().row() if tiles.currentIndex().isValid() else -1
    press(window, RIGHT)
    press(window, RIGHT)
    row = tiles.currentIndex().row()
    assert row > first
    press(window, ENTER)
    assert window.current_screen() == "section"
    assert window.section.section_id == window.pack.sections[row].id
    press(window, BACKSPACE)
    assert window.current_screen() == "home"


def test_down_scrolls_a_long_page_before_moving_on(qtbot, keypad_window):
    window = keypad_window
    window.set_text_step(5)
    window.open_section(window.pack.sections[0].id)
    qtbot.waitUntil(window.section.is_complete)
    browser = window.section.browser
    browser.setFocus()
    bar = browser.verticalScrollBar()
    assert bar.maximum() > 0
    press(window, DOWN)
    assert bar.value() > 0
    assert QApplication.focusWidget() is browser


def test_with_the_keypad_each_control_and_heading_is_spoken(qtbot, keypad_window):
    if "mock" not in speech.available_engines():
        pytest.skip("Qt's mock text-to-speech engine is not installed")
    window = keypad_window
    said: list[str] = []
    window.speaker.announced.connect(said.append)
    assert not window.session.spoken_guidance
    press(window, RIGHT)
    assert window.session.spoken_guidance
    assert said[0] == window.pack.ui["keypad_help"]
    move_to(window, window.home.walkthrough_button)
    assert said[-1].startswith(window.pack.ui["walkthrough_button"])
    press(window, ENTER)
    first = window.walkthrough.steps[0].title
    assert any(first in words for words in said)  # the step's heading
    assert not window.speaker.is_speaking()  # cues are not a reading: the idle time runs on


def test_plus_and_minus_change_the_volume(qtbot, keypad_window):
    window = keypad_window
    press(window, Qt.Key.Key_Plus)
    assert window.session.volume_step == 3
    press(window, Qt.Key.Key_Plus)
    assert window.session.volume_step == 3  # the loudest step stays
    press(window, Qt.Key.Key_Minus)
    press(window, Qt.Key.Key_Minus)
    assert window.session.volume_step == 1


def test_the_idle_warning_is_spoken_to_a_keypad_user(qtbot, start_kiosk, settings):
    if "mock" not in speech.available_engines():
        pytest.skip("Qt's mock text-to-speech engine is not installed")
    window, mode = start_kiosk(
        settings.replace(speech_engine="mock", idle_seconds=60, idle_warning_seconds=20)
    )
    said: list[str] = []
    window.speaker.announced.connect(said.append)
    press(window, RIGHT)  # the keypad turns spoken guidance on
    # listening from before the short idle time is set: the warning may start while the
    # key below is still being handled
    with qtbot.waitSignal(mode.idle.warningStarted, timeout=3000):
        mode.idle.set_idle_ms(50)
        press(window, RIGHT)  # the idle time starts again from this key, now short
    qtbot.waitUntil(lambda: any("Are you still reading?" in words for words in said))
    assert any("20 seconds" in words for words in said)
    assert mode.warning.isVisible()
    assert not window.speaker.is_speaking()  # a cue: the countdown is not paused by it
    assert mode.idle.is_counting()
