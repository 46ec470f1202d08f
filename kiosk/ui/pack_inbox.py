"""Signed content packs arriving in a running kiosk: ``content_inbox`` is watched for
``PACK.tar.gz`` beside ``PACK.tar.gz.minisig``; each new one is installed in a worker thread
(verify, unpack, check, switch), and the new content is shown at the home screen only.
A pack still being copied fails its signature and is tried again when the copy changes it.
``kiosk pack install`` and ``rollback`` from a terminal change the active pack as well;
the kiosk notices and switches the same way."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.fleet import packs
from kiosk.fleet.pack_store import PackStore
from kiosk.fleet.packs import PackProblem, signature_path

log = logging.getLogger(__name__)
SETTLE_MS = 1_000
RESCAN_MS = 60_000  # a network folder may not report changes
POLL_MS = 100


class PackInbox(QObject):
    installed = Signal(str)  # version
    refused = Signal(str)  # the one line that says why

    def __init__(
        self,
        parent: QObject,
        inbox: Path | None,
        key_text: str,
        store: PackStore,
        apply: Callable[[Path], None],
        shown: Path | None,
        settle_ms: int = SETTLE_MS,
    ) -> None:
        super().__init__(parent)
        self.inbox = Path(inbox) if inbox else None
        self.key_text = key_text
        self.store = store
        self.apply = apply
        self.shown = shown
        self._tried: set[tuple] = set()
        self._results: queue.SimpleQueue = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._again = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._changed)
        self.settle = self._timer("pack-inbox-settle", settle_ms, self._scan, single=True)
        self.rescan = self._timer("pack-inbox-rescan", RESCAN_MS, self._changed)
        self.poll = self._timer("pack-inbox-results", POLL_MS, self._collect)

    def _timer(self, name: str, ms: int, slot, single: bool = False) -> QTimer:
        timer = QTimer(self, interval=ms, singleShot=single)
        timer.setObjectName(name)
        timer.timeout.connect(slot)
        return timer

    def start(self) -> None:
        self.store.root.mkdir(parents=True, exist_ok=True)
        folders = [str(self.store.root)]
        if self.inbox is not None:
            if self.inbox.is_dir():
                folders.append(str(self.inbox))
            else:
                log.warning(
                    "content_inbox %s is not a folder; looking again every minute", self.inbox
                )
        self.watcher.addPaths(folders)
        self.rescan.start()
        self._changed()

    def stop(self) -> None:
        for timer in (self.settle, self.rescan, self.poll):
            timer.stop()
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        if self._worker is not None:
            self._worker.join()

    def _changed(self, *_args) -> None:
        inbox = str(self.inbox) if self.inbox is not None and self.inbox.is_dir() else None
        if inbox is not None and inbox not in self.watcher.directories():
            self.watcher.addPath(inbox)
        self.settle.start()

    def _new_packs(self) -> list[Path]:
        if self.inbox is None or not self.inbox.is_dir():
            return []
        found = []
        for pack in self.inbox.glob("*.tar.gz"):
            signature = signature_path(pack)
            try:
                identity = (pack.name, pack.stat(), signature.stat())
            except OSError:
                continue  # no signature (yet): an unsigned pack is refused when it has one
            key = (
                identity[0],
                identity[1].st_size,
                identity[1].st_mtime_ns,
                identity[2].st_size,
                identity[2].st_mtime_ns,
            )
            if key not in self._tried:
                self._tried.add(key)
                found.append((identity[1].st_mtime_ns, pack))
        return [pack for _mtime, pack in sorted(found)]

    def _scan(self) -> None:
        if self._worker is not None:
            self._again = True
            return
        new = self._new_packs()
        if not new:
            self._show_active()
            return
        self._worker = threading.Thread(
            target=self._install_all, args=(new,), name="pack-inbox-install", daemon=True
        )
        self._worker.start()
        self.poll.start()

    def _install_all(self, new: list[Path]) -> None:
        """In the worker thread: no Qt here, results go back through the queue."""
        from kiosk.fleet.signing import SignatureProblem  # PyNaCl loads only when needed

        for pack in new:
            try:
                if self.store.seen(packs.sha256_of(pack)):
                    continue  # installed here before (and maybe rolled back from)
                entry = self.store.install(pack, self.key_text)
                self._results.put(("installed", f"{entry.version}"))
            except (PackProblem, SignatureProblem) as exc:
                self._results.put(("refused", f"content pack refused: {exc}"))
            except Exception as exc:  # an inbox must never stop the kiosk
                log.exception("installing %s failed", pack)
                self._results.put(("refused", f"content pack refused: {pack.name}: {exc}"))
        self._results.put(("done", ""))

    def _collect(self) -> None:
        while not self._results.empty():
            kind, text = self._results.get()
            if kind == "installed":
                log.info("content pack %s installed from the inbox", text)
                self.installed.emit(text)
            elif kind == "refused":
                log.warning("%s", text)
                self.refused.emit(text)
            else:
                self.poll.stop()
                if self._worker is not None:
                    self._worker.join()
                self._worker = None
                self._show_active()
                if self._again:
                    self._again = False
                    self.settle.start()

    def _show_active(self) -> None:
        active = self.store.active_content()
        if active is not None and active != self.shown:
            self.shown = active
            log.info("switching to content pack folder %s (at the home screen)", active)
            self.apply(active)
