"""Colour contrast of the colours the kiosk really paints (WCAG 2 ratios)."""

from __future__ import annotations

import re

import pytest

from kiosk.settings.schema import OPTIONS_BY_NAME
from kiosk.ui.theme import (
    CALM,
    HIGH_CONTRAST,
    TEXT_SIZES,
    Theme,
    contrast_ratio,
    document_css,
    relative_luminance,
    style_sheet,
    with_accent,
)

CLINIC_ACCENTS = ("#C0392B", "#6A1B9A", "#0B5394", "#777777", "#FFD500", "#FFFFFF", "#000000")
DEFAULT_ACCENT = OPTIONS_BY_NAME["accent_color"].default
THEMES = [CALM, HIGH_CONTRAST, with_accent(CALM, DEFAULT_ACCENT)]
THEMES += [with_accent(base, accent) for base in (CALM, HIGH_CONTRAST) for accent in CLINIC_ACCENTS]
IDS = [f"{theme.name}-{theme.accent}" for theme in THEMES]

BODY_TEXT = 7.0  # WCAG AAA for body text: patients read long passages here
CONTROL_TEXT = 4.5
NON_TEXT = 3.0  # focus rings, edges of tick boxes and tiles, filled buttons


def ratio(theme: Theme, foreground: str, background: str) -> float:
    return contrast_ratio(getattr(theme, foreground), getattr(theme, background))


def test_ratio_helper_matches_wcag():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", THEMES, ids=IDS)
@pytest.mark.parametrize(
    "foreground, background",
    [
        ("text", "background"),
        ("text", "surface"),
        ("text", "button"),  # table headers and button-coloured boxes
        ("link", "background"),  # links sit in body text, so they are held to the same ratio
        ("link", "surface"),
    ],
)
def test_body_text(theme, foreground, background):
    assert ratio(theme, foreground, background) >= BODY_TEXT


@pytest.mark.parametrize("theme", THEMES, ids=IDS)
@pytest.mark.parametrize(
    "foreground, background",
    [
        ("button_text", "button"),
        ("on_accent", "accent"),  # primary buttons, the current stage, a pressed button
        ("muted", "background"),  # step counter, stage names
        ("muted", "surface"),  # tile summaries
        ("muted", "button"),  # a disabled button's words
        ("banner_text", "banner"),
    ],
)
def test_control_text(theme, foreground, background):
    assert ratio(theme, foreground, background) >= CONTROL_TEXT


@pytest.mark.parametrize("theme", THEMES, ids=IDS)
@pytest.mark.parametrize(
    "colour, background",
    [
        ("focus", "background"),  # a primary button's ring replaces see-through pixels
        ("focus", "surface"),  # a focused tile
        ("focus", "button"),  # the inner half of a button's ring
        ("border", "background"),  # edges of buttons
        ("border", "surface"),  # edges of tiles and empty tick boxes
        ("accent", "background"),  # primary buttons, progress, step icons
        ("accent", "surface"),  # ticked boxes, tile icons
    ],
)
def test_non_text(theme, colour, background):
    assert ratio(theme, colour, background) >= NON_TEXT


def test_clinic_accent_is_kept_when_it_is_readable():
    theme = with_accent(CALM, "#C0392B")
    assert theme.accent == "#C0392B"
    assert theme.on_accent == "#FFFFFF"
    assert with_accent(CALM, "#ffd500").on_accent == "#000000"


def test_pale_clinic_accent_is_darkened_just_enough():
    theme = with_accent(CALM, "#FFD500")
    assert theme.accent != "#FFD500"
    assert min(ratio(theme, "accent", "background"), ratio(theme, "accent", "surface")) >= 3
    red, green, blue = (int(theme.accent[i : i + 2], 16) for i in (1, 3, 5))
    assert red > green > blue == 0  # still the clinic's yellow, only darker


def test_high_contrast_keeps_its_own_colours():
    for accent in CLINIC_ACCENTS:
        assert with_accent(HIGH_CONTRAST, accent) == HIGH_CONTRAST


def _colours_in(css: str) -> set[str]:
    return {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{3,8}\b", css)}


def _named_colours_in(css: str) -> set[str]:
    found = re.findall(r"(?:color|background(?:-color)?|border(?:-[a-z]+)?)\s*:\s*([^;}]+)", css)
    words = set()
    for value in found:
        words.update(w for w in re.findall(r"\b[a-z]+\b", value) if not w.endswith("px"))
    styles = {"solid", "dashed", "none", "padding", "border", "margin", "content", "dotted"}
    return words - styles


@pytest.mark.parametrize("theme", THEMES, ids=IDS)
@pytest.mark.parametrize("body_px", [TEXT_SIZES[0], TEXT_SIZES[-1]])
def test_style_sheets_use_only_theme_colours(theme, body_px):
    palette = {value.upper() for value in tuple(theme)[1:]}
    for css in (style_sheet(theme, body_px), document_css(theme, body_px)):
        assert _colours_in(css) <= palette
        assert _named_colours_in(css) <= {"transparent"}  # a primary button's ring space
    assert {theme.text.upper(), theme.focus.upper()} <= _colours_in(style_sheet(theme, body_px))


def test_every_theme_colour_is_a_hex_colour():
    for theme in THEMES:
        for name, value in theme._asdict().items():
            if name != "name":
                assert re.fullmatch(r"#[0-9A-F]{6}", value.upper()), (theme.name, name, value)


def _rules(css: str) -> dict[str, dict[str, str]]:
    rules = {}
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        props = dict(re.findall(r"([a-z-]+)\s*:\s*([^;]+?)\s*(?:;|$)", body.strip()))
        rules[" ".join(selector.split())] = props
    return rules


@pytest.mark.parametrize("theme", THEMES, ids=IDS)
def test_every_rule_with_text_and_background_is_readable(theme):
    rules = _rules(style_sheet(theme, TEXT_SIZES[1]))
    pairs = {
        selector: (props["color"], props.get("background", props.get("background-color")))
        for selector, props in rules.items()
        if "color" in props and ("background" in props or "background-color" in props)
    }
    assert "QPushButton:pressed" in pairs  # a pressed button says what it is
    assert "#Banner" in pairs
    for selector, (colour, background) in pairs.items():
        assert contrast_ratio(colour, background) >= CONTROL_TEXT, selector
