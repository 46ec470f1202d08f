"""Icons drawn from the bundled SVG set (or a clinic's own image), in the theme's colour."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk import resources
from kiosk.content import pictures
from kiosk.ui.pictures import decode

log = logging.getLogger(__name__)


@lru_cache(maxsize=512)
def _image(path: str, colour: str, size: int) -> QImage:
    """The icon drawn at `size` device pixels: SVG is drawn at that size, never scaled up."""
    file = Path(path)
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    if resources.is_bundled_icon(file):  # the application's own, shipped with its code
        inspection = pictures.Inspection(format="svg", size=None)
    else:  # a content pack's: within the budget before any decoder sees it
        inspection = pictures.inspect(file)
    if not inspection.decodable:
        log.warning("icon %s is not drawn: %s", file, inspection.problem)
        return image
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        if inspection.format == "svg":
            data = file.read_bytes().replace(b"currentColor", colour.encode())
            renderer = QSvgRenderer(QByteArray(data))
            if renderer.isValid():
                renderer.render(painter, QRectF(0, 0, size, size))
        elif inspection.format is not None and inspection.size is not None:
            width, height = inspection.size
            scale = min(size / width, size / height)
            shown = (max(1, round(width * scale)), max(1, round(height * scale)))
            picture = decode(file, inspection.format, shown)  # at the size shown, never whole
            if not picture.isNull():
                painter.drawImage(
                    (size - picture.width()) // 2, (size - picture.height()) // 2, picture
                )
    except OSError as exc:
        log.warning("icon %s cannot be read: %s", file, exc)
    finally:
        painter.end()
    return image


def device_pixel_ratio() -> float:
    """The screen's scale factor (2 on a 200% tablet); 1 before there is an application."""
    app = QGuiApplication.instance()
    return app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0


def icon_pixmap(
    name: str,
    colour: str,
    size: int,
    pack_root: Path | None = None,
    ratio: float | None = None,
) -> QPixmap:
    """A square pixmap of the named icon, `size` logical pixels wide, drawn for the screen's
    pixel ratio so it stays sharp at 200%; the page icon when the name is unknown."""
    path = resources.icon_path(name, pack_root) or resources.icon_path("document")
    if path is None:
        return QPixmap()
    ratio = ratio or device_pixel_ratio()
    pixmap = QPixmap.fromImage(_image(str(path), colour, max(1, round(size * ratio))))
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class SvgIconEngine(QIconEngine):
    """Draws the icon at whatever size and pixel ratio a button asks for."""

    def __init__(self, name: str, colour: str, pack_root: Path | None = None):
        super().__init__()
        self.name, self.colour, self.pack_root = name, colour, pack_root

    def scaledPixmap(self, size: QSize, mode, state, scale: float) -> QPixmap:  # noqa: N802
        side = max(1, min(size.width(), size.height()))
        pixmap = icon_pixmap(self.name, self.colour, side, self.pack_root, scale or 1.0)
        if mode == QIcon.Mode.Disabled:  # greyed with its button
            faded = QPixmap(pixmap.size())
            faded.setDevicePixelRatio(pixmap.devicePixelRatio())
            faded.fill(Qt.GlobalColor.transparent)
            painter = QPainter(faded)
            painter.setOpacity(0.45)
            painter.drawPixmap(0, 0, pixmap)
            painter.end()
            return faded
        return pixmap

    def pixmap(self, size: QSize, mode, state) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode, state) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, ratio))

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self.name, self.colour, self.pack_root)


def icon(name: str, colour: str) -> QIcon:
    """The named icon for buttons, drawn afresh at each size and pixel ratio asked for."""
    return QIcon(SvgIconEngine(name, colour))
