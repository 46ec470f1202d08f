"""`kiosk check [DIR]`: every problem in a content folder, with its file and line, for staff.

It uses the kiosk's own content layer, so what it reports is what the kiosk would log:
everything load_library() finds, and what render() finds in every section and step. On
top of that: duplicate order values and titles, empty sections, unknown icons, readability
with each language's own formula, review dates, and parity between languages. Exit 0 when
every file can be shown, 1 when one cannot (with --strict also when anything is off),
2 for a bad command line.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import re
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kiosk import resources
from kiosk.content import parity, pictures, review
from kiosk.content.loader import load_library
from kiosk.content.model import ContentPack, Library, Section
from kiosk.content.readability import FLESCH_KINCAID, Formula, formula_for, grade_of_markdown
from kiosk.content.render import render_section, render_step
from kiosk.content.walkthrough import stage_text
from kiosk.problems import Problem, Severity, did_you_mean, warning
from kiosk.textfiles import key_line

DEFAULT_MAX_GRADE = 8.0
ICON_SUFFIXES = (".svg", ".png")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")


@dataclass(frozen=True)
class Grade:
    """The readability of one section or walkthrough stage, by its language's formula."""

    lang: str
    path: Path
    kind: str  # "section" or "stage"
    name: str  # the section's id or the stage's key
    formula: str  # e.g. "reading grade" (Flesch-Kincaid) or "Fernández-Huerta reading ease"
    score: float
    words: int

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "path": str(shown(self.path)), "score": round(self.score, 1)}


@dataclass
class Report:
    library: Library
    max_grade: float
    problems: list[Problem] = field(default_factory=list)
    grades: list[Grade] = field(default_factory=list)

    @property
    def sections(self) -> int:
        return sum(len(pack.sections) for pack in self.library.packs.values())

    @property
    def steps(self) -> int:
        return sum(len(pack.walkthrough.steps) for pack in self.library.packs.values())

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    def exit_code(self, strict: bool = False) -> int:
        return int(bool(self.count(Severity.ERROR) or (strict and self.problems)))

    def reading(self) -> dict[str, dict[str, Any]]:
        """Per language: the formula, its mean and hardest score; `checked` is False where no
        formula is made for the language (the English grade is then shown for information)."""
        by_lang: dict[str, list[float]] = defaultdict(list)
        for grade in self.grades:
            by_lang[grade.lang].append(grade.score)
        reading = {}
        for lang, values in by_lang.items():
            formula = formula_for(lang)
            used = formula or FLESCH_KINCAID
            reading[lang] = {
                "formula": used.name,
                "mean": round(sum(values) / len(values), 1),
                "hardest": round(min(values) if used.higher_is_easier else max(values), 1),
                "limit": self._limit(used),
                "texts": len(values),
                "checked": formula is not None,
            }
        return reading

    def _limit(self, formula: Formula) -> float:
        return self.max_grade if formula is FLESCH_KINCAID else formula.limit

    def summary_line(self) -> str:
        errors, warnings = self.count(Severity.ERROR), self.count(Severity.WARNING)
        line = (
            f"checked {_plural(len(self.library.packs), 'language')}, "
            f"{_plural(self.sections, 'section')}, {_plural(self.steps, 'step')}: "
            f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        )
        parts = []
        for lang, n in self.reading().items():
            if not n["checked"]:
                parts.append(f"{n['formula']} mean {n['mean']:.1f} ({lang}, information only)")
            elif n["formula"] == FLESCH_KINCAID.name:
                parts.append(
                    f"{n['formula']} mean {n['mean']:.1f} ({lang}), max {n['hardest']:.1f}"
                )
            else:
                parts.append(
                    f"{n['formula']} mean {n['mean']:.1f} ({lang}), lowest {n['hardest']:.1f}"
                )
        return line + ("; " + "; ".join(parts) if parts else "")

    def as_dict(self, strict: bool = False) -> dict[str, object]:
        return {
            "root": str(shown(self.library.root)),
            "problems": [shown_problem(p).as_dict() for p in self.problems],
            "grades": [grade.as_dict() for grade in self.grades],
            "summary": {
                "languages": len(self.library.packs),
                "language_codes": sorted(self.library.packs),
                "sections": self.sections,
                "steps": self.steps,
                "errors": self.count(Severity.ERROR),
                "warnings": self.count(Severity.WARNING),
                "max_grade": self.max_grade,
                "reading": self.reading(),
            },
            "exit_code": self.exit_code(strict),
        }


def check_folder(
    root: Path, max_grade: float = DEFAULT_MAX_GRADE, today: datetime.date | None = None
) -> Report:
    return check_library(load_library(Path(root)), max_grade, today)


def check_library(
    library: Library, max_grade: float = DEFAULT_MAX_GRADE, today: datetime.date | None = None
) -> Report:
    """`today` decides which review dates are near or past (the real date when None)."""
    report = Report(library, max_grade)
    lines = _Lines()
    found = list(library.all_problems())
    for pack in library.packs.values():
        found += _rendering(pack)
        found += _sections(pack, lines)
        found += _walkthrough_icons(pack, lines)
        found += parity.ui_words(pack)
        found += _readability(pack, max_grade, report.grades)
    found += review.problems(library, today or datetime.date.today(), lines.key)
    found += parity.check(library)
    unique = dict.fromkeys(found)
    report.problems = sorted(unique, key=lambda p: (str(p.path), p.line or 0))
    return report


