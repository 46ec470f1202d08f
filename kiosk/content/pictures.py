"""Pictures and icons measured against the budget before any decoder or SVG renderer sees them.

Only a picture's header is read (PNG, JPEG, GIF, WebP, BMP) and an SVG is counted with the
standard library's XML parser, so a hostile file costs a few kilobytes of reading, never a
decode. `inspect()` says whether the kiosk may hand a file to Qt, at what format, and what
`kiosk check` and the staff menu should report about it, naming the limit.
"""

from __future__ import annotations

import re
import struct
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kiosk.content.budget import BUDGET

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

HEADER_BYTES = 256 * 1024  # a JPEG's size may follow 64 KB of camera data
SCALED_DECODERS = frozenset({"jpeg"})  # formats Qt decodes at the size shown, not whole first

_SVG_NS = re.compile(r"^\{[^}]*\}")
_OUTSIDE_URL = re.compile(rb"url\(\s*['\"]?\s*[^'\"#\s)]", re.IGNORECASE)


class Inspection(NamedTuple):
    format: str | None  # "png", "jpeg", "gif", "webp", "bmp", "svg"; None: not a picture
    size: tuple[int, int] | None  # pixels from the header (None for SVG or when unknown)
    problem: str | None = None  # for `kiosk check` and the staff menu, naming the limit
    decodable: bool = True  # False: never handed to a decoder

    def scaled_size(self, max_width: int) -> tuple[int, int] | None:
        """The size it is shown at: no wider than max_width, within the pixel budget."""
        if self.size is None:
            return None
        width, height = self.size
        scale = 1.0
        if max_width > 0 and width > max_width:
            scale = max_width / width
        if width * height * scale * scale > BUDGET.max_picture_pixels:
            scale = (BUDGET.max_picture_pixels / (width * height)) ** 0.5
        return max(1, round(width * scale)), max(1, round(height * scale))


def inspect(path: Path) -> Inspection:
    """What the kiosk may do with the picture file at path (which must be inside the pack)."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        return Inspection(None, None, f"picture {path.name} cannot be read: {exc.strerror}", False)
    return _inspect(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=512)
def _inspect(path: str, mtime_ns: int, size: int) -> Inspection:
    name = Path(path).name
    try:
        with open(path, "rb") as file:
            head = file.read(
                HEADER_BYTES if not name.lower().endswith(".svg") else BUDGET.max_svg_bytes
            )
    except OSError as exc:
        return Inspection(None, None, f"picture {name} cannot be read: {exc.strerror}", False)
    if name.lower().endswith(".svg"):
        if size > BUDGET.max_svg_bytes:
            limit = BUDGET.max_svg_bytes
            message = f"SVG {name} is {size:,} bytes, over the limit of {limit:,}; not shown"
            return Inspection("svg", None, message, False)
        problem = svg_problem(head)
        return Inspection(
            "svg", None, f"SVG {name} {problem}; not shown" if problem else None, problem is None
        )
    kind, dimensions = header_size(head)
    if kind is None:
        message = f"{name} is not a picture the kiosk can show (PNG, JPEG, GIF, WebP, BMP or SVG)"
        return Inspection(None, None, message, False)
    if dimensions is None:
        return Inspection(kind, None, f"picture {name} is damaged: no size in its header", False)
    width, height = dimensions
    if width <= 0 or height <= 0:
        return Inspection(kind, None, f"picture {name} is damaged: it is {width}×{height}", False)
    if width * height <= BUDGET.max_picture_pixels:
        return Inspection(kind, dimensions)
    over = (
        f"picture {name} is {width}×{height} ({width * height / 1e6:.1f} million pixels), "
        f"over the limit of {BUDGET.max_picture_pixels / 1e6:.1f} million"
    )
    if kind in SCALED_DECODERS:
        return Inspection(kind, dimensions, f"{over}; shown scaled down")
    return Inspection(kind, dimensions, f"{over}; not shown (save it smaller)", False)


def header_size(head: bytes) -> tuple[str | None, tuple[int, int] | None]:
    """(format, (width, height)) from a picture's first bytes; (None, None) for other files."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        if len(head) >= 24 and head[12:16] == b"IHDR":
            return "png", struct.unpack(">II", head[16:24])
        return "png", None
    if head.startswith(b"\xff\xd8"):
        return "jpeg", _jpeg_size(head)
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif", struct.unpack("<HH", head[6:10]) if len(head) >= 10 else None
    if head.startswith(b"BM"):
        if len(head) >= 26:
            width, height = struct.unpack("<ii", head[18:26])
            return "bmp", (width, abs(height))
        return "bmp", None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp", _webp_size(head)
    return None, None


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 4 <= len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", head[at + 2 : at + 4])
        if marker in _SOF:
            if at + 9 > len(head):
                return None
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8 " and len(head) >= 30:
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(head) >= 30:
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    return None


