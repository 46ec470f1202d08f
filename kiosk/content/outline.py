"""Reading the outline of a markdown body: headings, first sentence, fenced code."""

from __future__ import annotations

import re
from collections.abc import Iterator

_FENCE_OPEN = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))??(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ATTRS = re.compile(r"\s*\{[^{}]*\}\s*$")
# Lines that are not part of an ordinary paragraph: headings, tables, HTML, quotes,
# list items, pictures, link definitions, rules and fences.
_NOT_PROSE = re.compile(
    r"#|\||<|>|!\[|\[[^\]]*\]:|[-*+](\s|$)|\d{1,9}[.)](\s|$)|=+\s*$|([-*_]\s*){3,}$|```|~~~"
)
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>]*>"), ""),
    (re.compile(r"[*_`]+"), ""),
]


def lines_outside_code(body: str) -> Iterator[tuple[int, str]]:
    """(0-based index, line) for each line that is not inside a fenced code block."""
    fence = None
    for index, line in enumerate(body.splitlines()):
        match = _FENCE_OPEN.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        yield index, line


PLAIN_LIMIT = 1000  # titles and summaries are short; longer input is cut before the regexes


def plain(text: str) -> str:
    """Inline markdown to plain words (for titles, summaries and checklist items)."""
    text = text[:PLAIN_LIMIT]  # the link patterns are quadratic on thousands of brackets
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


def first_heading(body: str) -> tuple[int, str] | None:
    """(level, text) of the first ATX or setext heading, else None."""
    previous = ""
    for _, line in lines_outside_code(body):
        match = _ATX.match(line)
        if match:
            return len(match.group(1)), plain(_ATTRS.sub("", match.group(2) or ""))
        setext = _SETEXT.match(line)
        if setext and previous.strip() and not previous.lstrip().startswith(("-", "*", ">")):
            return (1 if setext.group(1)[0] == "=" else 2), plain(previous)
        previous = line
    return None


def first_sentence(body: str, limit: int = 90) -> str:
    """The first sentence of the first ordinary paragraph, shortened to fit a tile."""
    paragraph: list[str] = []
    for _, line in lines_outside_code(body):
        stripped = line.strip()
        if not stripped:
            if paragraph:
                break
            continue
        if _NOT_PROSE.match(stripped):
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    text = plain(" ".join(paragraph))
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    if match:
        text = match.group(1)
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def starts_with_title(body: str) -> bool:
    """True when the body's first non-blank line is a level-1 heading (# or underlined ===)."""
    lines = iter(lines_outside_code(body))
    for _, line in lines:
        if line.strip():
            match = _ATX.match(line)
            if match:
                return len(match.group(1)) == 1
            underline = next(lines, (0, ""))[1]
            return bool(re.match(r"^\s{0,3}=+\s*$", underline)) and not _NOT_PROSE.match(line)
    return False
