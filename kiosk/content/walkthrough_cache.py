"""A pack's walkthrough as the section cache keeps it: what its folder held, the Walkthrough
loading it gave and the problems it reported, as plain JSON values, read back strictly.

An entry holds the folder's listing: every name in it with its stat signature, so an edited,
added or removed file (a stage, questions.md, or one that only makes a warning) is seen. It
is used only when the folder holds the very same names and signatures; then the walkthrough
is rebuilt from it exactly as reading the files gave it, without PyYAML or any parsing.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from kiosk.content.model import (
    STAGE_KEYS,
    ChecklistItem,
    Question,
    Review,
    Stage,
    Step,
    Walkthrough,
)
from kiosk.problems import Problem, Severity

Listing = list[list[Any]]  # [[name, size, mtime_ns, ctime_ns, inode], ...], sorted by name
_SEVERITIES = {severity.value: severity for severity in Severity}

# The shape of an entry. A type: a JSON value of exactly that type (a bool is no int); a
# frozenset: any of those types; [spec]: a list of any length; (spec, ...): a list of exactly
# those; {key: spec}: an object with exactly those keys.
_DATE = frozenset({str, type(None)})  # an ISO date
_LINE = frozenset({int, type(None)})
_REVIEW = {"reviewed": _DATE, "review_by": _DATE, "reviewer": str, "sources": [str]}
_STEP = {
    "stage": str,
    "title": str,
    "icon": str,
    "body": str,
    "checklist": [(str, str)],  # [id, text]
    "path": str,
    "line": int,
    "body_lines": [int],
}
_QUESTION = {
    "id": str,
    "stage": str,
    "text": str,
    "answers": [str],
    "right": int,
    "explanation": str,
    "path": str,
    "line": int,
}
_STAGE = {
    "key": str,
    "title": str,
    "icon": str,
    "path": str,
    "steps": [_STEP],
    "questions": [_QUESTION],
    "review": _REVIEW,
}
_PROBLEM = (str, _LINE, str, str, str)  # path, line, severity, message, code
ENTRY = {"listing": [(str, int, int, int, int)], "stages": [_STAGE], "problems": [_PROBLEM]}


class BrokenEntry(ValueError):
    """A walkthrough entry is not what this kiosk writes: the whole cache is ignored."""


def encoded(listing: Listing, walkthrough: Walkthrough, problems: list[Problem]) -> dict[str, Any]:
    """The entry for a walkthrough loaded afresh from a folder that held `listing`."""
    return {
        "listing": listing,
        "stages": [_stage(stage) for stage in walkthrough.stages],
        "problems": [[str(p.path), p.line, p.severity.value, p.message, p.code] for p in problems],
    }


def _stage(stage: Stage) -> dict[str, Any]:
    review = stage.review
    return {
        "key": stage.key,
        "title": stage.title,
        "icon": stage.icon,
        "path": str(stage.path),
        "steps": [
            {
                "stage": step.stage,
                "title": step.title,
                "icon": step.icon,
                "body": step.body,
                "checklist": [[item.id, item.text] for item in step.checklist],
                "path": str(step.path),
                "line": step.line,
                "body_lines": list(step.body_lines),
            }
            for step in stage.steps
        ],
        "questions": [
            {
                "id": q.id,
                "stage": q.stage,
                "text": q.text,
                "answers": list(q.answers),
                "right": q.right,
                "explanation": q.explanation,
                "path": str(q.path),
                "line": q.line,
            }
            for q in stage.questions
        ],
        "review": {
            "reviewed": review.reviewed.isoformat() if review.reviewed else None,
            "review_by": review.review_by.isoformat() if review.review_by else None,
            "reviewer": review.reviewer,
            "sources": list(review.sources),
        },
    }


def decoded(entry: Any) -> tuple[Walkthrough, list[Problem]]:
    """The walkthrough and problems an entry holds; BrokenEntry when it is not one."""
    if not _fits(entry, ENTRY):
        raise BrokenEntry("a walkthrough entry is not what this kiosk writes")
    problems = []
    for path, line, severity, message, code in entry["problems"]:
        if severity not in _SEVERITIES:
            raise BrokenEntry("a walkthrough problem's severity is not error or warning")
        problems.append(Problem(Path(path), line, _SEVERITIES[severity], message, code))
    stages = [_stage_of(raw) for raw in entry["stages"]]
    keys = [stage.key for stage in stages]
    if keys != [key for key in STAGE_KEYS if key in keys]:  # none twice, none unknown
        raise BrokenEntry("the walkthrough's stages are not before, during, after in order")
    return Walkthrough(stages), problems


def _stage_of(raw: dict[str, Any]) -> Stage:
    review = raw["review"]
    stage = Stage(
        key=raw["key"],
        title=raw["title"],
        icon=raw["icon"],
        path=Path(raw["path"]),
        review=Review(
            _date(review["reviewed"]),
            _date(review["review_by"]),
            review["reviewer"],
            tuple(review["sources"]),
        ),
    )
    for step in raw["steps"]:
        stage.steps.append(
            Step(
                stage=step["stage"],
                title=step["title"],
                icon=step["icon"],
                body=step["body"],
                checklist=[ChecklistItem(id, text) for id, text in step["checklist"]],
                path=Path(step["path"]),
                line=step["line"],
                body_lines=tuple(step["body_lines"]),
            )
        )
    for question in raw["questions"]:
        if not 0 <= question["right"] < len(question["answers"]):
            raise BrokenEntry("a question's right answer is not one of its answers")
        stage.questions.append(
            Question(
                id=question["id"],
                stage=question["stage"],
                text=question["text"],
                answers=tuple(question["answers"]),
                right=question["right"],
                explanation=question["explanation"],
                path=Path(question["path"]),
                line=question["line"],
            )
        )
    return stage


def _date(value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise BrokenEntry(f"{value[:40]!r} is not a date") from None


def _fits(value: Any, spec: Any) -> bool:
    """Whether a JSON value has the shape `spec` describes (see ENTRY)."""
    if isinstance(spec, type):
        return type(value) is spec
    if isinstance(spec, frozenset):
        return type(value) in spec
    if type(value) is list and isinstance(spec, list):
        return all(_fits(item, spec[0]) for item in value)
    if type(value) is list and isinstance(spec, tuple):
        return len(value) == len(spec) and all(map(_fits, value, spec))
    if type(value) is dict and isinstance(spec, dict):
        return value.keys() == spec.keys() and all(_fits(value[k], spec[k]) for k in spec)
    return False
