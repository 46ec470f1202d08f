"""Logging to a rotating file someone can read the next morning, and to stderr when asked."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
from pathlib import Path

import platformdirs

LOG_FILE_NAME = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
OUR_HANDLER = "_kiosk_handler"  # marks handlers added here, so a second call replaces them


def log_dir() -> Path:
    """Where the log files live on this computer."""
    return _platform_log_dir()


def _platform_log_dir() -> Path:  # setup_logging's parameter hides log_dir() inside it
    return platformdirs.user_log_path("kiosk", appauthor=False)


class FileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file, which never fails loudly: when a line cannot be written (a full
    disk, a folder made read-only, a failed rotation) it says so once on stderr in one line,
    with no traceback, and from then on sends every line to stderr instead."""

    def __init__(self, path: Path, echo_to_stderr: bool) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
        self.failed = False
        self._echo = echo_to_stderr  # False when another handler already writes to stderr

    def emit(self, record: logging.LogRecord) -> None:
        if self.failed:
            self._to_stderr(record)
            return
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's API
        if self.failed:
            return
        self.failed = True
        problem = sys.exc_info()[1]
        why = getattr(problem, "strerror", None) or problem or "unknown error"
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(
                f"kiosk: cannot write the log file {self.baseFilename} ({why}); "
                "logging to stderr from now on\n"
            )
        self._to_stderr(record)
        try:
            if self.stream is not None:
                self.stream.close()
        except OSError:
            pass
        self.stream = None

    def _to_stderr(self, record: logging.LogRecord) -> None:
        if not self._echo:
            return
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(self.format(record) + "\n")


def setup_logging(
    to_stderr: bool,
    log_dir: Path | None = None,
    file_name: str = LOG_FILE_NAME,
) -> Path:
    """Log INFO and above to a rotating file (1 MB x 5) and optionally stderr.

    Returns the log file's path. Calling it again replaces the handlers it added
    before. If the file cannot be opened, logging falls back to stderr with one line
    saying so; if it cannot be written later (a full disk), the same, once.
    """
    folder = Path(log_dir) if log_dir is not None else _platform_log_dir()
    path = folder / file_name
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in [h for h in root.handlers if getattr(h, OUR_HANDLER, False)]:
        root.removeHandler(handler)
        handler.close()
    formatter = logging.Formatter(FORMAT)
    file_problem = None
    handlers: list[logging.Handler] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handlers.append(FileHandler(path, echo_to_stderr=not to_stderr))
    except OSError as exc:
        file_problem = exc
        to_stderr = True
    if to_stderr:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        setattr(handler, OUR_HANDLER, True)
        handler.setFormatter(formatter)
        root.addHandler(handler)
    if file_problem is not None:
        why = getattr(file_problem, "strerror", None) or file_problem
        logging.getLogger(__name__).warning(
            "cannot write the log file %s (%s); logging to stderr only", path, why
        )
    return path
