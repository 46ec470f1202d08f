"""Pictures in rendered pages: decoded once, at the size shown, off the UI thread.

A page asks for a picture while it lays out and paints. The first ask reads only the
file's header (kiosk.content.pictures, within the budget) and answers with a blank of the
final size, so the page lays out at once; the picture is decoded in a worker thread with
QImageReader.setScaledSize and kept in QPixmapCache, keyed by file, modification time,
size and shown width. Every later paint gets the cached pixmap: nothing is decoded twice.
A picture that is over budget, damaged or too slow to decode stays blank, with a problem.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap, QPixmapCache

from kiosk.content import pictures as budget
from kiosk.problems import warning

log = logging.getLogger(__name__)
CACHE_KB = 96 * 1024  # decoded pictures kept, for all pages (three column-wide photos: ~9 MB)
DECODE_LIMIT_MS = 10_000  # a picture not decoded by then is given up on, with a problem
SMALL_PIXELS = 512 * 512  # pictures this small are decoded on the spot: no blank first


def blank(size: QSize | None = None) -> QImage:
    """A transparent image (1x1 by default): a null one makes Qt load the file itself."""
    image = QImage(size or QSize(1, 1), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    return image


def decode(path: Path, fmt: str, size: tuple[int, int] | None) -> QImage:
    """The picture at `size` (None: as it is), through the decoder for its real format."""
    reader = QImageReader(str(path), fmt.encode())
    reader.setDecideFormatFromContent(False)
    reader.setAutoTransform(True)
    if size is not None:
        reader.setScaledSize(QSize(*size))
    return reader.read()


class Pictures(QObject):
    """The pictures of every page; `picture()` is what the resource loader returns."""

    ready = Signal(str)  # the key of a picture that has just been decoded
    problemsFound = Signal(list)
    _decoded = Signal(str, QImage)  # from the worker thread

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setObjectName("Pictures")
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), CACHE_KB))
        self._pool = QThreadPool(self)
        self._pool.setObjectName("picture decoding")
        self._pool.setMaxThreadCount(1)
        self._pending: dict[str, tuple[QImage, float]] = {}  # key -> (blank of its size, started)
        self._failed: set[str] = set()
        self._decoded.connect(self._store, Qt.ConnectionType.QueuedConnection)
        self._deadline = QTimer(self, interval=500)
        self._deadline.setObjectName("picture decoding deadline")
        self._deadline.timeout.connect(self._expire)

    def picture(self, path: Path, max_width: int) -> QPixmap | QImage:
        """The picture for a page: cached, decoded now (small), or a blank while it decodes."""
        try:
            stat = path.stat()
        except OSError:
            return blank()
        key = f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\0{max_width}"
        cached = QPixmapCache.find(key)  # type: ignore[call-overload]  # stubs lack find(str)
        if cached is not None and not cached.isNull():
            return cached
        if key in self._failed:
            return blank()
        if key in self._pending:
            return self._pending[key][0]
        inspection = budget.inspect(path)
        if inspection.problem:
            self._report(path, inspection.problem)
        shown = inspection.scaled_size(max_width) if inspection.decodable else None
        if shown is None:
            if inspection.decodable:  # an SVG picture: its size comes from its renderer
                shown = self._svg_size(path, max_width)
            if shown is None:
                self._failed.add(key)
                return blank()
        fmt = inspection.format
        if fmt is None:  # not a picture (inspect() gives it no size either)
            self._failed.add(key)
            return blank()
        width, height = shown
        if width * height <= SMALL_PIXELS and inspection.size is not None:
            image = decode(path, fmt, shown)
            return self._keep(key, path, image) or blank()
        placeholder = blank(QSize(width, height))
        self._pending[key] = (placeholder, time.monotonic())
        self._pool.start(lambda: self._work(key, path, fmt, shown))
        self._deadline.start()
        return placeholder

    def _svg_size(self, path: Path, max_width: int) -> tuple[int, int] | None:
        size = QImageReader(str(path), b"svg").size()  # counted and within budget already
        if size.isEmpty():
            return None
        inspection = budget.Inspection("svg", (size.width(), size.height()))
        return inspection.scaled_size(max_width)

    def _work(self, key: str, path: Path, fmt: str, size: tuple[int, int]) -> None:
        try:
            image = decode(path, fmt, size)
        except Exception:  # a worker must never die silently
            log.exception("decoding %s failed", path)
            image = QImage()
        self._decoded.emit(key, image)

    def _store(self, key: str, image: QImage) -> None:
        if self._pending.pop(key, None) is None:
            return  # given up on already
        path = Path(key.split("\0", 1)[0])
        if self._keep(key, path, image) is not None:
            self.ready.emit(key)
        if not self._pending:
            self._deadline.stop()

    def _keep(self, key: str, path: Path, image: QImage) -> QPixmap | None:
        if image.isNull():
            self._failed.add(key)
            self._report(path, f"picture {path.name} could not be decoded; not shown")
            return None
        pixmap = QPixmap.fromImage(image)
        QPixmapCache.insert(key, pixmap)
        return pixmap

    def _expire(self) -> None:
        now = time.monotonic()
        for key, (_, started) in list(self._pending.items()):
            if (now - started) * 1000 > DECODE_LIMIT_MS:
                del self._pending[key]
                self._failed.add(key)
                path = Path(key.split("\0", 1)[0])
                seconds = DECODE_LIMIT_MS / 1000
                self._report(path, f"picture {path.name} took over {seconds:g} s to decode")
        if not self._pending:
            self._deadline.stop()

    def _report(self, path: Path, message: str) -> None:
        self.problemsFound.emit([warning(path, message)])

    def busy(self) -> bool:
        return bool(self._pending)

    def forget(self) -> None:
        """Decode everything anew (content changed on disk under the same names)."""
        QPixmapCache.clear()
        self._failed.clear()

    def shutdown(self) -> None:
        self._deadline.stop()
        self._pool.clear()
        self._pool.waitForDone()


_shared: Pictures | None = None


def shared() -> Pictures:
    """The one picture store of the application (created on first use, on the UI thread)."""
    global _shared
    if _shared is None:
        from PySide6.QtCore import QCoreApplication

        _shared = Pictures(QCoreApplication.instance())
    return _shared
