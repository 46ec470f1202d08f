"""Content edited on disk shows up without a restart, but only once the kiosk is home."""

from __future__ import annotations

import shutil
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.content import load_library
from kiosk.content.last_good import KEPT
from kiosk.ui.kiosk_mode import content_watcher
from kiosk.ui.kiosk_mode.content_watcher import ContentWatcher
from kiosk.ui.window import KioskWindow
from tests.helpers import hold_clinic_name, retitle, tap_tile, tile_titles

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def content(own_content):
    return own_content


@pytest.fixture
def kiosk(qtbot, start_kiosk, settings, content):
    window, mode = start_kiosk(
        settings.replace(staff_hold_seconds=0.2),
        library=load_library(content, settings.default_language),
        root=content,
        watch_content=True,
    )
    mode.watcher.debounce.setInterval(50)
    mode.watcher.missing.setInterval(50)
    qtbot.waitUntil(lambda: str(content) in mode.watcher.watched())
    return window, mode


def with_title(text: str, new_title: str) -> str:
    old = next(line for line in text.splitlines() if line.startswith("title:"))
    return text.replace(old, f"title: {new_title}", 1)


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
    mode.watcher.watcher.fileChanged.emit(str(edited.path))  # a notice already on its way
    assert not mode.watcher.debounce.isActive()
    assert tile_titles(window)[0] == before


def test_watching_starts_only_after_the_home_screen_is_painted(qtbot, settings, content):
    window = KioskWindow(settings, load_library(content, settings.default_language))
    qtbot.addWidget(window)
    watcher = ContentWatcher(window, content, settings.default_language)
    QApplication.processEvents()  # zero-timers run here: the watcher must not have started
    assert watcher.watched() == []
    window.resize(1280, 800)
    with qtbot.waitExposed(window):
        window.show()
    qtbot.waitUntil(lambda: str(content) in watcher.watched())
    watcher.stop()
    window.renderer.shutdown()


def test_a_big_pack_watches_its_folders_not_every_file(qtbot, kiosk, content, monkeypatch):
    window, mode = kiosk
    files = sorted(str(p) for p in content.rglob("*.md"))
    assert set(files) <= set(mode.watcher.watched())  # a small pack: in-place edits are seen
    monkeypatch.setattr(content_watcher, "FILE_WATCH_LIMIT", 5)
    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        (content / "en" / "zz-new.md").write_text("# One more\n\nHello.\n", encoding="utf-8")
    folders = sorted(str(p) for p in [content.parent, content, *content.rglob("*")] if p.is_dir())
    assert sorted(mode.watcher.watched()) == folders
    assert "One more" in tile_titles(window)


def test_the_folder_deleted_and_restored_shows_its_sections_again(qtbot, kiosk, content, tmp_path):
    window, mode = kiosk
    titles = tile_titles(window)
    backup = tmp_path / "backup"
    shutil.copytree(content, backup)
    retitle(backup / "en" / window.pack.sections[0].id, "Back from the copy")

    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        shutil.rmtree(content)
    assert tile_titles(window) == titles  # the last good content stays on screen
    assert mode.watcher.missing.isActive()
    hold_clinic_name(qtbot, window, mode)
    assert "no sections can be read here now" in mode.staff_menu.details.text()
    mode.staff_menu.hide()

    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        shutil.copytree(backup, content)
    assert tile_titles(window) == ["Back from the copy", *titles[1:]]
    assert not mode.watcher.missing.isActive()
    assert not any("no sections" in str(p) for p in window.problems)
    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):  # watching the new folder
        retitle(content / "en" / window.pack.sections[1].id, "Edited after the restore")
    assert tile_titles(window)[1] == "Edited after the restore"


def test_a_folder_replaced_by_a_rename_is_watched_anew(qtbot, kiosk, content, tmp_path):
    window, mode = kiosk
    fresh = tmp_path / "incoming"
    shutil.copytree(content, fresh)
    retitle(fresh / "en" / window.pack.sections[0].id, "Synced in")
    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        content.rename(tmp_path / "old-content")  # what rsync --delay-updates or a swap does
        fresh.rename(content)
    qtbot.waitUntil(lambda: tile_titles(window)[0] == "Synced in")
    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        retitle(content / "en" / window.pack.sections[1].id, "Edited in the new folder")
    assert tile_titles(window)[1] == "Edited in the new folder"


