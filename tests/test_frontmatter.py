"""Front matter: the optional YAML block at the top of a content file."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from kiosk.content.frontmatter import SECTION_KEYS, STAGE_KEYS, split
from kiosk.problems import Severity

PATH = Path("pack/page.md")


def test_no_front_matter():
    meta = split("# Title\n\nText.\n", PATH, SECTION_KEYS)
    assert meta.values == {} and meta.body == "# Title\n\nText.\n" and meta.body_line == 1
    assert meta.problems == [] and not meta.broken


def test_values_body_and_body_line():
    text = "---\ntitle: Side effects\norder: 3\nsummary: '  Short.  '\nicon: shield\n---\n# Hi\n"
    meta = split(text, PATH, SECTION_KEYS)
    assert meta.values == {
        "title": "Side effects",
        "order": 3,
        "summary": "Short.",
        "icon": "shield",
    }
    assert meta.body == "# Hi\n"
    assert meta.body_line == 7
    assert meta.problems == []


def test_empty_block():
    meta = split("---\n---\nBody\n", PATH, SECTION_KEYS)
    assert meta.values == {} and meta.body == "Body\n" and meta.body_line == 3 and not meta.broken


def test_only_comments_in_block():
    meta = split("---\n# nothing yet\n---\nBody\n", PATH, SECTION_KEYS)
    assert meta.values == {} and not meta.problems


def test_dots_close_the_block():
    meta = split("---\ntitle: A\n...\nBody\n", PATH, SECTION_KEYS)
    assert meta.values == {"title": "A"} and meta.body == "Body\n"


def test_windows_line_endings():
    meta = split("---\r\ntitle: A\r\norder: 2\r\n---\r\nBody\r\n", PATH, SECTION_KEYS)
    assert meta.values == {"title": "A", "order": 2}
    assert meta.body.strip() == "Body" and meta.body_line == 5


def test_float_order_is_a_number():
    assert split("---\norder: 2.5\n---\n", PATH, SECTION_KEYS).values == {"order": 2.5}


@pytest.mark.parametrize("text", ["----\nText\n", "--- not a block\nText\n", "---text\n"])
def test_a_rule_is_not_front_matter(text):
    meta = split(text, PATH, SECTION_KEYS)
    assert meta.values == {} and meta.body == text and not meta.problems


def test_unclosed_block_is_an_error_on_line_1():
    meta = split("---\ntitle: A\n\n# Heading\n", PATH, SECTION_KEYS)
    assert meta.broken
    [problem] = meta.problems
    assert problem.severity is Severity.ERROR and problem.line == 1
    assert "not closed" in problem.message and problem.path == PATH


@pytest.mark.parametrize(
    ("block", "line"),
    [
        ("title: What: migraine is", 2),  # a second colon
        ("title: ok\nsummary: fine\norder: [1, 2", 5),  # unclosed list, noticed at the end
        ("title: ok\n\torder: 1", 3),  # a tab
        ("title: ok\nicon: brain\nsummary: 'open", 5),
    ],
)
def test_broken_yaml_names_the_line(block, line):
    meta = split(f"---\n{block}\n---\nBody\n", PATH, SECTION_KEYS)
    assert meta.broken and meta.values == {}
    [problem] = meta.problems
    assert problem.severity is Severity.ERROR
    assert problem.message.startswith("broken front matter: ")
    assert problem.line == line


def test_yaml_error_line_counts_the_opening_fence():
    text = "---\ntitle: A\norder: 1\nsummary: x: y\n---\n"
    assert split(text, PATH, SECTION_KEYS).problems[0].line == 4


@pytest.mark.parametrize("block", ["- a\n- b", "just words", "42"])
def test_block_that_is_not_key_value_lines(block):
    meta = split(f"---\n{block}\n---\n", PATH, SECTION_KEYS)
    assert meta.broken and meta.problems[0].severity is Severity.ERROR
    assert "key: value" in meta.problems[0].message


def test_unknown_key_with_hint_and_line():
    meta = split("---\ntitle: A\ntitel: B\nbanana: 1\n---\n", PATH, SECTION_KEYS)
    assert not meta.broken and meta.values == {"title": "A"}
    first, second = meta.problems
    assert first.severity is Severity.WARNING and first.line == 3
    assert first.message == 'unknown front matter key "titel" (did you mean "title"?)'
    assert second.line == 4 and second.message == 'unknown front matter key "banana"'


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("order: soon", "\"order\" should be number, not 'soon'"),
        ("order: true", '"order" should be number, not True'),
        ("title: 12", '"title" should be text, not 12'),
        ("title: [a, b]", "\"title\" should be text, not ['a', 'b']"),
        ("icon:", '"icon" should be text, not None'),
    ],
)
def test_wrong_type_is_a_warning_and_the_value_is_dropped(line, message):
    meta = split(f"---\nsummary: ok\n{line}\n---\nBody\n", PATH, SECTION_KEYS)
    assert not meta.broken and meta.values == {"summary": "ok"}
    [problem] = meta.problems
    assert problem.severity is Severity.WARNING and problem.line == 3
    assert problem.message == message


def test_stage_keys_reject_section_keys():
    meta = split("---\ntitle: Before\norder: 1\n---\n", PATH, STAGE_KEYS)
    assert meta.values == {"title": "Before"}
    assert 'unknown front matter key "order"' in meta.problems[0].message


def test_deeply_nested_yaml_does_not_raise():
    nested = "title: " + "[" * 20_000 + "]" * 20_000
    meta = split(f"---\n{nested}\n---\nBody\n", PATH, SECTION_KEYS)
    assert meta.problems  # either broken or a wrong type, never an exception


def test_quoted_key_line_is_found():
    meta = split('---\n"titel": A\n---\n', PATH, SECTION_KEYS)
    assert meta.problems[0].line == 2


def test_review_keys():
    text = (
        "---\nreviewed: 2026-11-30\nreview_by: '2027-11-30'\nreviewer: clinic nurse educator\n"
        "sources:\n  - An article\n---\nBody\n"
    )
    for keys in (SECTION_KEYS, STAGE_KEYS):
        meta = split(text, PATH, keys)
        assert meta.problems == []
        assert meta.values == {
            "reviewed": datetime.date(2026, 11, 30),
            "review_by": datetime.date(2027, 11, 30),  # a quoted date is read as a date too
            "reviewer": "clinic nurse educator",
            "sources": ["An article"],
        }


def test_one_source_may_be_written_without_a_list():
    meta = split("---\nsources: An article\n---\nBody\n", PATH, SECTION_KEYS)
    assert meta.values == {"sources": ["An article"]} and meta.problems == []


@pytest.mark.parametrize(
    ("line", "wanted"),
    [
        ("review_by: soon", '"review_by" should be a date like 2027-11-30'),
        ("reviewed: 2026-13-45", '"reviewed" should be a date like 2027-11-30'),
        ("sources: []", '"sources" should be a list of text'),
        ("sources: [1, 2]", '"sources" should be a list of text'),
        ("reviewer: [a, b]", '"reviewer" should be text'),
    ],
)
def test_bad_review_values_are_named(line, wanted):
    meta = split(f"---\ntitle: T\n{line}\n---\nBody\n", PATH, SECTION_KEYS)
    assert [(p.line, p.message.split(", not")[0]) for p in meta.problems] == [(3, wanted)]
    assert meta.values == {"title": "T"} and not meta.broken
