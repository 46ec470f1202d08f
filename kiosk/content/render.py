"""Markdown to HTML with Python-Markdown; links and images are checked and made safe.

A link to another section becomes ``section:<id>``; a link that leaves the kiosk
(web, mail, files) becomes plain text, so a tap never opens another program. Images
must live inside the content folder; a missing one shows its description instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.bounds import Finding, bound_html, bound_markdown, structure_lines
from kiosk.content.model import SECTION_SCHEME, Section, Step
from kiosk.content.outline import code_lines, starts_with_title
from kiosk.content.sanitize import raw_html_findings, sanitize
from kiosk.problems import Problem, warning

if TYPE_CHECKING:
    from markdown.extensions import Extension

__all__ = ["SECTION_SCHEME", "Rendered", "render", "render_section", "render_step"]


@dataclass
class Rendered:
    html: str
    problems: list[Problem] = field(default_factory=list)


class SourceLines:
    """The file's line number of each line of a body (a section piece or a walkthrough step)."""

    def __init__(self, body: str, first_line: int = 1, numbers: Sequence[int] = ()):
        self.lines = body.split("\n")
        self._first = first_line
        self._numbers = numbers
        self._seen: dict[str, int] = {}

    def number(self, index: int | None) -> int | None:
        if index is None or index < 0:
            return None
        if self._numbers:
            return self._numbers[min(index, len(self._numbers) - 1)]
        line = self._first + index
        return line if line >= 1 else None  # a title the kiosk added is on no line

    def of_text(self, text: str) -> int | None:
        """The line of `text`: its first, then its second... appearance as it is asked again."""
        if not text:
            return None
        nth = self._seen.get(text, 0)
        self._seen[text] = nth + 1
        hits = [index for index, line in enumerate(self.lines) if text in line]
        return self.number(hits[min(nth, len(hits) - 1)]) if hits else None


def render(
    body: str,
    path: Path,
    pack_root: Path,
    section_ids: frozenset[str] | set[str],
    first_line: int = 1,
    line_numbers: Sequence[int] = (),
) -> Rendered:
    """Render one section piece or step body to safe HTML. Never raises for any input.

    The one pipeline every page goes through: the budget on the markdown (words,
    paragraphs, brackets, quotes), Python-Markdown with links and pictures checked, the
    allow-list sanitizer (nothing that could load a file or look tappable unless checked),
    then the budget on the HTML structure (nesting, tables). `first_line` (or `line_numbers`,
    one per body line) places problems in the file.
    """
    import markdown  # here, not at the top: the home screen does not need it

    from kiosk.content.safe_links import Context, SafeLinksExtension

    lines = SourceLines(body, first_line, line_numbers)
    source, findings = bound_markdown(body)
    context = Context(Path(path), Path(pack_root), frozenset(section_ids), lines.of_text)
    converter = markdown.Markdown(extensions=[*_extensions(), SafeLinksExtension(context)])
    try:
        html = converter.convert(source)
    except Exception as exc:  # the contract: never raise, whatever the input
        # Deeply nested or hostile input: show the words rather than nothing.
        context.problems.append(
            warning(
                path,
                f"could not be formatted ({type(exc).__name__}); shown as plain text",
                lines.number(0),
                code="render.failed",
            )
        )
        html = "".join(f"<p>{_escape(p)}</p>" for p in source.split("\n\n") if p.strip())
    html, structure = bound_html(sanitize(html, context.approvals))
    findings += raw_html_findings(lines.lines)
    problems = [_problem(path, f, lines.number(f.index)) for f in findings]
    if structure:
        where = structure_lines(lines.lines)
        for finding in structure:
            key = f"table.{finding.table}" if finding.table is not None else finding.code
            problems.append(_problem(path, finding, lines.number(where.get(key, 0))))
    return Rendered(html, problems + context.problems)


def _extensions() -> list[Extension]:
    """Python-Markdown's extensions, as objects: named by string, each would be looked up
    through importlib.metadata's entry points (email, csv and every installed package's
    metadata read into memory, and about 20 ms) before its module is imported."""
    from markdown.extensions.fenced_code import FencedCodeExtension
    from markdown.extensions.md_in_html import MarkdownInHtmlExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension
    from markdown.extensions.toc import TocExtension

    return [
        TableExtension(use_align_attribute=True),  # align="left", not a style
        FencedCodeExtension(),
        SaneListExtension(),
        MarkdownInHtmlExtension(),
        TocExtension(),  # heading ids
    ]


def _problem(path: Path, finding: Finding, line: int | None) -> Problem:
    return warning(path, finding.message, line, code=finding.code)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


CHUNK_CHARS = 24_000


def section_sources(section: Section) -> list[tuple[str, int]]:
    """A section's markdown as shown, in pieces: (markdown, line in the file of its first line).

    Its title comes first when the body has none.
    """
    body, first = section.body, section.body_line
    if not starts_with_title(body):
        body, first = f"# {section.title}\n\n{body}", first - 2
    sources = []
    for piece in split_for_rendering(body):
        sources.append((piece, first))
        first += piece.count("\n") + 1
    return sources


def render_section(
    section: Section,
    pack_root: Path,
    section_ids: frozenset[str] | set[str],
    on_piece: Callable[[int, str], None] | None = None,
) -> tuple[list[str], list[Problem]]:
    """(html pieces, problems) of one section; on_piece(index, html) hears each piece."""
    pieces: list[str] = []
    problems: list[Problem] = []
    for index, (source, first_line) in enumerate(section_sources(section)):
        rendered = render(source, section.path, pack_root, section_ids, first_line)
        pieces.append(rendered.html)
        problems.extend(rendered.problems)
        if on_piece is not None:
            on_piece(index, rendered.html)
    return pieces, problems


def render_step(step: Step, pack_root: Path, section_ids: frozenset[str] | set[str]) -> Rendered:
    """One walkthrough step's body, its problems placed on the lines of its stage file."""
    return render(step.body, step.path, pack_root, section_ids, step.line + 1, step.body_lines)


def split_for_rendering(body: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut a long body at blank lines outside code blocks into pieces of about `size` chars.

    Long sections are rendered and shown piece by piece so the screen never waits for
    the whole file. Short bodies come back whole.
    """
    if len(body) <= size:
        return [body]
    lines = body.split("\n")
    in_code = code_lines(lines)
    pieces: list[str] = []
    current: list[str] = []
    length = 0
    for index, line in enumerate(lines):
        current.append(line)
        length += len(line) + 1
        if length >= size and not in_code[index] and not line.strip() or length >= size * 8:
            pieces.append("\n".join(current))
            current, length = [], 0
    if current:
        pieces.append("\n".join(current))
    return pieces
