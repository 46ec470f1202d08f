"""The kinds of value a setting can hold; each one parses its own values and explains its own
mistakes (as qutebrowser's ``configtypes`` do).

``parse(raw, folder)`` turns what the TOML reader gave into the value the kiosk uses, or
raises ``Invalid`` with the reason in words that finish the sentence
``idle_seconds = 5 ...``, e.g. "is below the minimum 15".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from kiosk.content.budget import BUDGET
from kiosk.problems import did_you_mean

T = TypeVar("T")

COLOR_PATTERN = re.compile(r"#[0-9A-Fa-f]{6}")


class Invalid(ValueError):
    """A value that a setting type refuses; the message finishes ``key = value ...``."""


@dataclass(frozen=True)
class SettingType(Generic[T]):
    """One kind of setting value. Subclasses set ``kind`` and ``expected`` and parse.

    A subclass that adds fields is a frozen dataclass too; one that adds none inherits these
    methods as they are (a dataclass decorator costs about half a millisecond at start-up)."""

    kind = "value"  # the type in words, for `kiosk config --describe`
    expected = "a value"  # what a wrong type is told it should be

    def parse(self, raw: object, folder: Path) -> T:
        raise NotImplementedError

    @property
    def bounds(self) -> str:
        """'15 to 3600', 'at least 1', 'one of "a", "b"' or ''."""
        return ""

    def not_expected(self) -> Invalid:
        return Invalid(f"is not {self.expected}")


@dataclass(frozen=True)
class Text(SettingType[str]):
    """Text in quotes, at most ``max_chars`` characters (a kiosk sign, not a book)."""

    max_chars: int = BUDGET.max_setting_chars
    kind = "text"
    expected = "text in quotes"

    def parse(self, raw: object, folder: Path) -> str:
        if not isinstance(raw, str):
            raise self.not_expected()
        if len(raw) > self.max_chars:
            raise Invalid(
                f"is {len(raw):,} characters long, over the limit of {self.max_chars:,}"
                " (max_setting_chars)"
            )
        return raw

    @property
    def bounds(self) -> str:
        return f"at most {self.max_chars:,} characters"


@dataclass(frozen=True)
class Choice(SettingType[str]):
    """One of a few words."""

    choices: tuple[str, ...] = ()
    kind = "text"
    expected = "text in quotes"

    def parse(self, raw: object, folder: Path) -> str:
        value = Text().parse(raw, folder)
        if value not in self.choices:
            raise Invalid(f"is not {self.bounds}{did_you_mean(value, self.choices)}")
        return value

    @property
    def bounds(self) -> str:
        return "one of " + ", ".join(f'"{choice}"' for choice in self.choices)


CLOCK_TIME = re.compile(r"([01]?[0-9]|2[0-3]):[0-5][0-9]")


class ClockTime(SettingType[str]):
    """A time of day, 24-hour "HH:MM"; empty = none."""

    kind = 'time "HH:MM" (24-hour)'
    expected = 'a time like "03:00" (24-hour)'

    def parse(self, raw: object, folder: Path) -> str:
        if not isinstance(raw, str) or (raw.strip() and not CLOCK_TIME.fullmatch(raw.strip())):
            raise self.not_expected()
        return raw.strip()


class Bool(SettingType[bool]):
    kind = "true or false"
    expected = "true or false"

    def parse(self, raw: object, folder: Path) -> bool:
        if not isinstance(raw, bool):
            raise self.not_expected()
        return raw


def _in_bounds(value: float, minimum: float | None, maximum: float | None) -> None:
    if not math.isfinite(value):
        raise Invalid("is not a finite number")
    if minimum is not None and value < minimum:
        raise Invalid(f"is below the minimum {minimum}")
    if maximum is not None and value > maximum:
        raise Invalid(f"is above the maximum {maximum}")


def _bounds(minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f"{minimum} to {maximum}"
    if minimum is not None:
        return f"at least {minimum}"
    if maximum is not None:
        return f"at most {maximum}"
    return ""


@dataclass(frozen=True)
class Int(SettingType[int]):
    minimum: int | None = None
    maximum: int | None = None
    kind = "whole number"
    expected = "a whole number"

    def parse(self, raw: object, folder: Path) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise self.not_expected()
        _in_bounds(raw, self.minimum, self.maximum)
        return raw

    @property
    def bounds(self) -> str:
        return _bounds(self.minimum, self.maximum)


@dataclass(frozen=True)
class Float(SettingType[float]):
    minimum: float | None = None
    maximum: float | None = None
    kind = "number"
    expected = "a number"

    def parse(self, raw: object, folder: Path) -> float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise self.not_expected()
        _in_bounds(raw, self.minimum, self.maximum)
        return float(raw)

    @property
    def bounds(self) -> str:
        return _bounds(self.minimum, self.maximum)


class Color(SettingType[str]):
    kind = 'colour "#RRGGBB"'
    expected = 'a colour like "#1F6F78"'

    def parse(self, raw: object, folder: Path) -> str:
        if not isinstance(raw, str) or not COLOR_PATTERN.fullmatch(raw):
            raise self.not_expected()
        return raw.upper()


class FilePath(SettingType["Path | None"]):
    """A file or folder that must exist, relative to the settings file's folder; empty = none."""

    kind = "path (text)"
    expected = "a path in quotes"

    def parse(self, raw: object, folder: Path) -> Path | None:
        if not isinstance(raw, str):
            raise self.not_expected()
        Text().parse(raw, folder)  # the length limit
        if not raw.strip():
            return None
        resolved = Path(raw).expanduser()
        if not resolved.is_absolute():
            resolved = folder / resolved
        if not resolved.exists():
            raise Invalid(f"was not found (looked for {resolved})")
        return resolved


def show(value: object) -> str:
    """A value as it would be written in the settings file (long text shortened)."""
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return '"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "(a table)"
    if isinstance(value, list | tuple):
        return "(a list)"
    if isinstance(value, Path):
        return show(str(value))
    if value is None:
        return '"" (empty)'
    return str(value)
