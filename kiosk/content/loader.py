"""Load a content folder into the model, reporting problems as data. A bad file is skipped."""

from __future__ import annotations

import math
import os
from pathlib import Path

from kiosk.content.budget import BUDGET
from kiosk.content.model import (
    DEFAULT_ICON,
    STAGE_KEYS,
    ContentPack,
    Library,
    Review,
    Section,
    Stage,
    Walkthrough,
    section_order,
)
from kiosk.content.section_cache import SectionCache, folder_listing, signature
from kiosk.content.strings import DEFAULT_STRINGS, load_language_file
from kiosk.problems import Problem, error, warning
from kiosk.textfiles import Unreadable, read_utf8

LANGUAGE_FILE = "language.toml"
WALKTHROUGH_DIR = "walkthrough"
KNOWN_NAMES = {"en": "English", "es": "Español"}
GUIDE_NAME = "readme.md"  # a guide for editors beside the content, never shown


def read_text(path: Path) -> str | Problem:
    """The file's text, or the reason it cannot be shown (unreadable, too big, not UTF-8)."""
    text = read_utf8(path, BUDGET.max_file_bytes, within=path.parent)
    if isinstance(text, Unreadable):
        code = "budget.file" if text.code == "too-big" else text.code
        return error(path, text.reason, text.line, code=code)
    return text


def load_section(path: Path, pack_root: Path) -> tuple[Section | None, list[Problem]]:
    # the parsers load on first use: a start whose files all come from the cache needs none
    from kiosk.content import frontmatter
    from kiosk.content.outline import first_sentence

    text = read_text(path)
    if isinstance(text, Problem):
        return None, [text]
    meta = frontmatter.split(text, path, frontmatter.SECTION_KEYS)
    if meta.broken:
        return None, meta.problems
    problems = list(meta.problems)
    order = meta.values.get("order")
    if order is not None and not math.isfinite(order):
        problems.append(warning(path, f'"order" should be an ordinary number, not {order}'))
        order = None
    if not meta.body.strip():
        problems.append(warning(path, "the section is empty"))
    title = meta.values.get("title") or _heading_text(meta.body) or _title_from_name(path)
    section = Section(
        id=path.name if path.parent == pack_root else path.relative_to(pack_root).as_posix(),
        path=path,
        title=title,
        summary=meta.values.get("summary") or first_sentence(meta.body),
        icon=meta.values.get("icon") or DEFAULT_ICON,
        body=meta.body,
        body_line=meta.body_line,
        order=order,
        review=Review.of(meta.values),
    )
    return section, problems


def _heading_text(body: str) -> str:
    """The first heading's words ("" if none): looked for only when no title is given."""
    from kiosk.content.outline import first_heading

    heading = first_heading(body)
    return heading[1] if heading else ""


def _title_from_name(path: Path) -> str:
    words = path.stem.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else path.name


def load_cached_section(
    path: Path, name: str, pack_root: Path, cache: SectionCache
) -> tuple[Section | None, list[Problem]]:
    """As load_section, from the cache when the file's stat signature is the cached one.

    `name` is str(path), made without pathlib (20,000 Path.__str__ calls take 65 ms)."""
    sign = signature(name)
    cached = cache.get(name, path, sign)
    if cached is not None:
        return cached
    section, problems = load_section(path, pack_root)
    cache.put(name, path, sign, section, problems)
    return section, problems


def load_pack(folder: Path, lang: str, cache: SectionCache | None = None) -> ContentPack:
    name, words, code, problems = load_language_file(folder / LANGUAGE_FILE)
    lang = code or lang
    pack = ContentPack(
        lang=lang,
        name=name or KNOWN_NAMES.get(lang, lang),
        root=folder,
        ui={**DEFAULT_STRINGS, **words},
        problems=problems,
    )
    base = os.fspath(folder)
    for name in section_names(folder):
        path = folder / name
        if cache is None:
            section, found = load_section(path, folder)
        else:
            section, found = load_cached_section(path, os.path.join(base, name), folder, cache)
        pack.problems.extend(found)
        if section is not None:
            pack.sections.append(section)
    pack.sections.sort(key=section_order)
    _load_walkthrough(folder / WALKTHROUGH_DIR, pack, cache)
    return pack


