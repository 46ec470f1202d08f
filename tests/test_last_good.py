"""A reload keeps the last good version of what cannot be read now, and drops what was deleted."""

from __future__ import annotations

import shutil

import pytest

from kiosk import resources
from kiosk.content import load_library
from kiosk.content.last_good import KEPT, keep_last_good


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(resources.content_dir(), root)
    return root


def reload(previous, root):
    return keep_last_good(previous, load_library(root))


def test_a_section_that_turns_unreadable_keeps_its_place_and_its_last_version(content):
    before = load_library(content)
    section = before.packs["en"].sections[3]
    section.path.write_bytes(b"---\ntitle: Caf\xe9\n---\n\nNot UTF-8.\n")
    after = reload(before, content)
    assert [s.id for s in after.packs["en"].sections] == [s.id for s in before.packs["en"].sections]
    assert after.packs["en"].section(section.id).body == section.body
    problems = [str(p) for p in after.all_problems() if p.path == section.path]
    assert f"{section.path}:2: error: is not UTF-8 text (byte 0xe9); save it as UTF-8" in problems
    assert f"{section.path}: warning: {KEPT}" in problems


def test_a_walkthrough_stage_that_turns_bad_is_kept(content):
    before = load_library(content)
    stage = before.packs["es"].walkthrough.stages[1]
    stage.path.write_bytes(b"\xff\xfe broken")
    after = reload(before, content)
    assert [s.key for s in after.packs["es"].walkthrough.stages] == ["before", "during", "after"]
    assert after.packs["es"].walkthrough.stages[1].steps == stage.steps
    assert any(str(p).endswith(KEPT) and p.path == stage.path for p in after.all_problems())


def test_a_deleted_section_is_gone_after_the_reload(content):
    before = load_library(content)
    section = before.packs["en"].sections[0]
    section.path.unlink()
    after = reload(before, content)
    assert after.packs["en"].section(section.id) is None
    assert not [p for p in after.all_problems() if p.path == section.path]


def test_a_missing_folder_keeps_all_the_last_good_content(content):
    before = load_library(content)
    shutil.rmtree(content)
    after = reload(before, content)
    assert after.packs == before.packs
    assert [str(p) for p in after.problems] == [
        f"{content}: error: content folder not found",
        f"{content}: error: no sections can be read here now; showing the last good content",
    ]
    shutil.copytree(resources.content_dir(), content)
    again = reload(after, content)
    assert again.problems == []
    assert len(again.packs["en"].sections) == len(before.packs["en"].sections)


def test_nothing_to_keep_at_the_first_load(tmp_path):
    empty = load_library(tmp_path / "none")
    assert reload(empty, tmp_path / "none").packs == {}
