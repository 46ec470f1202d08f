"""Content edited on disk is picked up without a restart, but only once the kiosk is back at
the home screen: never while someone is reading.

It watches folders (and the one holding the content folder), not every file, once the home
screen is on screen. A folder that is deleted, renamed or replaced (an rsync, a USB stick
swapped) is looked for again until it returns; meanwhile, and for any file that cannot be
read, the last good content stays. The folder is read on a worker thread (20,000 sections
take seconds), and what was read is shown only at home unless staff asked for it.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.content import Library, load_library
from kiosk.content.last_good import keep_last_good
from kiosk.content.section_cache import SectionCache
from kiosk.ui.first_frame import after_first_paint
from kiosk.ui.screens import Screen
from kiosk.ui.timers import named_timer

log = logging.getLogger(__name__)

WATCHED_SUFFIXES = (".md", ".toml")
# Folders see files added, removed and replaced (rsync and most editors save by renaming);
# an edit in place is only seen on a watched file, so small packs watch their files too.
FILE_WATCH_LIMIT = 1000
MISSING_POLL_MS = 2000  # how often a missing content folder is looked for
ARRIVAL_POLL_MS = 20  # while the folder is read on a worker thread, look for its result


class ContentWatcher(QObject):
    reloaded = Signal()

    def __init__(self, window, root: Path, default_lang: str, debounce_ms: int = 500, parent=None):
        super().__init__(parent or window)
        self.window = window
        self.root = Path(root)
        self.default_lang = default_lang
        self.pending = False
        self.stopped = False
        self._identities: dict[str, tuple[int, int] | None] = {}
        self._watcher: QFileSystemWatcher | None = None  # made when watching starts
        self.debounce = named_timer(self, "content-debounce", debounce_ms, single_shot=True)
        self.debounce.setObjectName("content-change-debounce")
        self.debounce.timeout.connect(self._settled)
        self.missing = named_timer(self, "content-missing-poll", MISSING_POLL_MS)
        self.missing.setObjectName("content-folder-missing-poll")
        self.missing.timeout.connect(self._look_for_folder)
        self.loading: threading.Thread | None = None  # a read of the folder under way
        self._results: queue.SimpleQueue = queue.SimpleQueue()
        self._again = False
        self._anywhere = False
        self.arrival = named_timer(self, "content-arrival-poll", ARRIVAL_POLL_MS)
        self.arrival.setObjectName("content-reload-arrival")
        self.arrival.timeout.connect(self._arrived)
        window.wentHome.connect(self._at_home)
        after_first_paint(window, self._watch)  # walking the folder can wait for the home screen

    @property
    def watcher(self) -> QFileSystemWatcher:
        """Qt's watcher, made on first use: after the first frame, not before it."""
        if self._watcher is None:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.directoryChanged.connect(self._changed)
            self._watcher.fileChanged.connect(self._changed)
        return self._watcher

    def stop(self) -> None:
        """Watch nothing more and forget a pending reload (kiosk mode shutting down)."""
        self.stopped = True
        self.pending = False
        self.debounce.stop()
        self.missing.stop()
        self.arrival.stop()
        watched = self.watched()
        if watched:
            self.watcher.removePaths(watched)

    def switch_to(self, root: Path) -> None:
        """Show another content folder (a newly installed pack): at once at home, else on the
        way home, as for any change."""
        self.root = Path(root)
        self._changed(str(self.root))

    def watched(self) -> list[str]:
        if self._watcher is None:
            return []
        return self._watcher.directories() + self._watcher.files()

    def _watch(self) -> None:
        if self.stopped:
            return
        if not self.root.is_dir():
            if not self.missing.isActive():
                log.warning("content folder %s is missing; looking for it again", self.root)
                self.missing.start()
            return
        self.missing.stop()
        folders: list[str] = []
        files: list[str] = []
        for folder, subfolders, names in os.walk(self.root):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            folders.append(folder)
            files.extend(os.path.join(folder, n) for n in names if n.endswith(WATCHED_SUFFIXES))
        wanted = {p: _identity(p) for p in folders}
        if self.root.parent.is_dir():  # sees the folder renamed, replaced or deleted
            wanted[str(self.root.parent)] = _identity(str(self.root.parent))
        if len(files) <= FILE_WATCH_LIMIT:
            wanted.update((p, _identity(p)) for p in files)
        # a path now naming another folder or file (replaced by a rename) is watched anew
        current = {p for p in self.watched() if self._identities.get(p) == wanted.get(p)}
        gone = set(self.watched()) - current
        if gone:
            self.watcher.removePaths(sorted(gone))
        if wanted.keys() - current:
            self.watcher.addPaths(sorted(wanted.keys() - current))
        self._identities = wanted

    def _look_for_folder(self) -> None:
        if self.root.is_dir():
            log.info("content folder %s is back", self.root)
            self.missing.stop()
            self._changed(str(self.root))

    def _changed(self, path: str) -> None:
        if self.stopped:
            return
        root = str(self.root)
        if path == str(self.root.parent) and _identity(root) == self._identities.get(root):
            return  # something else changed beside the content folder
        self.debounce.start()

    def _settled(self) -> None:
        self.pending = True
        self._watch()  # folders come and go, files are replaced: watch what is there now
        if self.window.current_screen() == Screen.HOME:
            self.reload_now(anywhere=False)

    def _at_home(self) -> None:
        if self.pending and not self.stopped:
            QTimer.singleShot(0, self, lambda: self.reload_now(anywhere=False))

    def reload_now(self, anywhere: bool = True) -> None:
        """Read the folder again on a worker thread and show it when read: on any screen
        (staff asked for it), or with `anywhere=False` only at home (else on the way home)."""
        self.pending = False
        if self.stopped:
            return
        self._anywhere = self._anywhere or anywhere
        if self.loading is not None:
            self._again = True  # read once more when this read ends: it may have missed this
            return
        root = self.root
        self.loading = threading.Thread(
            target=self._load, args=(root,), name="content-reload", daemon=True
        )
        self.loading.start()
        self.arrival.start()

    def _load(self, root: Path) -> None:  # the worker thread: plain Python, never Qt
        try:
            self._results.put((root, load_library(root, self.default_lang, SectionCache(root))))
        except Exception:  # a bug in loading must not stop the kiosk: keep what is shown
            log.exception("reading the content folder %s failed", root)
            self._results.put((root, None))

    def _arrived(self) -> None:
        try:
            root, fresh = self._results.get_nowait()
        except queue.Empty:
            return
        self.arrival.stop()
        self.loading = None
        anywhere, self._anywhere = self._anywhere, False
        if self.stopped:
            return
        if self._again or root != self.root:
            self._again = False
            self.reload_now(anywhere)
            return
        if fresh is None:
            return
        if not anywhere and self.window.current_screen() != Screen.HOME:
            self.pending = True  # someone started reading meanwhile: show it on the way home
            return
        reload_content(self.window, root, self.default_lang, fresh)
        self.reloaded.emit()


def reload_content(window, root: Path, default_lang: str, fresh: Library | None = None) -> None:
    """Show the content folder read again (`fresh`, else read now); a file that cannot be read
    keeps its last good version."""
    if fresh is None:
        fresh = load_library(root, default_lang, SectionCache(root))
    library = keep_last_good(window.library, fresh)
    for problem in library.all_problems():
        log.warning("%s", problem)
    window.set_library(library)
    log.info("content reloaded from %s", root)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino
