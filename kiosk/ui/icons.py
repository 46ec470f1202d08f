"""Icons drawn from the bundled SVG set (or a clinic's own image), in the theme's colour."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk import resources

log = logging.getLogger(__name__)


@lru_cache(maxsize=512)
def _pixmap(path: str, colour: str, size: int) -> QPixmap:
    file = Path(path)
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        if file.suffix.lower() == ".svg":
            data = file.read_bytes().replace(b"currentColor", colour.encode())
            renderer = QSvgRenderer(QByteArray(data))
            if renderer.isValid():
                renderer.render(painter, QRectF(0, 0, size, size))
        else:
            picture = QImage(str(file))
            if not picture.isNull():
                scaled = picture.scaled(
                    size,
                    size,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                painter.drawImage(
                    (size - scaled.width()) // 2, (size - scaled.height()) // 2, scaled
                )
    except OSError as exc:
        log.warning("icon %s cannot be read: %s", file, exc)
    finally:
        painter.end()
    return QPixmap.fromImage(image)


def icon_pixmap(name: str, colour: str, size: int, pack_root: Path | None = None) -> QPixmap:
    """A square pixmap of the named icon; the page icon when the name is unknown."""
    path = resources.icon_path(name, pack_root) or resources.icon_path("document")
    if path is None:
        return QPixmap()
    return _pixmap(str(path), colour, size)


def icon(name: str, colour: str, size: int = 48) -> QIcon:
    result = QIcon()
    result.addPixmap(icon_pixmap(name, colour, size))
    return result