BAD_SAVES = {
    "saved as Latin-1": lambda text: text.replace("title:", "title: Caf\u00e9").encode("latin-1"),
    "broken front matter": lambda text: text.replace("title:", "title: [oops", 1).encode(),
}


@pytest.mark.parametrize("bad_save", BAD_SAVES.values(), ids=BAD_SAVES.keys())
def test_a_file_that_turns_bad_keeps_its_last_good_version(qtbot, kiosk, content, bad_save):
    window, mode = kiosk
    section = window.pack.sections[2]
    path = content / "en" / section.id
    good = path.read_text(encoding="utf-8")
    titles = tile_titles(window)

    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        path.write_bytes(bad_save(good))
    assert tile_titles(window) == titles
    problems = [str(p) for p in window.problems if p.path == path]
    assert any(": error: " in p for p in problems), problems
    assert f"{path}: warning: {KEPT}" in problems
    tap_tile(qtbot, window, 2)
    assert window.section.section_id == section.id
    assert section.title in window.section.browser.toPlainText()

    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        qtbot.mouseClick(window.top_bar.home_button, LEFT)
        path.write_text(with_title(good, "Fixed again"), encoding="utf-8")
    qtbot.waitUntil(lambda: tile_titles(window)[2] == "Fixed again")
    assert not [p for p in window.problems if p.path == path]


def test_a_deleted_file_goes_from_the_home_screen(qtbot, kiosk, content):
    window, mode = kiosk
    section = window.pack.sections[2]
    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        (content / "en" / section.id).unlink()
    assert section.title not in tile_titles(window)
    assert not [p for p in window.problems if p.path == section.path]


def test_the_folder_is_read_off_the_ui_thread(qtbot, kiosk, content, monkeypatch):
    window, mode = kiosk
    readers = []
    load = content_watcher.load_library
    monkeypatch.setattr(
        content_watcher,
        "load_library",
        lambda *a: readers.append(threading.current_thread().name) or load(*a),
    )
    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        retitle(content / "en" / window.pack.sections[0].id, "Read by the worker")
    assert tile_titles(window)[0] == "Read by the worker"
    assert readers and set(readers) == {"content-reload"}


def test_a_read_that_ends_while_someone_reads_waits_for_home(qtbot, kiosk, content, monkeypatch):
    window, mode = kiosk
    release = threading.Event()
    load = content_watcher.load_library

    def slow_load(*args):
        release.wait(30)  # held until the patient has opened a section
        return load(*args)

    monkeypatch.setattr(content_watcher, "load_library", slow_load)
    retitle(content / "en" / window.pack.sections[0].id, "Arrived while reading")
    qtbot.waitUntil(lambda: mode.watcher.loading is not None)
    tap_tile(qtbot, window, 1)
    reading = window.section.section_id
    release.set()
    qtbot.waitUntil(lambda: mode.watcher.loading is None)
    assert window.current_screen() == "section"
    assert window.section.section_id == reading
    assert mode.watcher.pending
    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        qtbot.mouseClick(window.top_bar.home_button, LEFT)
    assert tile_titles(window)[0] == "Arrived while reading"


def test_reload_in_the_staff_menu_shows_the_new_problems_when_read(qtbot, kiosk, content):
    window, mode = kiosk
    mode.watcher.stop()  # only the staff's button reads the folder here
    (content / "en" / "zz-broken.md").write_bytes(b"---\ntitle: [oops\n---\n\nText.\n")
    hold_clinic_name(qtbot, window, mode)
    assert "zz-broken.md" not in mode.staff_menu.details.text()
    mode.watcher.stopped = False
    qtbot.mouseClick(mode.staff_menu.reload_button, LEFT)
    qtbot.waitUntil(lambda: "zz-broken.md" in mode.staff_menu.details.text())
    assert mode.staff_menu.isVisible()
