"""The guided walkthrough: steps, stages, swipes, the checklist and its summary."""

from __future__ import annotations

import pytest
from helpers import tap_tile
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from kiosk.content import load_library
from kiosk.ui.page_text import PageText

LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def start(qtbot, window):
    """Tap the walkthrough button on the home screen."""
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    assert window.current_screen() == "walkthrough"
    return window.walkthrough


def tap(qtbot, walkthrough, widget) -> None:
    """Tap a widget on the walkthrough page, scrolled into view first as a finger would."""
    walkthrough.step_scroll.ensureWidgetVisible(widget)
    qtbot.mouseClick(widget, LEFT, pos=widget.rect().center())


def to_summary(qtbot, walkthrough) -> None:
    """Tap Next until the checklist summary shows (at most once a step)."""
    for _ in range(len(walkthrough.steps) - walkthrough.index):
        qtbot.mouseClick(walkthrough.next_button, LEFT)
    assert walkthrough.on_summary()


def swipe(window, dx: int) -> None:
    """A quick horizontal mouse drag across the middle of the window."""
    handle = window.windowHandle()
    begin = QPoint(window.width() // 2 - dx // 2, window.height() // 2)
    QTest.mousePress(handle, LEFT, NO_MODIFIER, begin)
    for step in range(1, 5):
        QTest.mouseMove(handle, begin + QPoint(dx * step // 4, 0))
    QTest.mouseRelease(handle, LEFT, NO_MODIFIER, begin + QPoint(dx, 0))


def finger_swipe(window, dx: int) -> None:
    device = QTest.createTouchDevice()
    handle = window.windowHandle()
    begin = QPoint(window.width() // 2 - dx // 2, window.height() // 2)
    QTest.touchEvent(handle, device).press(0, begin, handle).commit()
    for step in range(1, 5):
        QTest.touchEvent(handle, device).move(0, begin + QPoint(dx * step // 4, 0), handle).commit()
    QTest.touchEvent(handle, device).release(0, begin + QPoint(dx, 0), handle).commit()


def page_words(walkthrough) -> str:
    page = walkthrough.step_scroll.widget()
    labels = [label.text() for label in page.findChildren(QLabel)]
    return " ".join(labels + [text.toPlainText() for text in page.findChildren(PageText)])


def current_stages(walkthrough) -> list[str]:
    return [label.text() for label in walkthrough.stage_labels if label.property("current")]


# -- moving through the steps ------------------------------------------------------------
def test_next_and_back_move_between_steps_and_the_counter_follows(qtbot, window):
    walkthrough = start(qtbot, window)
    steps = window.pack.walkthrough.steps
    total = len(steps)
    assert total >= 10
    assert walkthrough.counter.text() == f"Step 1 of {total}"
    assert walkthrough.counter.isVisible()
    assert steps[0].title in page_words(walkthrough)
    assert walkthrough.back_button.isEnabled()  # on the first step it leads home
    assert walkthrough.progress.value() == 1 and walkthrough.progress.maximum() == total

    qtbot.mouseClick(walkthrough.next_button, LEFT)
    assert walkthrough.counter.text() == f"Step 2 of {total}"
    assert steps[1].title in page_words(walkthrough)
    assert steps[0].title not in page_words(walkthrough)
    assert walkthrough.back_button.isEnabled()
    assert walkthrough.progress.value() == 2
    qtbot.mouseClick(walkthrough.next_button, LEFT)
    assert walkthrough.counter.text() == f"Step 3 of {total}"
    qtbot.mouseClick(walkthrough.back_button, LEFT)
    qtbot.mouseClick(walkthrough.back_button, LEFT)
    assert walkthrough.counter.text() == f"Step 1 of {total}"
    assert steps[0].title in page_words(walkthrough)
    assert window.current_screen() == "walkthrough"
    qtbot.mouseClick(walkthrough.back_button, LEFT)  # the first step's Back leads home,
    assert window.current_screen() == "home"  # as a swipe to the right does


def test_sections_at_the_ends_show_no_button_that_leads_nowhere(qtbot, window):
    sections = window.pack.sections
    window.open_section(sections[0].id)
    screen = window.section
    assert not screen.previous_button.isVisible()
    assert screen.next_button.isVisible()
    qtbot.mouseClick(screen.next_button, LEFT)
    assert screen.section_id == sections[1].id
    assert screen.previous_button.isVisible()
    window.open_section(sections[-1].id)
    assert screen.previous_button.isVisible()
    assert not screen.next_button.isVisible()


def test_home_opens_at_the_top_of_the_tiles(qtbot, make_window):
    window = make_window(size=(800, 1280))
    window.set_text_step(5)
    tiles = window.home.tiles
    bar = tiles.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    tap_tile(qtbot, window, tiles.model().rowCount() - 1)
    assert window.current_screen() == "section"
    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    assert window.current_screen() == "home"
    assert bar.value() == 0


def test_swiping_left_and_right_moves_between_steps(qtbot, window):
    walkthrough = start(qtbot, window)
    total = len(window.pack.walkthrough.steps)
    swipe(window, -300)
    assert walkthrough.counter.text() == f"Step 2 of {total}"
    finger_swipe(window, -300)
    qtbot.waitUntil(lambda: walkthrough.counter.text() == f"Step 3 of {total}")
    swipe(window, 300)
    assert walkthrough.counter.text() == f"Step 2 of {total}"
    finger_swipe(window, 300)
    qtbot.waitUntil(lambda: walkthrough.counter.text() == f"Step 1 of {total}")
    with qtbot.waitSignal(window.wentHome):
        swipe(window, 300)  # right on the first step: back to the start
    assert window.current_screen() == "home"


def test_a_swipe_left_on_the_summary_stays_there(qtbot, window):
    walkthrough = start(qtbot, window)
    for _ in window.pack.walkthrough.steps:
        swipe(window, -300)
    assert walkthrough.on_summary()
    swipe(window, -300)
    assert walkthrough.on_summary()
    assert window.current_screen() == "walkthrough"
    swipe(window, 300)
    assert walkthrough.counter.text().startswith("Step ")


def test_stage_labels_name_the_stages_and_mark_the_current_one(qtbot, window):
    walkthrough = start(qtbot, window)
    stages = window.pack.walkthrough.stages
    titles = [label.text() for label in walkthrough.stage_labels]
    assert titles == [stage.title for stage in stages]
    assert titles == ["Before your infusion", "During your infusion", "After your infusion"]
    assert all(label.isVisible() for label in walkthrough.stage_labels)
    assert current_stages(walkthrough) == [stages[0].title]
    assert walkthrough.stage_labels[0].property("current") is True
    for _ in stages[0].steps:
        qtbot.mouseClick(walkthrough.next_button, LEFT)
    assert current_stages(walkthrough) == [stages[1].title]
    assert walkthrough.stage_labels[0].property("current") is False
    qtbot.mouseClick(walkthrough.back_button, LEFT)
    assert current_stages(walkthrough) == [stages[0].title]
    to_summary(qtbot, walkthrough)
    assert current_stages(walkthrough) == []  # the summary belongs to no stage


def test_the_current_stage_looks_different(qtbot, window):
    walkthrough = start(qtbot, window)
    current, other = walkthrough.stage_labels[0], walkthrough.stage_labels[1]
    current_colour = current.palette().color(current.backgroundRole())
    other_colour = other.palette().color(other.backgroundRole())
    assert current.grab().toImage() != other.grab().toImage()
    assert current_colour != other_colour or current.font().bold() != other.font().bold()


# -- the checklist -------------------------------------------------------------------------
def test_a_tapped_checklist_item_is_ticked_on_the_summary(qtbot, window):
    walkthrough = start(qtbot, window)
    first_step = window.pack.walkthrough.steps[0]
    assert len(walkthrough.items) == len(first_step.checklist) >= 2
    item = walkthrough.items[0]
    assert item.isVisible() and not item.isChecked()
    assert item.text() == first_step.checklist[0].text
    tap(qtbot, walkthrough, item)
    assert item.isChecked()
    assert item.accessibleDescription() == "done"

    qtbot.mouseClick(walkthrough.next_button, LEFT)
    qtbot.mouseClick(walkthrough.back_button, LEFT)
    assert [i.isChecked() for i in walkthrough.items] == [True] + [False] * (
        len(walkthrough.items) - 1
    )

    to_summary(qtbot, walkthrough)
    summary = {i.item_id: i for i in walkthrough.items}
    assert len(summary) == len(window.pack.walkthrough.checklist)
    ticked = [i.text() for i in summary.values() if i.isChecked()]
    assert ticked == [first_step.checklist[0].text]
    assert summary[first_step.checklist[0].id].accessibleDescription() == "done"
    assert summary[first_step.checklist[1].id].accessibleDescription() == "not done"
    assert summary[first_step.checklist[0].id].isVisible()

    # a tap on the summary ticks and unticks too
    last = walkthrough.items[-1]
    tap(qtbot, walkthrough, last)
    assert last.isChecked()
    tap(qtbot, walkthrough, summary[first_step.checklist[0].id])
    assert not summary[first_step.checklist[0].id].isChecked()
    qtbot.mouseClick(walkthrough.back_button, LEFT)
    assert walkthrough.items[-1].isChecked()


def test_the_summary_finish_button_returns_home(qtbot, window):
    walkthrough = start(qtbot, window)
    to_summary(qtbot, walkthrough)
    assert walkthrough.next_button.text() == "Back to the start"
    assert walkthrough.counter.text() == ""
    assert "Your checklist" in page_words(walkthrough)
    with qtbot.waitSignal(window.walkthroughFinished):
        qtbot.mouseClick(walkthrough.next_button, LEFT)
    assert window.current_screen() == "home"
    start(qtbot, window)  # a second go starts at the first step
    assert walkthrough.counter.text().startswith("Step 1 of")


def test_ticks_last_for_the_visit_and_are_forgotten_for_the_next_patient(qtbot, window):
    walkthrough = start(qtbot, window)
    tap(qtbot, walkthrough, walkthrough.items[0])
    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    start(qtbot, window)
    assert walkthrough.items[0].isChecked()
    window.reset_patient_state()
    start(qtbot, window)
    assert not walkthrough.items[0].isChecked()


def test_the_walkthrough_in_spanish(qtbot, window):
    qtbot.mouseClick(window.top_bar.language_button, LEFT)
    walkthrough = start(qtbot, window)
    pack = window.library.packs["es"]
    total = len(pack.walkthrough.steps)
    assert walkthrough.counter.text() == f"Paso 1 de {total}"
    assert [label.text() for label in walkthrough.stage_labels] == [
        stage.title for stage in pack.walkthrough.stages
    ]
    assert walkthrough.next_button.text() == "Siguiente"
    tap(qtbot, walkthrough, walkthrough.items[0])
    assert walkthrough.items[0].accessibleDescription() == "listo"
    qtbot.mouseClick(window.top_bar.language_button, LEFT)  # switching keeps the place
    assert walkthrough.counter.text() == f"Step 1 of {len(window.pack.walkthrough.steps)}"


# -- links and odd content -------------------------------------------------------------------
@pytest.fixture
def linked_library(tmp_path):
    folder = tmp_path / "linked"
    (folder / "walkthrough").mkdir(parents=True)
    (folder / "side-effects.md").write_text("# Side effects\n\nWhat you may feel.\n")
    (folder / "walkthrough" / "before.md").write_text(
        "# Before\n\n## Read first\n\n[Side effects](side-effects.md)\n\n"
        "## Web\n\n[A web page](https://example.com)\n"
    )
    return load_library(folder)


def test_a_link_in_a_step_opens_its_section(qtbot, make_window, linked_library):
    window = make_window(linked_library)
    walkthrough = start(qtbot, window)
    assert walkthrough.counter.text() == "Step 1 of 2"
    [body] = [
        text
        for text in walkthrough.step_scroll.widget().findChildren(PageText)
        if "Side effects" in text.toPlainText()
    ]
    link = body.document().find("Side effects")
    link.setPosition(link.selectionStart() + 2)
    with qtbot.waitSignal(window.sectionOpened) as opened:
        qtbot.mouseClick(body.viewport(), LEFT, pos=body.cursorRect(link).center())
    assert opened.args == ["side-effects.md"]
    assert window.current_screen() == "section"
    assert window.section.browser.toPlainText().startswith("Side effects")


def test_a_web_link_in_a_step_is_plain_text(qtbot, make_window, linked_library):
    window = make_window(linked_library)
    walkthrough = start(qtbot, window)
    qtbot.mouseClick(walkthrough.next_button, LEFT)
    words = page_words(walkthrough)
    assert "A web page" in words
    assert "example.com" not in words
    assert window.current_screen() == "walkthrough"


def test_a_walkthrough_without_a_checklist_says_there_is_nothing_to_tick(
    qtbot, make_window, linked_library
):
    window = make_window(linked_library)
    walkthrough = start(qtbot, window)
    to_summary(qtbot, walkthrough)
    assert "There is nothing to tick off." in page_words(walkthrough)
    assert walkthrough.items == []


def test_no_walkthrough_button_without_steps(make_window, tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "only.md").write_text("# Only\n\nOne page.\n")
    window = make_window(load_library(folder))
    assert not window.home.walkthrough_button.isVisible()
    assert window.home.tiles.model().rowCount() == 1
