"""Colours, text sizes and the style sheet. Every colour the kiosk paints comes from here."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from string import Template
from typing import NamedTuple

from kiosk import resources

TEXT_SIZES = (20, 24, 28, 32, 38)  # body text in px, one per text-size step
FONT_FAMILY = "Noto Sans"


class ThemeName(StrEnum):
    CALM = "calm"
    HIGH_CONTRAST = "high-contrast"


class Theme(NamedTuple):
    """A theme's colours, immutable. A named tuple rather than a frozen dataclass: Python
    3.11 compiles six methods for a frozen dataclass as the module loads (1.2 ms for this
    one, before the first frame); a named tuple's come ready-made."""

    name: ThemeName
    background: str
    surface: str  # tiles, cards, the top bar
    text: str
    muted: str  # summaries, the step counter
    border: str
    button: str
    button_text: str
    accent: str  # primary buttons, progress
    on_accent: str
    link: str
    focus: str
    banner: str
    banner_text: str

    @property
    def icon_colour(self) -> str:
        """Icons in the accent colour on the calm theme; in the text colour in high contrast."""
        return self.accent if self.name == ThemeName.CALM else self.text


CALM = Theme(
    name=ThemeName.CALM,
    background="#F4F1EC",
    surface="#FFFDF9",
    text="#1E2A32",
    muted="#3E4C56",
    border="#7A868E",  # 3:1 against the background, so tick boxes and edges stand out
    button="#E2ECEE",
    button_text="#143F45",
    accent="#1F6F78",
    on_accent="#FFFFFF",
    link="#115860",  # links are body text: 7:1
    focus="#B4410E",
    banner="#FFF3D6",
    banner_text="#4A3200",
)

HIGH_CONTRAST = Theme(
    name=ThemeName.HIGH_CONTRAST,
    background="#000000",
    surface="#101010",
    text="#FFFFFF",
    muted="#F0F0F0",
    border="#FFFFFF",
    button="#000000",
    button_text="#FFFFFF",
    accent="#FFD500",
    on_accent="#000000",
    link="#FFE866",
    focus="#00E5FF",
    banner="#FFD500",
    banner_text="#000000",
)


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of '#RRGGBB'."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def with_accent(theme: Theme, accent: str) -> Theme:
    """The calm theme in a clinic's accent colour, with text on it that stays readable.

    An accent too pale to stand out from the background (less than 3:1) is darkened
    until it does. The high-contrast theme keeps its own colours.
    """
    if theme.name != CALM.name or not accent or accent.upper() == theme.accent.upper():
        return theme
    accent = _darkened_until_visible(accent.upper(), theme)
    on_accent = max(("#FFFFFF", "#000000"), key=lambda c: contrast_ratio(accent, c))
    return theme._replace(accent=accent, on_accent=on_accent)


def _darkened_until_visible(accent: str, theme: Theme) -> str:
    red, green, blue = (int(accent[i : i + 2], 16) for i in (1, 3, 5))
    for step in range(21):
        keep = 1 - step / 20
        colour = f"#{round(red * keep):02X}{round(green * keep):02X}{round(blue * keep):02X}"
        against = (contrast_ratio(colour, theme.background), contrast_ratio(colour, theme.surface))
        if min(against) >= 3:
            return colour
    return "#000000"


def text_px(step: int) -> int:
    """Body text size for a 1-based text-size step."""
    return TEXT_SIZES[max(1, min(step, len(TEXT_SIZES))) - 1]


def style_sheet(theme: Theme, body_px: int) -> str:
    """The application style sheet (assets/styles/kiosk.qss) for a theme and body text size."""
    big = round(body_px * 1.25)
    values = {
        **theme._asdict(),
        "font_family": FONT_FAMILY,
        "body_px": body_px,
        "small_px": round(body_px * 0.9),
        "big_px": big,
        "heading_px": round(body_px * 1.5),
        "clinic_px": min(big, 30),
        "control_px": min(body_px, 24),  # the top bar's controls keep a steady size
    }
    return _style_template().substitute(values)


@lru_cache(maxsize=1)
def _style_template() -> Template:
    return Template(resources.style_sheet_path().read_text(encoding="utf-8"))


def document_css(theme: Theme, body_px: int) -> str:
    """Style sheet for rendered markdown (Qt rich text supports a subset of CSS)."""
    return f"""
body {{ color: {theme.text}; font-size: {body_px}px; }}
p, li {{ line-height: {round(body_px * 0.15)}px; -qt-line-height-type: line-distance; }}
p {{ margin-top: 0; margin-bottom: {round(body_px * 0.8)}px; }}
h1 {{ font-size: {round(body_px * 1.6)}px; margin-bottom: {body_px}px; }}
h2 {{ font-size: {round(body_px * 1.3)}px; margin-top: {round(body_px * 1.2)}px; }}
h3, h4, h5, h6 {{ font-size: {round(body_px * 1.1)}px; margin-top: {body_px}px; }}
li {{ margin-bottom: {round(body_px * 0.3)}px; }}
a {{ color: {theme.link}; font-weight: bold; }}
table {{ border-color: {theme.border}; margin-top: 8px; margin-bottom: 16px; }}
th {{ background-color: {theme.button}; color: {theme.button_text}; }}
th, td {{ padding: 6px; }}
pre, code {{ font-family: monospace; font-size: {round(body_px * 0.85)}px; }}
pre {{ background-color: {theme.surface}; }}
"""
