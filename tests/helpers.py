"""Small helpers the kiosk tests share: a finger on a tile, a hold on the clinic's name,
the scroll area around a widget."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def tap_tile(qtbot, window, row: int) -> None:
    """Tap the tile in `row` of the home grid (scrolled into view first, as a finger would)."""
    tiles = window.home.tiles
    index = tiles.model().index(row, 0)
    tiles.scrollTo(index)
    qtbot.mouseClick(tiles.viewport(), LEFT, pos=tiles.visualRect(index).center())


def hold_clinic_name(qtbot, window, mode) -> None:
    """Press the clinic's name, keep the finger down until the gesture fires, let go."""
    name = window.top_bar.clinic_name
    with qtbot.waitSignal(mode.gesture.held, timeout=2000):
        QTest.mousePress(name, LEFT, NONE, name.rect().center())
    QTest.mouseRelease(name, LEFT, NONE, name.rect().center())


def scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    """The scroll area whose content holds the widget, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            return area
        parent = area
    return None


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def solid_png(width: int, height: int) -> bytes:
    """A grey PNG of any size, a few hundred KB on disk however big (written without Qt)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\x80" * width  # filter byte, then one grey byte a pixel
    rows = row * max(1, 4_000_000 // len(row))
    per_chunk = len(rows) // len(row)
    data, left = [], height
    while left > 0:
        count = min(left, per_chunk)
        data.append(packer.compress(rows[: count * len(row)]))
        left -= count
    data.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"".join(data))
        + chunk(b"IEND", b"")
    )


def nested_use_svg(levels: int = 10, fan: int = 6) -> bytes:
    """An SVG of under 2 KB whose nested <use> elements ask for fan**levels circles."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' width="64" height="64"><defs><g id="l0"><circle cx="1" cy="1" r="1"/></g>'
    ]
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#l{level - 1}"/>' for _ in range(fan))
        parts.append(f'<g id="l{level}">{uses}</g>')
    parts.append(f'</defs><use xlink:href="#l{levels}"/></svg>')
    return "".join(parts).encode()


def set_staff_pin(pin: str = "2468") -> None:
    """A staff PIN in this test's user folder, so `kiosk --self-test` has no PIN error."""
    from kiosk.pin import hash_pin
    from kiosk.pin_store import store_path, write_pin_store
    from kiosk.settings import default_config_path

    write_pin_store(store_path(default_config_path()), hash_pin(pin))


def retitle(path, new_title: str) -> str:
    """Give a section file another title in its front matter; the old title."""
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(old, f"title: {new_title}", 1), encoding="utf-8")
    return old[6:].strip()


def tile_titles(window) -> list[str]:
    """The titles on the home screen's tiles, in order."""
    model = window.home.tiles.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]
