"""Teach-back questions ("Check your understanding"), read from walkthrough/questions.md.

The file has one ``## before`` / ``## during`` / ``## after`` heading per stage (the
stage's key, in English in every language). Under it, each ``###`` heading is a
question; its ``- [ ]`` lines are the answers and the one ``- [x]`` line is the
right one; the text after the answers explains the right answer::

    ## after

    ### Who must take you home? {id=ride-home}

    - [ ] You can drive yourself
    - [x] A responsible adult

    A responsible adult must take you home. This is required.

A question that is not sound (no right answer or several, too few or too many
answers, no explanation) is an error and is not shown; the stage's other questions are.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kiosk.content.model import STAGE_KEYS, Question
from kiosk.content.outline import lines_outside_code, plain
from kiosk.problems import Problem, error, warning

MIN_ANSWERS, MAX_ANSWERS = 2, 4
MAX_QUESTIONS_PER_STAGE = 3
_STAGE = re.compile(r"^\s{0,3}##\s+(.*?)(?:\s+#+)?\s*$")
_QUESTION = re.compile(r"^\s{0,3}###\s+(.*?)(?:\s+#+)?\s*$")
_ANSWER = re.compile(r"^\s{0,3}[-*+]\s+\[( |x|X)\]\s+(.+?)\s*$")
_ID = re.compile(r"\s*\{\s*id\s*=\s*([A-Za-z0-9_-]{1,60})\s*\}\s*$")


def parse(path: Path, text: str) -> tuple[dict[str, list[Question]], list[Problem]]:
    """Questions by stage key, and the problems found. Never raises."""
    problems: list[Problem] = []
    by_stage: dict[str, list[Question]] = {}
    stage: str | None = None
    current: dict[str, Any] | None = None
    numbers: dict[str, int] = {}

    def finish() -> None:
        if current is None or stage is None:
            return
        question = _build(current, path, problems)
        if question is None:
            return
        if any(q.id == question.id for q in by_stage.setdefault(stage, [])):
            problems.append(
                error(path, f'the question id "{question.id}" is used twice', current["line"])
            )
            return
        by_stage[stage].append(question)

    for index, line in lines_outside_code(text):
        number = index + 1
        if match := _QUESTION.match(line):
            finish()
            current = None
            if stage is None:
                problems.append(
                    error(path, "a question before any ## before / ## during / ## after", number)
                )
                continue
            heading = match.group(1)
            numbers[stage] = numbers.get(stage, 0) + 1
            qid = str(numbers[stage])
            if found := _ID.search(heading):
                qid, heading = found.group(1), heading[: found.start()]
            current = {
                "stage": stage,
                "id": qid,
                "text": plain(heading),
                "line": number,
                "answers": [],
                "right": [],
                "explanation": [],
            }
        elif match := _STAGE.match(line):
            finish()
            current = None
            key = plain(match.group(1)).lower()
            if key not in STAGE_KEYS:
                names = ", ".join(f"## {k}" for k in STAGE_KEYS)
                problems.append(error(path, f'"## {key}" is not a stage; use {names}', number))
                stage = None
                continue
            stage = key
        elif current is not None:
            if match := _ANSWER.match(line):
                if current["explanation"]:
                    problems.append(
                        warning(path, "an answer after the explanation; answers come first", number)
                    )
                if match.group(1) != " ":
                    current["right"].append(len(current["answers"]))
                current["answers"].append(plain(match.group(2)))
            elif line.strip():
                current["explanation"].append(line.strip())
    finish()
    for key, questions in by_stage.items():
        if len(questions) > MAX_QUESTIONS_PER_STAGE:
            extra = questions[MAX_QUESTIONS_PER_STAGE]
            problems.append(
                warning(
                    path,
                    f'"{key}" has {len(questions)} questions; only the first '
                    f"{MAX_QUESTIONS_PER_STAGE} are shown",
                    extra.line,
                )
            )
            del questions[MAX_QUESTIONS_PER_STAGE:]
    return {key: qs for key, qs in by_stage.items() if qs}, problems


def _build(raw: dict[str, Any], path: Path, problems: list[Problem]) -> Question | None:
    line, name = raw["line"], raw["text"] or "(no words)"
    reasons = []
    if not raw["text"]:
        reasons.append("the question has no words")
    if not MIN_ANSWERS <= len(raw["answers"]) <= MAX_ANSWERS:
        reasons.append(
            f"it has {len(raw['answers'])} answers; give {MIN_ANSWERS} to {MAX_ANSWERS} "
            "('- [ ]' lines)"
        )
    if len(raw["right"]) != 1:
        reasons.append(f"it has {len(raw['right'])} right answers; mark exactly one with '- [x]'")
    if not raw["explanation"]:
        reasons.append("it has no explanation (a line of text after the answers)")
    if reasons:
        problems.append(error(path, f'question "{name}" is not shown: ' + "; ".join(reasons), line))
        return None
    return Question(
        id=f"{raw['stage']}:{raw['id']}",
        stage=raw["stage"],
        text=raw["text"],
        answers=tuple(raw["answers"]),
        right=raw["right"][0],
        explanation=plain(" ".join(raw["explanation"])),
        path=path,
        line=line,
    )
