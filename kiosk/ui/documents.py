"""Rendered sections as QTextDocuments: markdown is turned into HTML off the UI thread,
piece by piece, and cached, so opening a section is quick and a huge file never freezes
the screen."""

from __future__ import annotations

import logging
import os
import queue
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QObject, QRectF, QUrl, Signal
from PySide6.QtGui import QPixmap, QTextDocument

from kiosk import resources
from kiosk.content.model import ContentPack, Section
from kiosk.content.render import render, render_section
from kiosk.problems import Problem
from kiosk.ui import pictures
from kiosk.ui.timers import named_timer

log = logging.getLogger(__name__)


class SafeDocument(QTextDocument):
    """A text document that loads pictures only from inside its content folder.

    The one resource loader of the kiosk: the section view and the walkthrough both show
    their text in one. A picture must resolve inside the pack (symbolic links are worked out
    without following one out, see resources.file_inside); anything else (web addresses,
    file: and data: URLs, absolute paths, ../, CSS url() and style sheets) gets a blank and
    is never opened. Pictures come decoded at the column's width from kiosk.ui.pictures.
    """

    def __init__(self, root: Path, max_image_width: int, parent: QObject | None = None):
        super().__init__(parent)
        self._root = Path(os.path.realpath(root))
        self.max_image_width = max_image_width
        self.complete = True  # False while pieces of a long section are still arriving
        self._pictures = pictures.shared()
        self._pictures.ready.connect(self._repaint)
        self._files: dict[str, Path | None] = {}  # each URL is worked out once, not per paint

    def loadResource(self, kind: int, url: QUrl | str):  # noqa: N802 - Qt's API
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return QByteArray()  # no style sheets or pages from outside (and never None)
        url = QUrl(url)  # Qt passes a QUrl; its signature also allows a string
        name = url.toString()
        if name not in self._files:
            self._files[name] = self.file_of(url)
        file = self._files[name]
        if file is None:
            return pictures.blank()  # web images, files outside the pack, pictures that are gone
        picture = self._pictures.picture(file, self.max_image_width)
        if isinstance(picture, QPixmap):  # decoded: later paints take it without asking again
            self.addResource(kind, url, picture)
        return picture

    def file_of(self, url: QUrl) -> Path | None:
        """The file inside the pack a picture's URL names, or None (nothing is opened)."""
        if url.isLocalFile():
            if url.host():  # file://server/share: another machine
                return None
            return resources.file_inside(self._root, url.toLocalFile())
        if url.scheme() or not url.path() or url.path().startswith("/"):
            return None
        return resources.file_inside(self._root, url.path())

    def _repaint(self, _key: str) -> None:
        """A picture arrived: views of this document paint again (its size was known)."""
        self.documentLayout().update.emit(QRectF(0, 0, 1e9, 1e9))


HTML_CACHE_SECTIONS = 200
PREFETCH_SECTIONS = 12  # about as many tiles as a home screen shows


def section_key(pack: ContentPack, section_id: str) -> str:
    return f"{pack.lang}/{section_id}"


