"""Front matter: an optional YAML block between two '---' lines at the top of a file."""

from __future__ import annotations

import datetime
import functools
import re
import reprlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.content.budget import BUDGET
from kiosk.problems import Problem, did_you_mean, error, warning
from kiosk.textfiles import key_line

if TYPE_CHECKING:
    import yaml


@functools.cache
def _loader() -> type[yaml.SafeLoader]:
    """The YAML loader, made on first use (importing PyYAML takes about 10 ms: a start that
    reads no front matter does without it)."""
    import yaml

    # libyaml is many times faster; the pure-Python loader is the fallback
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[valid-type,misc]
        """Dates stay text here (PyYAML raises on 2026-13-45); the date keys parse them."""

    def timestamp_as_text(loader: Loader, node: yaml.Node) -> Any:
        return loader.construct_scalar(node)  # a timestamp is a scalar

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp_as_text)
    return Loader


_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)

# key -> accepted types
REVIEW_KEYS: dict[str, tuple[type, ...]] = {
    "reviewed": (datetime.date,),  # when a person last checked the file against its sources
    "review_by": (datetime.date,),  # when it must be checked again
    "reviewer": (str,),  # a role, e.g. "clinic nurse educator"
    "sources": (list,),  # what the facts come from
}
SECTION_KEYS: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "order": (int, float),
    "summary": (str,),
    "icon": (str,),
    **REVIEW_KEYS,
}
STAGE_KEYS: dict[str, tuple[type, ...]] = {"title": (str,), "icon": (str,), **REVIEW_KEYS}
_WANTED = {datetime.date: "a date like 2027-11-30", list: "a list of text", str: "text"}


@dataclass
class FrontMatter:
    values: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the first body line
    problems: list[Problem] = field(default_factory=list)
    broken: bool = False  # an error: the file cannot be shown


def split(text: str, path: Path, allowed: dict[str, tuple[type, ...]]) -> FrontMatter:
    """Separate the front matter from the body and check its keys and types."""
    if not text.startswith("---"):
        return FrontMatter({}, text, 1)
    match = _FENCE.match(text)
    if not match:
        if re.match(r"---[ \t]*\r?\n", text):
            return FrontMatter(
                {}, "", 1, [error(path, "front matter is not closed by a '---' line", 1)], True
            )
        return FrontMatter({}, text, 1)  # a '---' rule or '----' line, not front matter
    block = match.group(1)
    body = text[match.end() :]
    body_line = text.count("\n", 0, match.end()) + 1
    over = _over_budget(block, path)
    if over is not None:
        return FrontMatter({}, body, body_line, [over], True)
    import yaml

    try:
        values = yaml.load(block, Loader=_loader()) if block.strip() else {}
    except RecursionError:
        return FrontMatter(
            {}, body, body_line, [error(path, "broken front matter: nested too deeply", 2)], True
        )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for '---', +1 for 1-based
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return FrontMatter(
            {}, body, body_line, [error(path, f"broken front matter: {reason}", line)], True
        )
    if values is None:
        values = {}
    if not isinstance(values, dict):
        return FrontMatter(
            {}, body, body_line, [error(path, "front matter must be 'key: value' lines", 2)], True
        )
    problems: list[Problem] = []
    checked = {}
    for key, value in values.items():
        if key not in allowed:
            hint = did_you_mean(str(key), allowed)
            line = _line_of(block, str(key))  # looked up only when there is a problem to report
            problems.append(warning(path, f'unknown front matter key "{key}"{hint}', line))
            continue
        types = allowed[key]
        value = _as_wanted(value, types)
        if isinstance(value, bool) or not isinstance(value, types) or value == []:
            wanted = "number" if float in types or int in types else _WANTED[types[0]]
            line = _line_of(block, str(key))
            problems.append(
                warning(path, f'"{key}" should be {wanted}, not {reprlib.repr(value)}', line)
            )
            continue
        checked[key] = value.strip() if isinstance(value, str) else value
    return FrontMatter(checked, body, body_line, problems)


def _as_wanted(value: object, types: tuple[type, ...]) -> object:
    """A date written as text as a date, one source as a list of one; else unchanged."""
    if datetime.date in types and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return value
    if list in types:
        if isinstance(value, str) and value.strip():
            return [value.strip()]
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            return [v.strip() for v in value]
        if isinstance(value, list):
            return tuple(value)  # not all text: reported with its value
    return value


def _over_budget(block: str, path: Path) -> Problem | None:
    """An error when the block is too big or too deep, found before it is built into values.

    libyaml's parser makes events without recursion, but building nested values from them
    recurses on the C stack (25,000 levels crash the process), so depth is counted first.
    """
    size = len(block.encode("utf-8", "surrogatepass"))
    if size > BUDGET.max_front_matter_bytes:
        limit = BUDGET.max_front_matter_bytes
        message = (
            f"front matter of {size:,} bytes is over the limit of {limit:,}"
            " (max_front_matter_bytes); the file is not shown"
        )
        return error(path, message, 1, code="budget.front-matter")
    if block.count("[") + block.count("{") + block.count(":") + block.count("-") <= (
        BUDGET.max_front_matter_depth
    ):
        return None  # too few marks to nest that deep
    import yaml

    depth = 0
    try:
        for event in yaml.parse(block, Loader=_loader()):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > BUDGET.max_front_matter_depth + 1:  # +1: the key: value map
                    limit = BUDGET.max_front_matter_depth
                    message = (
                        f"front matter nested more than {limit} deep is over the limit"
                        " (max_front_matter_depth); the file is not shown"
                    )
                    line = event.start_mark.line + 2 if event.start_mark else 2
                    return error(path, message, line, code="budget.front-matter")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # reported, with its line, when the block is loaded
    return None


def _line_of(block: str, key: str) -> int | None:
    return key_line(block.splitlines(), key, first=2)  # line 1 is the opening '---'
