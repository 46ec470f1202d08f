"""Contrast math (WCAG 2) and the readability of every colour pair the kiosk paints."""

from __future__ import annotations

import pytest

from kiosk.ui.theme import (
    CALM,
    HIGH_CONTRAST,
    TEXT_SIZES,
    contrast_ratio,
    relative_luminance,
    text_px,
    with_accent,
)


@pytest.mark.parametrize(
    ("colour", "luminance"),
    [
        ("#000000", 0.0),
        ("#FFFFFF", 1.0),
        ("#ffffff", 1.0),
        ("FFFFFF", 1.0),
        ("#FF0000", 0.2126),
        ("#00FF00", 0.7152),
        ("#0000FF", 0.0722),
        ("#808080", 0.2158605),  # sRGB 128 is not half as bright
        ("#0A0A0A", 0.0030353),  # below the linear cut-off: c / 12.92
    ],
)
def test_relative_luminance(colour, luminance):
    assert relative_luminance(colour) == pytest.approx(luminance, abs=1e-6)


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#FFFFFF", "#000000", 21.0),
        ("#000000", "#FFFFFF", 21.0),  # order does not matter
        ("#777777", "#FFFFFF", 4.478),  # the classic "just fails AA" grey
        ("#767676", "#FFFFFF", 4.542),  # ... and the one that passes
        ("#1F6F78", "#1F6F78", 1.0),
    ],
)
def test_contrast_ratio(first, second, ratio):
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=1e-3)


@pytest.mark.parametrize("theme", [CALM, HIGH_CONTRAST], ids=lambda t: t.name)
@pytest.mark.parametrize(
    ("fore", "back", "minimum"),
    [
        ("text", "background", 7.0),  # AAA for body text
        ("text", "surface", 7.0),
        ("muted", "background", 4.5),
        ("muted", "surface", 4.5),
        ("muted", "button", 4.5),  # disabled buttons stay readable
        ("button_text", "button", 4.5),
        ("on_accent", "accent", 4.5),
        ("link", "background", 4.5),
        ("banner_text", "banner", 7.0),
        ("focus", "background", 3.0),  # a focus ring is a graphic: 3:1
        ("border", "background", 3.0),
        ("accent", "background", 3.0),  # the progress bar and the current stage
    ],
)
def test_every_colour_pair_is_readable(theme, fore, back, minimum):
    ratio = contrast_ratio(getattr(theme, fore), getattr(theme, back))
    assert ratio >= minimum, f"{theme.name}: {fore} on {back} is {ratio:.2f}:1"


@pytest.mark.parametrize("accent", ["#FFD500", "#0B3D91", "#E4007C", "#7FDBFF", "#2E7D32"])
def test_a_clinic_accent_keeps_text_on_it_readable(accent):
    theme = with_accent(CALM, accent)
    other = "#000000" if theme.on_accent == "#FFFFFF" else "#FFFFFF"
    assert contrast_ratio(theme.on_accent, theme.accent) >= contrast_ratio(other, theme.accent)
    assert contrast_ratio(theme.on_accent, theme.accent) >= 4.5


@pytest.mark.parametrize("accent", ["#0B3D91", "#e4007c", "#2E7D32"])
def test_a_dark_enough_clinic_accent_is_used_as_given(accent):
    assert with_accent(CALM, accent).accent.upper() == accent.upper()


def test_the_high_contrast_theme_keeps_its_own_accent():
    assert with_accent(HIGH_CONTRAST, "#E4007C") is HIGH_CONTRAST
    assert with_accent(CALM, "") is CALM
    assert with_accent(CALM, CALM.accent.lower()) is CALM


def test_text_sizes_grow_and_clamp():
    assert [text_px(step) for step in range(1, len(TEXT_SIZES) + 1)] == list(TEXT_SIZES)
    assert tuple(sorted(TEXT_SIZES)) == TEXT_SIZES
    assert text_px(0) == TEXT_SIZES[0]
    assert text_px(99) == TEXT_SIZES[-1]


@pytest.mark.parametrize("theme", [CALM, HIGH_CONTRAST], ids=lambda t: t.name)
def test_the_style_sheet_template_is_filled_from_the_theme(theme):
    from kiosk import resources
    from kiosk.ui.theme import TEXT_SIZES, style_sheet

    assert resources.style_sheet_path().is_file()  # bundled with the assets, frozen or not
    for px in TEXT_SIZES:
        css = style_sheet(theme, px)
        assert "$" not in css  # every ${name} has its value
        assert f"background: {theme.background};" in css
        assert f"font-size: {px}px;" in css


def test_icons_take_the_accent_on_calm_and_the_text_colour_in_high_contrast():
    assert CALM.icon_colour == CALM.accent
    assert HIGH_CONTRAST.icon_colour == HIGH_CONTRAST.text
