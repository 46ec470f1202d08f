"""Colours, text sizes and the style sheet. Every colour the kiosk paints comes from here."""

from __future__ import annotations

from dataclasses import dataclass, replace

TEXT_SIZES = (20, 24, 28, 32, 38)  # body text in px, one per text-size step
FONT_FAMILY = "Noto Sans"


@dataclass(frozen=True)
class Theme:
    name: str
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


CALM = Theme(
    name="calm",
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
    name="high-contrast",
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
    return replace(theme, accent=accent, on_accent=on_accent)


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
    """The application style sheet for a theme and body text size."""
    small = round(body_px * 0.9)
    big = round(body_px * 1.25)
    return f"""
QWidget {{ color: {theme.text}; font-family: "{FONT_FAMILY}"; font-size: {body_px}px; }}
#KioskWindow, #Screen, QScrollArea, QScrollArea > QWidget > QWidget {{ background: {theme.background}; }}
QLabel {{ background: transparent; }}
#TopBar {{ background: {theme.surface}; border-bottom: 2px solid {theme.border}; }}
#ClinicName {{ font-size: {min(big, 30)}px; font-weight: bold; }}
#Banner {{ background: {theme.banner}; color: {theme.banner_text}; font-size: {small}px;
          padding: 8px 16px; font-weight: bold; }}
#Heading {{ font-size: {round(body_px * 1.5)}px; font-weight: bold; }}
#Muted, #StepCounter {{ color: {theme.muted}; }}
#StageLabel {{ color: {theme.muted}; padding: 4px 12px; border-radius: 8px;
               font-size: {min(body_px, 24)}px; }}
#StepCounter {{ font-size: {min(body_px, 24)}px; }}
#StageLabel[current="true"] {{ color: {theme.on_accent}; background: {theme.accent}; font-weight: bold; }}
QPushButton {{ background: {theme.button}; color: {theme.button_text}; border: 2px solid {theme.border};
              border-radius: 14px; padding: 8px 20px; min-height: 48px; min-width: 48px; }}
QPushButton:pressed {{ background: {theme.accent}; color: {theme.on_accent}; }}
QPushButton:focus, #Tiles:focus, ChecklistItem:focus, QTextBrowser:focus, QScrollArea:focus {{
              border: 4px solid {theme.focus}; }}
QPushButton:focus {{ padding: 6px 18px; }}
QPushButton:disabled, QPushButton[primary="true"]:disabled {{ background: {theme.background};
              color: {theme.muted}; border: 2px dashed {theme.border}; font-weight: normal; }}
QPushButton[primary="true"] {{ background: {theme.accent}; color: {theme.on_accent};
              border: 4px solid transparent; background-clip: padding;
              font-weight: bold; min-height: 72px; font-size: {big}px; }}
QPushButton[primary="true"]:focus {{ border: 4px solid {theme.focus}; padding: 8px 20px; }}
#TopBar QPushButton {{ font-size: {min(body_px, 24)}px; padding: 8px 14px; }}
#TopBar QPushButton:focus {{ padding: 6px 12px; }}
ChecklistItem {{ background: {theme.surface}; border: 2px solid {theme.border}; border-radius: 14px; }}
QTextBrowser, #Tiles, QScrollArea {{ background: {theme.background}; border: 4px solid transparent; }}
QProgressBar {{ background: {theme.button}; border: 2px solid {theme.border}; border-radius: 6px;
               max-height: 14px; }}
QProgressBar::chunk {{ background: {theme.accent}; border-radius: 4px; }}
#Overlay, #OverlayScroll, #OverlayHolder {{ background: {theme.background}; }}
#Card {{ background: {theme.surface}; border: 2px solid {theme.border}; border-radius: 20px; }}
QScrollBar:vertical {{ background: {theme.background}; width: 14px; }}
QScrollBar::handle:vertical {{ background: {theme.border}; border-radius: 7px; min-height: 48px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
"""


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
