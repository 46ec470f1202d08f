"""Reading a markdown body's outline: headings, first sentence, code fences."""

from __future__ import annotations

import pytest

from kiosk.content.outline import (
    code_lines,
    first_heading,
    first_sentence,
    lines_outside_code,
    plain,
    starts_with_title,
)


def test_lines_outside_code_skips_fenced_blocks():
    body = "a\n```\n# not a heading\n```\nb\n~~~~\nc\n~~~\nd\n~~~~\ne"
    # "~~~" does not close a "~~~~" fence, so "d" is still code.
    assert list(lines_outside_code(body)) == [(0, "a"), (4, "b"), (10, "e")]


def test_lines_outside_code_keeps_indexes():
    assert list(lines_outside_code("x\n```py\ny\n```\nz")) == [(0, "x"), (4, "z")]


def test_an_unclosed_fence_opens_nothing_as_on_the_page():
    # Python-Markdown shows an unclosed ``` as text and "# c" as a heading: so do we.
    assert [t for _, t in lines_outside_code("a\n```\nb\n# c")] == ["a", "```", "b", "# c"]


def test_only_the_same_fence_at_the_start_of_a_line_closes_a_block():
    body = "```\nx\n ```\n````\n```  \ny"
    assert [t for _, t in lines_outside_code(body)] == ["y"]
    assert code_lines(["~~~ py", "a", "~~~", "b"]) == [True, True, True, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**Bold** and _it_", "Bold and it"),
        ("[Side effects](side-effects.md) now", "Side effects now"),
        ("![a picture](x.png)Text", "Text"),
        ("a <b>tag</b>  here", "a tag here"),
        ("`code`", "code"),
    ],
)
def test_plain(text, expected):
    assert plain(text) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("# What migraine is\n\nText", (1, "What migraine is")),
        ("Intro\n\n## Second level\n", (2, "Second level")),
        ("# Closed #\n", (1, "Closed")),
        ("# Learn C#\n", (1, "Learn C#")),
        ("# Tagged {icon=brain}\n", (1, "Tagged")),
        ("# **Bold** title\n", (1, "Bold title")),
        ("Title\n=====\n\nText", (1, "Title")),
        ("Title\n-----\n", (2, "Title")),
        ("   ### Indented\n", (3, "Indented")),
        ("```\n# in code\n```\n# After\n", (1, "After")),
        ("#hashtag is not a heading\n", None),
        ("    # indented code\n", None),
        ("- item\n---\n", None),  # a rule after a list, not a heading
        ("Just text.\n", None),
    ],
)
def test_first_heading(body, expected):
    assert first_heading(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Migraine is more than a headache. It can last days.",
            "Migraine is more than a headache.",
        ),
        ("# Title\n\nFirst one! Second.", "First one!"),
        ("- a list\n- more\n\n| a | b |\n\nThe text. More.", "The text."),
        ("![pic](x.png)\n\nAfter the picture. Yes.", "After the picture."),
        ("*Migraine* is common. Yes.", "Migraine is common."),
        ("**Bold** start here. Yes.", "Bold start here."),
        ("1. First item\n2. Second\n\nReal text here. More.", "Real text here."),
        ("[Side effects](side-effects.md) can happen. Yes.", "Side effects can happen."),
        ("[ref]: https://example.org\n\nHello there. Yes.", "Hello there."),
        ("> a quote\n\nPlain words. Yes.", "Plain words."),
        ("No full stop at all", "No full stop at all"),
        ("A line\ncontinues here. Then more.", "A line continues here."),
        ("```\nCode. Here.\n```\nAfter code. Yes.", "After code."),
        ("", ""),
    ],
)
def test_first_sentence(body, expected):
    assert first_sentence(body) == expected


def test_first_sentence_is_shortened_at_a_word():
    text = "word " * 40 + "end."
    summary = first_sentence(text, limit=30)
    assert len(summary) <= 30 and summary.endswith("…") and "wor…" not in summary


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("# Title\n\nText", True),
        ("\n\n# Title", True),
        ("Title\n=====\n", True),
        ("## Sub\n", False),
        ("Text\n# Title", False),
        ("```\n# code\n```\n# Title", True),
        ("", False),
    ],
)
def test_starts_with_title(body, expected):
    assert starts_with_title(body) is expected
