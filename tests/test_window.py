"""The kiosk end to end: home, sections, the walkthrough, swipes, layouts and hostile content.

Everything here goes through the real widgets: clicks on tiles and buttons, mouse and touch
sequences sent to the window, and waits on conditions, never on the clock.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScroller

from kiosk.content import load_library
from kiosk.ui.page_text import PageText
from tests.helpers import tap_tile

LEFT = Qt.MouseButton.LeftButton


# -- helpers ---------------------------------------------------------------------------
def tile_row(window, section_id: str) -> int:
    return [s.id for s in window.pack.sections].index(section_id)


def shown_text(window) -> str:
    return window.section.browser.toPlainText()


def mouse_swipe(window, dx: int, dy: int = 0) -> None:
    """A quick horizontal drag of the mouse across the middle of the window."""
    handle = window.windowHandle()
    start = QPoint(window.width() // 2 - dx // 2, window.height() // 2)
    QTest.mousePress(handle, LEFT, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 5):
        QTest.mouseMove(handle, start + QPoint(dx * step // 4, dy * step // 4))
    QTest.mouseRelease(handle, LEFT, Qt.KeyboardModifier.NoModifier, start + QPoint(dx, dy))


def touch_swipe(window, dx: int) -> None:
    """A finger drawn quickly across the middle of the window."""
    device = QTest.createTouchDevice()
    handle = window.windowHandle()
    start = QPoint(window.width() // 2 - dx // 2, window.height() // 2)
    QTest.touchEvent(handle, device).press(0, start, handle).commit()
    for step in range(1, 5):
        QTest.touchEvent(handle, device).move(0, start + QPoint(dx * step // 4, 0), handle).commit()
    QTest.touchEvent(handle, device).release(0, start + QPoint(dx, 0), handle).commit()


def click_link(qtbot, browser, href: str) -> None:
    """Scroll the link to `href` into view and click the middle of its text."""
    document = browser.document()
    block = document.begin()
    while block.isValid():
        for fragment in fragments(block):
            if fragment.charFormat().isAnchor() and fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + fragment.length() // 2)
                bar = browser.verticalScrollBar()
                bar.setValue(bar.value() + browser.cursorRect(cursor).center().y() - 100)
                qtbot.mouseClick(browser.viewport(), LEFT, pos=browser.cursorRect(cursor).center())
                return
        block = block.next()
    raise AssertionError(f"no link to {href} in the shown section")


def fragments(block):
    iterator = block.begin()
    while not iterator.atEnd():
        yield iterator.fragment()
        iterator += 1


def write_section(folder, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def fully_inside(widget, window) -> bool:
    """True when the whole widget is visible inside the window."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    return widget.isVisible() and window.rect().contains(QRect(top_left, widget.size()))


# -- home ------------------------------------------------------------------------------
def test_home_shows_the_walkthrough_button_and_a_tile_per_section(window):
    assert window.current_screen() == "home"
    assert window.home.walkthrough_button.isVisible()
    assert window.home.walkthrough_button.text() == "What to expect at your visit"
    tiles = window.home.tiles
    titles = [tiles.model().index(r, 0).data() for r in range(tiles.model().rowCount())]
    assert titles == [s.title for s in window.pack.sections]
    assert len(titles) >= 10
    assert not window.top_bar.home_button.isVisible()  # nowhere to go back to


@pytest.mark.parametrize("row", [0, 4])
def test_tapping_a_tile_opens_that_section(qtbot, window, row):
    section = window.pack.sections[row]
    with qtbot.waitSignal(window.sectionOpened) as opened:
        tap_tile(qtbot, window, row)
    assert opened.args == [section.id]
    assert window.current_screen() == "section"
    assert window.section.section_id == section.id
    assert shown_text(window).startswith(section.title)
    assert window.section.browser.isVisible()
    assert window.top_bar.home_button.isVisible()


def test_home_button_returns_home(qtbot, window):
    tap_tile(qtbot, window, 2)
    assert window.current_screen() == "section"
    with qtbot.waitSignal(window.wentHome):
        qtbot.mouseClick(window.top_bar.home_button, LEFT)
    assert window.current_screen() == "home"
    assert window.home.tiles.isVisible()
    assert not window.top_bar.home_button.isVisible()


