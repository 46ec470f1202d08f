"""Parsing the "What to expect" walkthrough files (the content layer, no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.walkthrough import (
    STAGE_FALLBACK_ICONS,
    STAGE_FALLBACK_TITLES,
    ordered,
    parse_stage,
    stage_files,
    stage_text,
)
from kiosk.problems import Severity

PATH = Path("pack/walkthrough/before.md")

BEFORE = """---
title: Before your infusion
icon: clipboard
---

Text above the first step is not shown.

## A health check first {icon=stethoscope}

Before you start, you have a check.

- [ ] Bring a list of the medicines you take
- [ ] Bring **notes** on [treatments](side-effects.md)

## Learn what to expect

Your team explains.
* [x] Write down your questions
+ [ ] Ask about the drive home
"""


def parse(text: str, key: str = "before"):
    return parse_stage(key, PATH, text)


def test_stage_title_icon_and_steps():
    stage, problems = parse(BEFORE)
    assert problems == []
    assert (stage.key, stage.title, stage.icon, stage.path) == (
        "before",
        "Before your infusion",
        "clipboard",
        PATH,
    )
    assert [step.title for step in stage.steps] == ["A health check first", "Learn what to expect"]


def test_step_icons_fall_back_to_the_stage_icon():
    stage, _ = parse(BEFORE)
    assert [step.icon for step in stage.steps] == ["stethoscope", "clipboard"]


def test_step_line_numbers_count_front_matter():
    stage, _ = parse(BEFORE)
    assert [step.line for step in stage.steps] == [8, 15]
    assert all(step.path == PATH and step.stage == "before" for step in stage.steps)


def test_checklist_items_leave_the_body():
    first, second = parse(BEFORE)[0].steps
    assert [item.text for item in first.checklist] == [
        "Bring a list of the medicines you take",
        "Bring notes on treatments",
    ]
    assert first.body == "Before you start, you have a check."
    assert [item.text for item in second.checklist] == [
        "Write down your questions",
        "Ask about the drive home",
    ]
    assert "[ ]" not in second.body and "Your team explains." in second.body


def test_text_above_the_first_step_is_not_shown():
    stage, _ = parse(BEFORE)
    assert all("not shown" not in step.body for step in stage.steps)


def test_checklist_ids_are_stable_and_per_stage():
    first = parse(BEFORE)[0].steps[0].checklist
    again = parse(BEFORE.replace("Before you start", "Now"))[0].steps[0].checklist
    assert [i.id for i in first] == [i.id for i in again]
    assert all(item.id.startswith("before:") for item in first)
    during = parse(BEFORE, "during")[0].steps[0].checklist
    assert during[0].id.startswith("during:") and during[0].id != first[0].id
    assert len({item.id for item in first}) == 2


@pytest.mark.parametrize("key", ["before", "during", "after"])
def test_fallback_title_and_icon(key):
    stage, _ = parse("## One\n\nText.\n", key)
    assert stage.title == STAGE_FALLBACK_TITLES[key] and stage.icon == STAGE_FALLBACK_ICONS[key]


def test_title_from_first_heading():
    stage, _ = parse("# Getting ready\n\n## One\n\nText.\n")
    assert stage.title == "Getting ready"
    assert [s.title for s in stage.steps] == ["One"]


def test_heading_after_steps_is_not_the_title():
    stage, _ = parse("## One\n\nText.\n\n# Late\n")
    assert stage.title == "Before"


def test_steps_inside_code_are_not_steps():
    text = "## Real\n\n```\n## Not a step\n- [ ] not an item\n```\n\n- [ ] An item\n"
    stage, problems = parse(text)
    assert [s.title for s in stage.steps] == ["Real"]
    assert [i.text for i in stage.steps[0].checklist] == ["An item"]
    assert "- [ ] not an item" in stage.steps[0].body
    assert problems == []


def test_closing_hashes_and_hash_in_title():
    stage, _ = parse("## Learn C# ##\n\nText.\n\n## Step two {icon=car}\n\nText.\n")
    assert [(s.title, s.icon) for s in stage.steps] == [
        ("Learn C#", "clipboard"),
        ("Step two", "car"),
    ]


def test_empty_step_is_a_warning():
    stage, [problem] = parse("## Full\n\nText.\n\n## Empty\n\n")
    assert len(stage.steps) == 2
    assert problem.severity is Severity.WARNING and problem.line == 5
    assert problem.message == 'step "Empty" is empty'


def test_step_with_only_a_checklist_is_fine():
    assert parse("## Tick\n\n- [ ] One thing\n")[1] == []


def test_step_heading_without_words():
    stage, problems = parse("## {icon=car}\n\nText.\n")
    assert stage.steps[0].icon == "car"
    assert [p.message for p in problems] == ["a step heading has no words"]


def test_no_steps_is_a_warning():
    stage, [problem] = parse("---\ntitle: Before\n---\nJust text.\n")
    assert stage.steps == [] and problem.line == 4 and "no steps" in problem.message


def test_broken_front_matter_means_no_stage():
    stage, [problem] = parse("---\ntitle: [\n---\n## One\n")
    assert stage is None and problem.severity is Severity.ERROR and problem.line == 3


def test_unknown_front_matter_key_in_stage():
    stage, [problem] = parse("---\ntitle: Before\nicn: car\n---\n## One\n\nText.\n")
    assert stage is not None and 'did you mean "icon"' in problem.message


def test_stage_files_and_extra_files(tmp_path):
    for name in ("after.md", "Before.md", "notes.md", "during.md", "picture.png"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found, extra = stage_files(tmp_path)
    assert set(found) == {"before", "during", "after"}
    assert found["before"].name == "Before.md"
    assert [p.name for p in extra] == ["notes.md"]


def test_ordered_stages():
    stages = {key: parse("## One\n\nText.\n", key)[0] for key in ("after", "before")}
    walkthrough = ordered(stages)
    assert [s.key for s in walkthrough.stages] == ["before", "after"]
    assert len(walkthrough.steps) == 2 and walkthrough.checklist == []


def test_walkthrough_collects_the_checklist():
    walkthrough = ordered({"before": parse(BEFORE)[0]})
    assert len(walkthrough.checklist) == 4


def test_stage_text_is_what_a_patient_reads():
    text = stage_text(parse(BEFORE)[0])
    assert "## A health check first" in text and "Bring a list" in text
    assert "not shown" not in text and "{icon" not in text
