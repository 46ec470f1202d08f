"""Read the settings file into ``Settings``, reporting every bad value at once; write the PIN hash.

``load_settings`` never raises: a missing file means all defaults, a broken file
means one error and all defaults, and each bad value is replaced by its default
with a warning that names the file, the line, the value and the default used.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from pathlib import Path
from types import MappingProxyType

import platformdirs

from kiosk.atomic import write_atomically
from kiosk.pin_store import LEGACY_KEY, PinStatus, legacy_pin_in_text, read_pin_status, store_path
from kiosk.problems import Problem, did_you_mean, error, warning
from kiosk.settings.schema import COLOR_PATTERN, OPTIONS, OPTIONS_BY_NAME, Option

FILE_NAME = "kiosk.toml"


def default_config_path() -> Path:
    return platformdirs.user_config_path("kiosk", appauthor=False) / FILE_NAME


class Settings:
    """Every option as an attribute (``settings.idle_seconds``), plus where they came from.

    Path options (``logo``, ``content_dir``) hold an absolute ``Path``, or ``None``
    when empty.
    """

    def __init__(
        self,
        values: dict[str, object],
        path: Path,
        problems: list[Problem] | None = None,
        values_from_file: set[str] | None = None,
        pin: PinStatus | None = None,
    ) -> None:
        values = dict(values)
        pin_hash = values.pop("pin_hash", None)
        unknown = set(values) - set(OPTIONS_BY_NAME)
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        all_values = {option.name: _default_value(option) for option in OPTIONS}
        all_values.update(values)
        self._values = all_values
        self.path = Path(path)
        self.problems: list[Problem] = list(problems or [])
        self.values_from_file: set[str] = set(values_from_file or ())
        self.pin = pin if pin is not None else PinStatus(store_path(self.path))
        if pin_hash is not None:  # replace(pin_hash=...), for tests
            self.pin = dataclasses.replace(self.pin, hash=str(pin_hash), damaged="")

    @property
    def pin_hash(self) -> str:
        """The staff PIN's hash ("" when none is set); see ``pin`` for the whole story."""
        return self.pin.hash

    @classmethod
    def defaults(cls, path: Path | None = None) -> Settings:
        return cls({}, path if path is not None else default_config_path())

    def replace(self, **changes: object) -> Settings:
        """A copy with some values changed (for tests); values are taken as given."""
        return Settings(
            {**self._values, **changes}, self.path, self.problems, self.values_from_file, self.pin
        )

    @property
    def values(self) -> MappingProxyType:
        return MappingProxyType(self._values)

    def __getattr__(self, name: str) -> object:
        values = self.__dict__.get("_values", {})
        if name in values:
            return values[name]
        raise AttributeError(f"no setting named {name!r}{did_you_mean(name, values)}")

    def __repr__(self) -> str:
        pin = "damaged" if self.pin.damaged else ("set" if self.pin.hash else "not set")
        return (
            f"Settings(path={str(self.path)!r}, problems={len(self.problems)}, pin {pin}, "
            f"{self._values})"
        )


def load_settings(path: Path | None, pin_beside: Path | None | bool = True) -> Settings:
    """The settings in ``path`` (default: the user's file), with the PIN from the store beside
    ``pin_beside`` (True: beside ``path``; None: beside the user's file, where `kiosk set-pin`
    writes it). Never raises."""
    path = Path(path) if path is not None else default_config_path()
    if pin_beside is True:
        pin_beside = path
    repair = "kiosk set-pin" if not pin_beside else f"kiosk set-pin --config {pin_beside}"
    pin_settings = Path(pin_beside) if pin_beside else default_config_path()
    settings, legacy = _load_file(path)
    pin = read_pin_status(store_path(pin_settings), [(path, legacy)], repair)
    problems = list(settings.problems)
    if pin.damaged:
        problems.append(error(pin.store, pin.damaged_message()))
    elif pin.legacy is not None:
        problems.append(
            warning(
                pin.legacy,
                f"holds the staff PIN (pin_hash), which now lives in {pin.store}; run "
                f"`{repair}` to move it there",
            )
        )
    return Settings(settings.values, path, problems, settings.values_from_file, pin)


