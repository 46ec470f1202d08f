"""Pictures in pages (kiosk.ui.pictures): decoded once, at the size shown, off the UI thread."""

from __future__ import annotations

import os
import threading

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QPixmap, QPixmapCache, QTextDocument

from kiosk.ui import pictures
from kiosk.ui.documents import SafeDocument
from tests.helpers import solid_png

IMAGE = QTextDocument.ResourceType.ImageResource.value


@pytest.fixture
def store(qapp):
    QPixmapCache.clear()
    store = pictures.Pictures()
    yield store
    store.shutdown()
    store.deleteLater()


@pytest.fixture
def decodes(monkeypatch) -> list[str]:
    """The name of the thread of every decode."""
    calls: list[str] = []
    real = pictures.decode

    def counted(*args):
        calls.append(threading.current_thread().name)
        return real(*args)

    monkeypatch.setattr(pictures, "decode", counted)
    return calls


def photo(path, width=4000, height=3000):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#6699CC"))
    assert image.save(str(path), "JPG")
    return path


def near_blue(colour: QColor) -> bool:
    """The photos' colour, give or take what JPEG does to it."""
    wanted = QColor("#6699CC")
    return all(
        abs(a - b) <= 4 for a, b in zip(colour.getRgb()[:3], wanted.getRgb()[:3], strict=True)
    )


def test_a_small_picture_is_decoded_at_once_and_only_once(store, decodes, tmp_path):
    path = photo(tmp_path / "small.jpg", 300, 200)
    first = store.picture(path, 600)
    assert isinstance(first, QPixmap) and first.size().toTuple() == (300, 200)
    for _ in range(20):  # every repaint asks again
        again = store.picture(path, 600)
        assert again.cacheKey() == first.cacheKey()
    assert len(decodes) == 1


def test_a_photo_is_decoded_in_the_background_at_the_column_width(qtbot, store, decodes, tmp_path):
    path = photo(tmp_path / "camera.jpg")
    placeholder = store.picture(path, 800)
    assert isinstance(placeholder, QImage)  # a blank of the final size: the page lays out now
    assert placeholder.size().toTuple() == (800, 600)
    with qtbot.waitSignal(store.ready):
        pass
    shown = store.picture(path, 800)
    assert isinstance(shown, QPixmap) and shown.size().toTuple() == (800, 600)
    assert near_blue(shown.toImage().pixelColor(400, 300))
    assert len(decodes) == 1 and decodes[0] != threading.main_thread().name
    store.picture(path, 800)
    assert len(decodes) == 1


def test_a_changed_file_is_decoded_again(store, decodes, tmp_path):
    path = photo(tmp_path / "small.jpg", 300, 200)
    store.picture(path, 600)
    photo(path, 200, 100)
    os.utime(path, ns=(1, 1))  # another modification time, as a sync would leave
    assert store.picture(path, 600).size().toTuple() == (200, 100)
    assert len(decodes) == 2


def test_a_decode_past_its_time_limit_is_given_up_with_a_problem(
    qtbot, store, monkeypatch, tmp_path
):
    release = threading.Event()
    real = pictures.decode

    def stuck(*args):
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(pictures, "decode", stuck)
    monkeypatch.setattr(pictures, "DECODE_LIMIT_MS", 0)
    path = photo(tmp_path / "slow.jpg")
    store.picture(path, 800)
    with qtbot.waitSignal(store.problemsFound) as found:
        pass
    [problem] = found.args[0]
    assert problem.path == path and "took over" in problem.message
    assert not store.busy()
    release.set()
    assert store.picture(path, 800).size().toTuple() == (1, 1)  # stays blank, no retry


def test_a_page_repaints_when_its_picture_arrives(qtbot, tmp_path, qapp):
    from PySide6.QtWidgets import QTextBrowser

    path = photo(tmp_path / "camera.jpg")
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    document = SafeDocument(tmp_path, 400, browser)
    browser.setDocument(document)
    document.setHtml(f'<p>Words.</p><p><img src="{path.as_uri()}"></p>')
    browser.resize(500, 500)
    browser.show()
    qtbot.waitExposed(browser)
    qtbot.waitUntil(lambda: not pictures.shared().busy())
    picture = document.loadResource(IMAGE, QUrl.fromLocalFile(str(path)))
    assert isinstance(picture, QPixmap) and picture.width() == 400
    qtbot.waitUntil(lambda: near_blue(browser.viewport().grab().toImage().pixelColor(200, 120)))


def test_an_svg_picture_within_budget_is_drawn_in_the_background(qtbot, store, tmp_path):
    path = tmp_path / "diagram.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<rect width="200" height="100" fill="#6699CC"/></svg>'
    )
    assert store.picture(path, 600).size().toTuple() == (200, 100)  # the space, at once
    with qtbot.waitSignal(store.ready):
        pass
    shown = store.picture(path, 600)
    assert isinstance(shown, QPixmap) and near_blue(shown.toImage().pixelColor(10, 10))


def test_an_over_budget_picture_is_blank_and_reported(qtbot, store, tmp_path):
    path = tmp_path / "huge.png"
    path.write_bytes(solid_png(8000, 8000))
    with qtbot.waitSignal(store.problemsFound) as found:
        assert store.picture(path, 600).size().toTuple() == (1, 1)
    [problem] = found.args[0]
    assert problem.path == path and "8000×8000" in problem.message
    assert not store.busy()
