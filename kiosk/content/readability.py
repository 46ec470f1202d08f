"""Readability of patient-facing text, offline, with a formula made for each language.

English uses the Flesch-Kincaid grade (a US school grade; lower is easier). Spanish uses
Fernández-Huerta's reading ease (0 to 100; higher is easier), Flesch's formula refitted to
Spanish in 1959. Other languages get the Flesch-Kincaid grade for information only.

Syllables are counted from pyphen's hyphenation dictionaries, which ship with
the package (no download at run time). Hyphenation points undercount some
syllables ("every" -> "ev-ery"), so a vowel-group count is taken as well and
the larger of the two is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kiosk.content.outline import INLINE_MARKUP, without_code

_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n|:\s*\n")
_VOWEL_GROUPS = {
    "en": re.compile(r"[aeiouy]+"),
    "es": re.compile(r"[aeiouáéíóúü]+"),
}


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level (US school grade)."""
        if not self.words:
            return 0.0
        return (
            0.39 * self.words / max(self.sentences, 1) + 11.8 * self.syllables / self.words - 15.59
        )

    @property
    def fernandez_huerta(self) -> float:
        """Fernández-Huerta reading ease for Spanish.

        206.84 - 60 x syllables per word - 1.02 x words per sentence (Fernández Huerta, 1959).
        Read it as: 90+ very easy, 80-90 easy, 70-80 fairly easy (about grade 6), 60-70
        standard (grades 7 to 8), 50-60 fairly hard, below 50 hard.
        """
        if not self.words:
            return 100.0
        return (
            206.84 - 60 * self.syllables / self.words - 1.02 * self.words / max(self.sentences, 1)
        )


@dataclass(frozen=True)
class Formula:
    """A readability formula, the language it is made for, and the limit staff are warned at."""

    name: str
    limit: float
    higher_is_easier: bool
    advice: str

    def score(self, measured: Readability) -> float:
        return measured.fernandez_huerta if self.higher_is_easier else measured.grade

    def too_hard(self, score: float, limit: float | None = None) -> bool:
        limit = self.limit if limit is None else limit
        return score < limit if self.higher_is_easier else score > limit

    def describe(self, score: float, limit: float | None = None) -> str:
        limit = self.limit if limit is None else limit
        side = "below" if self.higher_is_easier else "above"
        return f"{self.name} {score:.1f} is {side} {limit:g}: {self.advice}"


FLESCH_KINCAID = Formula(
    "reading grade", 8.0, higher_is_easier=False, advice="shorter sentences and shorter words help"
)
FERNANDEZ_HUERTA = Formula(
    "Fernández-Huerta reading ease",
    60.0,
    higher_is_easier=True,
    advice="frases más cortas y palabras más cortas ayudan (shorter sentences and words help)",
)
_FORMULAS = {"en": FLESCH_KINCAID, "es": FERNANDEZ_HUERTA}


def formula_for(lang: str) -> Formula | None:
    """The formula made for this language ("es-MX" uses Spanish's), or None when none is."""
    return _FORMULAS.get(re.split(r"[-_]", lang.lower())[0])


@lru_cache(maxsize=4)
def _hyphenator(lang: str) -> Any:
    import pyphen  # type: ignore[import-untyped]  # no type information shipped

    code = {"en": "en_US", "es": "es"}.get(lang, lang)
    return pyphen.Pyphen(lang=code) if code in pyphen.LANGUAGES else None


LONGEST_WORD = 64  # letters counted in one word: longer is no word, and pyphen slows down


def count_syllables(word: str, lang: str = "en") -> int:
    word = word.lower()[:LONGEST_WORD]
    hyph = _hyphenator(lang)
    by_dictionary = len(hyph.positions(word)) + 1 if hyph else 1
    vowels = _VOWEL_GROUPS.get(lang, _VOWEL_GROUPS["en"])
    groups = len(vowels.findall(word))
    if lang == "en" and word.endswith("e") and not word.endswith(("le", "ee")) and groups > 1:
        groups -= 1  # silent final e: "make", "side"
    return max(by_dictionary, groups, 1)


def measure(text: str, lang: str = "en") -> Readability:
    """Measure plain text (markdown already stripped to sentences)."""
    words = _WORD.findall(text)
    pieces = [p for p in _SENTENCE_END.split(text) if _WORD.search(p)]
    syllables = sum(count_syllables(w, lang) for w in words)
    return Readability(words=len(words), sentences=len(pieces), syllables=syllables)


_MD_NOISE = [
    (re.compile(r"^---\n.*?\n---\n", re.S), ""),  # front matter
    (re.compile(r"<!--.*?-->", re.S), ""),  # comments
    *INLINE_MARKUP,  # raw HTML tags, pictures; links keep their text
    (re.compile(r"\{[^}\n]*\}\s*$", re.M), ""),  # {icon=...} attributes
    (re.compile(r"^\s*(#+|[-*+]\s+\[[ xX]\]|[-*+]|\d+[.)]|>)\s*", re.M), ""),  # markers
    (re.compile(r"^\s*\|?[-:| ]+\|?\s*$", re.M), ""),  # table rules
    (re.compile(r"[*_`|]"), " "),
]


def markdown_to_prose(source: str) -> str:
    """Strip markdown syntax; each heading, list item and cell ends a sentence."""
    text = without_code(source)  # fenced code blocks, found as the page finds them
    for pattern, repl in _MD_NOISE[:6]:
        text = pattern.sub(repl, text)
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        is_block = re.match(r"(#+|[-*+]|\d+[.)]|\|)\s", stripped) is not None
        if is_block and stripped and stripped[-1] not in ".!?:":
            line = line.rstrip() + "."
        lines.append(line)
    text = "\n".join(lines)
    for pattern, repl in _MD_NOISE[6:]:
        text = pattern.sub(repl, text)
    return text


def grade_of_markdown(source: str, lang: str = "en") -> Readability:
    return measure(markdown_to_prose(source), lang)


def is_english(lang: str) -> bool:
    """True for "en", "en-US", "en_GB": the Flesch-Kincaid formula is made for English."""
    return formula_for(lang) is FLESCH_KINCAID
