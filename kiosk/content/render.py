"""Markdown to HTML with Python-Markdown; links and images are checked and made safe.

A link to another section becomes ``section:<id>``; a link that leaves the kiosk
(web, mail, files) becomes plain text, so a tap never opens another program. Images
must live inside the content folder; a missing one shows its description instead.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from kiosk.problems import Problem, warning

SECTION_SCHEME = "section"
EXTENSIONS = ["tables", "fenced_code", "sane_lists", "md_in_html"]
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


@dataclass
class Rendered:
    html: str
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Context:
    path: Path  # the markdown file
    pack_root: Path  # links and images resolve inside this folder
    section_ids: frozenset[str]
    problems: list[Problem] = field(default_factory=list)


class _SafeLinks(Treeprocessor):
    def __init__(self, md, context: _Context):
        super().__init__(md)
        self.context = context

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                self._link(element)
            elif element.tag == "img":
                self._image(element)

    def _link(self, element: ET.Element) -> None:
        href = (element.get("href") or "").strip()
        if href.startswith("#") or not href:
            return
        target = self._inside(href)
        if target is None:
            _to_text(element)
            return
        path, fragment = target
        if path in self.context.section_ids:
            element.set("href", f"{SECTION_SCHEME}:{path}" + (f"#{fragment}" if fragment else ""))
            return
        if path.endswith(".md"):
            self._warn(f"link to a section that does not exist: {href}")
        _to_text(element)

    def _image(self, element: ET.Element) -> None:
        src = (element.get("src") or "").strip()
        target = self._inside(src)
        file = self.context.pack_root / target[0] if target else None
        if file is None or not file.is_file():
            if target is not None:
                self._warn(f"missing image: {src}")
            element.tag = "span"
            element.text = element.get("alt") or ""
            for key in list(element.attrib):
                del element.attrib[key]
            return
        element.set("src", file.resolve().as_uri())

    def _inside(self, url: str) -> tuple[str, str] | None:
        """The pack-relative path and fragment of a local URL, or None when it leaves the pack."""
        if _EXTERNAL.match(url):
            return None
        parts = urlsplit(url)
        base = self.context.path.parent.relative_to(self.context.pack_root).as_posix()
        joined = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
        if joined.startswith("..") or joined.startswith("/"):
            return None
        return joined, parts.fragment

    def _warn(self, message: str) -> None:
        self.context.problems.append(warning(self.context.path, message))


def _to_text(element: ET.Element) -> None:
    element.tag = "span"
    for key in list(element.attrib):
        del element.attrib[key]


class _SafeLinksExtension(Extension):
    def __init__(self, context: _Context):
        super().__init__()
        self.context = context

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's API
        md.treeprocessors.register(_SafeLinks(md, self.context), "kiosk_safe_links", 0)


def render(
    body: str, path: Path, pack_root: Path, section_ids: frozenset[str] | set[str]
) -> Rendered:
    """Render one section or step body. Never raises for any input."""
    context = _Context(Path(path), Path(pack_root), frozenset(section_ids))
    body = _defuse(body, context)
    converter = markdown.Markdown(extensions=[*EXTENSIONS, _SafeLinksExtension(context)])
    try:
        html = converter.convert(body)
    except (RecursionError, MemoryError, ValueError, IndexError, KeyError, AttributeError) as exc:
        # Deeply nested or hostile input: show the words rather than nothing.
        context.problems.append(
            warning(path, f"could not be formatted ({type(exc).__name__}); shown as plain text")
        )
        html = "".join(f"<p>{_escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return Rendered(html, context.problems)


MAX_BRACKETS_PER_LINE = 200


def _defuse(body: str, context: _Context) -> str:
    """Escape brackets on lines with hundreds of them: link parsing is quadratic there."""
    if body.count("[") < MAX_BRACKETS_PER_LINE:
        return body
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if line.count("[") > MAX_BRACKETS_PER_LINE:
            lines[index] = line.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
            context.problems.append(
                warning(
                    context.path, "a line with hundreds of [ brackets is shown as typed", index + 1
                )
            )
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


CHUNK_CHARS = 24_000


def split_for_rendering(body: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut a long body at blank lines outside code blocks into pieces of about `size` chars.

    Long sections are rendered and shown piece by piece so the screen never waits for
    the whole file. Short bodies come back whole.
    """
    if len(body) <= size:
        return [body]
    pieces, current, length, fence = [], [], 0, None
    for line in body.split("\n"):
        stripped = line.lstrip()
        if fence is None and stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        current.append(line)
        length += len(line) + 1
        if length >= size and fence is None and not line.strip():
            pieces.append("\n".join(current))
            current, length = [], 0
        elif length >= size * 8:  # no blank line for a long stretch: cut anyway
            pieces.append("\n".join(current))
            current, length, fence = [], 0, None
    if current:
        pieces.append("\n".join(current))
    return pieces
