"""The Python-Markdown extension that checks links and images and makes them safe.

Imported by render() on first use, so starting the kiosk does not load Python-Markdown.
"""

from __future__ import annotations

import os
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from kiosk import resources
from kiosk.content import pictures
from kiosk.content.model import SECTION_SCHEME
from kiosk.content.sanitize import Approvals
from kiosk.problems import Problem, did_you_mean, warning

_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


@dataclass
class Context:
    path: Path  # the markdown file
    pack_root: Path  # links and images resolve inside this folder
    section_ids: frozenset[str]
    locate: Callable[[str], int | None] = lambda text: None  # the file line that holds text
    approvals: Approvals = field(default_factory=Approvals)  # what the sanitizer lets through
    problems: list[Problem] = field(default_factory=list)


class _SafeLinks(Treeprocessor):
    def __init__(self, md: Markdown, context: Context):
        super().__init__(md)
        self.context = context
        self._about = ("", "")  # (kind, URL) of the link or picture being checked

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                self._about = ("link", element.get("href") or "")
                self._link(element)
            elif element.tag == "img":
                self._about = ("picture", element.get("src") or "")
                self._image(element)

    def _link(self, element: ET.Element) -> None:
        href = (element.get("href") or "").strip()
        if not href:
            _to_text(element)
            return
        if href.startswith("#"):
            element.set("href", self.context.approvals.approve(href))
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
                element.set(
                    "href", self.context.approvals.approve(f"{SECTION_SCHEME}:{path}{anchor}")
                )
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
        element.set("src", self.context.approvals.approve(file.as_uri()))

    def _image_file(self, src: str) -> Path | None:
        """The picture's file inside the pack, or None (with a warning) when it cannot be shown."""
        if not src:
            self._warn("a picture has no file name")
            return None
        target = self._inside(src)
        if target is None:
            self._warn(f"picture outside the content folder, not shown: {src}")
            return None
        for path in target[0]:
            file = resources.file_inside(self.context.pack_root, path)
            if file is not None:
                return self._within_budget(file)
            if os.path.lexists(self.context.pack_root / path):  # a link out, or a folder
                self._warn(f"picture outside the content folder, not shown: {src}")
                return None
        self._warn(f"missing image: {src}")
        return None

    def _within_budget(self, file: Path) -> Path | None:
        """The picture, unless it is over budget or damaged (then reported, not shown)."""
        inspection = pictures.inspect(file)
        if inspection.problem:
            self.context.problems.append(warning(file, inspection.problem))
        return file if inspection.decodable else None

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
        kind, url = self._about
        line = self.context.locate(f"]({url.strip()}") or self.context.locate(url.strip())
        self.context.problems.append(warning(self.context.path, message, line, code=kind))


def _to_text(element: ET.Element) -> None:
    element.tag = "span"
    for key in list(element.attrib):
        del element.attrib[key]


class SafeLinksExtension(Extension):
    def __init__(self, context: Context):
        super().__init__()
        self.context = context

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        md.treeprocessors.register(_SafeLinks(md, self.context), "kiosk_safe_links", 0)
