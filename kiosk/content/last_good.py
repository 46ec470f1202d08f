"""A reload never takes away what was on screen because a file cannot be read right now.

A section or walkthrough stage whose file still exists but fails to load (unreadable, not
UTF-8, broken front matter, over a budget) keeps its last good version, with a problem naming
the file. A file that was deleted goes. If nothing at all can be shown (the folder is gone or
half copied), the last good content stays whole until the folder is back.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.content.model import STAGE_KEYS, ContentPack, Library, Walkthrough, section_order
from kiosk.problems import Severity, error, warning

KEPT = "cannot be shown as it is now; the kiosk shows its last good version until it is fixed"


def keep_last_good(previous: Library, fresh: Library) -> Library:
    """`fresh`, with what `previous` showed kept where the fresh read failed."""
    if not _has_sections(fresh):
        if not _has_sections(previous):
            return fresh
        note = error(fresh.root, "no sections can be read here now; showing the last good content")
        return Library(
            root=previous.root,
            packs=previous.packs,
            problems=[*fresh.all_problems(), note],
        )
    for lang, pack in fresh.packs.items():
        old = previous.packs.get(lang)
        if old is not None:
            _merge_pack(old, pack)
    return fresh


def _has_sections(library: Library) -> bool:
    return any(pack.sections for pack in library.packs.values())


def _merge_pack(old: ContentPack, pack: ContentPack) -> None:
    failed = {_same(p.path) for p in pack.problems if p.severity is Severity.ERROR}
    if not failed:
        return
    ids = pack.section_ids
    kept = [s for s in old.sections if s.id not in ids and _same(s.path) in failed]
    stages = {stage.key: stage for stage in pack.walkthrough.stages}
    kept_stages = [
        s for s in old.walkthrough.stages if s.key not in stages and _same(s.path) in failed
    ]
    for path in [s.path for s in kept] + [s.path for s in kept_stages]:
        pack.problems.append(warning(path, KEPT))
    if kept:
        pack.sections.extend(kept)
        pack.sections.sort(key=section_order)
    if kept_stages:
        stages.update((stage.key, stage) for stage in kept_stages)
        pack.walkthrough = Walkthrough([stages[key] for key in STAGE_KEYS if key in stages])


def _same(path: Path) -> Path:
    return Path(path).absolute()
