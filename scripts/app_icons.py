"""Draw the executables' icons from assets/app-icon.svg: app-icon.ico (Windows, 16 to 256 px)
and app-icon.icns (macOS, 128 to 1024 px), both with PNG entries. Run it when the SVG changes:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/app_icons.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def png(svg: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    svg.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico(svg: QSvgRenderer) -> bytes:
    sizes = [16, 24, 32, 48, 64, 128, 256]
    images = [png(svg, size) for size in sizes]
    offset = 6 + 16 * len(sizes)
    head = struct.pack("<HHH", 0, 1, len(sizes))
    for size, data in zip(sizes, images, strict=True):
        head += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return head + b"".join(images)


def icns(svg: QSvgRenderer) -> bytes:
    kinds = ((b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024))
    body = b"".join(
        kind + struct.pack(">I", 8 + len(data)) + data
        for kind, data in ((kind, png(svg, size)) for kind, size in kinds)
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - painting needs the application
    svg = QSvgRenderer(str(ASSETS / "app-icon.svg"))
    (ASSETS / "app-icon.ico").write_bytes(ico(svg))
    (ASSETS / "app-icon.icns").write_bytes(icns(svg))
    return 0


if __name__ == "__main__":
    sys.exit(main())