def test_next_and_previous_step_through_the_sections_in_order(qtbot, window):
    sections = window.pack.sections
    screen = window.section
    tap_tile(qtbot, window, 0)
    assert not screen.previous_button.isVisible()  # nowhere to go: no button
    assert screen.next_button.isEnabled()
    assert screen.section_id == sections[0].id

    seen = [screen.section_id]
    for number in range(1, len(sections)):
        assert screen.next_button.isEnabled()
        qtbot.mouseClick(screen.next_button, LEFT)
        seen.append(screen.section_id)
        assert shown_text(window).startswith(sections[number].title)
    assert seen == [s.id for s in sections]
    assert not screen.next_button.isVisible()
    assert screen.previous_button.isEnabled()
    assert screen.section_id == sections[-1].id

    qtbot.mouseClick(screen.previous_button, LEFT)
    assert screen.section_id == sections[-2].id
    assert screen.next_button.isEnabled()


def test_the_walkthrough_button_starts_the_walkthrough(qtbot, window):
    with qtbot.waitSignal(window.walkthroughStarted):
        qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    assert window.current_screen() == "walkthrough"
    steps = window.pack.walkthrough.steps
    assert window.walkthrough.counter.text() == f"Step 1 of {len(steps)}"


def test_the_language_button_switches_the_words_and_the_sections(qtbot, window):
    button = window.top_bar.language_button
    assert button.isVisible()
    assert button.text() == "Español"
    qtbot.mouseClick(button, LEFT)
    assert window.lang == "es"
    assert window.home.walkthrough_button.text() == "Qué esperar en su visita"
    tap_tile(qtbot, window, 0)
    assert shown_text(window).startswith(window.library.packs["es"].sections[0].title)
    assert window.top_bar.home_button.text() == "Inicio"
    assert button.text() == "English"
    qtbot.mouseClick(button, LEFT)  # on a section: the same section, in English
    assert window.current_screen() == "section"
    assert shown_text(window).startswith(window.library.packs["en"].sections[0].title)


def test_the_text_size_buttons_change_the_text_size(qtbot, window):
    tap_tile(qtbot, window, 0)

    def body_px():
        return window.section.browser.document().defaultFont().pixelSize()

    before = body_px()
    qtbot.mouseClick(window.top_bar.larger_button, LEFT)
    assert body_px() > before
    qtbot.mouseClick(window.top_bar.smaller_button, LEFT)
    qtbot.mouseClick(window.top_bar.smaller_button, LEFT)
    assert body_px() < before
    for _ in range(window.text_step - 1):
        qtbot.mouseClick(window.top_bar.smaller_button, LEFT)
    assert window.text_step == 1
    assert not window.top_bar.smaller_button.isEnabled()
    assert shown_text(window).startswith(window.pack.sections[0].title)


# -- swipes ----------------------------------------------------------------------------
def test_a_swipe_to_the_right_on_a_section_goes_home(qtbot, window):
    tap_tile(qtbot, window, 3)
    with qtbot.waitSignal(window.wentHome):
        mouse_swipe(window, 300)
    assert window.current_screen() == "home"


def test_a_swipe_to_the_left_or_a_slow_vertical_drag_on_a_section_stays(qtbot, window):
    tap_tile(qtbot, window, 3)
    opened = window.section.section_id
    mouse_swipe(window, -300)
    mouse_swipe(window, 60, 300)
    assert window.current_screen() == "section"
    assert window.section.section_id == opened


def test_a_finger_swipe_to_the_right_after_a_link_goes_back_to_the_section_before(qtbot, window):
    first, second = "what-ketamine-is.md", "how-it-may-help.md"
    tap_tile(qtbot, window, tile_row(window, first))
    click_link(qtbot, window.section.browser, f"section:{second}")
    assert window.section.section_id == second
    with qtbot.waitSignal(window.sectionOpened) as opened:
        touch_swipe(window, 320)
    assert opened.args == [first]
    assert window.current_screen() == "section"
    assert shown_text(window).startswith(window.pack.section(first).title)
    with qtbot.waitSignal(window.wentHome):
        touch_swipe(window, 320)
    assert window.current_screen() == "home"


