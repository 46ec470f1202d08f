"""A section on screen: links, flick scrolling by finger and mouse, no selection, long pages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScroller

from kiosk.content import load_library

LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


# -- helpers ---------------------------------------------------------------------------
def write(folder, name: str, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def open_section(qtbot, window, section_id: str) -> None:
    """Tap the section's tile on the home screen."""
    tiles = window.home.tiles
    row = [s.id for s in window.pack.sections].index(section_id)
    index = tiles.model().index(row, 0)
    tiles.scrollTo(index)
    qtbot.mouseClick(tiles.viewport(), LEFT, pos=tiles.visualRect(index).center())
    assert window.section.section_id == section_id
    qtbot.waitUntil(window.section.is_complete)


def fragments(block):
    iterator = block.begin()
    while not iterator.atEnd():
        yield iterator.fragment()
        iterator += 1


def point_of_text(browser, words: str) -> QPoint:
    """Scroll `words` into view; the viewport point in the middle of them."""
    found = browser.document().find(words)
    assert not found.isNull(), f"{words!r} is not shown"
    cursor = QTextCursor(browser.document())
    cursor.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    bar = browser.verticalScrollBar()
    bar.setValue(bar.value() + browser.cursorRect(cursor).center().y() - 100)
    return browser.cursorRect(cursor).center()


def link_texts(browser) -> dict[str, str]:
    """href -> shown text of every link in the document."""
    links = {}
    block = browser.document().begin()
    while block.isValid():
        for fragment in fragments(block):
            fmt = fragment.charFormat()
            if fmt.isAnchor() and fmt.anchorHref():
                links[fmt.anchorHref()] = fragment.text()
        block = block.next()
    return links


class UrlRecorder(QObject):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def record(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def opened_urls(monkeypatch):
    """Every URL anything asks the desktop to open, from Python or from inside Qt."""
    recorder = UrlRecorder()
    schemes = ("http", "https", "mailto", "file", "ftp", "tel")
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, recorder, "record")
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: recorder.record(QUrl(url)))
    yield recorder.urls
    for scheme in schemes:
        QDesktopServices.unsetUrlHandler(scheme)


