"""The layout audit sees what a patient would: cut-off words, tiny or overlapping controls."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QToolButton, QVBoxLayout, QWidget

from kiosk.content import load_library
from kiosk.ui.layout_audit import MIN_TARGET_PX, audit
from kiosk.ui.screen_tour import tour
from kiosk.ui.widgets import big_button
from tests.helpers import retitle

LONG_TITLE = (
    "A very long title that nobody should ever give a section because it goes on and on "
    "about everything a patient could want to know before, during and after an infusion"
)


def test_a_plain_window_with_room_for_everything_passes(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("Short words"))
    button = big_button("Next")
    button.setMinimumHeight(64)
    layout.addWidget(button)
    window.resize(400, 300)
    window.show()
    assert audit("plain", window) == []


def test_a_label_too_narrow_for_its_words_is_named(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    label = QLabel("These words do not fit", window)
    label.setGeometry(0, 0, 40, 30)
    window.resize(400, 300)
    window.show()
    findings = audit("narrow", window)
    assert [str(f) for f in findings] == [
        f'narrow: QLabel "These words do not fit": {findings[0].problem}'
    ]
    assert "cut off" in findings[0].problem


def test_small_and_overlapping_buttons_are_named(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    tiny = QToolButton(window)  # the kiosk's style sheet keeps push buttons at 48 px or more
    tiny.setObjectName("Tiny")
    tiny.setText("A")
    tiny.setGeometry(10, 10, 30, 30)
    first = big_button("One", name="First")
    first.setParent(window)
    first.setGeometry(100, 100, 120, 64)
    second = big_button("Two", name="Second")
    second.setParent(window)
    second.setGeometry(150, 120, 120, 64)
    window.resize(400, 300)
    window.show()
    problems = [str(f) for f in audit("buttons", window)]
    assert f'buttons: Tiny "A": touch target 30×30 px, under {MIN_TARGET_PX} px' in problems
    assert 'buttons: First "One": overlaps Second "Two"' in problems


def test_a_too_long_tile_title_fails_the_audit_on_the_home_screen(qtbot, make_window, own_content):
    retitle(own_content / "en" / "side-effects.md", LONG_TITLE)
    library = load_library(own_content)
    window = make_window(library=library)
    drawn, findings = tour(window, shapes=((1280, 800),), sizes=(3,))
    pack = library.pack("en")
    screens = 1 + len(pack.sections) + len(pack.walkthrough.steps) + 2  # summary, take-home
    assert (len(pack.sections), len(pack.walkthrough.steps)) == (13, 14)
    assert drawn == 2 * screens  # two languages
    home = [f for f in findings if f.screen == "en-size3-1280x800-home"]
    assert len(home) == 1
    assert home[0].widget.startswith("Tiles")
    assert LONG_TITLE in home[0].problem
    assert not [f for f in findings if f.screen.startswith("es-") and "tile" in f.problem]


def test_a_too_long_button_label_fails_the_audit_on_the_step_screens(
    qtbot, make_window, own_content
):
    words = own_content / "en" / "language.toml"
    long_next = "Go on to the next step of your visit now, please"
    words.write_text(
        words.read_text(encoding="utf-8") + f'\n[ui]\nnext = "{long_next}"\n', encoding="utf-8"
    )
    window = make_window(library=load_library(own_content), size=(800, 1280))
    _drawn, findings = tour(window, shapes=((800, 1280),), sizes=(5,))
    clipped = {f.screen for f in findings if long_next[:20] in f.widget}
    assert "en-size5-800x1280-step-01" in clipped
    assert not any(screen.startswith("es-") for screen in clipped)
