"""Generated content folders for the index benchmark: N sections of plausible markdown.

python bench/make_content.py DIR N
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ICONS = ["info", "heart-pulse", "brain", "pills", "calendar", "chat", "clipboard", "leaf"]
TEXT = (
    "your care team will explain each step before the infusion starts and you can ask "
    "questions at any time most people feel calm afterwards and go home the same day"
)
WORDS = TEXT.split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    return " ".join(words).capitalize() + "."


def section(rng: random.Random, number: int) -> str:
    title = f"Topic {number}, " + " ".join(rng.choice(WORDS) for _ in range(3))
    paragraphs = [" ".join(sentence(rng) for _ in range(3)) for _ in range(3)]
    points = "\n".join(f"- {sentence(rng)}" for _ in range(4))
    return (
        f"---\ntitle: {title}\norder: {number}\nsummary: {sentence(rng)}\n"
        f"icon: {rng.choice(ICONS)}\n---\n\n# {title}\n\n{paragraphs[0]}\n\n"
        f"## Key points\n\n{points}\n\n{paragraphs[1]}\n\n{paragraphs[2]}\n"
    )


def generate(folder: Path, count: int, seed: int = 7) -> Path:
    """A content folder with one English pack of `count` sections (about 1 KB each)."""
    rng = random.Random(seed)
    pack = folder / "en"
    pack.mkdir(parents=True, exist_ok=True)
    (pack / "language.toml").write_text('name = "English"\n', encoding="utf-8")
    for number in range(1, count + 1):
        text = section(rng, number)
        (pack / f"topic-{number:05d}.md").write_text(text, encoding="utf-8")
    return folder


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
