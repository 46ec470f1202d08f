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

from kiosk.problems import Problem, did_you_mean, warning

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
        candidates, fragment = target
        ids = self.context.section_ids
        for path in candidates:
            if path in ids:
                anchor = f"#{fragment}" if fragment else ""
                element.set("href", f"{SECTION_SCHEME}:{path}{anchor}")
                return
        if candidates[0].endswith(".md"):
            hint = did_you_mean(posixpath.basename(candidates[0]), ids)
            self._warn(f"link to a section that does not exist: {href}{hint}")
        elif any(f"{path}.md" in ids for path in candidates):
            self._warn(f'link to a section that does not exist: {href} (did you mean "{href}.md"?)')
        _to_text(element)

    def _image(self, element: ET.Element) -> None:
        file = self._image_file((element.get("src") or "").strip())
        if file is None:
            element.tag = "span"
            element.text = element.get("alt") or ""
            for key in list(element.attrib):
                del element.attrib[key]
            return
        element.set("src", file.as_uri())

    def _image_file(self, src: str) -> Path | None:
        """The picture's file inside the pack, or None (with a warning) when it cannot be shown."""
        if not src:
            self._warn("a picture has no file name")
            return None
        target = self._inside(src)
        if target is None:
            self._warn(f"picture outside the content folder, not shown: {src}")
            return None
        root = self.context.pack_root.resolve()
        for path in target[0]:
            file = self.context.pack_root / path
            if file.is_file():
                resolved = file.resolve()
                if resolved.is_relative_to(root):
                    return resolved
                self._warn(f"picture outside the content folder, not shown: {src}")
                return None
        self._warn(f"missing image: {src}")
        return None

    def _inside(self, url: str) -> tuple[list[str], str] | None:
        """Pack-relative paths a local URL may mean, and its fragment; None when it leaves the pack.

        A URL is read relative to the file first, then relative to the pack, so a walkthrough
        step may link to `side-effects.md` as the content guide says.
        """
        if _EXTERNAL.match(url):
            return None
        parts = urlsplit(url)
        try:
            base = self.context.path.parent.relative_to(self.context.pack_root).as_posix()
        except ValueError:
            base = ""
        path = unquote(parts.path)
        candidates = [posixpath.normpath(posixpath.join(folder, path)) for folder in (base, ".")]
        if candidates[0].startswith(("..", "/")):
            return None
        inside = [c for c in candidates if not c.startswith(("..", "/"))]
        return list(dict.fromkeys(inside)), parts.fragment

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
    except Exception as exc:  # the contract: never raise, whatever the input
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
            # No line number: the body may be one piece of a file, so it would be wrong.
            context.problems.append(
                warning(context.path, "a line with hundreds of [ brackets is shown as typed")
            )
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


CHUNK_CHARS = 24_000
_FENCE_LINE = re.compile(r"^(`{3,}|~{3,})")


def split_for_rendering(body: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut a long body at blank lines outside code blocks into pieces of about `size` chars.

    Long sections are rendered and shown piece by piece so the screen never waits for
    the whole file. Short bodies come back whole.
    """
    if len(body) <= size:
        return [body]
    pieces, current, length, fence = [], [], 0, None
    for line in body.split("\n"):
        if fence is None:
            if match := _FENCE_LINE.match(line):
                fence = match.group(1)
        elif line.rstrip() == fence:  # as Python-Markdown: the same fence closes the block
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
