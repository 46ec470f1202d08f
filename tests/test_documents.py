"""Rendered sections: safe images, the background renderer and the document cache."""

from __future__ import annotations

import re

import pytest
import shiboken6
from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPixmap, QTextDocument

from kiosk.content import load_library
from kiosk.ui import documents
from kiosk.ui.documents import DocumentCache, SafeDocument, SectionRenderer, section_key

IMAGE = QTextDocument.ResourceType.ImageResource.value
STYLE = QTextDocument.ResourceType.StyleSheetResource.value


def save_image(path, width=40, height=30) -> None:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#1F6F78"))
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path))


def is_blank(resource) -> bool:
    return isinstance(resource, QImage) and resource.size().toTuple() == (1, 1)


def run_deferred_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# -- images ------------------------------------------------------------------------------
@pytest.fixture
def pack_root(tmp_path):
    root = tmp_path / "pack"
    save_image(root / "images" / "inside.png")
    save_image(root / "images" / "wide.png", width=3000, height=100)
    save_image(tmp_path / "outside.png")
    (root / "images" / "link.png").symlink_to(tmp_path / "outside.png")
    (root / "images" / "broken.png").write_bytes(b"not a picture")
    return root


def test_an_image_inside_the_pack_is_loaded(qapp, pack_root):
    document = SafeDocument(pack_root, 600)
    image = document.loadResource(IMAGE, QUrl.fromLocalFile(str(pack_root / "images/inside.png")))
    assert isinstance(image, QPixmap)
    assert image.size().toTuple() == (40, 30)


def test_a_wide_image_is_scaled_to_the_column(qapp, pack_root):
    document = SafeDocument(pack_root, 600)
    image = document.loadResource(IMAGE, QUrl.fromLocalFile(str(pack_root / "images/wide.png")))
    assert image.width() == 600
    assert image.height() == 20


@pytest.mark.parametrize(
    "where",
    [
        "../outside.png",  # a file outside the pack
        "images/link.png",  # a link inside the pack that points outside it
        "images/missing.png",
        "images/broken.png",
    ],
)
def test_images_that_cannot_be_shown_are_blank(qapp, pack_root, where):
    document = SafeDocument(pack_root, 600)
    url = QUrl.fromLocalFile(str(pack_root / where))
    assert is_blank(document.loadResource(IMAGE, url))


def test_web_images_and_style_sheets_are_never_fetched(qapp, pack_root):
    document = SafeDocument(pack_root, 600)
    assert is_blank(document.loadResource(IMAGE, QUrl("https://example.com/tracker.png")))
    sheet = document.loadResource(STYLE, QUrl("https://example.com/style.css"))
    assert isinstance(sheet, QByteArray) and sheet.isEmpty()


def test_a_page_with_an_outside_image_lays_out_without_it(qapp, pack_root, tmp_path):
    inside = SafeDocument(pack_root, 600)
    inside.setHtml(f'<p><img src="{(pack_root / "images/inside.png").as_uri()}"></p>')
    outside = SafeDocument(pack_root, 600)
    outside.setHtml(f'<p><img src="{(tmp_path / "outside.png").as_uri()}"></p>')
    inside_height = inside.documentLayout().documentSize().height()
    outside_height = outside.documentLayout().documentSize().height()
    assert inside_height >= 30
    assert outside_height < inside_height


# -- the renderer ---------------------------------------------------------------------------
@pytest.fixture
def renderer(qapp):
    renderer = SectionRenderer()
    yield renderer
    renderer.shutdown()


