"""Logging to a rotating file someone can read the next morning, and to stderr when asked."""

from __future__ import annotations

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


def setup_logging(
    to_stderr: bool,
    log_dir: Path | None = None,
    file_name: str = LOG_FILE_NAME,
) -> Path:
    """Log INFO and above to a rotating file (1 MB x 5) and optionally stderr.

    Returns the log file's path. Calling it again replaces the handlers it added
    before. If the folder cannot be created, logging falls back to stderr.
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
        handlers.append(
            logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
            )
        )
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
        logging.getLogger(__name__).warning(
            "cannot write the log file %s (%s); logging to stderr only", path, file_problem
        )
    return path
