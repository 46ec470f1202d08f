"""Teach-back questions: the walkthrough/questions.md format, its problems and its parity."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.cli import main
from kiosk.content.loader import load_library
from kiosk.content.questions import parse
from kiosk.problems import Severity

REPO = Path(__file__).resolve().parent.parent

GOOD = """\
# Check your understanding

## after

### Who must take you home? {id=ride-home}

- [ ] You can drive yourself
- [x] A responsible adult

A responsible adult must take you home.
"""


def test_a_question_has_answers_one_right_answer_and_an_explanation():
    by_stage, problems = parse(Path("q.md"), GOOD)
    assert problems == []
    (question,) = by_stage["after"]
    assert question.id == "after:ride-home"
    assert question.text == "Who must take you home?"
    assert question.answers == ("You can drive yourself", "A responsible adult")
    assert question.answers[question.right] == "A responsible adult"
    assert question.explanation == "A responsible adult must take you home."
    assert question.line == 5


def test_without_an_id_a_question_is_numbered_in_its_stage():
    text = GOOD.replace(" {id=ride-home}", "") + GOOD.split("## after\n")[1]
    by_stage, problems = parse(Path("q.md"), text.replace("{id=ride-home}", ""))
    assert problems == []
    assert [q.id for q in by_stage["after"]] == ["after:1", "after:2"]


def test_two_right_answers_no_explanation_or_one_answer_are_errors_with_the_line():
    text = """\
## during

### Two right {id=a}

- [x] Yes
- [x] Also yes

Because.

### No reason {id=b}

- [x] Yes
- [ ] No

### Alone {id=c}

- [x] Yes

Because.

### None right {id=d}

- [ ] Yes
- [ ] No

Because.
"""
    by_stage, problems = parse(Path("q.md"), text)
    assert by_stage == {}
    expected = [(Severity.ERROR, line) for line in (3, 10, 15, 21)]
    assert [(p.severity, p.line) for p in problems] == expected
    messages = [p.message for p in problems]
    assert "2 right answers; mark exactly one" in messages[0]
    assert "no explanation" in messages[1]
    assert "1 answers; give 2 to 4" in messages[2]
    assert "0 right answers" in messages[3]


def test_an_unknown_stage_and_more_than_three_questions_are_reported():
    many = "\n".join(f"### Q{n}\n\n- [x] a\n- [ ] b\n\nWhy.\n" for n in range(5))
    by_stage, problems = parse(Path("q.md"), f"## later\n\n{many}\n## before\n\n{many}")
    assert [q.id for q in by_stage["before"]] == ["before:1", "before:2", "before:3"]
    assert '"## later" is not a stage' in problems[0].message
    assert problems[0].line == 1
    assert any("5 questions; only the first 3 are shown" in p.message for p in problems)


def test_the_bundled_pack_asks_the_same_questions_in_every_stage_and_language():
    library = load_library(REPO / "content")
    asked = {
        lang: {stage.key: [q.id for q in stage.questions] for stage in pack.walkthrough.stages}
        for lang, pack in library.packs.items()
    }
    assert asked["en"] == asked["es"]
    assert all(asked["en"][key] for key in ("before", "during", "after"))
    assert "after:ride-home" in asked["en"]["after"]
    assert not [p for p in library.all_problems() if "questions.md" in str(p.path)]


def test_kiosk_check_reports_a_question_missing_or_different_in_another_language(tmp_path, capsys):
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    spanish = root / "es" / "walkthrough" / "questions.md"
    text = spanish.read_text(encoding="utf-8")
    text = text.replace("{id=ride-home}", "{id=ride}")
    text = text.replace("- [x] Un adulto responsable", "- [ ] Un adulto responsable")
    text = text.replace("- [ ] Puede manejar usted mismo", "- [x] Puede manejar usted mismo")
    spanish.write_text(text, encoding="utf-8")
    english = root / "en" / "walkthrough" / "questions.md"
    english.write_text(
        english.read_text(encoding="utf-8").replace(
            "- [x] The other medicines you take", "- [x] The other medicines you take\n- [x] X"
        ),
        encoding="utf-8",
    )
    assert main(["check", "--strict", str(root)]) == 1
    out = capsys.readouterr().out
    assert 'no question "after:ride-home" here, but en asks it after after' in out
    assert 'question "after:ride" is not asked in en' in out
    assert "en/walkthrough/questions.md:8: error: question" in out
    assert "not a walkthrough stage" not in out
