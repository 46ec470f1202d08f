"""The settings commands: `kiosk config --describe`, `kiosk config --show` and `kiosk set-pin`."""

from __future__ import annotations

import getpass
import re
import sys
from pathlib import Path
from typing import Any, TextIO

import tomlkit

from kiosk.pin import hash_pin
from kiosk.pin_store import store_path, write_pin_store
from kiosk.problems import Severity
from kiosk.settings.locations import default_config_path, layer_paths, specific_path
from kiosk.settings.schema import OPTIONS, Option
from kiosk.settings.store import load_settings, remove_legacy_pin

PIN_PATTERN = re.compile(r"[0-9]{4,12}")
EXIT_BAD_PIN = 2
EXIT_CANNOT_WRITE = 1


def describe(stream: TextIO) -> int:
    """Print every option as a commented TOML template a clinic can copy as its settings file."""
    lines = [
        "# Kiosk settings (TOML). Save as:",
        f"#   {default_config_path()}",
        "# (or give the kiosk another file on its command line). Every line below is commented",
        "# out and shows the default; remove the leading '#' from a line to change that setting.",
        "# Paths are relative to the folder of this file. The staff PIN is not set here:",
        "# `kiosk set-pin` keeps it in pin.toml beside this file.",
    ]
    for option in OPTIONS:
        lines.append("")
        lines.extend(_describe_option(option))
    per_language = ", ".join(o.name for o in OPTIONS if o.per_language)
    lines += [
        "",
        f"# {per_language} can also be given per language, in a table named after the",
        "# language (at the end of the file, after every other setting), for example:",
        "#[es]",
        '#clinic_name = "Clínica de Infusión"',
    ]
    stream.write("\n".join(lines) + "\n")
    return 0


def _toml(value: object) -> str:
    if value is None:
        value = ""
    elif isinstance(value, Path):
        value = str(value)
    return tomlkit.item(value).as_string()


def _describe_option(option: Option[Any]) -> list[str]:
    facts = [f"type: {option.kind}"]
    if option.bounds:
        facts.append(option.bounds)
    if option.per_language:
        facts.append("also per language")
    facts.append(f"default: {_toml(option.default)}")
    return [
        f"# {option.description}",
        f"# {'; '.join(facts)}",
        f"#{option.name} = {_toml(option.default)}",
    ]


def show(config: Path | None, stream: TextIO) -> int:
    """Print each effective setting and the file it came from (secrets masked), then the
    PIN's state and every problem. Exit 1 when a problem is an error, else 0."""
    settings = load_settings(config)
    layers = layer_paths(config)
    lines = ["# The kiosk's effective settings. Files read, each over the one before:"]
    for path in layers:
        lines.append(f"#   {path}{'' if path.exists() else ' (not there)'}")
    lines.append("")
    for option in OPTIONS:
        value = "(hidden)" if option.secret else _toml(getattr(settings, option.name))
        source = settings.sources.get(option.name)
        lines.append(f"{option.name} = {value}  # {f'from {source}' if source else 'default'}")
    for lang in sorted(settings.texts):
        lines += ["", f"[{lang}]"]
        for name, text in settings.texts[lang].items():
            lines.append(f"{name} = {_toml(text)}  # from {settings.text_sources[(lang, name)]}")
    pin = settings.pin
    lines.append("")
    if pin.damaged:
        lines.append(f"# staff PIN: {pin.damaged_message()}")
    elif pin.hash:
        lines.append(f"# staff PIN: set (hidden), from {pin.legacy or pin.store}")
    else:
        lines.append(f"# staff PIN: not set (set one with: {pin.repair})")
    lines.append(f"# problems: {len(settings.problems) or 'none'}")
    lines += [f"#   {problem}" for problem in settings.problems]
    stream.write("\n".join(lines) + "\n")
    return 1 if any(p.severity is Severity.ERROR for p in settings.problems) else 0


def set_pin(
    config_path: Path | None,
    stdin: TextIO = sys.stdin,
    stream: TextIO = sys.stdout,
) -> int:
    """Ask for a new staff PIN and store only its hash in the PIN store beside the settings
    file the kiosk reads (``--config``, else the user's file); move an old ``pin_hash`` out
    of that settings file, keeping everything else in it."""
    path = specific_path(config_path)
    store = store_path(path)
    pin, complaint = _read_pin(stdin, stream)
    if complaint:
        stream.write(complaint + "\n")
        return EXIT_BAD_PIN
    if not PIN_PATTERN.fullmatch(pin):
        stream.write("The PIN must be 4 to 12 digits (0-9). Nothing was changed.\n")
        return EXIT_BAD_PIN
    try:
        write_pin_store(store, hash_pin(pin))
    except OSError as exc:
        stream.write(f"Could not save the PIN in {store}: {exc}\nNothing was changed.\n")
        return EXIT_CANNOT_WRITE
    stream.write(
        f"Saved the staff PIN (as a hash) in {store}.\nThe kiosk uses it from its next start.\n"
    )
    try:
        if remove_legacy_pin(path):
            stream.write(f"Removed the old pin_hash line from {path}.\n")
    except (OSError, ValueError) as exc:
        stream.write(
            f"The old pin_hash line in {path} is left as it was ({exc}); "
            f"the kiosk ignores it now that {store.name} exists.\n"
        )
    return 0


def _read_pin(stdin: TextIO, stream: TextIO) -> tuple[str, str]:
    """(pin, '') or ('', why there is no PIN). Hidden prompt on a terminal, else one line."""
    if _is_terminal(stdin):
        try:
            first = getpass.getpass("New staff PIN (4-12 digits): ", stream=stream)
            second = getpass.getpass("Type it again: ", stream=stream)
        except EOFError:
            return "", "No PIN given. Nothing was changed."
        if first != second:
            return "", "The two PINs differ. Nothing was changed."
        return first.strip(), ""
    line = stdin.readline()
    if not line.strip():
        return "", "No PIN given on standard input. Nothing was changed."
    return line.strip(), ""


def _is_terminal(stdin: TextIO) -> bool:
    try:
        return stdin.isatty()
    except (AttributeError, ValueError):
        return False