# -- every page, every language ---------------------------------------------------------
def test_every_section_and_step_renders_text_in_every_language(qtbot, window):
    assert sorted(window.languages()) == ["en", "es"]
    for lang in window.languages():
        if window.lang != lang:
            qtbot.mouseClick(window.top_bar.language_button, LEFT)
        assert window.lang == lang
        pack = window.library.packs[lang]
        tap_tile(qtbot, window, 0)
        for number, section in enumerate(pack.sections):
            assert window.section.section_id == section.id
            qtbot.waitUntil(window.section.is_complete)
            text = shown_text(window)
            assert text.startswith(section.title), (lang, section.id)
            assert len(text.split()) > 30, (lang, section.id)
            if number < len(pack.sections) - 1:
                qtbot.mouseClick(window.section.next_button, LEFT)
        qtbot.mouseClick(window.top_bar.home_button, LEFT)

        qtbot.mouseClick(window.home.walkthrough_button, LEFT)
        walkthrough = window.walkthrough
        for number, step in enumerate(pack.walkthrough.steps):
            assert walkthrough.index == number
            page = walkthrough.step_scroll.widget()
            labels = page.findChildren(type(walkthrough.counter))
            body = page.findChild(PageText, "StepBody").toPlainText()
            words = " ".join([label.text() for label in labels] + [body])
            assert step.title in words, (lang, step.title)
            assert len(words.split()) > 8, (lang, step.title)
            qtbot.mouseClick(walkthrough.next_button, LEFT)
        assert walkthrough.on_summary()
        assert walkthrough.next_button.text() == pack.ui["finish"]
        qtbot.mouseClick(walkthrough.next_button, LEFT)
        assert window.current_screen() == "home"


# -- layout ----------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080), (800, 1280)])
def test_home_fits_the_walkthrough_button_and_a_full_row_of_tiles(make_window, size):
    window = make_window(size=size)
    assert window.size().toTuple() == size
    button = window.home.walkthrough_button
    assert fully_inside(button, window)
    assert button.height() >= button.minimumSizeHint().height()
    tiles = window.home.tiles
    assert fully_inside(tiles, window)
    viewport = tiles.viewport().rect()
    rects = [tiles.visualRect(tiles.model().index(r, 0)) for r in range(tiles.model().rowCount())]
    first_row = [rect for rect in rects if rect.top() == rects[0].top()]
    assert len(first_row) >= 1
    assert all(viewport.contains(rect) for rect in first_row)
    assert window.banner.isVisible() and fully_inside(window.banner, window)


def test_the_tile_grid_scrolls_by_a_drag_when_it_does_not_fit(qtbot, make_window, tmp_path):
    for number in range(30):
        write_section(tmp_path / "many", f"s{number:02}.md", f"# Section {number}\n\nText.\n")
    window = make_window(load_library(tmp_path / "many"), size=(1280, 800))
    tiles = window.home.tiles
    bar = tiles.verticalScrollBar()
    assert bar.maximum() > 0
    viewport = tiles.viewport()
    start = QPoint(viewport.width() // 2, viewport.height() - 20)
    QTest.mousePress(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 8):
        before = bar.value()
        QTest.mouseMove(viewport, start - QPoint(0, 40 * step))
        qtbot.waitUntil(lambda before=before: bar.value() > before)
    QTest.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start - QPoint(0, 280))
    assert bar.value() >= 200
    qtbot.waitUntil(lambda: QScroller.scroller(viewport).state() == QScroller.State.Inactive)
    assert window.current_screen() == "home"  # a drag is not a tap


def test_all_tiles_fit_on_a_big_screen_without_scrolling(make_window, tmp_path):
    for number in range(4):
        write_section(tmp_path / "few", f"s{number}.md", f"# Section {number}\n\nText.\n")
    window = make_window(load_library(tmp_path / "few"), size=(1920, 1080))
    assert window.home.tiles.verticalScrollBar().maximum() == 0


