"""Flesch-Kincaid reading grade, offline with pyphen."""

from __future__ import annotations

import sys

import pytest

from kiosk.content.readability import (
    FERNANDEZ_HUERTA,
    FLESCH_KINCAID,
    Readability,
    count_syllables,
    formula_for,
    grade_of_markdown,
    is_english,
    markdown_to_prose,
    measure,
)

SIMPLE = "The cat sat on the mat. The dog ran. We had fun in the sun."
HARD = (
    "Pharmacological interventions necessitate comprehensive multidisciplinary evaluation, "
    "particularly considering contraindications and individualized therapeutic objectives."
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("cat", 1),
        ("make", 1),  # silent final e
        ("side", 1),
        ("free", 1),
        ("table", 2),
        ("migraine", 2),
        ("every", 3),
        ("medicine", 3),
        ("infusion", 3),
        ("neurological", 5),
        ("A", 1),
    ],
)
def test_english_syllables(word, syllables):
    assert count_syllables(word) == syllables


@pytest.mark.parametrize(("word", "syllables"), [("migraña", 3), ("tratamiento", 4), ("sí", 1)])
def test_spanish_syllables(word, syllables):
    assert count_syllables(word, "es") == syllables


def test_unknown_language_still_counts():
    assert count_syllables("banana", "xx") == 3


def test_measure_counts_words_sentences_syllables():
    assert measure("The cat sat. The dog ran!") == Readability(words=6, sentences=2, syllables=6)


def test_grade_formula():
    measured = Readability(words=100, sentences=10, syllables=150)
    assert measured.grade == pytest.approx(0.39 * 10 + 11.8 * 1.5 - 15.59)


def test_fernandez_huerta_formula():
    measured = Readability(words=100, sentences=10, syllables=200)
    assert measured.fernandez_huerta == pytest.approx(206.84 - 60 * 2.0 - 1.02 * 10)


def test_fernandez_huerta_rates_plain_spanish_easier_than_hard_spanish():
    plain = "El gato se sentó en la cama. El perro corrió al parque. Hoy hace sol."
    hard = (
        "La administración farmacológica intravenosa necesita una evaluación "
        "multidisciplinaria exhaustiva de las contraindicaciones psiquiátricas."
    )
    easy, difficult = (grade_of_markdown(t, "es").fernandez_huerta for t in (plain, hard))
    assert difficult < 30 < 90 < easy


@pytest.mark.parametrize(
    ("lang", "formula"),
    [("en", FLESCH_KINCAID), ("en-GB", FLESCH_KINCAID), ("es", FERNANDEZ_HUERTA)]
    + [("es_MX", FERNANDEZ_HUERTA), ("fr", None)],
)
def test_each_language_has_its_formula(lang, formula):
    assert formula_for(lang) is formula


def test_formula_limits_and_direction():
    assert FLESCH_KINCAID.too_hard(8.1) and not FLESCH_KINCAID.too_hard(8.0)
    assert FERNANDEZ_HUERTA.too_hard(59.9) and not FERNANDEZ_HUERTA.too_hard(60.0)
    assert FERNANDEZ_HUERTA.describe(55.04).startswith(
        "Fernández-Huerta reading ease 55.0 is below 60"
    )
    assert FLESCH_KINCAID.describe(9.0, 7).startswith("reading grade 9.0 is above 7: ")


def test_empty_text_has_grade_zero():
    assert measure("").grade == 0.0
    assert grade_of_markdown("```\ncode only\n```\n").words == 0


def test_simple_text_grades_lower_than_hard_text():
    simple, hard = grade_of_markdown(SIMPLE).grade, grade_of_markdown(HARD).grade
    assert simple < 3 < 12 < hard


def test_markdown_is_stripped_to_prose():
    source = (
        "---\ntitle: x\n---\n# Title\n\n- [ ] Bring a list\n- item two\n\n"
        "[link text](a.md) and ![picture](x.png)\n\n```\ncode here\n```\n\n"
        "<!-- a note -->\n| a | b |\n|---|---|\n| c | d |\n\n## Step {icon=brain}\n"
    )
    prose = markdown_to_prose(source)
    for gone in ("title:", "#", "[", "](", "picture", "code here", "a note", "icon", "|", "---"):
        assert gone not in prose, gone
    assert "Title." in prose and "Bring a list." in prose and "item two." in prose
    assert "link text" in prose and "Step" in prose


def test_code_is_not_graded_whichever_fence_it_has():
    # "~~~" fences were graded as prose, and ``` inside a line hid the text after it.
    source = (
        "Words here.\n\n~~~\nunreadable_identifier_name()\n~~~\n\nUse ```x``` then more words.\n"
    )
    prose = markdown_to_prose(source)
    assert "unreadable" not in prose and "more words" in prose


def test_headings_and_list_items_end_sentences():
    as_prose = grade_of_markdown("# A heading\n\n- one item\n- two items\n")
    assert as_prose.sentences == 3


def test_text_in_a_real_bundled_section_is_plain_language():
    from pathlib import Path

    body = (Path(__file__).resolve().parent.parent / "content/en/what-migraine-is.md").read_text(
        encoding="utf-8"
    )
    assert 0 < grade_of_markdown(body).grade < 8


@pytest.mark.parametrize(
    ("lang", "english"),
    [("en", True), ("en-US", True), ("en_GB", True), ("EN", True), ("es", False), ("eng", False)],
)
def test_is_english(lang, english):
    assert is_english(lang) is english


def test_no_download_needed():
    """pyphen ships its dictionaries: nothing is fetched, textstat is not used."""
    import pyphen

    assert "en_US" in pyphen.LANGUAGES and "es" in pyphen.LANGUAGES
    assert "textstat" not in sys.modules
