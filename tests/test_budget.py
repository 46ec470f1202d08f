"""The content budget: one frozen set of limits that real content stays well inside."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.content.budget import BUDGET, Budget

REALWORLD = Path(__file__).parent / "data" / "realworld"


def _markdown_files() -> list[Path]:
    return sorted(REALWORLD.glob("*.md")) + sorted(resources.content_dir().rglob("*.md"))


def test_the_budget_cannot_be_changed_at_run_time():
    with pytest.raises(AttributeError):
        BUDGET.max_file_bytes = 1  # type: ignore[misc]
    assert Budget() == BUDGET  # no limit moved


def test_every_limit_is_a_positive_whole_number():
    for name, value in BUDGET._asdict().items():
        assert isinstance(value, int) and value > 0, name


def test_real_world_and_bundled_markdown_fit_the_budget():
    files = _markdown_files()
    assert len(files) > 100
    for path in files:
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        assert len(raw) <= BUDGET.max_file_bytes, path
        assert max(map(len, text.split()), default=0) <= BUDGET.max_word_chars, path
        for paragraph in re.split(r"\n\s*\n", text):
            assert len(paragraph) <= BUDGET.max_paragraph_chars, path
            assert paragraph.count("[") <= BUDGET.max_brackets_per_paragraph, path


@pytest.mark.parametrize("root", [REALWORLD, resources.content_dir()])
def test_nothing_in_real_content_is_over_budget(root):
    from kiosk.content import load_library
    from kiosk.content.render import render_section, render_step

    library = load_library(root)
    found = list(library.all_problems())
    for pack in library.packs.values():
        ids = frozenset(s.id for s in pack.sections)
        for section in pack.sections:
            found += render_section(section, pack.root, ids)[1]
        for step in pack.walkthrough.steps:
            found += render_step(step, pack.root, ids).problems
    assert [str(p) for p in found if p.code.startswith("budget.")] == []
