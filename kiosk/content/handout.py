"""What a patient takes home: a page's title, its checklist or key points, and a QR code.

The QR code holds a link to the page in the clinic's copy of the site written by
``kiosk export-html`` when a ``handout_url`` is set, else the list itself as plain
text that any phone camera shows without a network. Paths of exported pages are
stable: ``<lang>/index.html``, ``<lang>/walkthrough.html``, ``<lang>/<section>.html``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from kiosk.content.model import ContentPack, Section

if TYPE_CHECKING:
    import segno
from kiosk.content.outline import lines_outside_code, plain

WALKTHROUGH_PAGE = "walkthrough.html"
HOME_PAGE = "index.html"
# A text QR code of version 20 has 97 modules a side: on a kiosk screen that is still
# more than 1 mm a module, which a phone reads from arm's length. Longer lists are cut.
MAX_TEXT_VERSION = 20
MAX_TEXT_BYTES = 858  # what version 20 holds at error correction level L, as bytes
CUT_MARK = "…"
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(?!\[[ xX]\])(.+?)\s*$")


@dataclass(frozen=True)
class Handout:
    lang: str
    title: str
    items: tuple[str, ...]
    page: str  # the exported page's path, e.g. "es/walkthrough.html"
    kind: str  # "walkthrough" or "section"
    key: str  # what usage counts use: "walkthrough" or the section's id


def page_path(lang: str, section_id: str | None = None) -> str:
    """The stable path of an exported page: the walkthrough's when section_id is None."""
    name = WALKTHROUGH_PAGE if section_id is None else section_page(section_id)
    return f"{lang}/{name}"


def section_page(section_id: str) -> str:
    return PurePosixPath(section_id).with_suffix(".html").as_posix()


def key_points(section: Section) -> list[str]:
    """The items of the section's first bulleted list (its key points), as plain text."""
    items: list[str] = []
    for _, line in lines_outside_code(section.body):
        match = _BULLET.match(line)
        if match:
            items.append(plain(match.group(1)))
        elif items and line.strip() and not line.startswith((" ", "\t")):
            break  # the list has ended
    return [item for item in items if item]


def for_walkthrough(pack: ContentPack) -> Handout:
    items = tuple(item.text for item in pack.walkthrough.checklist)
    title = pack.ui["walkthrough_button"]
    return Handout(pack.lang, title, items, page_path(pack.lang), "walkthrough", "walkthrough")


def for_section(pack: ContentPack, section: Section) -> Handout:
    items = tuple(key_points(section))
    page = page_path(pack.lang, section.id)
    return Handout(pack.lang, section.title, items, page, "section", section.id)


def payload(handout: Handout, handout_url: str = "") -> str:
    """What the QR code holds: the page's link, or the title and list as plain text."""
    if handout_url.strip():
        return f"{handout_url.strip().rstrip('/')}/{handout.page}"
    return text_payload(handout)


def text_payload(handout: Handout) -> str:
    """Title and items, one a line, cut so the code stays at most MAX_TEXT_VERSION."""
    items = list(handout.items)
    while True:
        text = "\n".join([handout.title, *(f"- {item}" for item in items)])
        if len(items) < len(handout.items):
            text += f"\n{CUT_MARK}"
        if len(text.encode("utf-8")) <= MAX_TEXT_BYTES:
            return text
        if not items:  # even the title alone is too long (4 bytes a letter at most)
            return handout.title[: MAX_TEXT_BYTES // 4 - 1] + CUT_MARK
        items.pop()


def qr_code(text: str) -> segno.QRCode:
    """The QR code for a payload; low error correction keeps it small and easy to scan."""
    import segno  # here: the kiosk's start does not need it

    return segno.make_qr(text, error="l" if len(text) > 200 else "m", boost_error=False)
