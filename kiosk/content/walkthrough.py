"""The "What to expect" walkthrough: one markdown file per stage, a '##' heading per step."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from kiosk.content import frontmatter
from kiosk.content.model import STAGE_KEYS, ChecklistItem, Review, Stage, Step, Walkthrough
from kiosk.content.outline import lines_outside_code, plain
from kiosk.problems import Problem, warning

STAGE_FALLBACK_TITLES = {"before": "Before", "during": "During", "after": "After"}
STAGE_FALLBACK_ICONS = {"before": "clipboard", "during": "heart-pulse", "after": "bed"}
QUESTIONS_FILE = "questions.md"
_STEP = re.compile(r"^\s{0,3}##\s+(.*?)(?:\s+#+)?\s*$")
_TITLE = re.compile(r"^\s{0,3}#\s+(.*?)(?:\s+#+)?\s*$")
_ICON = re.compile(r"\s*\{\s*icon\s*=\s*([^\s{}]+)\s*\}\s*$")
_TASK = re.compile(r"^\s{0,3}[-*+]\s+\[( |x|X)\]\s+(.+?)\s*$")


def parse_stage(key: str, path: Path, text: str) -> tuple[Stage | None, list[Problem]]:
    """Parse one stage file; None when the file cannot be shown."""
    meta = frontmatter.split(text, path, frontmatter.STAGE_KEYS)
    if meta.broken:
        return None, meta.problems
    problems = list(meta.problems)
    lines = meta.body.splitlines()
    starts: list[tuple[int, str]] = []
    title = meta.values.get("title")
    for index, line in lines_outside_code(meta.body):
        if match := _STEP.match(line):
            starts.append((index, match.group(1)))
        elif not title and not starts and (match := _TITLE.match(line)):
            title = plain(match.group(1))
    stage = Stage(
        key=key,
        title=title or STAGE_FALLBACK_TITLES[key],
        icon=meta.values.get("icon") or STAGE_FALLBACK_ICONS[key],
        path=path,
        review=Review.of(meta.values),
    )
    for number, (start, heading) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        at = meta.body_line + start
        step = _parse_step(stage, heading, lines[start + 1 : end], path, at)
        if not step.title:
            problems.append(warning(path, "a step heading has no words", at))
        if not step.body.strip() and not step.checklist:
            problems.append(warning(path, f'step "{step.title}" is empty', at))
        stage.steps.append(step)
    if not starts:
        problems.append(warning(path, "this stage has no steps ('## ' headings)", meta.body_line))
    return stage, problems


def _parse_step(stage: Stage, heading: str, lines: list[str], path: Path, line: int) -> Step:
    icon = stage.icon
    if match := _ICON.search(heading):
        icon = match.group(1)
        heading = heading[: match.start()]
    body_lines: list[str] = []
    numbers: list[int] = []  # the file line of each body line
    checklist: list[ChecklistItem] = []
    outside = {index for index, _ in lines_outside_code("\n".join(lines))}
    for index, text in enumerate(lines):
        if index in outside and (match := _TASK.match(text)):
            item_text = plain(match.group(2))
            digest = f"{zlib.crc32(item_text.encode()):08x}"
            checklist.append(ChecklistItem(id=f"{stage.key}:{digest}", text=item_text))
        else:
            body_lines.append(text)
            numbers.append(line + 1 + index)
    body = "\n".join(body_lines)
    lead = len(body) - len(body.lstrip("\n"))  # blank lines dropped from the top
    body = body.strip("\n")
    return Step(
        stage=stage.key,
        title=plain(heading),
        icon=icon,
        body=body,
        checklist=checklist,
        path=path,
        line=line,
        body_lines=tuple(numbers[lead : lead + body.count("\n") + 1]),
    )


def stage_files(folder: Path) -> tuple[dict[str, Path], list[Path]]:
    """Stage files found in a walkthrough folder, and the .md files that are not stages."""
    found, extra = {}, []
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() == QUESTIONS_FILE:
            continue  # teach-back questions, read by kiosk.content.questions
        if path.stem.lower() in STAGE_KEYS:
            found[path.stem.lower()] = path
        else:
            extra.append(path)
    return found, extra


def ordered(stages: dict[str, Stage]) -> Walkthrough:
    return Walkthrough([stages[key] for key in STAGE_KEYS if key in stages])


def stage_text(stage: Stage) -> str:
    """What a patient reads in a stage, as markdown: step titles, text and checklists."""
    parts = []
    for step in stage.steps:
        items = "\n".join(f"- {item.text}" for item in step.checklist)
        parts.append(f"## {step.title}\n\n{step.body}\n\n{items}")
    return "\n\n".join(parts)
