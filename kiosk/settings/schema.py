"""Every kiosk setting, declared once: the ``Settings`` dataclass *is* the schema.

Each field made with ``setting(...)`` is an option: its type (a class from
``kiosk.settings.types`` that parses its own values and explains its own mistakes),
its default and a one-line description. ``OPTIONS`` is read from the fields, and the
loader, ``kiosk config --describe`` and ``kiosk config --show`` all come from it.
Options marked ``per_language`` can also be given in a table named after a language
(``[es]``) in the settings file; ``Settings.text_for`` picks the right one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from kiosk.pin_store import PinStatus, store_path
from kiosk.problems import Problem
from kiosk.settings.locations import default_config_path
from kiosk.settings.types import (
    Bool,
    ClockTime,
    Color,
    FilePath,
    Float,
    Int,
    SettingType,
    Text,
)

T = TypeVar("T")
_OPTION = "kiosk_option"


@dataclass(frozen=True)
class Option(Generic[T]):
    name: str
    type: SettingType[T]
    default: T
    description: str
    per_language: bool = False
    secret: bool = False

    @property
    def kind(self) -> str:
        """The type in words, as shown to the people who edit the file."""
        return self.type.kind

    @property
    def bounds(self) -> str:
        return self.type.bounds


@dataclass(frozen=True)
class _Declared(Generic[T]):
    type: SettingType[T]
    description: str
    per_language: bool
    secret: bool


def setting(
    kind: SettingType[T],
    default: T,
    description: str,
    *,
    per_language: bool = False,
    secret: bool = False,
) -> T:
    """Declare one option as a field of ``Settings`` (typed: mypy checks the default)."""
    declared = _Declared(kind, description, per_language, secret)
    made: T = field(default=default, metadata={_OPTION: declared})
    return made


_NO_STORE = PinStatus(Path())  # replaced by the store beside ``path`` after construction


@dataclass(frozen=True, repr=False)  # its own __repr__ below hides the PIN's hash
class Settings:
    """The effective settings: every option as a typed attribute, plus where each came from.

    Path options (``logo``, ``content_dir``) hold an absolute ``Path``, or ``None`` when empty.
    """

    clinic_name: str = setting(
        Text(), "Infusion Clinic", "Name shown at the top of every screen.", per_language=True
    )
    logo: Path | None = setting(
        FilePath(),
        None,
        "Image shown beside the clinic name; relative to this file. Empty = no logo.",
    )
    accent_color: str = setting(Color(), "#1F6F78", "Colour of buttons and headings, as #RRGGBB.")
    front_desk_message: str = setting(
        Text(),
        "",
        'Help line on every screen; empty = the language\'s "Feeling unwell? Tell the front desk."',
        per_language=True,
    )
    attract_text: str = setting(
        Text(),
        "",
        'Words on the attract screen; empty = the language\'s "Tap to learn about your visit".',
        per_language=True,
    )
    idle_seconds: int = setting(
        Int(15, 3600),
        90,
        "Seconds without a touch before the kiosk warns and then goes back to the start.",
    )
    idle_warning_seconds: int = setting(
        Int(20, 120),
        20,
        "How long the 'Are you still there?' countdown lasts (at least 20: WCAG 2.2.1).",
    )
    attract_seconds: int = setting(
        Int(30, 86400), 300, "Seconds without a touch after which the attract screen shows."
    )
    default_language: str = setting(
        Text(), "en", "Language shown after the kiosk resets, e.g. en, es."
    )
    default_text_size: int = setting(
        Int(1, 5), 2, "Text size step shown after the kiosk resets (1 = smallest, 5 = largest)."
    )
    high_contrast: bool = setting(Bool(), False, "Start in high-contrast colours.")
    content_dir: Path | None = setting(
        FilePath(),
        None,
        "Folder of your own content; relative to this file. Empty = the bundled content.",
    )
    hide_cursor: bool = setting(Bool(), False, "Hide the mouse pointer (for touch-only screens).")
    speech_engine: str = setting(
        Text(), "", "Qt text-to-speech engine to use. Empty = the first one available."
    )
    reduce_motion: bool = setting(Bool(), False, "Turn off animations and slide transitions.")
    staff_hold_seconds: float = setting(
        Float(1, 10), 3.0, "How long staff hold the clinic name to open the PIN pad."
    )
    hang_seconds: float = setting(
        Float(3, 600),
        30.0,
        "With --watchdog: seconds without a sign of life from the screen before the kiosk "
        "counts as hung and is restarted.",
    )
    restart_at: str = setting(
        ClockTime(),
        "",
        'Daily restart time, e.g. "03:00", done only at home with nobody using the kiosk. '
        "Empty = never. Needs --watchdog or systemd.",
    )
    content_public_key: str = setting(
        Text(),
        "",
        "Minisign public key (RW...) that content packs must be signed with. "
        "Empty = no packs are installed.",
    )
    content_inbox: Path | None = setting(
        FilePath(),
        None,
        "Folder where signed content packs arrive (PACK.tar.gz with PACK.tar.gz.minisig); "
        "relative to this file. Empty = no inbox.",
    )
    metrics_file: str = setting(
        Text(),
        "",
        "Prometheus textfile (node_exporter) the kiosk keeps up to date, e.g. "
        "/var/lib/prometheus/node-exporter/kiosk.prom; relative to this file. Empty = none.",
    )
    handout_url: str = setting(
        Text(),
        "",
        "Web address where the clinic hosts `kiosk export-html`; QR codes link into it. "
        "Empty = QR codes hold the checklist as text.",
    )
    printer: str = setting(
        Text(),
        "",
        "Printer for handouts (its name as the system knows it). Empty = no Print button.",
    )

    # Where the values came from (not options).
    path: Path = field(default_factory=default_config_path)  # the most specific file
    problems: tuple[Problem, ...] = ()
    sources: Mapping[str, Path] = field(default_factory=dict)  # option -> file that set it
    texts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang -> option -> text
    text_sources: Mapping[tuple[str, str], Path] = field(default_factory=dict)
    pin: PinStatus = _NO_STORE

    def __post_init__(self) -> None:
        if self.pin is _NO_STORE:
            object.__setattr__(self, "pin", PinStatus(store_path(self.path)))

    @classmethod
    def defaults(cls, path: Path | None = None) -> Settings:
        return cls(path=path if path is not None else default_config_path())

    def replace(self, **changes: Any) -> Settings:
        """A copy with some values changed (for tests); values are taken as given.
        ``pin_hash=`` sets the PIN hash the staff pad checks."""
        pin_hash = changes.pop("pin_hash", None)
        if pin_hash is not None:
            changes["pin"] = self.pin._replace(hash=str(pin_hash), damaged="")
        return dataclasses.replace(self, **changes)

    @property
    def pin_hash(self) -> str:
        """The staff PIN's hash ("" when none is set); ``pin`` tells the whole story."""
        return self.pin.hash

    @property
    def values(self) -> Mapping[str, object]:
        """Every option's effective value by name."""
        return MappingProxyType({option.name: getattr(self, option.name) for option in OPTIONS})

    def text_for(self, name: str, lang: str) -> str:
        """A per-language option (``clinic_name``, ``front_desk_message``, ``attract_text``) in
        ``lang``: from its ``[lang]`` table, else the top-level value. "" means the language
        pack's own words."""
        if not OPTIONS_BY_NAME[name].per_language:
            raise KeyError(f"{name} is not given per language")
        text = self.texts.get(lang, {}).get(name)
        if text is not None:
            return text
        value = getattr(self, name)
        assert isinstance(value, str)
        return value

    def __repr__(self) -> str:
        pin = "damaged" if self.pin.damaged else ("set" if self.pin.hash else "not set")
        shown = {
            option.name: ("(hidden)" if option.secret else getattr(self, option.name))
            for option in OPTIONS
        }
        return (
            f"Settings(path={str(self.path)!r}, problems={len(self.problems)}, pin {pin}, {shown})"
        )


def _options() -> tuple[Option[Any], ...]:
    found: list[Option[Any]] = []
    for item in dataclasses.fields(Settings):
        declared = item.metadata.get(_OPTION)
        if isinstance(declared, _Declared):
            found.append(
                Option(
                    item.name,
                    declared.type,
                    item.default,
                    declared.description,
                    declared.per_language,
                    declared.secret,
                )
            )
    return tuple(found)


OPTIONS: tuple[Option[Any], ...] = _options()
OPTIONS_BY_NAME: dict[str, Option[Any]] = {option.name: option for option in OPTIONS}
PER_LANGUAGE: tuple[str, ...] = tuple(o.name for o in OPTIONS if o.per_language)