@pytest.fixture
def pack(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    paragraph = "Calm words about your visit and what happens next. " * 10
    body = "\n\n".join(f"## Part {n}\n\n{paragraph}" for n in range(300))
    (folder / "long.md").write_text(f"# Long\n\n{body}\n")
    (folder / "short.md").write_text("# Short\n\nSee [nothing](missing.md).\n")
    return load_library(folder).pack("en")


def test_render_now_renders_caches_and_reports_problems_once(qtbot, renderer, pack):
    found = []
    renderer.problemsFound.connect(found.append)
    pieces = renderer.render_now(pack, "short.md")
    assert len(pieces) == 1
    assert ">Short</h1>" in pieces[0]
    assert renderer.cached(section_key(pack, "short.md")) == pieces
    assert renderer.render_now(pack, "short.md") is pieces
    assert len(found) == 1
    assert "missing.md" in str(found[0][0])


def test_a_long_section_arrives_piece_by_piece_in_order(qtbot, renderer, pack):
    key = section_key(pack, "long.md")
    arrived = []
    renderer.pieceReady.connect(lambda k, index, html: arrived.append((k, index, html)))
    with qtbot.waitSignal(renderer.finished, timeout=30000) as finished:
        renderer.request(pack, "long.md")
        assert renderer.busy()
    assert finished.args == [key]
    assert not renderer.busy()
    assert len(arrived) > 3
    assert [index for _, index, _ in arrived] == list(range(len(arrived)))
    assert {k for k, _, _ in arrived} == {key}
    assert renderer.cached(key) == [html for _, _, html in arrived]
    assert "Part 299" in arrived[-1][2]
    with qtbot.waitSignal(renderer.finished, timeout=1000):
        renderer.request(pack, "long.md")  # cached: finished at once, nothing rendered again
    assert len(arrived) == len(renderer.cached(key))


def test_a_renderer_that_fails_says_so_calmly(qtbot, make_window, pack, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    window = make_window(load_library(pack.root))
    monkeypatch.setattr(documents, "render_section", broken)
    window.open_section("long.md")
    qtbot.waitUntil(window.section.is_complete, timeout=30000)
    text = window.section.browser.toPlainText()
    assert text == pack.ui["not_shown"]
    assert "rendering en/long.md failed" in caplog.text


def test_clear_forgets_rendered_sections(renderer, pack):
    renderer.render_now(pack, "short.md")
    renderer.clear()
    assert renderer.cached(section_key(pack, "short.md")) is None


# -- the document cache ----------------------------------------------------------------------
def test_the_cache_keeps_recent_documents_and_deletes_old_ones(qapp):
    cache = DocumentCache(size=2)
    docs = [QTextDocument() for _ in range(4)]
    for number, document in enumerate(docs[:3]):
        cache.put(("k", number), document)
    assert cache.get(("k", 0)) is None
    assert cache.get(("k", 1)) is docs[1]
    assert not shiboken6.isValid(docs[0])  # at once: no event loop needed to free it
    cache.put(("k", 3), docs[3], keep=docs[2])  # the shown document is never deleted
    run_deferred_deletes()
    assert shiboken6.isValid(docs[2])
    assert cache.holds(docs[1]) and cache.holds(docs[3]) and not cache.holds(docs[2])
    assert cache.pop(("k", 3)) is docs[3]
    assert cache.pop(("k", 3)) is None
    cache.clear(keep=docs[1])
    run_deferred_deletes()
    assert shiboken6.isValid(docs[1])
    assert cache.get(("k", 1)) is None


def test_every_section_of_every_language_in_a_row_holds_only_the_recent_pages(qtbot, window):
    """Page after page without the event loop coming back (a fast reader, or a nested loop):
    pages dropped from the cache are freed as they drop, and the first one still opens whole."""
    opened = 0
    for lang in window.languages():
        window.set_language(lang)
        for section in window.pack.sections:
            window.open_section(section.id)
            opened += 1
    documents = window.section.findChildren(SafeDocument)
    assert opened > 24 and len(documents) <= 24 + 1  # the cache, and the page shown
    first = window.languages()[0]
    window.set_language(first)
    window.open_section(window.pack.sections[0].id)
    qtbot.waitUntil(window.section.is_complete)
    text = window.section.browser.toPlainText()
    assert window.pack.sections[0].title in text
    assert re.findall(r"\w+", window.pack.sections[0].body)[-1] in text.split()[-1]


def test_pages_do_not_pile_up_over_a_long_day(qtbot, window):
    """Opening sections again and again, with resets between patients, keeps memory bounded."""
    sections = [s.id for s in window.pack.sections]
    for _ in range(8):
        for section_id in sections:
            window.open_section(section_id)
        qtbot.mouseClick(window.top_bar.larger_button, Qt.MouseButton.LeftButton)
        window.reset_patient_state()
    for section_id in sections[:3]:
        window.open_section(section_id)
    qtbot.waitUntil(lambda: len(window.section.findChildren(SafeDocument)) <= len(sections) + 1)