def _load_file(path: Path) -> tuple[Settings, object]:
    """The settings in one file, and the raw ``pin_hash`` an older kiosk kept in it."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings.defaults(path), None
    except OSError as exc:
        problem = error(path, f"cannot be read ({exc.strerror or exc}); using all defaults")
        return Settings({}, path, [problem]), None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); using all defaults"
        legacy = legacy_pin_in_text(raw.decode("utf-8", errors="replace"))
        return Settings({}, path, [error(path, message, line)]), legacy
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Settings({}, path, [_toml_problem(path, exc, text)]), legacy_pin_in_text(text)
    return _settings_from_data(data, text, path), data.get(LEGACY_KEY)


def _toml_problem(path: Path, exc: tomllib.TOMLDecodeError, text: str) -> Problem:
    message = str(exc)
    line = None
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if found:
        line = int(found.group(1))
        message = message[: found.start()].rstrip() + f" at column {found.group(2)}"
    elif "(at end of document)" in message:
        line = max(1, len(text.splitlines()))
        message = message.replace("(at end of document)", "at the end of the file").strip()
    return error(path, f"is not valid TOML: {message}; using all defaults", line)


def _settings_from_data(data: dict, text: str, path: Path) -> Settings:
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        if key in OPTIONS_BY_NAME or key == LEGACY_KEY:
            continue
        if isinstance(value, dict):
            message = (
                f"unknown table [{key}]; settings go at the top of the file, before any"
                " [table], so everything in it is ignored"
            )
        else:
            message = f'unknown setting "{key}"{did_you_mean(key, OPTIONS_BY_NAME)}; ignored'
        problems.append(warning(path, message, key_line(text, key)))
    folder = path.absolute().parent
    for option in OPTIONS:
        if option.name not in data:
            continue
        value, reason = _check_value(option, data[option.name], folder)
        if reason:
            shown = "(hidden)" if option.secret else _show(data[option.name])
            default = _show(option.default) if option.default != "" else '"" (empty)'
            message = f"{option.name} = {shown} {reason}; using the default {default}"
            problems.append(warning(path, message, key_line(text, option.name)))
            continue
        values[option.name] = value
    problems.sort(key=lambda problem: problem.line or 0)
    return Settings(values, path, problems, set(values))


def _check_value(option: Option, value: object, folder: Path) -> tuple[object, str]:
    """(the value to use, '') when good, else (None, why it is bad)."""
    expected = option.type
    if expected is bool:
        return (value, "") if isinstance(value, bool) else (None, _not_expected(option))
    if expected in (int, float):
        is_number = isinstance(value, int) or (expected is float and isinstance(value, float))
        if isinstance(value, bool) or not is_number:
            return None, _not_expected(option)
        if not math.isfinite(value):
            return None, "is not a finite number"
        if option.minimum is not None and value < option.minimum:
            return None, f"is below the minimum {option.minimum}"
        if option.maximum is not None and value > option.maximum:
            return None, f"is above the maximum {option.maximum}"
        return expected(value), ""
    if not isinstance(value, str):
        return None, _not_expected(option)
    if expected == "color":
        if not COLOR_PATTERN.fullmatch(value):
            return None, _not_expected(option)
        return value.upper(), ""
    if option.choices and value not in option.choices:
        return None, f"is not {option.bounds}{did_you_mean(value, option.choices)}"
    if expected == "path":
        return _check_path(value, folder)
    return value, ""


EXPECTED = {
    str: "text in quotes",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    "color": 'a colour like "#1F6F78"',
    "path": "a path in quotes",
}


def _not_expected(option: Option) -> str:
    return f"is not {EXPECTED[option.type]}"


def _check_path(value: str, folder: Path) -> tuple[Path | None, str]:
    if not value.strip():
        return None, ""
    resolved = Path(value).expanduser()
    if not resolved.is_absolute():
        resolved = folder / resolved
    if not resolved.exists():
        return None, f"was not found (looked for {resolved})"
    return resolved, ""


def _default_value(option: Option) -> object:
    return None if option.type == "path" else option.default


def _show(value: object) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return '"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "(a table)"
    if isinstance(value, list):
        return "(a list)"
    return str(value)


def key_line(text: str, key: str) -> int | None:
    """The line where ``key =`` (or its table ``[key]``) is written at the top level."""
    name = re.escape(key)
    assignment = re.compile(rf"""\s*(?:{name}|"{name}"|'{name}')\s*[=.]""")
    table = re.compile(rf"""\s*\[\[?\s*(?:{name}|"{name}"|'{name}')\s*[\].]""")
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        if table.match(line):
            return number
        if line.lstrip().startswith("["):
            in_table = True
        elif not in_table and assignment.match(line):
            return number
    return None


def remove_legacy_pin(path: Path) -> bool:
    """Take an old ``pin_hash`` line out of a settings file, keeping every other key and
    comment as it was. True when there was one. Raises OSError or ValueError (not TOML);
    the file is then left untouched."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return False
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text") from exc
    import tomlkit  # only for set-pin; not needed to start the kiosk

    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from exc
    if LEGACY_KEY not in document:
        return False
    del document[LEGACY_KEY]
    write_atomically(path, tomlkit.dumps(document))
    return True
