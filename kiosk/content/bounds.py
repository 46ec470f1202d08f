"""Keeping one page inside the content budget (kiosk/content/budget.py).

`bound_markdown` runs before Python-Markdown sees a body: it breaks over-long words, cuts
over-long paragraphs, escapes the brackets of a paragraph with too many of them and
shortens over-deep blockquotes. `bound_html` runs on the sanitized HTML before Qt lays it
out: elements nested too deep lose their inner tags, and tables nested too deep or with
too many cells are shown as plain lines. Each change is reported as a `Finding` with the
index of the source line it is about, so `kiosk check` can name file and line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from kiosk.content.budget import BUDGET, Budget
from kiosk.content.outline import code_lines

WORD_PIECE = 80  # an over-long word gets a break opportunity every this many letters
BREAK = "\u200b"  # zero-width space: invisible, but Qt may wrap a line there


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    index: int | None = None  # 0-based line of the source body, when known
    table: int | None = None  # which table (0 is the first in the page) it is about


def bound_markdown(body: str, budget: Budget = BUDGET) -> tuple[str, list[Finding]]:
    """The body with everything over budget simplified, and what was simplified."""
    lines = body.split("\n")
    findings: list[Finding] = []
    if max(map(len, lines), default=0) > budget.max_word_chars:
        _break_words(lines, budget, findings)
    in_code = code_lines(lines)
    _shallow_quotes(lines, in_code, budget, findings)
    paragraphs = list(_paragraphs(lines, in_code))
    for start, end in paragraphs:
        count = sum(lines[i].count("[") for i in range(start, end))
        if count > budget.max_brackets_per_paragraph:
            limit = budget.max_brackets_per_paragraph
            message = (
                f"a paragraph with {count:,} [ brackets is over the limit of {limit:,}"
                " (max_brackets_per_paragraph); its brackets are shown as typed"
            )
            findings.append(Finding("budget.brackets", message, start))
            # As an HTML paragraph, which Python-Markdown passes on as it is: escaping the
            # brackets one by one would be quadratic too.
            for i in range(start, end):
                lines[i] = html.escape(lines[i], quote=False)
            lines[start] = "<p>" + lines[start]
            lines[end - 1] += "</p>"
    cuts: dict[int, list[str]] = {}
    for start, end in paragraphs:
        size = sum(len(lines[i]) + 1 for i in range(start, end))
        if size > budget.max_paragraph_chars:
            limit = budget.max_paragraph_chars
            message = (
                f"a paragraph of {size:,} characters is over the limit of {limit:,}"
                " (max_paragraph_chars); it is cut into shorter ones"
            )
            findings.append(Finding("budget.paragraph", message, start))
            cuts.update(_cut_paragraph(lines, start, end, limit))
    if cuts:
        lines = [piece for i, line in enumerate(lines) for piece in cuts.get(i, [line])]
    return "\n".join(lines), findings


def _break_words(lines: list[str], budget: Budget, findings: list[Finding]) -> None:
    """Give each over-long word a break opportunity every WORD_PIECE letters (never inside
    an HTML tag); one finding for the first line that had one, with the count of lines."""
    long_word = re.compile(rf"\S{{{budget.max_word_chars + 1},}}")
    first, longest, count = None, 0, 0
    for index, line in enumerate(lines):
        if len(line) <= budget.max_word_chars:
            continue
        changed = long_word.sub(lambda m: _broken(m.group(), budget.max_word_chars), line)
        if changed != line:
            length = max(len(w) for w in line.split() if len(w) > budget.max_word_chars)
            first = index if first is None else first
            longest, count = max(longest, length), count + 1
            lines[index] = changed
    if first is not None:
        more = f" (and on {count - 1:,} more lines)" if count > 1 else ""
        message = (
            f"a word of {longest:,} characters is longer than the limit of"
            f" {budget.max_word_chars:,} (max_word_chars){more}; it is broken so it can wrap"
        )
        findings.append(Finding("budget.word", message, first))


_TAG_OR_TEXT = re.compile(r"(<[^<>]*>)")


def _broken(word: str, limit: int) -> str:
    """The word with a break every WORD_PIECE letters in each stretch of text that is longer
    than `limit` letters; HTML tags inside it are left whole."""
    parts = _TAG_OR_TEXT.split(word) if "<" in word else [word]
    for number, part in enumerate(parts):
        if number % 2 == 0 and len(part) > limit:
            pieces = (part[i : i + WORD_PIECE] for i in range(0, len(part), WORD_PIECE))
            parts[number] = BREAK.join(pieces)
    return "".join(parts)


_QUOTES = re.compile(r"[ \t]*(?:>[ \t]?)+")


def _shallow_quotes(
    lines: list[str], in_code: list[bool], budget: Budget, findings: list[Finding]
) -> None:
    limit = budget.max_nesting_depth
    reported = False
    for index, line in enumerate(lines):
        if in_code[index] or ">" not in line[:8]:
            continue
        match = _QUOTES.match(line)
        if match is None or match.group().count(">") <= limit:
            continue
        depth = match.group().count(">")
        lines[index] = "> " * limit + line[match.end() :]
        if not reported:
            message = (
                f"quotes nested {depth:,} deep are over the limit of {limit}"
                " (max_nesting_depth); they are shown less deep"
            )
            findings.append(Finding("budget.nesting", message, index))
            reported = True


def _paragraphs(lines: list[str], in_code: list[bool]) -> list[tuple[int, int]]:
    """(start, end) line indexes of each run of non-blank lines outside code blocks."""
    runs, start = [], None
    for index, line in enumerate(lines):
        if in_code[index] or not line.strip():
            if start is not None:
                runs.append((start, index))
                start = None
        elif start is None:
            start = index
    if start is not None:
        runs.append((start, len(lines)))
    return runs


def _cut_paragraph(lines: list[str], start: int, end: int, limit: int) -> dict[int, list[str]]:
    """Replacement lines that put a blank line wherever the paragraph reaches `limit`."""
    cuts: dict[int, list[str]] = {}
    size = 0
    for index in range(start, end):
        line = lines[index]
        pieces = _cut_line(line, limit) if len(line) > limit else [line]
        if size and size + len(pieces[0]) + 1 > limit:
            pieces = ["", *pieces]
            size = 0
        if len(pieces) > 1 or pieces[0] != line:
            cuts[index] = pieces
        size = len(pieces[-1]) + 1 if len(pieces) > 1 else size + len(line) + 1
    return cuts


def _cut_line(line: str, limit: int) -> list[str]:
    """A long line in pieces of at most `limit`, cut at a space where there is one, with a
    blank line between them."""
    pieces: list[str] = []
    while len(line) > limit:
        cut = max(line.rfind(" ", 0, limit), line.rfind(BREAK, 0, limit))
        cut = cut if cut > limit // 2 else limit
        pieces += [line[:cut], ""]
        line = line[cut:].lstrip(" " + BREAK)
    return [*pieces, line]


# --- the HTML side -----------------------------------------------------------------------

# A tag in sanitized HTML: its attribute values are always in double quotes there.
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*/?>')
VOID = frozenset({"br", "hr", "img", "col", "wbr", "area", "source", "input"})
TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "col"})
_CELL = ("td", "th")


def bound_html(page: str, budget: Budget = BUDGET) -> tuple[str, list[Finding]]:
    """Sanitized HTML with over-deep nesting flattened and over-budget tables shown as lines.

    Findings carry no line; `nesting_lines` finds the source lines they are about.
    """
    tokens = list(_TAG.finditer(page))
    cells = _cells_per_table(tokens)
    if not _over(tokens, cells, budget):
        return page, []
    out: list[str] = []
    findings: dict[str, Finding] = {}
    stack: list[tuple[str, bool]] = []  # (tag, kept)
    kept = tables = flat = 0  # kept elements open, kept tables open, flattened tables open
    first_cell = True
    table_number = -1
    position = 0
    for match in tokens:
        out.append(page[position : match.start()])
        position = match.end()
        closing, tag = bool(match.group(1)), match.group(2).lower()
        if tag in VOID:
            out.append("" if flat and tag == "col" else match.group())
            continue
        if not closing:
            if tag == "table":
                table_number += 1
            keep, replacement = True, match.group()
            if flat and tag in TABLE_PARTS:
                keep = False
                replacement = " | " if tag in _CELL and not first_cell else ""
                first_cell = first_cell and tag not in _CELL
                flat += tag == "table"
            elif tag == "table" and tables >= budget.max_table_depth:
                keep, replacement, flat = False, "", 1
                findings.setdefault("budget.table-depth", _table_depth(budget))
            elif tag == "table" and cells[table_number] > budget.max_table_cells:
                keep, replacement, flat = False, "", 1
                findings.setdefault(
                    f"budget.table-cells.{table_number}",
                    _table_cells(cells[table_number], budget, table_number),
                )
            elif kept >= budget.max_nesting_depth:
                keep, replacement = False, ""
                findings.setdefault("budget.nesting", _nesting(budget))
            stack.append((tag, keep))
            kept += keep
            tables += keep and tag == "table"
            if tag == "tr":
                first_cell = True
            out.append(replacement)
            continue
        # a closing tag: pop up to its opening one (sanitized HTML is balanced)
        while stack:
            open_tag, was_kept = stack.pop()
            kept -= was_kept
            tables -= was_kept and open_tag == "table"
            if not was_kept and open_tag == "table":
                flat -= 1
            if open_tag == tag:
                if was_kept:
                    out.append(match.group())
                elif flat and tag == "tr" or tag == "table" and not was_kept:
                    out.append("<br>")
                break
    out.append(page[position:])
    return "".join(out), list(findings.values())


def _cells_per_table(tokens: list[re.Match[str]]) -> list[int]:
    """Cells inside each table (nested tables' cells included), in document order."""
    counts: list[int] = []
    open_tables: list[int] = []
    for match in tokens:
        tag = match.group(2).lower()
        if tag == "table":
            if match.group(1):
                if open_tables:
                    open_tables.pop()
            else:
                open_tables.append(len(counts))
                counts.append(0)
        elif tag in _CELL and not match.group(1):
            for number in open_tables:
                counts[number] += 1
    return counts


def _over(tokens: list[re.Match[str]], cells: list[int], budget: Budget) -> bool:
    if any(count > budget.max_table_cells for count in cells):
        return True
    depth = tables = 0
    for match in tokens:
        tag = match.group(2).lower()
        if tag in VOID:
            continue
        step = -1 if match.group(1) else 1
        depth += step
        tables += step if tag == "table" else 0
        if depth > budget.max_nesting_depth or tables > budget.max_table_depth:
            return True
    return False


def _nesting(budget: Budget) -> Finding:
    limit = budget.max_nesting_depth
    message = (
        f"lists, quotes or HTML nested more than {limit} deep are over the limit"
        " (max_nesting_depth); the inner ones are shown flat"
    )
    return Finding("budget.nesting", message)


def _table_depth(budget: Budget) -> Finding:
    limit = budget.max_table_depth
    message = (
        f"tables nested more than {limit} deep are over the limit (max_table_depth);"
        " the inner tables are shown as plain lines"
    )
    return Finding("budget.table-depth", message)


def _table_cells(count: int, budget: Budget, number: int) -> Finding:
    limit = budget.max_table_cells
    message = (
        f"a table of {count:,} cells is over the limit of {limit:,} (max_table_cells);"
        " it is shown as plain lines"
    )
    return Finding("budget.table-cells", message, table=number)


# --- finding the source lines of HTML-side findings --------------------------------------

_RAW_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b(?:[^<>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")
_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])\s")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|?\s*$")


