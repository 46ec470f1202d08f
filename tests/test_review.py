"""Review dates: which files are due for review, for `kiosk check` and the staff menu."""

from __future__ import annotations

import datetime
from pathlib import Path

from kiosk import resources
from kiosk.content.loader import load_library
from kiosk.content.review import due, reviewed_files

TODAY = datetime.date(2026, 11, 30)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def page(title: str, review_by: str | None, reviewer: str = "clinic nurse educator") -> str:
    dates = f"reviewed: 2025-11-30\nreview_by: {review_by}\n" if review_by else ""
    return f"---\ntitle: {title}\n{dates}reviewer: {reviewer}\nsources: [an article]\n---\nText.\n"


def test_every_bundled_file_names_its_review():
    library = load_library(resources.content_dir())
    files = list(reviewed_files(library))
    assert len(files) == 32  # 13 sections and 3 walkthrough stages, in English and Spanish
    for _, _, path, review in files:
        assert review.reviewed == TODAY and review.review_by == datetime.date(2027, 11, 30), path
        assert "nurse educator" in review.reviewer, path
        assert any("Ketamine: A Relief for Migraine Sufferers" in s for s in review.sources), path


def test_due_lists_near_and_past_files_soonest_first(tmp_path):
    write(tmp_path / "en" / "late.md", page("Late", "2026-11-01"))
    write(tmp_path / "en" / "soon.md", page("Soon", "2026-12-20", reviewer="pharmacist"))
    write(tmp_path / "en" / "later.md", page("Later", "2027-06-01"))
    write(tmp_path / "en" / "undated.md", page("Undated", None))
    write(tmp_path / "en" / "walkthrough" / "after.md", page("After", "2026-12-30") + "## S\n\nx\n")
    found = due(load_library(tmp_path), TODAY)
    assert [(d.title, d.days_left, d.overdue) for d in found] == [
        ("Late", -29, True),
        ("Soon", 20, False),
        ("After", 30, False),
    ]
    assert found[0].describe() == "review date 2026-11-01 has passed (clinic nurse educator)"
    assert found[1].describe() == "due for review by 2026-12-20, in 20 days (pharmacist)"
    assert found[0].path == tmp_path / "en" / "late.md" and found[0].lang == "en"
    assert due(load_library(tmp_path), TODAY, within=0) == found[:1]


def test_the_bundled_pack_is_not_due_yet():
    assert due(load_library(resources.content_dir()), TODAY) == []
