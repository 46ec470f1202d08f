"""Every kiosk setting, declared once: type, default, bounds and a one-line description.

The settings file, its validation and `kiosk config --describe` all come from
``OPTIONS``. Types are ``str``, ``int``, ``float``, ``bool``, ``"color"``
(``#RRGGBB``) and ``"path"`` (relative to the settings file's folder).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COLOR_PATTERN = re.compile(r"#[0-9A-Fa-f]{6}")

KIND_NAMES = {
    str: "text",
    int: "whole number",
    float: "number",
    bool: "true or false",
    "color": 'colour "#RRGGBB"',
    "path": "path (text)",
}


@dataclass(frozen=True)
class Option:
    name: str
    type: type | str
    default: object
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    secret: bool = False

    @property
    def kind(self) -> str:
        """The type in words, as shown to the people who edit the file."""
        return KIND_NAMES[self.type]

    @property
    def bounds(self) -> str:
        """'15 to 3600', 'at least 1', 'one of "a", "b"' or ''."""
        if self.choices:
            return "one of " + ", ".join(f'"{choice}"' for choice in self.choices)
        if self.minimum is not None and self.maximum is not None:
            return f"{self.minimum} to {self.maximum}"
        if self.minimum is not None:
            return f"at least {self.minimum}"
        if self.maximum is not None:
            return f"at most {self.maximum}"
        return ""


OPTIONS: tuple[Option, ...] = (
    Option("clinic_name", str, "Infusion Clinic", "Name shown at the top of every screen."),
    Option(
        "logo",
        "path",
        "",
        "Image shown beside the clinic name; relative to this file. Empty = no logo.",
    ),
    Option("accent_color", "color", "#1F6F78", "Colour of buttons and headings, as #RRGGBB."),
    Option(
        "front_desk_message",
        str,
        "",
        'Help line on every screen; empty = the language\'s "Feeling unwell? Tell the front desk."',
    ),
    Option(
        "idle_seconds",
        int,
        90,
        "Seconds without a touch before the kiosk warns and then goes back to the start.",
        minimum=15,
        maximum=3600,
    ),
    Option(
        "idle_warning_seconds",
        int,
        15,
        "How long the 'Are you still there?' countdown lasts.",
        minimum=5,
        maximum=120,
    ),
    Option(
        "attract_seconds",
        int,
        300,
        "Seconds without a touch after which the attract screen shows.",
        minimum=30,
        maximum=86400,
    ),
    Option("default_language", str, "en", "Language shown after the kiosk resets, e.g. en, es."),
    Option(
        "default_text_size",
        int,
        2,
        "Text size step shown after the kiosk resets (1 = smallest, 5 = largest).",
        minimum=1,
        maximum=5,
    ),
    Option("high_contrast", bool, False, "Start in high-contrast colours."),
    Option(
        "content_dir",
        "path",
        "",
        "Folder of your own content; relative to this file. Empty = the bundled content.",
    ),
    Option("hide_cursor", bool, False, "Hide the mouse pointer (for touch-only screens)."),
    Option(
        "speech_engine",
        str,
        "",
        "Qt text-to-speech engine to use. Empty = the first one available.",
    ),
    Option("reduce_motion", bool, False, "Turn off animations and slide transitions."),
    Option(
        "staff_hold_seconds",
        float,
        3.0,
        "How long staff hold the clinic name to open the PIN pad.",
        minimum=1,
        maximum=10,
    ),
    Option(
        "hang_seconds",
        float,
        30.0,
        "With --watchdog: seconds without a sign of life from the screen before the kiosk "
        "counts as hung and is restarted.",
        minimum=3,
        maximum=600,
    ),
    Option(
        "restart_at",
        str,
        "",
        'Daily restart time, e.g. "03:00", done only at home with nobody using the kiosk. '
        "Empty = never. Needs --watchdog or systemd.",
    ),
    Option(
        "content_public_key",
        str,
        "",
        "Minisign public key (RW...) that content packs must be signed with. "
        "Empty = no packs are installed.",
    ),
    Option(
        "content_inbox",
        "path",
        "",
        "Folder where signed content packs arrive (PACK.tar.gz with PACK.tar.gz.minisig); "
        "relative to this file. Empty = no inbox.",
    ),
    Option(
        "metrics_file",
        str,
        "",
        "Prometheus textfile (node_exporter) the kiosk keeps up to date, e.g. "
        "/var/lib/prometheus/node-exporter/kiosk.prom; relative to this file. Empty = none.",
    ),
    Option(
        "handout_url",
        str,
        "",
        "Web address where the clinic hosts `kiosk export-html`; QR codes link into it. "
        "Empty = QR codes hold the checklist as text.",
    ),
    Option(
        "printer",
        str,
        "",
        "Printer for handouts (its name as the system knows it). Empty = no Print button.",
    ),
)

OPTIONS_BY_NAME: dict[str, Option] = {option.name: option for option in OPTIONS}
