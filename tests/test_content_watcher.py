"""Content edited on disk shows up without a restart, but only once the kiosk is home."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from kiosk import resources
from kiosk.content import load_library

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(resources.content_dir(), root)
    return root


@pytest.fixture
def kiosk(start_kiosk, settings, content):
    window, mode = start_kiosk(
        settings,
        library=load_library(content, settings.default_language),
        root=content,
        watch_content=True,
    )
    mode.watcher.debounce.setInterval(50)
    return window, mode


def retitle(path, new_title: str) -> str:
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(old, f"title: {new_title}", 1), encoding="utf-8")
    return old.removeprefix("title:").strip()


def tile_titles(window) -> list[str]:
    model = window.home.tiles.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_an_edit_waits_while_someone_reads_and_shows_after_going_home(qtbot, kiosk, content):
    window, mode = kiosk
    tiles = window.home.tiles
    qtbot.mouseClick(
        tiles.viewport(), LEFT, pos=tiles.visualRect(tiles.model().index(0, 0)).center()
    )
    assert window.current_screen() == "section"
    reading = window.section.section_id
    shown = window.section.browser.toPlainText()
    edited = window.pack.sections[2]
    old_title = retitle(edited.path, "Changed on disk")

    qtbot.waitUntil(lambda: mode.watcher.pending, timeout=5000)
    assert window.current_screen() == "section"
    assert window.section.section_id == reading
    assert window.section.browser.toPlainText() == shown
    assert window.pack.section(edited.id).title == old_title

    with qtbot.waitSignal(mode.watcher.reloaded, timeout=3000):
        qtbot.mouseClick(window.top_bar.home_button, LEFT)
    qtbot.waitUntil(lambda: window.pack.section(edited.id).title == "Changed on disk")
    assert "Changed on disk" in tile_titles(window)
    assert old_title not in tile_titles(window)
    assert not mode.watcher.pending


def test_an_edit_while_home_shows_at_once(qtbot, kiosk, content):
    window, mode = kiosk
    edited = window.pack.sections[0]
    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        retitle(edited.path, "New at once")
    assert tile_titles(window)[0] == "New at once"


def test_a_new_section_file_appears_as_a_tile(qtbot, kiosk, content):
    window, mode = kiosk
    count = len(tile_titles(window))
    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        (content / "en" / "zz-new.md").write_text(
            "---\ntitle: A brand new page\norder: 99\n---\n\n# A brand new page\n\nHello.\n",
            encoding="utf-8",
        )
    qtbot.waitUntil(lambda: len(tile_titles(window)) == count + 1)
    assert "A brand new page" in tile_titles(window)


def test_after_shutdown_edits_are_ignored(qtbot, kiosk, content):
    window, mode = kiosk
    mode.shutdown()
    edited = window.pack.sections[0]
    before = edited.title
    assert mode.watcher.watcher.files() == []
    assert mode.watcher.watcher.directories() == []
    retitle(edited.path, "Too late")
    mode.watcher._changed(str(edited.path))  # as if a notice was already on its way
    assert not mode.watcher.debounce.isActive()
    assert tile_titles(window)[0] == before
