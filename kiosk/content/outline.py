"""Reading the outline of a markdown body: headings, first sentence, fenced code."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterator

# Python-Markdown's fenced_code rule, so code is found where the page shows code: a fence
# opens at the start of a line (``` or ~~~, 3 or more, then an optional language or
# {attributes}), and only the very same fence alone on a later line closes it. A fence
# that is never closed opens nothing.
_FENCE_OPEN = re.compile(
    r"(`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|').*?\2[ ]*)?)$"
)
_FENCE_CLOSE = re.compile(r"(`{3,}|~{3,})[ ]*$")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))??(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ATTRS = re.compile(r"\s*\{[^{}]*\}\s*$")
# Lines that are not part of an ordinary paragraph: headings, tables, HTML, quotes,
# list items, pictures, link definitions, rules and fences.
_NOT_PROSE = re.compile(
    r"#|\||<|>|!\[|\[[^\]]*\]:|[-*+](\s|$)|\d{1,9}[.)](\s|$)|=+\s*$|([-*_]\s*){3,}$|```|~~~"
)
# Inline markup that is not words: pictures go, links keep their words, tags go. The one
# list for every markdown-to-words step (tiles, titles, checklist items, reading grade).
INLINE_MARKUP = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>]*>"), ""),
]
_INLINE = [*INLINE_MARKUP, (re.compile(r"[*_`]+"), "")]


def code_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (its fences included)."""
    closers: dict[str, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        if line[:1] in "`~" and (match := _FENCE_CLOSE.match(line)):
            closers[match.group(1)].append(index)
    inside = [False] * len(lines)
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _FENCE_OPEN.match(line) if line[:1] in "`~" else None
        if match is not None:
            found = closers.get(match.group(1), [])
            position = bisect.bisect_right(found, index)
            if position < len(found):
                end = found[position]
                inside[index : end + 1] = [True] * (end + 1 - index)
                index = end + 1
                continue
        index += 1
    return inside


def without_code(body: str) -> str:
    """The body without its fenced code blocks (fences included)."""
    lines = body.split("\n")
    return "\n".join(
        line for line, is_code in zip(lines, code_lines(lines), strict=True) if not is_code
    )


def lines_outside_code(body: str) -> Iterator[tuple[int, str]]:
    """(0-based index, line) for each line that is not inside a fenced code block."""
    lines = body.split("\n")
    for index, is_code in enumerate(code_lines(lines)):
        if not is_code:
            yield index, lines[index].rstrip("\r")


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
