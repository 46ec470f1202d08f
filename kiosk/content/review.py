"""Review dates: every file names who checks it against its sources, and by when.

Front matter keys `reviewed`, `review_by`, `reviewer` and `sources` (see frontmatter.py).
`kiosk check` warns from DUE_SOON_DAYS before a file's `review_by` date and after it has
passed; the staff menu lists the same files.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.model import Library, Review
from kiosk.problems import Problem, warning

DUE_SOON_DAYS = 30
REVIEW_FIELDS = ("reviewed", "review_by", "reviewer", "sources")


@dataclass(frozen=True)
class Due:
    """A file whose review date is near or past."""

    path: Path
    lang: str
    title: str
    review_by: datetime.date
    reviewer: str
    days_left: int  # negative once the date has passed

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    def describe(self) -> str:
        who = f" ({self.reviewer})" if self.reviewer else ""
        if self.overdue:
            return f"review date {self.review_by} has passed{who}"
        if self.days_left == 0:
            return f"due for review today, {self.review_by}{who}"
        days = "1 day" if self.days_left == 1 else f"{self.days_left} days"
        return f"due for review by {self.review_by}, in {days}{who}"


def reviewed_files(library: Library) -> Iterator[tuple[str, str, Path, Review]]:
    """(language, title, path, review) for every section and walkthrough stage file."""
    for pack in library.packs.values():
        for section in pack.sections:
            yield pack.lang, section.title, section.path, section.review
        for stage in pack.walkthrough.stages:
            yield pack.lang, stage.title, stage.path, stage.review


def due(library: Library, today: datetime.date, within: int = DUE_SOON_DAYS) -> list[Due]:
    """Files due for review within `within` days of `today`, or past due; soonest first."""
    found = []
    for lang, title, path, review in reviewed_files(library):
        if review.review_by is None:
            continue
        days_left = (review.review_by - today).days
        if days_left <= within:
            found.append(Due(path, lang, title, review.review_by, review.reviewer, days_left))
    return sorted(found, key=lambda d: (d.review_by, str(d.path)))


def problems(
    library: Library,
    today: datetime.date,
    line_of: Callable[[Path, str], int | None] = lambda path, key: None,
) -> list[Problem]:
    """Warnings for files near or past their review date and, once any file in the folder
    has review dates, for files without them. `line_of(path, key)` finds a key's line."""
    found = []
    for item in due(library, today):
        advice = (
            "check it against its sources, then set new reviewed and review_by dates"
            if item.overdue
            else "plan its review"
        )
        line = line_of(item.path, "review_by")
        found.append(warning(item.path, f"{item.describe()}: {advice}", line))
    files = list(reviewed_files(library))
    if not any(review.review_by for *_, review in files):
        return found  # this folder does not use review dates
    for _, _, path, review in files:
        missing = [key for key in REVIEW_FIELDS if not getattr(review, key)]
        if missing:
            message = f"no {', '.join(missing)} in the front matter; the other files have them"
            found.append(warning(path, message, 1))
        elif review.reviewed and review.review_by and review.reviewed > review.review_by:
            message = f"reviewed {review.reviewed} is after review_by {review.review_by}"
            found.append(warning(path, message, line_of(path, "reviewed")))
    return found
