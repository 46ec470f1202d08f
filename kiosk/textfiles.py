"""Reading the text files people edit (markdown, language.toml, kiosk.toml), the same way
everywhere: UTF-8 with the line of a bad byte, a size limit checked before reading, the
line of a TOML error and the line that sets a key. No Qt here.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import NamedTuple


class Unreadable(NamedTuple):
    """Why a text file cannot be used: a sentence to follow its path, and the line if known."""

    code: str  # "unreadable", "too-big", "not-utf8" or "outside"
    reason: str
    line: int | None = None


def read_limited(path: Path, max_bytes: int, *, follow_links: bool = True) -> bytes | None:
    """The file's bytes, or None when it holds more than `max_bytes` (known from its size
    before a byte is read, or found while reading: it grew, or a file system that does not
    know sizes). Raises OSError when it cannot be read, and for anything but an ordinary
    file: a named pipe or a device put in its place is refused at once, never waited on.

    Python sets aside what a read asks for before it reads, so the read asks for the file's
    own size, not for the limit (2 MiB for each of 20,000 sections: a first start took
    2.82 s instead of 2.08).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    with open(os.open(path, flags), "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"not an ordinary file ({_kind(info.st_mode)})")
        if info.st_size > max_bytes:
            return None
        raw = file.read(info.st_size + 1)
        if len(raw) > info.st_size:
            raw += file.read(max_bytes + 1 - len(raw))
    return raw if len(raw) <= max_bytes else None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    return "a device or socket"


def _leads_out(path: Path, folder: Path) -> bool:
    """A link to a file that exists outside `folder` (a link to nothing is reported as
    unreadable when it is read)."""
    if not os.path.islink(path) or not os.path.exists(path):
        return False
    return not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def read_utf8(
    path: Path, max_bytes: int, limit_name: str = "max_file_bytes", *, within: Path | None = None
) -> str | Unreadable:
    """The file's text (a UTF-8 BOM dropped), or why it cannot be used (read_limited).

    `within`: the folder the file must stay in. A symbolic link that leads out of it is not
    followed (content shows nothing from outside its folder; kiosk.toml may be a link).
    """
    if within is not None and _leads_out(Path(path), within):
        return Unreadable("outside", "is a link to a file outside its folder; not shown")
    try:
        raw = read_limited(path, max_bytes)
    except OSError as exc:
        return Unreadable("unreadable", f"cannot be read: {exc.strerror or exc}")
    if raw is None:
        return Unreadable(
            "too-big",
            f"is larger than the limit of {max_bytes:,} bytes ({limit_name}); not shown",
            1,
        )
    return decode_utf8(raw)


_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)")


def toml_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[str, int | None]:
    """(reason, line) of a TOML error; Python 3.11-3.13 put the place only in the message."""
    message = str(exc)
    found = _TOML_AT.search(message)
    if found is None:
        return message.strip() or "invalid", None
    reason = message[: found.start()].rstrip() or "invalid"
    if found.group(1):
        return f"{reason} at column {found.group(2)}", int(found.group(1))
    return f"{reason} at the end of the file", max(1, len(text.splitlines()))


def key_line(
    lines: list[str], key: str, first: int = 1, sign: str = ":", table: str | None = None
) -> int | None:
    """The number of the line that sets `key`, lines numbered from `first`; None if none does.

    sign ":" reads YAML front matter (`key: value`). sign "=" reads TOML: a top-level
    `key = value` before any [table], or the `[key]` / `[[key]]` table itself; with
    `table`, the `key = value` inside that [table] (or a top-level `table.key = value`).
    """
    name = rf"""(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')"""
    if sign == ":":
        pattern = re.compile(rf"\s*{name}\s*:")
        return next((n for n, text in enumerate(lines, start=first) if pattern.match(text)), None)
    own_table = re.compile(rf"\s*\[\[?\s*{name}\s*[\].]")
    if table is None:
        assignment = re.compile(rf"\s*{name}\s*[=.]")
        at_top = True
        for number, text in enumerate(lines, start=first):
            if own_table.match(text):
                return number
            if text.lstrip().startswith("["):
                at_top = False
            elif at_top and assignment.match(text):
                return number
        return None
    quoted_table = rf"""(?:{re.escape(table)}|"{re.escape(table)}"|'{re.escape(table)}')"""
    inside_assignment = re.compile(rf"\s*{name}\s*=")
    dotted = re.compile(rf"\s*{quoted_table}\s*\.\s*{name}\s*=")
    header = re.compile(rf"\s*\[\s*{quoted_table}\s*\]")
    current: str | None = None  # None: the top level; "" another table
    for number, text in enumerate(lines, start=first):
        if text.lstrip().startswith("["):
            current = table if header.match(text) else ""
            continue
        inside = current == table and inside_assignment.match(text)
        if inside or (current is None and dotted.match(text)):
            return number
    return None


def decode_utf8(raw: bytes) -> str | Unreadable:
    """The bytes as text (a UTF-8 BOM dropped), or where the first bad byte is."""
    # the BOM is cut here rather than by the "utf-8-sig" codec, which is a Python module that
    # the first decode would import (and PySide's import hook would read) during start-up
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return Unreadable(
            "not-utf8", f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line
        )
