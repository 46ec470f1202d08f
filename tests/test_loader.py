"""Loading a content folder: order, titles, summaries, languages, problems as data."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import load_library
from kiosk.content.loader import load_pack, load_section, read_text
from kiosk.content.model import DEFAULT_ICON
from kiosk.content.strings import DEFAULT_STRINGS
from kiosk.problems import Problem, Severity
from tests.helpers import write

REPO = Path(__file__).resolve().parent.parent


def messages(problems) -> list[str]:
    return [f"{p.path.name}:{p.line}: {p.severity}: {p.message}" for p in problems]


# --- one section ---------------------------------------------------------------------------


def test_section_from_front_matter(tmp_path):
    path = write(
        tmp_path / "side-effects.md",
        "---\ntitle: Side effects\norder: 8\nsummary: What you may feel.\nicon: shield\n---\n"
        "# Heading\n\nText.\n",
    )
    section, problems = load_section(path, tmp_path)
    assert problems == []
    assert section.id == "side-effects.md" and section.path == path
    assert (section.title, section.summary, section.icon, section.order) == (
        "Side effects",
        "What you may feel.",
        "shield",
        8,
    )
    assert section.body == "# Heading\n\nText.\n" and section.body_line == 7


@pytest.mark.parametrize(
    ("name", "text", "title"),
    [
        ("a.md", "---\ntitle: From front matter\n---\n# From heading\n", "From front matter"),
        ("a.md", "---\ntitle: ''\n---\n# From heading\n", "From heading"),
        ("a.md", "Intro.\n\n## A second-level heading\n", "A second-level heading"),
        ("a.md", "Underlined\n==========\n\nText.\n", "Underlined"),
        ("side_effects-of care.md", "Just text.\n", "Side effects of care"),
        ("what-migraine-is.md", "```\n# in code\n```\nText.\n", "What migraine is"),
        ("a.md", "#\n\nText.\n", "A"),
    ],
)
def test_title_fallbacks(tmp_path, name, text, title):
    section, _ = load_section(write(tmp_path / name, text), tmp_path)
    assert section.title == title


def test_summary_falls_back_to_first_sentence(tmp_path):
    path = write(tmp_path / "a.md", "# Title\n\nMigraine is more than a headache. It lasts.\n")
    assert load_section(path, tmp_path)[0].summary == "Migraine is more than a headache."


def test_summary_from_front_matter_wins(tmp_path):
    path = write(tmp_path / "a.md", "---\nsummary: Short.\n---\nLong first sentence here.\n")
    assert load_section(path, tmp_path)[0].summary == "Short."


def test_default_icon_and_no_order(tmp_path):
    section, _ = load_section(write(tmp_path / "a.md", "Text.\n"), tmp_path)
    assert section.icon == DEFAULT_ICON and section.order is None and section.body_line == 1


def test_empty_section_is_a_warning_but_loads(tmp_path):
    section, problems = load_section(write(tmp_path / "a.md", "---\ntitle: A\n---\n\n"), tmp_path)
    assert section is not None
    assert messages(problems) == ["a.md:None: warning: the section is empty"]


@pytest.mark.parametrize("order", [".nan", ".inf", "-.inf"])
def test_order_must_be_an_ordinary_number(tmp_path, order):
    section, [problem] = load_section(
        write(tmp_path / "a.md", f"---\norder: {order}\n---\nT\n"), tmp_path
    )
    assert section.order is None and "ordinary number" in problem.message


# --- problems ------------------------------------------------------------------------------


def test_broken_yaml_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path / "a.md", "---\ntitle: A\nsummary: one: two\n---\nText.\n")
    section, problems = load_section(path, tmp_path)
    assert section is None
    assert messages(problems) == [
        "a.md:3: error: broken front matter: mapping values are not allowed in this context"
    ]


def test_unclosed_front_matter(tmp_path):
    section, [problem] = load_section(write(tmp_path / "a.md", "---\ntitle: A\n\nText\n"), tmp_path)
    assert section is None and problem.severity is Severity.ERROR and problem.line == 1
    assert "not closed" in problem.message


def test_not_utf8_names_the_line(tmp_path):
    path = write(tmp_path / "a.md", b"# Caf\xc3\xa9\n\nLine two.\nCaf\xe9 au lait.\n")
    section, [problem] = load_section(path, tmp_path)
    assert section is None and problem.severity is Severity.ERROR and problem.line == 4
    assert problem.message == "is not UTF-8 text (byte 0xe9); save it as UTF-8"


def test_byte_order_mark_is_dropped(tmp_path):
    path = write(tmp_path / "a.md", "\ufeff---\ntitle: A\n---\nText.\n".encode())
    section, problems = load_section(path, tmp_path)
    assert section.title == "A" and problems == []


def test_unreadable_file(tmp_path):
    (tmp_path / "a.md").mkdir()
    problem = read_text(tmp_path / "a.md")
    assert isinstance(problem, Problem) and problem.severity is Severity.ERROR
    assert problem.message.startswith("cannot be read: ")


def test_unknown_key_with_hint(tmp_path):
    section, [problem] = load_section(
        write(tmp_path / "a.md", "---\ntitel: A\n---\n# B\n"), tmp_path
    )
    assert section.title == "B"  # the misspelled key is ignored
    assert problem.line == 2 and 'did you mean "title"' in problem.message


def test_wrong_type_falls_back(tmp_path):
    path = write(tmp_path / "a.md", "---\ntitle: [x]\norder: first\n---\n# Real\n")
    section, problems = load_section(path, tmp_path)
    assert section.title == "Real" and section.order is None
    assert [p.line for p in problems] == [2, 3]
    assert all(p.severity is Severity.WARNING for p in problems)


def test_bad_file_is_skipped_while_the_rest_load(tmp_path):
    write(tmp_path / "en" / "a.md", "# A\n\nText.\n")
    write(tmp_path / "en" / "b.md", "---\ntitle: [\n---\nText.\n")
    write(tmp_path / "en" / "c.md", b"\xff\xfe")
    write(tmp_path / "en" / "d.md", "# D\n\nText.\n")
    library = load_library(tmp_path)
    pack = library.packs["en"]
    assert [s.id for s in pack.sections] == ["a.md", "d.md"]
    assert [p.path.name for p in library.errors()] == ["b.md", "c.md"]


# --- order -----------------------------------------------------------------------------------


def test_order_then_file_name(tmp_path):
    write(tmp_path / "zebra.md", "---\norder: 1\n---\nT\n")
    write(tmp_path / "apple.md", "T\n")
    write(tmp_path / "mango.md", "---\norder: 2.5\n---\nT\n")
    write(tmp_path / "kiwi.md", "---\norder: 2.5\n---\nT\n")
    write(tmp_path / "banana.md", "T\n")
    write(tmp_path / "first.md", "---\norder: -3\n---\nT\n")
    write(tmp_path / "zero.md", "---\norder: 0\n---\nT\n")
    pack = load_pack(tmp_path, "en")
    assert [s.id for s in pack.sections] == [
        "first.md",
        "zero.md",
        "zebra.md",
        "kiwi.md",
        "mango.md",
        "apple.md",
        "banana.md",
    ]


def test_bundled_order_is_the_front_matter_order():
    pack = load_library(REPO / "content").packs["en"]
    orders = [s.order for s in pack.sections]
    assert orders == sorted(orders) and None not in orders


# --- languages ---------------------------------------------------------------------------


def test_folder_of_languages(tmp_path):
    write(tmp_path / "README.md", "# A guide for editors\n")
    write(tmp_path / "en" / "a.md", "# A\n")
    write(tmp_path / "es" / "language.toml", 'name = "Español"\n[ui]\nhome = "Inicio"\n')
    write(tmp_path / "es" / "a.md", "# A\n")
    write(tmp_path / "images" / "x.png", b"png")  # no .md and no language.toml: not a language
    write(tmp_path / ".hidden" / "a.md", "# A\n")
    library = load_library(tmp_path)
    assert list(library.packs) == ["en", "es"]
    assert library.packs["en"].name == "English" and library.packs["es"].name == "Español"
    assert library.packs["es"].ui["home"] == "Inicio"
    assert library.packs["es"].ui["back"] == DEFAULT_STRINGS["back"]
    assert library.all_problems() == []


def test_folder_with_markdown_directly_is_one_language(tmp_path):
    write(tmp_path / "README.md", "# Not shown\n")
    write(tmp_path / "a.md", "# A\n")
    write(tmp_path / "walkthrough" / "before.md", "## One\n\nText.\n")
    write(tmp_path / "en" / "b.md", "# ignored: the folder holds sections itself\n")
    library = load_library(tmp_path, default_lang="fr")
    assert list(library.packs) == ["fr"]
    pack = library.packs["fr"]
    assert [s.id for s in pack.sections] == ["a.md"]
    assert [s.key for s in pack.walkthrough.stages] == ["before"]


def test_language_code_from_language_file(tmp_path):
    write(tmp_path / "spanish" / "language.toml", 'name = "Español"\ncode = "es"\n')
    write(tmp_path / "spanish" / "a.md", "# A\n")
    assert list(load_library(tmp_path).packs) == ["es"]


def test_two_folders_with_one_language_code(tmp_path):
    for folder in ("es", "spanish"):
        write(tmp_path / folder / "language.toml", 'code = "es"\n')
        write(tmp_path / folder / "a.md", "# A\n")
    library = load_library(tmp_path)
    assert library.packs["es"].root.name == "es"
    [problem] = library.errors()
    assert problem.path.name == "spanish" and 'code "es" is also used by es/' in problem.message


def test_pack_lookup_falls_back_to_the_first(tmp_path):
    write(tmp_path / "es" / "a.md", "# A\n")
    library = load_library(tmp_path)
    assert library.pack("es").lang == "es" and library.pack("de").lang == "es"


def test_missing_folder(tmp_path):
    library = load_library(tmp_path / "nope")
    assert library.packs == {} and "content folder not found" in library.errors()[0].message


def test_folder_without_sections(tmp_path):
    write(tmp_path / "README.md", "# Only the guide\n")
    library = load_library(tmp_path)
    assert [p.message for p in library.errors()] == ["no sections found (.md files)"]


# --- the walkthrough folder -----------------------------------------------------------------


def test_walkthrough_stages_in_order(tmp_path):
    for key in ("after", "during", "before"):
        write(tmp_path / "en" / "walkthrough" / f"{key}.md", f"## {key} step\n\nText.\n")
    write(tmp_path / "en" / "a.md", "# A\n")
    pack = load_library(tmp_path).packs["en"]
    assert [s.key for s in pack.walkthrough.stages] == ["before", "during", "after"]
    assert pack.problems == []


def test_walkthrough_missing_stage_and_extra_file(tmp_path):
    write(tmp_path / "a.md", "# A\n")
    write(tmp_path / "walkthrough" / "before.md", "## One\n\nText.\n")
    write(tmp_path / "walkthrough" / "after.md", "## One\n\nText.\n")
    write(tmp_path / "walkthrough" / "extra.md", "## One\n")
    problems = messages(load_library(tmp_path).all_problems())
    assert problems == [
        "extra.md:None: warning: not a walkthrough stage (expected before.md, during.md, "
        "after.md); not shown",
        'walkthrough:None: warning: the walkthrough has no "during" stage (during.md)',
    ]


def test_walkthrough_stage_that_cannot_be_read(tmp_path):
    write(tmp_path / "a.md", "# A\n")
    write(tmp_path / "walkthrough" / "before.md", b"## One\n\n\xff\n")
    write(tmp_path / "walkthrough" / "during.md", "---\ntitle: [\n---\n## One\n")
    write(tmp_path / "walkthrough" / "after.md", "## One\n\nText.\n")
    library = load_library(tmp_path)
    assert [s.key for s in library.packs["en"].walkthrough.stages] == ["after"]
    assert [(p.path.name, p.line) for p in library.errors()] == [("before.md", 3), ("during.md", 3)]


def test_no_walkthrough_folder_is_fine(tmp_path):
    write(tmp_path / "a.md", "# A\n")
    library = load_library(tmp_path)
    assert library.packs["en"].walkthrough.stages == [] and library.all_problems() == []


def test_bundled_content_loads_cleanly():
    library = load_library(REPO / "content")
    assert "en" in library.packs and library.all_problems() == []
    for pack in library.packs.values():
        assert pack.sections and len(pack.walkthrough.stages) == 3
        assert all(section.title and section.summary for section in pack.sections)