def svg_problem(data: bytes) -> str | None:
    """Why an SVG must not be drawn (over a limit, a reference outside it), or None.

    Nested <use> elements multiply the work (a 2 KB file can ask for billions of shapes),
    so elements are counted with each <use> expanded as a renderer would draw it.
    """
    if b"<!ENTITY" in data or b"<!entity" in data:
        return "declares XML entities"
    if _OUTSIDE_URL.search(data):
        return "refers to a file outside it with url()"
    import xml.etree.ElementTree as ET  # on the first SVG looked at, not at start-up

    try:
        root = ET.fromstring(data)
    except (ET.ParseError, ValueError) as exc:
        return f"is not valid XML ({exc})"
    if _SVG_NS.sub("", root.tag) != "svg":
        return "is not an SVG picture"
    by_id: dict[str, ET.Element] = {}
    uses = 0
    for elements, element in enumerate(root.iter(), start=1):
        if elements > BUDGET.max_svg_elements:
            return f"has more than {BUDGET.max_svg_elements:,} elements, the limit"
        if identifier := element.get("id"):
            by_id[identifier] = element
        href = _href(element)
        if href is not None and not href.startswith("#"):
            return f"refers to another file ({href[:60]})"
        if _SVG_NS.sub("", element.tag) == "use":
            uses += 1
    if uses > BUDGET.max_svg_uses:
        return f"has {uses} <use> elements, over the limit of {BUDGET.max_svg_uses}"
    try:
        drawn = _expanded_count(root, by_id)
    except RecursionError:
        return "nests its elements too deep"
    if drawn > BUDGET.max_svg_elements:
        return (
            f"draws more than {BUDGET.max_svg_elements:,} elements once its <use> references are "
            f"followed, the limit"
        )
    return None


def _href(element: ET.Element) -> str | None:
    for key, value in element.attrib.items():
        if _SVG_NS.sub("", key) == "href":
            return value.strip()
    return None


def _expanded_count(root: ET.Element, by_id: dict[str, ET.Element]) -> int:
    """Elements drawn with every <use> replaced by what it refers to; stops past the limit."""
    memo: dict[int, int] = {}
    visiting: set[int] = set()

    def count(element: ET.Element) -> int:
        key = id(element)
        if key in memo:
            return memo[key]
        if key in visiting:  # a <use> that refers to itself: a renderer would loop
            return BUDGET.max_svg_elements + 1
        visiting.add(key)
        total = 1
        for child in element:
            total += count(child)
            if total > BUDGET.max_svg_elements:
                break
        href = _href(element)
        if total <= BUDGET.max_svg_elements and _SVG_NS.sub("", element.tag) == "use" and href:
            target = by_id.get(href[1:])
            if target is not None:
                total += count(target)
        visiting.discard(key)
        memo[key] = min(total, BUDGET.max_svg_elements + 1)
        return memo[key]

    return count(root)