def section_files(folder: Path) -> list[Path]:
    """The .md files of a pack that are sections, sorted by name (a README.md is not one)."""
    return [folder / name for name in section_names(folder)]


def section_names(folder: Path) -> list[str]:
    """The names of section_files(folder), sorted (names, not paths: 20,000 sort quickly)."""
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if e.name.endswith(".md")]
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return []
    return sorted(name for name in names if name.lower() != GUIDE_NAME)


def _load_walkthrough(folder: Path, pack: ContentPack, cache: SectionCache | None) -> None:
    if not folder.is_dir():
        return
    if cache is None:
        pack.walkthrough, problems = load_walkthrough(folder)
    else:
        key = os.fspath(folder)
        listing = folder_listing(key)  # before any file is read: a later edit is seen next time
        cached = cache.get_walkthrough(key, listing)
        if cached is None:
            cached = load_walkthrough(folder)
            cache.put_walkthrough(key, listing, *cached)
        pack.walkthrough, problems = cached
    pack.problems.extend(problems)


def load_walkthrough(folder: Path) -> tuple[Walkthrough, list[Problem]]:
    """The walkthrough in a folder (its stage files and questions.md), and its problems."""
    from kiosk.content import walkthrough  # on first use, as load_section's parsers

    problems: list[Problem] = []
    files, extra = walkthrough.stage_files(folder)
    for path in extra:
        names = ", ".join(f"{k}.md" for k in STAGE_KEYS)
        problems.append(warning(path, f"not a walkthrough stage (expected {names}); not shown"))
    stages = {}
    for key, path in files.items():
        text = read_text(path)
        if isinstance(text, Problem):
            problems.append(text)
            continue
        stage, found = walkthrough.parse_stage(key, path, text)
        problems.extend(found)
        if stage is not None:
            stages[key] = stage
    for key in STAGE_KEYS:
        if key not in files:
            problems.append(warning(folder, f'the walkthrough has no "{key}" stage ({key}.md)'))
    _load_questions(folder / walkthrough.QUESTIONS_FILE, stages, problems)
    return walkthrough.ordered(stages), problems


def _load_questions(path: Path, stages: dict[str, Stage], problems: list[Problem]) -> None:
    if not path.is_file():
        return
    text = read_text(path)
    if isinstance(text, Problem):
        problems.append(text)
        return
    from kiosk.content import questions

    by_stage, found = questions.parse(path, text)
    problems.extend(found)
    for key, asked in by_stage.items():
        if key in stages:
            stages[key].questions = asked
        else:
            line = asked[0].line
            problems.append(warning(path, f'questions for "{key}", a stage not found', line))


def language_folders(root: Path) -> list[Path]:
    """Sub-folders that hold a language: a language.toml or markdown files."""
    return [
        child
        for child in sorted(root.iterdir())
        if child.is_dir()
        and child.name != WALKTHROUGH_DIR
        and not child.name.startswith((".", "_"))
        and ((child / LANGUAGE_FILE).exists() or bool(section_files(child)))
    ]


def load_library(
    root: Path, default_lang: str = "en", cache: SectionCache | None = None
) -> Library:
    """Load every language in root; a folder of .md files directly is one language.

    With a `cache` (the kiosk's start and reloads), unchanged section files are taken from
    it and it is written back; without one, every file is read.
    """
    root = Path(root)
    library = Library(root=root)
    if not root.is_dir():
        library.problems.append(error(root, "content folder not found"))
        return library
    folders = language_folders(root)
    direct = bool(section_files(root))
    if direct or (root / LANGUAGE_FILE).exists() or not folders:
        pack = load_pack(root, default_lang, cache)
        library.packs[pack.lang] = pack
    else:
        for folder in folders:
            pack = load_pack(folder, folder.name, cache)
            if pack.lang in library.packs:
                other = library.packs[pack.lang].root.name
                library.problems.append(
                    error(
                        folder, f'language code "{pack.lang}" is also used by {other}/; not shown'
                    )
                )
                continue
            library.packs[pack.lang] = pack
    if not any(pack.sections for pack in library.packs.values()):
        library.problems.append(error(root, "no sections found (.md files)"))
    if cache is not None:
        cache.save()
    return library
