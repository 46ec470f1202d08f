"""What loading each section file produced, kept between starts so a restart on the same
content does not read and parse 20,000 unchanged files again.

One JSON file per content folder in the user cache folder. Per section file it holds the
file's stat signature (size, mtime, ctime, inode) and the section and problems loading it
gave; per walkthrough folder, every name in it with its signature, and the walkthrough and
problems loading it gave (kiosk.content.walkthrough_cache), so a warm start neither imports
PyYAML nor parses a file. Every file is stat'ed before its entry is used: a file whose
signature differs (or that was changed too recently for its timestamps to tell a later edit
apart) is loaded afresh, so a changed file is never shown from the cache. The cache is plain
data read with `json` (it can never run code) and checked strictly: a cache that is broken in
any way, made by another kiosk version or under other budget limits is ignored whole, and
the content loads exactly as without it. Only the kiosk's own start and reloads use it;
`kiosk check`, packs and exports always read every file.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import math
import operator
import os
import reprlib
import time
import zlib
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

import platformdirs

from kiosk import __version__
from kiosk.atomic import write_atomically
from kiosk.content import walkthrough_cache
from kiosk.content.budget import BUDGET
from kiosk.content.model import Review, Section, Walkthrough
from kiosk.content.walkthrough_cache import Listing
from kiosk.problems import Problem, Severity
from kiosk.textfiles import read_limited

log = logging.getLogger(__name__)

FORMAT = 3
# 20,000 sections of 1 KB make a cache of about 20 MB; a bigger one is neither read nor written.
MAX_CACHE_BYTES = 128 * 1024 * 1024
# A file changed this recently (its ctime) may be changed again within the same timestamp
# tick, unseen by its signature: it is loaded afresh until it has been still for longer.
# 3 s: FAT (a USB stick) keeps times to 2 s, and reports its modification time as ctime.
RACY_NS = 3_000_000_000
# Caches of other content folders kept beside this one (a pack's earlier versions, a USB
# stick's content): the least recently written go when a cache is written.
KEEP_OTHERS = 3

Signature = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Columns = dict[str, list[Any]]
_NONE = type(None)
# The file is a table of columns, one value per section file (JSON decodes long lists of
# plain values far quicker than one object per file, and a column's types are checked at
# once). "stat" holds four numbers per file. A file that gave no section has None for "id"
# and for every column of SECTION_COLUMNS. Its first line is a JSON object: the header and
# "count", the number of files; then each column of COLUMNS in turn, CHUNK files a line, each
# line a JSON list (one json.loads holds the GIL: 1,000 sections take a few ms). Its last line
# is a JSON object: each walkthrough folder's entry (kiosk.content.walkthrough_cache).
CHUNK = 1000
KINDS: dict[str, set[type]] = {
    "files": {str},  # str(path) of the file as the loader was given it
    "problems": {list},  # [[line, severity, message, code], ...]
    "id": {str, _NONE},
    "title": {str, _NONE},
    "summary": {str, _NONE},
    "icon": {str, _NONE},
    "body": {str, _NONE},
    "body_line": {int, _NONE},
    "order": {int, float, _NONE},
    "reviewed": {str, _NONE},  # an ISO date
    "review_by": {str, _NONE},
    "reviewer": {str, _NONE},
    "sources": {list, _NONE},
}
COLUMNS = (*KINDS, "stat")
SECTION_COLUMNS = ("title", "summary", "icon", "body", "body_line", "reviewer", "sources")
_ROW = tuple(name for name in KINDS if name != "files")
_NO_REVIEW = Review()  # frozen, so one is shared by the many files without review dates
_SEVERITIES = {severity.value: severity for severity in Severity}
_warned: set[Path] = set()  # cache files already reported as unwritable in this process


class BrokenCache(ValueError):
    """The cache file is not what this kiosk writes: ignored whole."""


class OutdatedCache(BrokenCache):
    """Written by another kiosk version or format, under other limits or for another folder."""


class _Entry(NamedTuple):
    """A file loaded afresh in this load: its signature and its row, as JSON values."""

    signature: Signature
    row: dict[str, Any]


def cache_folder() -> Path:
    return platformdirs.user_cache_path("kiosk", appauthor=False)


def cache_file_for(root: Path) -> Path:
    """The cache file of a content folder: named from its resolved path (zlib's checksums,
    not hashlib, which would load OpenSSL at start; the file itself names its folder)."""
    name = _resolved(root).encode("utf-8", "surrogateescape")
    return cache_folder() / f"sections-{zlib.crc32(name):08x}{zlib.adler32(name):08x}.json"


def _resolved(root: Path) -> str:
    try:
        return str(Path(root).resolve())
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL byte
        return os.path.abspath(root)


def signature(path: str | Path) -> Signature | None:
    """The file's stat signature, or None when it cannot be stat'ed (loaded afresh)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def folder_listing(folder: str) -> Listing | None:
    """Every name in a folder with its signature, sorted; None when one cannot be had."""
    try:
        names = sorted(os.listdir(folder))
    except (OSError, ValueError):
        return None
    listing = []
    for name in names:
        sign = signature(os.path.join(folder, name))
        if sign is None:  # gone since, or a link to nothing
            return None
        listing.append([name, *sign])
    return listing