def drag(qtbot, viewport, kind: str, start: QPoint, dy: int, steps: int = 7) -> None:
    """Drag a finger or the mouse from start by dy, step by step, letting the page follow.

    Each step waits until the page has moved, so the drag takes the time a real one takes
    and the scroller measures a real speed.
    """
    bar = viewport.parent().verticalScrollBar()
    device = QTest.createTouchDevice() if kind == "touch" else None
    if device:
        QTest.touchEvent(viewport, device).press(0, start, viewport).commit()
    else:
        QTest.mousePress(viewport, LEFT, NO_MODIFIER, start)
    for step in range(1, steps + 1):
        before = bar.value()
        point = start + QPoint(0, dy * step // steps)
        if device:
            QTest.touchEvent(viewport, device).move(0, point, viewport).commit()
        else:
            QTest.mouseMove(viewport, point)
        qtbot.waitUntil(lambda before=before: bar.value() != before)
    end = start + QPoint(0, dy)
    if device:
        QTest.touchEvent(viewport, device).release(0, end, viewport).commit()
    else:
        QTest.mouseRelease(viewport, LEFT, NO_MODIFIER, end)


@pytest.fixture(scope="module")
def long_library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long")
    paragraph = "Your care team checks on you often and answers every question you have. " * 5
    body = "\n\n".join(f"## Part {n}\n\n{paragraph}" for n in range(60))
    write(folder, "long.md", f"# A long page\n\n{body}\n")
    write(folder, "short.md", "# A short page\n\nJust a few words.\n")
    return load_library(folder)


# -- links -------------------------------------------------------------------------------
def test_tapping_a_link_to_another_section_opens_it(qtbot, window, opened_urls):
    open_section(qtbot, window, "about-this-information.md")
    browser = window.section.browser
    links = link_texts(browser)
    assert links == {"section:what-the-research-shows.md": "What the research shows"}
    with qtbot.waitSignal(window.sectionOpened) as opened:
        qtbot.mouseClick(browser.viewport(), LEFT, pos=point_of_text(browser, "research shows"))
    assert opened.args == ["what-the-research-shows.md"]
    assert window.current_screen() == "section"
    title = window.pack.section("what-the-research-shows.md").title
    assert browser.toPlainText().startswith(title)
    assert browser.verticalScrollBar().value() == 0  # a new page starts at its top
    assert opened_urls == []
    assert browser.blocked_links == []


@pytest.fixture
def outside_links(tmp_path):
    folder = write(
        tmp_path / "links",
        "links.md",
        "# Links\n\n"
        "Go to [web](https://example.com) or [mail](mailto:a@b.c) "
        "or [file](file:///etc/passwd) or [other](other.md).\n\n"
        'Raw HTML too: <a href="https://example.com/raw">raw link</a>.\n',
    )
    write(folder, "other.md", "# Other\n\nThe other page.\n")
    return load_library(folder)


@pytest.mark.parametrize("words", ["web", "mail", "file"])
def test_tapping_a_link_that_leaves_the_kiosk_opens_nothing(
    qtbot, make_window, outside_links, opened_urls, words
):
    window = make_window(outside_links)
    open_section(qtbot, window, "links.md")
    browser = window.section.browser
    assert set(link_texts(browser)) == {"section:other.md"}
    qtbot.mouseClick(browser.viewport(), LEFT, pos=point_of_text(browser, words))
    assert window.section.section_id == "links.md"
    assert window.current_screen() == "section"
    assert opened_urls == []


def test_a_raw_html_link_is_plain_text(qtbot, make_window, outside_links, opened_urls):
    window = make_window(outside_links)
    open_section(qtbot, window, "links.md")
    browser = window.section.browser
    assert "raw link" in browser.toPlainText()
    with qtbot.assertNotEmitted(browser.anchorClicked):
        qtbot.mouseClick(browser.viewport(), LEFT, pos=point_of_text(browser, "raw link"))
    assert browser.anchorAt(point_of_text(browser, "raw link")) == ""  # nothing to tap
    assert browser.blocked_links == []
    assert window.section.section_id == "links.md"
    assert browser.toPlainText().startswith("Links")
    assert opened_urls == []
    # the page's own link still works
    with qtbot.waitSignal(window.sectionOpened):
        qtbot.mouseClick(browser.viewport(), LEFT, pos=point_of_text(browser, "other"))
    assert window.section.section_id == "other.md"


def test_a_link_to_a_heading_on_the_same_page_scrolls_there(qtbot, make_window, tmp_path):
    body = "\n\n".join(f"Paragraph {n} of calm words about the visit." for n in range(80))
    folder = write(
        tmp_path / "anchor",
        "page.md",
        f"# Page\n\n[Jump down](#the-end)\n\n{body}\n\n"
        '<h2 id="the-end">The end</h2>\n\nLast words.\n',
    )
    window = make_window(load_library(folder))
    open_section(qtbot, window, "page.md")
    browser = window.section.browser
    qtbot.mouseClick(browser.viewport(), LEFT, pos=point_of_text(browser, "Jump down"))
    qtbot.waitUntil(lambda: browser.verticalScrollBar().value() > 500)
    assert window.section.section_id == "page.md"
    assert browser.blocked_links == []


# -- flick scrolling ------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["touch", "mouse"])
def test_a_flick_scrolls_the_page_with_momentum_then_stops(qtbot, make_window, long_library, kind):
    window = make_window(long_library)
    open_section(qtbot, window, "long.md")
    browser = window.section.browser
    viewport = browser.viewport()
    bar = browser.verticalScrollBar()
    scroller = QScroller.scroller(viewport)
    assert bar.maximum() > 3000
    assert bar.value() == 0

    start = QPoint(viewport.width() // 2, viewport.height() - 40)
    drag(qtbot, viewport, kind, start, -140)
    at_release = bar.value()
    assert at_release >= 100  # the page followed the finger
    qtbot.waitUntil(lambda: bar.value() > at_release + 20)  # and glides on after it lifts
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive, timeout=10000)
    assert bar.value() > at_release + 20
    assert bar.value() < bar.maximum()  # it slowed down and stopped by itself
    assert not browser.textCursor().hasSelection()
    assert window.current_screen() == "section"
    assert window.section.section_id == "long.md"


def test_a_finger_drag_never_selects_text(qtbot, make_window, long_library):
    window = make_window(long_library)
    open_section(qtbot, window, "long.md")
    browser = window.section.browser
    viewport = browser.viewport()
    device = QTest.createTouchDevice()
    start = QPoint(viewport.width() // 2, viewport.height() // 2)
    # a slow sideways-and-down drag, as a finger tracing a line of text
    QTest.touchEvent(viewport, device).press(0, start, viewport).commit()
    for step in range(1, 10):
        point = start + QPoint(40 * step, 6 * step)
        QTest.touchEvent(viewport, device).move(0, point, viewport).commit()
    QTest.touchEvent(viewport, device).release(0, start + QPoint(360, 54), viewport).commit()
    qtbot.mouseDClick(viewport, LEFT, pos=start)  # a double tap selects no word either
    scroller = QScroller.scroller(viewport)
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive, timeout=10000)
    assert not browser.textCursor().hasSelection()
    assert browser.textCursor().selectedText() == ""


def test_a_tap_on_plain_text_does_nothing(qtbot, make_window, long_library):
    window = make_window(long_library)
    open_section(qtbot, window, "long.md")
    browser = window.section.browser
    qtbot.mouseClick(browser.viewport(), LEFT, pos=point_of_text(browser, "Part 1"))
    assert window.section.section_id == "long.md"
    assert browser.blocked_links == []
    assert not browser.textCursor().hasSelection()


# -- coming back ----------------------------------------------------------------------------
def test_a_section_opens_where_the_patient_left_it(qtbot, make_window, long_library):
    window = make_window(long_library)
    open_section(qtbot, window, "long.md")
    bar = window.section.browser.verticalScrollBar()
    bar.setValue(1500)
    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    open_section(qtbot, window, "short.md")
    assert window.section.browser.verticalScrollBar().value() == 0
    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    open_section(qtbot, window, "long.md")
    assert bar.value() == 1500
    window.reset_patient_state()  # the next patient starts at the top
    open_section(qtbot, window, "long.md")
    assert bar.value() == 0


@pytest.fixture(scope="module")
def huge_library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("huge")
    paragraph = "A calm sentence about your visit, said again to make a long page. " * 6
    body = "\n\n".join(f"## Part {n}\n\n{paragraph}" for n in range(1500))
    write(folder, "huge.md", f"# Huge page\n\n{body}\n")
    one_piece = "word " * 7000  # longer than a piece, with no blank line to cut at
    write(folder, "one-piece.md", f"# One piece\n\n{one_piece}\n")
    write(folder, "small.md", "# Small page\n\nA few words.\n")
    return load_library(folder)


def test_leaving_a_long_section_while_it_loads_and_coming_back_shows_all_of_it(
    qtbot, make_window, huge_library
):
    window = make_window(huge_library)
    browser = window.section.browser
    window.open_section("huge.md")
    assert not window.section.is_complete()
    qtbot.mouseClick(window.top_bar.home_button, LEFT)  # gone before the page arrived
    window.open_section("small.md")
    qtbot.waitUntil(lambda: not window.renderer.busy(), timeout=60000)
    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    window.open_section("huge.md")
    qtbot.waitUntil(window.section.is_complete, timeout=60000)
    text = browser.toPlainText()
    assert text.startswith("Huge page")
    assert "Part 1499" in text


def test_leaving_a_long_section_while_its_pieces_are_added_and_coming_back(
    qtbot, make_window, huge_library
):
    window = make_window(huge_library)
    browser = window.section.browser
    window.open_section("huge.md")
    qtbot.waitUntil(lambda: browser.toPlainText().startswith("Huge page"), timeout=60000)
    assert "Part 1499" not in browser.toPlainText()
    window.open_section("small.md")  # part of the page is shown, the rest still to come
    qtbot.waitUntil(lambda: not window.renderer.busy(), timeout=60000)
    window.open_section("huge.md")
    qtbot.waitUntil(window.section.is_complete, timeout=60000)
    assert "Part 1499" in browser.toPlainText()
    assert browser.toPlainText().count("Part 700\n") == 1


def test_changing_the_text_size_while_a_long_section_loads_still_shows_all_of_it(
    qtbot, make_window, huge_library
):
    window = make_window(huge_library)
    browser = window.section.browser
    window.open_section("huge.md")
    qtbot.mouseClick(window.top_bar.larger_button, LEFT)
    qtbot.waitUntil(lambda: browser.toPlainText().startswith("Huge page"), timeout=60000)
    qtbot.mouseClick(window.top_bar.larger_button, LEFT)
    qtbot.waitUntil(window.section.is_complete, timeout=60000)
    assert "Part 1499" in browser.toPlainText()
    assert browser.document().defaultFont().pixelSize() == window.body_px


def test_a_long_section_in_one_piece_is_complete_once_shown(qtbot, make_window, huge_library):
    window = make_window(huge_library)
    window.open_section("one-piece.md")
    qtbot.waitUntil(window.section.is_complete, timeout=60000)
    assert window.section.browser.toPlainText().startswith("One piece")
    assert window.section.browser.toPlainText().count("word") == 7000


# -- how the page reads ----------------------------------------------------------------
def line_gaps(document) -> list[float]:
    """The distance from one line of text to the next, inside every paragraph."""
    gaps = []
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        for number in range(1, layout.lineCount()):
            gaps.append(layout.lineAt(number).y() - layout.lineAt(number - 1).y())
        block = block.next()
    return gaps


@pytest.mark.parametrize("step", [1, 5])
def test_lines_are_about_one_and_a_half_apart(qtbot, make_window, long_library, step):
    window = make_window(library=long_library)
    window.set_text_step(step)
    open_section(qtbot, window, window.pack.sections[0].id)
    px = window.body_px
    gaps = line_gaps(window.section.browser.document())
    assert gaps
    assert all(1.35 * px <= gap <= 1.65 * px for gap in gaps), (px, sorted(set(gaps)))


def test_a_picture_is_followed_by_no_more_than_a_paragraph_gap(qtbot, make_window, tmp_path):
    from PySide6.QtGui import QImage

    root = tmp_path / "content"
    picture = QImage(600, 300, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.darkCyan)
    (root / "en").mkdir(parents=True)
    picture.save(str(root / "en" / "photo.png"))
    page = "# Pictures\n\n![A photo](photo.png)\n\nThe words under it.\n"
    write(root / "en", "pictures.md", page)
    window = make_window(library=load_library(root))
    open_section(qtbot, window, "pictures.md")
    document = window.section.browser.document()
    layout = document.documentLayout()
    block = document.begin()
    while block.isValid() and "\ufffc" not in block.text():  # the picture's block
        block = block.next()
    assert block.isValid()
    words = block.next()
    assert "The words under it." in words.text()
    picture_bottom = layout.blockBoundingRect(block).bottom()
    gap = layout.blockBoundingRect(words).top() - picture_bottom
    assert gap <= window.body_px * 1.0, gap
    assert layout.blockBoundingRect(block).height() <= 300 + window.body_px * 1.5
