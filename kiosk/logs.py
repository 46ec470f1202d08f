"""Logging to a rotating file someone can read the next morning, and to stderr when asked."""

from __future__ import annotations

import contextlib
import functools
import logging
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


class FileHandler(logging.FileHandler):
    """The log file, which never fails loudly: when a line cannot be written (a full disk, a
    folder made read-only, a failed rotation) it says so once on stderr in one line, with no
    traceback, and from then on sends every line to stderr instead.

    While the kiosk starts, the file is only appended to: the rotating handler's module
    (logging.handlers) imports socket and pickle, about 2 % of the start, so start_rotating()
    swaps in RotatingFileHandler once the home screen is on screen."""

    def __init__(self, path: Path, echo_to_stderr: bool, **rotation: int) -> None:
        super().__init__(path, encoding="utf-8", **rotation)  # type: ignore[arg-type]
        self.failed = False
        self.echo = echo_to_stderr  # False when another handler already writes to stderr

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
        if not self.echo:
            return
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(self.format(record) + "\n")


@functools.cache
def _rotating_handler() -> type[FileHandler]:
    import logging.handlers

    class RotatingFileHandler(FileHandler, logging.handlers.RotatingFileHandler):
        """The log file, 1 MB x 5, so a day of lines cannot fill the disk; failing quietly
        as FileHandler does (its emit comes first, then the rotation's)."""

        def __init__(self, path: Path, echo_to_stderr: bool) -> None:
            # FileHandler's __init__ hands the sizes on to RotatingFileHandler's, next in line
            super().__init__(path, echo_to_stderr, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT)

    return RotatingFileHandler


def setup_logging(
    to_stderr: bool,
    log_dir: Path | None = None,
    file_name: str = LOG_FILE_NAME,
    rotate: bool = True,
) -> Path:
    """Log INFO and above to a rotating file (1 MB x 5) and optionally stderr.

    Returns the log file's path. Calling it again replaces the handlers it added
    before. If the file cannot be opened, logging falls back to stderr with one line
    saying so; if it cannot be written later (a full disk), the same, once. With
    `rotate=False` (the kiosk's start) the file is only appended to until start_rotating().
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
        kind = _rotating_handler() if rotate else FileHandler
        handlers.append(kind(path, echo_to_stderr=not to_stderr))
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


def start_rotating() -> None:
    """Swap the appending log file of setup_logging(rotate=False) for the rotating one, on
    the same file; a file that has already failed stays as it is (its lines go to stderr)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if type(h) is FileHandler and not h.failed]:
        new = _rotating_handler()(Path(old.baseFilename), echo_to_stderr=old.echo)
        setattr(new, OUR_HANDLER, True)
        new.setFormatter(old.formatter)
        root.addHandler(new)
        root.removeHandler(old)
        old.close()