class SectionCache:
    """The cached sections of one content folder, for one load of it: create one per load,
    pass it to load_library, which calls get() or put() for each section file, then save()."""

    def __init__(self, root: Path, file: Path | None = None, racy_ns: int | None = None):
        self.root = _resolved(root)
        self.file = Path(file) if file is not None else cache_file_for(root)
        self.racy_ns = RACY_NS if racy_ns is None else racy_ns
        self.started_ns = time.time_ns()  # before any file of this load is stat'ed
        self._old: Columns | None = None  # the columns read from the file
        self._index: dict[str, int] = {}  # file -> its row in the columns
        self._new: dict[str, int | _Entry] = {}  # this load's files: an old row, or a new one
        self._walkthroughs: dict[str, Any] = {}  # folder -> its entry, as read
        self._new_walkthroughs: dict[str, Any] = {}  # this load's folders: old or new entries
        self._changed = False  # the file is missing or was ignored: write it

    # --- reading -----------------------------------------------------------------------------

    def _table(self) -> Columns:
        if self._old is None:
            self._old, self._walkthroughs = self._read()
            self._index = {name: row for row, name in enumerate(self._old["files"])}
        return self._old

    def _read(self) -> tuple[Columns, dict[str, Any]]:
        # not through a link, never waiting (a named pipe put in its place), and its size
        # known before a byte is read
        try:
            raw = read_limited(self.file, MAX_CACHE_BYTES, follow_links=False)
        except (FileNotFoundError, NotADirectoryError):  # none yet; an unwritable folder is
            return self._ignored(None)  # reported once, when the cache is written
        except OSError as exc:
            return self._ignored(f"cannot be read: {exc.strerror or exc}")
        if raw is None:
            return self._ignored(f"is larger than the limit of {MAX_CACHE_BYTES:,} bytes")
        try:
            return self._checked(raw.split(b"\n"))
        except OutdatedCache as exc:  # a new kiosk, new limits: expected, not a problem
            return self._ignored(str(exc), logging.INFO)
        except (ValueError, RecursionError) as exc:  # BrokenCache and JSON errors included
            return self._ignored(str(exc) or type(exc).__name__)

    def _ignored(
        self, problem: str | None, level: int = logging.WARNING
    ) -> tuple[Columns, dict[str, Any]]:
        if problem is not None:  # a missing cache is no problem
            log.log(level, "section cache %s ignored: %s; reading every file", self.file, problem)
        self._changed = True
        return {name: [] for name in COLUMNS}, {}

    def _checked(self, lines: list[bytes]) -> tuple[Columns, dict[str, Any]]:
        header = _json(lines[0])
        if type(header) is not dict:
            raise BrokenCache("its first line is not a JSON object")
        for key, wanted in self._header().items():
            if key not in header:
                raise BrokenCache(f'no "{key}"')
            if header[key] != wanted:
                found, wanted_text = reprlib.repr(header[key]), reprlib.repr(wanted)
                raise OutdatedCache(f"made for {key} {found}; this is {key} {wanted_text}")
        count = header.get("count")
        if type(count) is not int or count < 0:
            raise BrokenCache('"count" is not a number of files')
        chunks = -(-count // CHUNK)
        if len(lines) != 2 + len(COLUMNS) * chunks:
            raise BrokenCache(f"not {2 + len(COLUMNS) * chunks} lines for {count} files")
        columns: dict[str, Any] = {}
        parts = iter(lines[1:])
        for name in COLUMNS:  # one line decoded at a time: a reload's worker thread lets the
            column: list[Any] = []  # screen run between lines
            for _ in range(chunks):
                part = _json(next(parts))
                if type(part) is not list:
                    raise BrokenCache(f'a line of column "{name}" is not a list')
                column += part
            columns[name] = column
        walkthroughs = _json(next(parts))
        if type(walkthroughs) is not dict:
            raise BrokenCache("its last line, the walkthroughs, is not a JSON object")
        for entry in walkthroughs.values():
            walkthrough_cache.decoded(entry)  # BrokenEntry (a ValueError) when it is not one
        return _checked_columns(columns), walkthroughs

    def _header(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kiosk": __version__,
            "budget": BUDGET._asdict(),
            "root": self.root,
        }

    # --- using -------------------------------------------------------------------------------

    def get(
        self, key: str, path: Path, sign: Signature | None
    ) -> tuple[Section | None, list[Problem]] | None:
        """What loading `path` (`key` is str(path)) gave, when its cached row was stat'ed as
        `sign` too; else None."""
        if sign is None:
            return None
        table = self._table()
        row = self._index.get(key)
        if row is None or tuple(table["stat"][4 * row : 4 * row + 4]) != sign:
            return None
        self._new[key] = row
        problems = [
            Problem(path, line, _SEVERITIES[severity], message, code)
            for line, severity, message, code in table["problems"][row]
        ]
        section_id = table["id"][row]
        if section_id is None:
            return None, problems
        reviewed, review_by = table["reviewed"][row], table["review_by"][row]
        reviewer, sources = table["reviewer"][row], table["sources"][row]
        if reviewed is None and review_by is None and not reviewer and not sources:
            review = _NO_REVIEW
        else:
            review = Review(_date(reviewed), _date(review_by), reviewer, tuple(sources))
        section = Section(
            section_id,
            path,
            table["title"][row],
            table["summary"][row],
            table["icon"][row],
            table["body"][row],
            table["body_line"][row],
            table["order"][row],
            review,
        )
        return section, problems

    def put(
        self,
        key: str,
        path: Path,
        sign: Signature | None,
        section: Section | None,
        problems: list[Problem],
    ) -> None:
        """Remember what loading `path` (`key` is str(path)) gave, stat'ed as `sign` before
        it was read."""
        self._new.pop(key, None)
        if sign is None or sign[2] > self.started_ns - self.racy_ns:
            return  # not stat'ed, or changed so recently that a next change could look the same
        if any(problem.path != path for problem in problems):
            return  # only problems about the file itself are rebuilt from the cache
        if section is not None and section.path != path:
            return
        row: dict[str, Any] = dict.fromkeys(_ROW)
        row["problems"] = [[p.line, p.severity.value, p.message, p.code] for p in problems]
        if section is not None:
            review = section.review
            row.update(
                id=section.id,
                title=section.title,
                summary=section.summary,
                icon=section.icon,
                body=section.body,
                body_line=section.body_line,
                order=section.order,
                reviewed=review.reviewed.isoformat() if review.reviewed else None,
                review_by=review.review_by.isoformat() if review.review_by else None,
                reviewer=review.reviewer,
                sources=list(review.sources),
            )
        self._new[key] = _Entry(sign, row)

    def get_walkthrough(
        self, key: str, listing: Listing | None
    ) -> tuple[Walkthrough, list[Problem]] | None:
        """What loading the walkthrough folder `key` gave, when it held `listing` then too
        (see folder_listing); else None."""
        if listing is None:
            return None
        self._table()
        entry = self._walkthroughs.get(key)
        if entry is None or entry["listing"] != listing:
            return None
        self._new_walkthroughs[key] = entry
        return walkthrough_cache.decoded(entry)

    def put_walkthrough(
        self, key: str, listing: Listing | None, walkthrough: Walkthrough, problems: list[Problem]
    ) -> None:
        """Remember what loading the walkthrough folder `key` gave, when it held `listing`
        (taken before any of its files was read)."""
        self._new_walkthroughs.pop(key, None)
        if listing is None or any(
            ctime > self.started_ns - self.racy_ns for *_, ctime, _ in listing
        ):
            return  # not listed, or a file changed so recently a next change could look the same
        self._new_walkthroughs[key] = walkthrough_cache.encoded(listing, walkthrough, problems)

    # --- writing -----------------------------------------------------------------------------

    def save(self) -> None:
        """Write the rows of this load (files gone drop out), when anything changed."""
        table = self._table()
        unchanged = (
            self._new.keys() == self._index.keys()
            and all(type(value) is int for value in self._new.values())
            and self._new_walkthroughs.keys() == self._walkthroughs.keys()
            and all(self._walkthroughs[k] is v for k, v in self._new_walkthroughs.items())
        )
        if unchanged and not self._changed:
            return
        columns: Columns = {name: [] for name in COLUMNS}
        for key, value in self._new.items():
            columns["files"].append(key)
            if isinstance(value, _Entry):
                for name in _ROW:
                    columns[name].append(value.row[name])
                columns["stat"].extend(value.signature)
            else:
                for name in _ROW:
                    columns[name].append(table[name][value])
                columns["stat"].extend(table["stat"][4 * value : 4 * value + 4])
        lines = [json.dumps({**self._header(), "count": len(self._new)})]
        try:
            for name in COLUMNS:
                column, step = columns[name], 4 * CHUNK if name == "stat" else CHUNK
                lines += (
                    json.dumps(column[at : at + step], allow_nan=False)
                    for at in range(0, len(column), step)
                )
            lines.append(json.dumps(self._new_walkthroughs, allow_nan=False))
        except ValueError:  # a number JSON cannot hold: this load is not cached
            log.info("section cache %s not written: a value JSON cannot hold", self.file)
            return
        text = "\n".join(lines)  # JSON's own text never holds a line break: each is escaped
        if len(text) > MAX_CACHE_BYTES:
            log.info("section cache %s not written: over %s bytes", self.file, MAX_CACHE_BYTES)
            with contextlib.suppress(OSError):
                self.file.unlink(missing_ok=True)  # an old, smaller one would miss every file
            return
        try:
            write_atomically(self.file, text, private=True, durable=False)  # fsync: 100s of ms
        except OSError as exc:
            if self.file not in _warned:
                _warned.add(self.file)
                log.warning(
                    "section cache %s cannot be written (%s); the content is read whole at "
                    "each start",
                    self.file,
                    exc.strerror or exc,
                )
            return
        self._remove_old_caches()

    def _remove_old_caches(self) -> None:
        """Keep the KEEP_OTHERS most recently written caches of other folders."""
        with contextlib.suppress(OSError), os.scandir(self.file.parent) as entries:
            others = sorted(
                (entry.stat().st_mtime_ns, entry.path)
                for entry in entries
                if entry.name.startswith("sections-")
                and entry.name.endswith(".json")
                and entry.name != self.file.name
            )
            for _, path in others[: max(0, len(others) - KEEP_OTHERS)]:
                os.unlink(path)


def _no_constant(name: str) -> Any:
    raise BrokenCache(f"{name} is not a number this cache holds")


def _json(line: bytes) -> Any:
    return json.loads(line, parse_constant=_no_constant)


def _date(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


# --- strict reading: any surprise discards the whole cache --------------------------------------


def _checked_columns(columns: dict[str, Any]) -> Columns:
    files = columns["files"]
    count = len(files) if type(files) is list else -1
    for name, kinds in KINDS.items():
        column = columns[name]
        if type(column) is not list or len(column) != count or not set(map(type, column)) <= kinds:
            raise BrokenCache(f'column "{name}" does not hold {count} values of its kind')
    stat = columns["stat"]
    if type(stat) is not list or len(stat) != 4 * count or not set(map(type, stat)) <= {int}:
        raise BrokenCache('column "stat" does not hold four whole numbers a file')
    if len(set(files)) != count:
        raise BrokenCache("a file is listed twice")
    absent = list(map(operator.is_, columns["id"], repeat(None)))
    for name in SECTION_COLUMNS:
        if list(map(operator.is_, columns[name], repeat(None))) != absent:
            raise BrokenCache(f'column "{name}" is empty where a file has a section or not')
    if any(type(n) is float and not math.isfinite(n) for n in columns["order"]):
        raise BrokenCache("an order is not a finite number")
    if any(n is not None and n < 1 for n in columns["body_line"]):
        raise BrokenCache("a body_line is not a line number")
    for sources in columns["sources"]:
        if sources and not set(map(type, sources)) <= {str}:
            raise BrokenCache("sources are not a list of text")
    for name in ("reviewed", "review_by"):
        for value in columns[name]:
            if value is not None:
                try:
                    datetime.date.fromisoformat(value)
                except ValueError:
                    raise BrokenCache(f"{reprlib.repr(value)} is not a date") from None
    for problems in columns["problems"]:
        for problem in problems:
            _check_problem(problem)
    return columns


def _check_problem(value: Any) -> None:
    if type(value) is not list or len(value) != 4:
        raise BrokenCache("a problem is not [line, severity, message, code]")
    line, severity, message, code = value
    if line is not None and type(line) is not int:
        raise BrokenCache("a problem's line is not a whole number")
    if type(severity) is not str or severity not in _SEVERITIES:
        raise BrokenCache("a problem's severity is not error or warning")
    if type(message) is not str or type(code) is not str:
        raise BrokenCache("a problem's message or code is not text")
