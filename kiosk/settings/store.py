"""Read the settings in layers, per key, reporting every bad value in every file at once.

The layers, least specific first: the clinic's file built into the app, the user's file,
then ``--config`` (``locations.layer_paths``). Each option comes from the most specific
file that sets it *validly*: a bad value falls back to the next layer down, not to the
default of everything. A file that cannot be used at all (too big, nested too deep, not
UTF-8, not TOML) contributes nothing, and the other layers still apply. Every problem
names its file and line. ``load_settings`` never raises.

The staff PIN is not a setting: it is read from its own store (``kiosk.pin_store``)
beside the most specific settings file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk import textfiles
from kiosk.atomic import write_atomically
from kiosk.content.budget import BUDGET
from kiosk.pin_store import LEGACY_KEY, legacy_pin_in_text, read_pin_status, store_path
from kiosk.problems import Problem, did_you_mean, error, warning
from kiosk.settings.locations import default_config_path, layer_paths, specific_path
from kiosk.settings.schema import OPTIONS_BY_NAME, PER_LANGUAGE, Settings
from kiosk.settings.types import Invalid, show
from kiosk.textfiles import Unreadable, decode_utf8, read_limited, toml_error

LANGUAGE_TABLE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")
_NESTING = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}\n]'
)

__all__ = ["default_config_path", "key_line", "load_settings", "read_layer", "remove_legacy_pin"]


@dataclass
class _Bad:
    """A value one file sets badly; told with what is used instead once all layers are read."""

    name: str
    lang: str  # "" for a top-level option
    line: int | None
    shown: str
    reason: str


@dataclass
class Layer:
    """What one settings file contributes."""

    path: Path
    values: dict[str, object] = field(default_factory=dict)
    texts: dict[tuple[str, str], str] = field(default_factory=dict)  # (lang, option) -> text
    problems: list[Problem] = field(default_factory=list)
    bad: list[_Bad] = field(default_factory=list)
    legacy_pin: object = None  # a pin_hash an older kiosk kept in this file


def load_settings(config: Path | None = None) -> Settings:
    """The effective settings for a kiosk started with ``--config config`` (or without)."""
    path = specific_path(config)
    layers = [layer for layer in map(read_layer, layer_paths(config)) if layer is not None]
    repair = "kiosk set-pin" if config is None else f"kiosk set-pin --config {config}"
    legacy = [(layer.path, layer.legacy_pin) for layer in reversed(layers)]
    pin = read_pin_status(store_path(path), legacy, repair)
    settings = compose(layers, path)
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
    return settings.replace(problems=tuple(problems), pin=pin)


def compose(layers: list[Layer], path: Path) -> Settings:
    """Each option from the most specific layer that sets it validly; layers least specific
    first. A per-language text counts only when its file is at least as specific as the file
    that sets the option at the top level."""
    values: dict[str, object] = {}
    sources: dict[str, Path] = {}
    rank: dict[str, int] = {}
    for index, layer in enumerate(layers):
        for name, value in layer.values.items():
            values[name], sources[name], rank[name] = value, layer.path, index
    texts: dict[str, dict[str, str]] = {}
    text_sources: dict[tuple[str, str], Path] = {}
    for index, layer in enumerate(layers):
        for (lang, name), text in layer.texts.items():
            if index >= rank.get(name, -1):
                texts.setdefault(lang, {})[name] = text
                text_sources[(lang, name)] = layer.path
    options: dict[str, Any] = values  # each checked by its option's type
    settings = Settings(
        path=path, sources=sources, texts=texts, text_sources=text_sources, **options
    )
    problems: list[Problem] = []
    for layer in layers:
        problems.extend(layer.problems)
        for bad in layer.bad:
            message = f"{bad.name} = {bad.shown} {bad.reason}; using {_used(settings, bad)}"
            if bad.lang:
                message = f"[{bad.lang}] {message}"
            problems.append(warning(layer.path, message, bad.line))
    problems.sort(key=lambda problem: (layers_index(layers, problem.path), problem.line or 0))
    return settings.replace(problems=tuple(problems))


def layers_index(layers: list[Layer], path: Path) -> int:
    return next((i for i, layer in enumerate(layers) if layer.path == path), len(layers))


def _used(settings: Settings, bad: _Bad) -> str:
    """What is used instead of a bad value, and from where."""
    if bad.lang:
        source = settings.text_sources.get((bad.lang, bad.name))
        if source is not None:
            return f"{show(settings.texts[bad.lang][bad.name])} from {source}"
    value = getattr(settings, bad.name)
    source = settings.sources.get(bad.name)
    if source is not None:
        return f"{show(value)} from {source}"
    option = OPTIONS_BY_NAME[bad.name]
    default = '"" (empty)' if option.default in ("", None) else show(option.default)
    return f"the default {default}"


def read_layer(path: Path) -> Layer | None:
    """One settings file's valid values and its problems; None when the file does not exist.

    The budget is checked before the TOML reader sees the text: a file over
    ``max_settings_bytes`` or nested deeper than ``max_settings_depth`` is refused whole."""
    path = Path(path)
    limit = BUDGET.max_settings_bytes
    try:
        raw = read_limited(path, limit)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _refused(path, f"cannot be read ({exc.strerror or exc})")
    if raw is None:
        size = path.stat().st_size
        return _refused(
            path, f"is {size:,} bytes, over the limit of {limit:,} bytes (max_settings_bytes)"
        )
    text = decode_utf8(raw)
    if isinstance(text, Unreadable):
        layer = _refused(path, text.reason, text.line)
        layer.legacy_pin = legacy_pin_in_text(raw.decode("utf-8", errors="replace"))
        return layer
    too_deep = _too_deep(text, BUDGET.max_settings_depth)
    if too_deep is not None:
        return _refused(
            path,
            f"nests [ ] or {{ }} deeper than {BUDGET.max_settings_depth} levels"
            " (max_settings_depth)",
            too_deep,
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, where = toml_error(exc, text)
        layer = _refused(path, f"is not valid TOML: {message}", where)
        layer.legacy_pin = legacy_pin_in_text(text)
        return layer
    except RecursionError:  # the depth check above should make this impossible
        return _refused(path, "is nested too deeply to read")
    return _layer_from_data(path, data, text)


def _refused(path: Path, why: str, line: int | None = None) -> Layer:
    layer = Layer(path)
    layer.problems.append(error(path, f"{why}; its settings are ignored", line))
    return layer


def _too_deep(text: str, limit: int) -> int | None:
    """The line where arrays or tables (``[``, ``{``) nest deeper than ``limit``, outside
    strings and comments; None when they never do."""
    depth = 0
    line = 1
    for found in _NESTING.finditer(text):
        token = found.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return line
        elif token in "]}":
            depth = max(0, depth - 1)
        else:
            line += token.count("\n")
    return None


def _layer_from_data(path: Path, data: Mapping[str, object], text: str) -> Layer:
    layer = Layer(path, legacy_pin=data.get(LEGACY_KEY))
    folder = path.absolute().parent
    for key, value in data.items():
        if key == LEGACY_KEY:
            continue
        if key in OPTIONS_BY_NAME:
            try:
                layer.values[key] = OPTIONS_BY_NAME[key].type.parse(value, folder)
            except Invalid as exc:
                shown = "(hidden)" if OPTIONS_BY_NAME[key].secret else show(value)
                layer.bad.append(_Bad(key, "", key_line(text, key), shown, str(exc)))
        elif isinstance(value, dict) and LANGUAGE_TABLE.fullmatch(key):
            _read_language_table(layer, key, value, text, folder)
        elif isinstance(value, dict):
            message = (
                f"unknown table [{key}]; settings go at the top of the file, before any"
                " [table], so everything in it is ignored"
            )
            layer.problems.append(warning(path, message, key_line(text, key)))
        else:
            message = f'unknown setting "{key}"{did_you_mean(key, OPTIONS_BY_NAME)}; ignored'
            layer.problems.append(warning(path, message, key_line(text, key)))
    return layer


def _read_language_table(
    layer: Layer, lang: str, table: Mapping[str, object], text: str, folder: Path
) -> None:
    for name, value in table.items():
        line = key_line(text, name, table=lang)
        if name not in PER_LANGUAGE:
            allowed = ", ".join(PER_LANGUAGE)
            message = (
                f'[{lang}] "{name}" cannot be given per language{did_you_mean(name, PER_LANGUAGE)}'
                f"; only {allowed} can; ignored"
            )
            layer.problems.append(warning(layer.path, message, line))
            continue
        try:
            parsed = OPTIONS_BY_NAME[name].type.parse(value, folder)
        except Invalid as exc:
            layer.bad.append(_Bad(name, lang, line, show(value), str(exc)))
            continue
        assert isinstance(parsed, str)
        layer.texts[(lang, name)] = parsed


def key_line(text: str, key: str, table: str = "") -> int | None:
    """The line where ``key =`` is written at the top level, or its table ``[key]`` is opened;
    with ``table``, the line of ``key =`` inside ``[table]`` (or ``table.key =`` above it)."""
    return textfiles.key_line(text.splitlines(), key, sign="=", table=table or None)


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
