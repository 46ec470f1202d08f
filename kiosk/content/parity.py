"""Language parity: every language has the same sections, steps, checklist items and words.

A clinic that offers two languages should not tell patients less in one of them.
"""

from __future__ import annotations

import tomllib

from kiosk.content.loader import LANGUAGE_FILE, WALKTHROUGH_DIR, section_files
from kiosk.content.model import STAGE_KEYS, ContentPack, Library, Stage
from kiosk.content.readability import is_english
from kiosk.content.strings import DEFAULT_STRINGS
from kiosk.problems import Problem, warning


def ui_words(pack: ContentPack) -> list[Problem]:
    """A non-English pack should translate every word the kiosk shows."""
    if is_english(pack.lang):
        return []
    path = pack.root / LANGUAGE_FILE
    if not path.is_file():
        return [warning(pack.root, f"no {LANGUAGE_FILE}: the kiosk's buttons are in English")]
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8-sig")).get("ui", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []  # the loader reports the file as broken
    table = table if isinstance(table, dict) else {}
    return [
        warning(path, f'[ui] has no "{key}"; shown in English: "{text}"')
        for key, text in DEFAULT_STRINGS.items()
        if key not in table
    ]


def check(library: Library) -> list[Problem]:
    """With several languages: the same section files, steps and checklist items in each."""
    packs = list(library.packs.values())
    if len(packs) < 2:
        return []
    found = []
    files = {pack.lang: {p.name for p in section_files(pack.root)} for pack in packs}
    for pack in packs:
        for name in sorted(set().union(*files.values()) - files[pack.lang]):
            others = ", ".join(lang for lang, names in files.items() if name in names)
            found.append(warning(pack.root, f"no section {name} here, but {others} has one"))
    reference = library.packs.get("en") or packs[0]
    for pack in packs:
        if pack is not reference:
            found += _walkthrough_parity(pack, reference)
    return found


def _walkthrough_parity(pack: ContentPack, reference: ContentPack) -> list[Problem]:
    found = []
    mine = {stage.key: stage for stage in pack.walkthrough.stages}
    theirs = {stage.key: stage for stage in reference.walkthrough.stages}
    for a, b, stages in ((pack, reference, theirs), (reference, pack, mine)):
        if stages and not (a.root / WALKTHROUGH_DIR).is_dir():
            found.append(warning(a.root, f"no {WALKTHROUGH_DIR}/ folder, but {b.lang} has one"))
    for key in STAGE_KEYS:
        if key not in mine or key not in theirs:
            continue  # a missing stage is reported by the loader
        found += _question_parity(mine[key], theirs[key], reference.lang)
        steps, other = mine[key].steps, theirs[key].steps
        if len(steps) != len(other):
            message = f"{len(steps)} steps, but {reference.lang} has {len(other)} in {key}.md"
            found.append(warning(mine[key].path, message))
            continue
        for number, (step, twin) in enumerate(zip(steps, other, strict=True), start=1):
            if len(step.checklist) != len(twin.checklist):
                message = (
                    f"step {number} has {_plural(len(step.checklist), 'checklist item')}, "
                    f"but {reference.lang} has {len(twin.checklist)} there"
                )
                found.append(warning(step.path, message, step.line))
    return found


def _question_parity(stage: Stage, twin: Stage, lang: str) -> list[Problem]:
    """The same questions (by id), answers and right answer as the reference language."""
    asked = {q.id: q for q in stage.questions}
    reference = {q.id: q for q in twin.questions}
    where = stage.questions[0].path if stage.questions else stage.path
    found = []
    for qid in reference.keys() - asked.keys():
        message = f'no question "{qid}" here, but {lang} asks it after {stage.key}'
        found.append(warning(where, message))
    for qid in asked.keys() - reference.keys():
        found.append(warning(where, f'question "{qid}" is not asked in {lang}', asked[qid].line))
    for qid in asked.keys() & reference.keys():
        mine, theirs = asked[qid], reference[qid]
        if len(mine.answers) != len(theirs.answers) or mine.right != theirs.right:
            message = (
                f'question "{qid}" has {len(mine.answers)} answers with number {mine.right + 1} '
                f"right, but in {lang} {len(theirs.answers)} with number {theirs.right + 1} right"
            )
            found.append(warning(mine.path, message, mine.line))
    return sorted(found, key=lambda p: (p.line or 0, p.message))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
