"""Small building blocks: a button whose words wrap instead of being cut off."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.layout_audit import audit
from kiosk.ui.widgets import WrappingButton, big_button

SENTENCE = "Tell a staff member right away, even if it seems like a small thing to you"


def test_a_long_answer_wraps_onto_more_lines_and_stays_whole(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    button = WrappingButton(SENTENCE, name="Answer")
    QVBoxLayout(window).addWidget(button)
    window.resize(360, 400)
    window.show()
    qtbot.waitUntil(lambda: button.height() > 64)  # two or more lines of words
    assert window.width() == 360  # it did not widen the screen to fit on one line
    assert audit("answer", window) == []
    assert button.words.text() == SENTENCE
    assert button.accessibleName() == SENTENCE


def test_a_plain_push_button_as_wide_would_cut_the_same_words(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    button = big_button(SENTENCE, name="Answer")
    button.setParent(window)
    button.setGeometry(10, 10, 340, 64)
    window.resize(360, 400)
    window.show()
    assert any("cut off" in finding.problem for finding in audit("answer", window))


def test_a_finger_on_the_words_presses_the_button(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    button = WrappingButton(SENTENCE)
    QVBoxLayout(window).addWidget(button)
    window.resize(360, 400)
    window.show()
    qtbot.waitExposed(window)
    where = button.words.mapTo(window, button.words.rect().center())
    with qtbot.waitSignal(button.clicked):
        QTest.mouseClick(
            window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where
        )