def structure_lines(lines: list[str], budget: Budget = BUDGET) -> dict[str, int]:
    """Where in the source the first over-deep element, over-deep table and each table
    start: {"budget.nesting": i, "budget.table-depth": i, "table.N": i} (0-based lines)."""
    in_code = code_lines(lines)
    found: dict[str, int] = {}
    depth = tables = table_number = 0
    quote_limit = budget.max_nesting_depth
    for index, line in enumerate(lines):
        if in_code[index]:
            continue
        if (
            index + 1 < len(lines)
            and "|" in line
            and not in_code[index + 1]
            and _PIPE_RULE.match(lines[index + 1])
        ):
            found[f"table.{table_number}"] = index
            table_number += 1
        if line.lstrip().startswith(">") and line.count(">") > quote_limit:
            found.setdefault("budget.nesting", index)
        indent = len(line) - len(line.lstrip(" "))
        if indent >= 4 * quote_limit and _LIST_ITEM.match(line, indent):
            found.setdefault("budget.nesting", index)
        if "<" not in line:
            continue
        for match in _RAW_TAG.finditer(line):
            tag = match.group(2).lower()
            if tag in VOID or match.group(3):
                continue
            step = -1 if match.group(1) else 1
            depth = max(0, depth + step)
            if tag == "table":
                if step > 0:
                    found[f"table.{table_number}"] = index
                    table_number += 1
                tables = max(0, tables + step)
            if depth > budget.max_nesting_depth:
                found.setdefault("budget.nesting", index)
            if tables > budget.max_table_depth:
                found.setdefault("budget.table-depth", index)
    return found
