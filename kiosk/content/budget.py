"""How much of anything one input may hold: every limit the kiosk enforces, declared once.

The loader, the renderer, the picture decoder, the settings reader and `kiosk check` all
read their limits from `BUDGET`, so a limit is changed here and nowhere else. Each value
leaves room for real content (the bundled packs and the real-world corpus in
tests/data/realworld pass with a wide margin) while keeping the work for one file small
enough that the kiosk never freezes. Input over a limit is skipped or shown simplified,
with a problem that names the file, the line and the limit.
"""

from __future__ import annotations

from typing import NamedTuple


class Budget(NamedTuple):
    # A content file (section, walkthrough stage, language.toml) larger than this is skipped.
    # The largest real-world markdown file tried is 150 KB; a long section up to this size
    # streams in piece by piece.
    max_file_bytes: int = 2 * 1024 * 1024
    # Lists, blockquotes and raw HTML elements inside each other; deeper input is flattened.
    max_nesting_depth: int = 16
    # Letters in one unbroken word (no space); a longer one is broken so it can wrap.
    # Real text's longest words are URLs and base64 samples (about 700).
    max_word_chars: int = 2_000
    # Characters in one paragraph (text between blank lines); a longer one is cut into
    # paragraphs of at most this size. The longest real-world paragraph is 21,000.
    max_paragraph_chars: int = 64_000
    # '[' in one paragraph: link parsing is quadratic in them (1,000 take 0.4 s). Beyond
    # this, the paragraph's brackets are shown as typed. Real lists of links reach 170.
    max_brackets_per_paragraph: int = 500
    # Cells in one table (markdown or raw HTML); a bigger table is shown as plain lines.
    max_table_cells: int = 2_000
    # Raw <table> elements inside each other: Qt's layout time grows steeply with it
    # (3 s at 16, 41 s at 20). Deeper tables are flattened to their text.
    max_table_depth: int = 3
    # Width * height of one decoded picture. A larger JPEG is scaled down while it is decoded;
    # a larger picture of another format (Qt decodes those whole first) is not shown.
    max_picture_pixels: int = 4096 * 4096
    # An SVG file (icon or picture) larger than this is not drawn.
    max_svg_bytes: int = 256_000
    # Elements in one SVG, and <use> references among them (nested <use> multiplies work).
    max_svg_elements: int = 5_000
    max_svg_uses: int = 64
    # The front matter block at the top of a file: size, and nesting of its lists and maps
    # (only scalars are allowed there; a depth of 4 leaves room for a mistake to be named).
    max_front_matter_bytes: int = 16_000
    max_front_matter_depth: int = 4
    # The settings file (kiosk.toml), its nesting of tables and arrays, and the length of
    # one text value such as clinic_name.
    max_settings_bytes: int = 256_000
    max_settings_depth: int = 8
    max_setting_chars: int = 2_000


BUDGET = Budget()
