"""Read the settings file into ``Settings``, reporting every bad value at once; write the PIN hash.

``load_settings`` never raises: a missing file means all defaults, a broken file
means one error and all defaults, and each bad value is replaced by its default
with a warning that names the file, the line, the value and the default used.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
import tomllib
from pathlib import Path
from types import MappingProxyType

import platformdirs

from kiosk.pin import is_pin_hash
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
    ) -> None:
        unknown = set(values) - set(OPTIONS_BY_NAME)
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        all_values = {option.name: _default_value(option) for option in OPTIONS}
        all_values.update(values)
        self._values = all_values
        self.path = Path(path)
        self.problems: list[Problem] = list(problems or [])
        self.values_from_file: set[str] = set(values_from_file or ())

    @classmethod
    def defaults(cls, path: Path | None = None) -> Settings:
        return cls({}, path if path is not None else default_config_path())

    def replace(self, **changes: object) -> Settings:
        """A copy with some values changed (for tests); values are taken as given."""
        return Settings(
            {**self._values, **changes}, self.path, self.problems, self.values_from_file
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
        shown = {
            name: ("<hidden>" if OPTIONS_BY_NAME[name].secret and value else value)
            for name, value in self._values.items()
        }
        return f"Settings(path={str(self.path)!r}, problems={len(self.problems)}, {shown})"


def load_settings(path: Path | None) -> Settings:
    path = Path(path) if path is not None else default_config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings.defaults(path)
    except OSError as exc:
        problem = error(path, f"cannot be read ({exc.strerror or exc}); using all defaults")
        return Settings({}, path, [problem])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); using all defaults"
        return Settings({}, path, [error(path, message, line)])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Settings({}, path, [_toml_problem(path, exc, text)])
    return _settings_from_data(data, text, path)


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
        if key in OPTIONS_BY_NAME:
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
    problems.extend(_pin_hash_problems(values, text, path))
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


def _pin_hash_problems(values: dict, text: str, path: Path) -> list[Problem]:
    stored = values.get("pin_hash", "")
    if not stored or is_pin_hash(stored):
        return []
    # Keep the value: an unusable hash keeps the staff exit shut rather than open.
    message = (
        "pin_hash is not a hash made by `kiosk set-pin`, so no PIN will open the staff exit; "
        "run `kiosk set-pin` to set the PIN"
    )
    return [warning(path, message, key_line(text, "pin_hash"))]


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


def write_pin_hash(path: Path, pin_hash: str) -> None:
    """Set ``pin_hash`` in the settings file, keeping everything else in it as it was.

    Raises OSError when the file cannot be read or written, and ValueError when it
    is not valid TOML (it is then left untouched).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        text = ""
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text") from exc
    try:
        import tomlkit  # only for set-pin; not needed to start the kiosk

        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from exc
    document["pin_hash"] = pin_hash
    _write_atomically(path, tomlkit.dumps(document))


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".kiosk-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