def _rendering(pack: ContentPack) -> list[Problem]:
    """Render every section (as the section screen does) and every step; keep the problems."""
    ids = pack.section_ids
    found = []
    for section in pack.sections:
        found += render_section(section, pack.root, ids)[1]
    for step in pack.walkthrough.steps:
        found += render_step(step, pack.root, ids).problems
    return found


def _sections(pack: ContentPack, lines: _Lines) -> list[Problem]:
    found: list[Problem] = []
    by_order: dict[float, list[Section]] = defaultdict(list)
    by_title: dict[str, list[Section]] = defaultdict(list)
    for section in pack.sections:
        if section.order is not None:
            by_order[section.order].append(section)
        by_title[section.title.casefold()].append(section)
        text = [line for line in section.body.splitlines() if not _HEADING.match(line)]
        if section.body.strip() and not re.search(r"\w", "\n".join(text)):
            found.append(warning(section.path, "the section has a heading but no text"))
        problem = _icon(section.icon, pack, section.path, lines.key(section.path, "icon"))
        found += [problem] if problem else []
    for order, group in by_order.items():
        for section in group[1:]:
            line = lines.key(section.path, "order")
            message = f"order {order:g} is also used by {group[0].id}; they are sorted by file name"
            found.append(warning(section.path, message, line))
    for group in by_title.values():
        for section in group[1:]:
            message = f'the title "{section.title}" is also used by {group[0].id}'
            found.append(warning(section.path, message, lines.key(section.path, "title")))
    return found


def _walkthrough_icons(pack: ContentPack, lines: _Lines) -> list[Problem]:
    found = []
    for stage in pack.walkthrough.stages:
        found.append(_icon(stage.icon, pack, stage.path, lines.key(stage.path, "icon")))
        for step in stage.steps:
            if step.icon != stage.icon:
                found.append(_icon(step.icon, pack, step.path, step.line))
    return [p for p in found if p]


def _icon(name: str, pack: ContentPack, path: Path, line: int | None) -> Problem | None:
    is_file = "/" in name or "." in name
    if (file := resources.icon_path(name, pack.root)) is not None:
        if is_file and Path(name).suffix.lower() not in ICON_SUFFIXES:
            return warning(path, f"icon {name} should be an .svg or .png picture", line)
        problem = pictures.inspect(file).problem if is_file else None
        return warning(path, f"icon {name}: {problem}", line) if problem else None
    if is_file:
        return warning(path, f"icon file not found in the content folder: {name}", line)
    names = sorted(p.stem for p in resources.icons_dir().glob("*.svg"))
    hint = did_you_mean(name, names)
    return warning(path, f'unknown icon "{name}"{hint}; a page icon is shown instead', line)


def _readability(pack: ContentPack, max_grade: float, grades: list[Grade]) -> list[Problem]:
    """Score every section and stage with the language's formula; warn past its limit
    (max_grade for the English grade). A language without a formula is not warned about."""
    formula = formula_for(pack.lang)
    used = formula or FLESCH_KINCAID
    limit = max_grade if used is FLESCH_KINCAID else used.limit
    texts: list[tuple[Path, str, str, str, int | None]] = [
        (s.path, "section", s.id, s.body, s.body_line) for s in pack.sections
    ]
    for stage in pack.walkthrough.stages:
        line = stage.steps[0].line if stage.steps else None
        texts.append((stage.path, "stage", stage.key, stage_text(stage), line))
    found = []
    for path, kind, name, text, line in texts:
        measured = grade_of_markdown(text, pack.lang)
        if not measured.words:
            continue
        score = used.score(measured)
        grades.append(Grade(pack.lang, path, kind, name, used.name, score, measured.words))
        if formula is not None and formula.too_hard(score, limit):
            found.append(warning(path, formula.describe(score, limit), line))
    return found


class _Lines:
    """The lines of each file, read once, to find the line that sets a front matter key."""

    def __init__(self) -> None:
        self._files: dict[Path, list[str]] = {}

    def lines(self, path: Path) -> list[str]:
        if path not in self._files:
            try:
                text = path.read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                text = ""
            self._files[path] = text.splitlines()
        return self._files[path]

    def key(self, path: Path, key: str) -> int | None:
        """The front matter line that sets `key`."""
        return key_line(self.lines(path)[:200], key)


def shown(path: Path) -> Path:
    """The path relative to the current folder when it is inside it."""
    absolute, here = Path(os.path.abspath(path)), Path.cwd()
    return absolute.relative_to(here) if absolute.is_relative_to(here) else Path(path)


def shown_problem(problem: Problem) -> Problem:
    return problem._replace(path=shown(problem.path))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def main(args: argparse.Namespace) -> int:
    max_grade = getattr(args, "max_grade", DEFAULT_MAX_GRADE)
    if not math.isfinite(max_grade) or max_grade < 0:
        print(f"kiosk check: error: --max-grade must be a number of 0 or more, not {max_grade}")
        return 2
    root = args.dir if getattr(args, "dir", None) is not None else resources.content_dir()
    strict = bool(getattr(args, "strict", False))
    report = check_folder(Path(root), max_grade, getattr(args, "today", None))
    if hasattr(sys.stdout, "reconfigure"):  # a console that cannot show every letter
        sys.stdout.reconfigure(errors="replace")
    if getattr(args, "json", False):
        print(json.dumps(report.as_dict(strict), ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            print(shown_problem(problem))
        print(report.summary_line())
    return report.exit_code(strict)
