"""Markdown to HTML with Python-Markdown; links and images are checked and made safe.

A link to another section becomes ``section:<id>``; a link that leaves the kiosk
(web, mail, files) becomes plain text, so a tap never opens another program. Images
must live inside the content folder; a missing one shows its description instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content.outline import starts_with_title
from kiosk.problems import Problem, warning

SECTION_SCHEME = "section"  # also in safe_links, which this module imports only when rendering
EXTENSIONS = ["tables", "fenced_code", "sane_lists", "md_in_html", "toc"]  # toc: heading ids


@dataclass
class Rendered:
    html: str
    problems: list[Problem] = field(default_factory=list)


def render(
    body: str, path: Path, pack_root: Path, section_ids: frozenset[str] | set[str]
) -> Rendered:
    """Render one section or step body. Never raises for any input."""
    import markdown  # here, not at the top: the home screen does not need it

    from kiosk.content.safe_links import Context, SafeLinksExtension

    context = Context(Path(path), Path(pack_root), frozenset(section_ids))
    body = _defuse(body, context)
    converter = markdown.Markdown(extensions=[*EXTENSIONS, SafeLinksExtension(context)])
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


def _defuse(body: str, context) -> str:
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


def section_sources(section) -> list[str]:
    """A section's markdown as shown: its title first when the body has none, in pieces."""
    body = section.body
    if not starts_with_title(body):
        body = f"# {section.title}\n\n{body}"
    return split_for_rendering(body)


def render_section(section, pack_root: Path, section_ids, on_piece=None) -> tuple[list, list]:
    """(html pieces, problems) of one section; on_piece(index, html) hears each piece."""
    pieces: list[str] = []
    problems: list[Problem] = []
    for index, source in enumerate(section_sources(section)):
        rendered = render(source, section.path, pack_root, section_ids)
        pieces.append(rendered.html)
        problems.extend(rendered.problems)
        if on_piece is not None:
            on_piece(index, rendered.html)
    return pieces, problems


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