class SectionRenderer(QObject):
    """Renders section markdown to HTML pieces in a worker thread and caches them.

    The worker never touches Qt: it hands results over through a queue that the UI
    thread drains on a short timer, and the signals are emitted from the UI thread.
    """

    pieceReady = Signal(str, int, str)  # key, piece index, html
    finished = Signal(str)  # key
    problemsFound = Signal(list)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="render")
        self._closed = False
        self._cache: OrderedDict[str, list[str]] = OrderedDict()  # most recently used last
        self._pending: set[str] = set()
        self._reported: set[str] = set()
        self._results: queue.SimpleQueue = queue.SimpleQueue()
        self._poll = named_timer(self, "render-results-poll", 10)
        self._poll.timeout.connect(self._drain)

    def cached(self, key: str) -> list[str] | None:
        pieces = self._cache.get(key)
        if pieces is not None:
            self._cache.move_to_end(key)
        return pieces

    def clear(self) -> None:
        self._cache.clear()
        self._reported.clear()

    def render_now(self, pack: ContentPack, section_id: str) -> list[str]:
        """Render on this thread (used for small sections and by the self-test)."""
        key = section_key(pack, section_id)
        if key not in self._cache:
            section, ids = _section(pack, section_id), pack.section_ids
            pieces, problems = render_section(section, pack.root, ids)
            self._store(key, pieces)
            self._report(key, problems)
        return self._cache[key]

    def request(self, pack: ContentPack, section_id: str) -> None:
        """Render in the worker; pieceReady arrives for each piece, then finished."""
        key = section_key(pack, section_id)
        if key in self._cache:
            self.finished.emit(key)
            return
        if key in self._pending:
            return
        self._pending.add(key)
        self._pool.submit(self._work, pack, section_id, key)
        self._poll.start()

    def warm_up(self) -> None:
        """Render a line in the worker, so the first section opened does not wait for
        Python-Markdown to load and set up (about 35 ms once)."""
        if not self._closed:
            self._pool.submit(_warm_up)

    def prefetch(self, pack: ContentPack, count: int = PREFETCH_SECTIONS) -> None:
        """Render the first `count` sections in the worker, in idle time after the home
        screen shows: the sections on the home screen then open without rendering."""
        if not self._closed:
            for section in pack.sections[:count]:
                self.request(pack, section.id)

    def _work(self, pack: ContentPack, section_id: str, key: str) -> None:
        try:
            section, ids = _section(pack, section_id), pack.section_ids
            pieces, problems = render_section(
                section,
                pack.root,
                ids,
                on_piece=lambda index, html: self._results.put(("piece", key, index, html)),
            )
            self._results.put(("done", key, pieces, problems))
        except Exception:  # a worker must never die silently
            log.exception("rendering %s failed", key)
            self._results.put(("done", key, [], []))

    def _drain(self) -> None:
        while True:
            try:
                message = self._results.get_nowait()
            except queue.Empty:
                break
            if message[0] == "piece":
                _, key, index, html = message
                self.pieceReady.emit(key, index, html)
            else:
                _, key, pieces, problems = message
                self._store(key, pieces)
                self._pending.discard(key)
                self._report(key, problems)
                self.finished.emit(key)
        if not self._pending:
            self._poll.stop()

    def _store(self, key: str, pieces: list[str]) -> None:
        """Keep the HTML of recent sections; a huge pack does not fill memory over weeks."""
        self._cache[key] = pieces
        self._cache.move_to_end(key)
        while len(self._cache) > HTML_CACHE_SECTIONS:
            self._cache.popitem(last=False)

    def busy(self) -> bool:
        return bool(self._pending)

    def _report(self, key: str, problems: list[Problem]) -> None:
        if problems and key not in self._reported:
            self._reported.add(key)
            self.problemsFound.emit(problems)

    def shutdown(self) -> None:
        self._closed = True
        self._poll.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)


def _warm_up() -> None:
    try:
        render("# Warm-up\n\nA *line*.", Path("warm-up.md"), Path("."), frozenset())
    except Exception:  # only a head start: the real render reports any real problem
        log.exception("markdown warm-up failed")


class DocumentCache:
    """Finished documents for recently shown sections, for instant switching."""

    def __init__(self, size: int = 24):
        self._size = size
        self._documents: OrderedDict[tuple, SafeDocument] = OrderedDict()

    def get(self, key: tuple) -> SafeDocument | None:
        document = self._documents.get(key)
        if document is not None:
            self._documents.move_to_end(key)
        return document

    def put(self, key: tuple, document: SafeDocument, keep: QTextDocument | None = None) -> None:
        self._documents[key] = document
        self._documents.move_to_end(key)
        while len(self._documents) > self._size:
            _, old = self._documents.popitem(last=False)
            if old is not keep:
                # now, not deleteLater: a page turned from inside a nested event loop (or many
                # turned before the loop comes back) must not hold every dropped layout
                shiboken6.delete(old)

    def pop(self, key: tuple) -> SafeDocument | None:
        """Take a document out of the cache; the caller decides when to delete it."""
        return self._documents.pop(key, None)

    def holds(self, document: QTextDocument) -> bool:
        return any(d is document for d in self._documents.values())

    def clear(self, keep: QTextDocument | None = None) -> None:
        for document in self._documents.values():
            if document is not keep:
                document.deleteLater()
        self._documents.clear()


def _section(pack: ContentPack, section_id: str) -> Section:
    section = pack.section(section_id)
    if section is None:
        raise KeyError(f"no section {section_id!r} in {pack.root}")
    return section