# -- hostile content ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    paragraph = "A calm sentence about your visit, said again to make a very long page. " * 8
    parts = [f"## Part {n}\n\n{paragraph}" for n in range(3500)]
    huge = ("# Huge page\n\n" + "\n\n".join(parts))[:2_000_000]
    write_section(folder, "a-huge.md", huge)
    write_section(folder, "b-brackets.md", "# Brackets\n\n" + "[" * 20000 + "\n\nAfter them.\n")
    nested = "\n".join("  " * depth + f"- level {depth}" for depth in range(500))
    write_section(folder, "c-nested.md", "# Nested\n\n" + nested + "\n")
    return load_library(folder)


def test_hostile_content_builds_and_the_huge_section_streams_in(
    qtbot, make_window, hostile_library
):
    started = time.perf_counter()
    window = make_window(hostile_library)
    assert time.perf_counter() - started < 5.0
    assert window.current_screen() == "home"
    assert window.home.tiles.model().rowCount() == 3

    started = time.perf_counter()
    tap_tile(qtbot, window, tile_row(window, "a-huge.md"))
    assert time.perf_counter() - started < 2.0  # the tap answers at once
    assert window.current_screen() == "section"
    text = shown_text(window)
    assert text.startswith("Loading") or text.startswith("Huge page")
    assert not window.section.is_complete()
    qtbot.waitUntil(lambda: shown_text(window).startswith("Huge page"), timeout=20000)
    qtbot.waitUntil(window.section.is_complete, timeout=60000)
    text = shown_text(window)
    assert len(text) > 1_500_000
    assert "Part 3000" in text


@pytest.mark.parametrize("section_id", ["b-brackets.md", "c-nested.md"])
def test_hostile_sections_show_their_words(qtbot, make_window, hostile_library, section_id):
    window = make_window(hostile_library)
    tap_tile(qtbot, window, tile_row(window, section_id))
    qtbot.waitUntil(window.section.is_complete, timeout=60000)
    text = shown_text(window)
    if section_id == "b-brackets.md":
        assert "[" * 1000 in text.replace("\u200b", "")  # may wrap at invisible breaks
        assert "After them." in text
    else:
        assert "level 0" in text and "level 499" in text


def test_a_link_to_a_heading_opens_that_section_at_the_heading(make_window, tmp_path):
    from kiosk.content import load_library

    (tmp_path / "a.md").write_text("# A\n\nSee [the details](b.md#the-details).\n", "utf-8")
    filler = "\n\n".join(f"Line {n} of text." for n in range(120))
    (tmp_path / "b.md").write_text(f"# B\n\n{filler}\n\n## The details\n\nHere.\n", "utf-8")
    window = make_window(library=load_library(tmp_path))
    window.open_section("a.md")
    window.section.browser.sectionLinkClicked.emit("b.md#the-details")
    assert window.section.section_id == "b.md"
    assert window.section.browser.verticalScrollBar().value() > 0


def test_clinic_name_and_front_desk_line_follow_the_language(make_window, settings):
    window = make_window(
        settings_=settings.replace(
            clinic_name="Riverside Clinic",
            front_desk_message="Feeling unwell? Tell Ana.",
            texts={"es": {"clinic_name": "Clínica Ribera", "front_desk_message": "Avise a Ana."}},
        )
    )
    assert window.top_bar.clinic_name.text() == "Riverside Clinic"
    assert window.banner.text() == "Feeling unwell? Tell Ana."
    window.set_language("es")
    assert window.top_bar.clinic_name.text() == "Clínica Ribera"
    assert window.top_bar.clinic_name.accessibleName() == "Clínica Ribera"
    assert window.banner.text() == "Avise a Ana."
    window.set_language("en")
    assert window.top_bar.clinic_name.text() == "Riverside Clinic"


def test_without_a_clinic_line_each_language_uses_its_own_words(make_window, settings):
    window = make_window(settings_=settings.replace(texts={"es": {"clinic_name": "Clínica"}}))
    window.set_language("es")
    assert window.banner.text() == window.library.packs["es"].ui["unwell"]
    assert window.top_bar.clinic_name.text() == "Clínica"
