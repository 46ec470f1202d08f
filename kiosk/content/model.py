"""The content model: what a content folder holds, as plain data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from kiosk.content.strings import DEFAULT_STRINGS
from kiosk.problems import Problem, Severity

STAGE_KEYS = ("before", "during", "after")
DEFAULT_ICON = "document"
SECTION_SCHEME = "section"  # a link to another section: section:<id>[#heading]


class Review(NamedTuple):
    """Who checks a file against its sources, and when (MedlinePlus-style governance)."""

    reviewed: datetime.date | None = None
    review_by: datetime.date | None = None
    reviewer: str = ""  # a role, not a name
    sources: tuple[str, ...] = ()

    @classmethod
    def of(cls, values: dict[str, Any]) -> Review:
        """From checked front matter values."""
        return cls(
            values.get("reviewed"),
            values.get("review_by"),
            values.get("reviewer", ""),
            tuple(values.get("sources", ())),
        )


@dataclass
class Section:
    id: str  # the file name relative to the pack, e.g. "side-effects.md"
    path: Path
    title: str
    summary: str
    icon: str
    body: str  # markdown, without front matter
    body_line: int  # line in the file where the body starts (1-based)
    order: float | None = None
    review: Review = field(default_factory=Review)


def section_order(section: Section) -> tuple[bool, float, str]:
    """How sections are listed: by "order" (those without one last), then by file name."""
    return (section.order is None, section.order or 0, section.id)


class ChecklistItem(NamedTuple):
    id: str  # stable across reloads while the wording stays the same
    text: str


@dataclass
class Step:
    stage: str
    title: str
    icon: str
    body: str  # markdown, without the checklist
    checklist: list[ChecklistItem]
    path: Path
    line: int  # the step's heading line in the file
    body_lines: tuple[int, ...] = ()  # the file's line number of each line of `body`


class Question(NamedTuple):
    id: str  # "<stage>:<id>", the same in every language; usage counts use it
    stage: str
    text: str
    answers: tuple[str, ...]
    right: int  # index into answers
    explanation: str  # plain text
    path: Path
    line: int


@dataclass
class Stage:
    key: str  # one of STAGE_KEYS
    title: str
    icon: str
    path: Path
    steps: list[Step] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)  # "Check your understanding"
    review: Review = field(default_factory=Review)


@dataclass
class Walkthrough:
    stages: list[Stage] = field(default_factory=list)

    @property
    def steps(self) -> list[Step]:
        return [step for stage in self.stages for step in stage.steps]

    @property
    def checklist(self) -> list[ChecklistItem]:
        return [item for step in self.steps for item in step.checklist]


@dataclass
class ContentPack:
    """One language's sections, walkthrough and UI words."""

    lang: str
    name: str  # the language's own name, e.g. "Español"
    root: Path
    sections: list[Section] = field(default_factory=list)
    walkthrough: Walkthrough = field(default_factory=Walkthrough)
    ui: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_STRINGS))  # every key
    problems: list[Problem] = field(default_factory=list)

    @property
    def section_ids(self) -> frozenset[str]:
        """The ids of the sections shown, which links may point to."""
        return frozenset(section.id for section in self.sections)

    def section(self, section_id: str) -> Section | None:
        for section in self.sections:
            if section.id == section_id:
                return section
        return None


@dataclass
class Library:
    """Every language found in a content folder."""

    root: Path
    packs: dict[str, ContentPack] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # not tied to one pack

    def all_problems(self) -> list[Problem]:
        found = list(self.problems)
        for pack in self.packs.values():
            found.extend(pack.problems)
        return found

    def errors(self) -> list[Problem]:
        return [p for p in self.all_problems() if p.severity is Severity.ERROR]

    def warnings(self) -> list[Problem]:
        return [p for p in self.all_problems() if p.severity is Severity.WARNING]

    def pack(self, lang: str) -> ContentPack | None:
        if lang in self.packs:
            return self.packs[lang]
        return next(iter(self.packs.values()), None)
