"""Content edited on disk is picked up without a restart, but only once the kiosk is back at
the home screen: never while someone is reading."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.content import load_library

log = logging.getLogger(__name__)


class ContentWatcher(QObject):
    reloaded = Signal()

    def __init__(self, window, root: Path, default_lang: str, debounce_ms: int = 500, parent=None):
        super().__init__(parent or window)
        self.window = window
        self.root = Path(root)
        self.default_lang = default_lang
        self.pending = False
        self.stopped = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._changed)
        self.watcher.fileChanged.connect(self._changed)
        self.debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self.debounce.timeout.connect(self._settled)
        window.wentHome.connect(self._at_home)
        QTimer.singleShot(0, self._watch)  # after the first frame: walking the folder can wait

    def stop(self) -> None:
        """Watch nothing more and forget a pending reload (kiosk mode shutting down)."""
        self.stopped = True
        self.pending = False
        self.debounce.stop()
        watched = self.watcher.files() + self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)

    def _watch(self) -> None:
        if self.stopped or not self.root.is_dir():
            return
        paths = [
            self.root,
            *(p for p in self.root.rglob("*") if p.suffix in (".md", ".toml") or p.is_dir()),
        ]
        wanted = {str(p) for p in paths}
        current = set(self.watcher.files()) | set(self.watcher.directories())
        missing = sorted(wanted - current)
        if missing:
            self.watcher.addPaths(missing)

    def _changed(self, _path: str) -> None:
        if not self.stopped:
            self.debounce.start()

    def _settled(self) -> None:
        self.pending = True
        self._watch()  # editors often replace files; watch the new ones
        if self.window.current_screen() == "home":
            self.reload_now()

    def _at_home(self) -> None:
        if self.pending and not self.stopped:
            QTimer.singleShot(0, self.reload_now)

    def reload_now(self) -> None:
        self.pending = False
        library = load_library(self.root, self.default_lang)
        for problem in library.all_problems():
            log.warning("%s", problem)
        self.window.set_library(library)
        self.reloaded.emit()
        log.info("content reloaded from %s", self.root)
