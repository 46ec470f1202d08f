"""Evidence of a native crash: ``faulthandler`` writes the traceback of a crash Python cannot
catch (a segfault in Qt or a C library) into ``crash.log`` in the log folder, and the next
start logs that the previous run crashed, where the traceback is kept and how it begins.

A clean run leaves ``crash.log`` empty. A non-empty one found at start is kept as
``crash-YYYYmmdd-HHMMSS.log`` (the newest few are kept) and reported.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import time
from pathlib import Path
from typing import TextIO

CRASH_FILE = "crash.log"
KEEP = 5  # crash files kept
FIRST_LINES = 4
MAX_READ = 4096

log = logging.getLogger(__name__)
_handle: TextIO | None = None  # faulthandler writes to its file descriptor, so it stays open


def enable_crash_log(folder: Path) -> Path | None:
    """Report a crash the previous run left, then send native tracebacks to ``crash.log``.

    Returns the file, or None when it cannot be written (tracebacks then go to stderr)."""
    global _handle
    folder = Path(folder)
    report_previous_crash(folder)
    path = folder / CRASH_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - open for the whole run
    except OSError as exc:
        log.warning("cannot write %s (%s); native crashes go to stderr", path, exc.strerror)
        faulthandler.enable(all_threads=True)
        return None
    faulthandler.enable(file=handle, all_threads=True)
    if _handle is not None:
        _handle.close()
    _handle = handle
    return path


def report_previous_crash(folder: Path) -> Path | None:
    """When ``crash.log`` holds a traceback, keep it under a dated name, log that the previous
    run crashed, and return the kept file; else None. Never raises."""
    path = Path(folder) / CRASH_FILE
    try:
        if path.stat().st_size == 0:
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(path.stat().st_mtime))
        kept = path.with_name(f"crash-{stamp}.log")
        os.replace(path, kept)
        with open(kept, "rb") as file:
            head = file.read(MAX_READ).decode("utf-8", errors="replace")
    except OSError:
        return None
    lines = [line.strip() for line in head.splitlines() if line.strip()][:FIRST_LINES]
    log.error(
        "the previous run crashed (a native crash); its traceback is in %s: %s",
        kept,
        " | ".join(lines),
    )
    _prune(path.parent)
    return kept


def _prune(folder: Path) -> None:
    kept = sorted(folder.glob("crash-*.log"))
    for old in kept[:-KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()
