"""Logging to a rotating file, optionally to stderr, without duplicate handlers."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

import pytest

from kiosk import logs
from kiosk.logs import BACKUP_COUNT, MAX_BYTES, log_dir, setup_logging, start_rotating


@pytest.fixture
def root_logger():
    """Put the root logger back as it was, whatever setup_logging added."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for handler in list(root.handlers):  # a copy: removing while iterating skips one
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture
def full_disk(tmp_path) -> Path:
    """A log folder whose kiosk.log is /dev/full: every write fails with No space left."""
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "kiosk.log").symlink_to("/dev/full")
    return folder


def ours(root: logging.Logger) -> list[logging.Handler]:
    return [h for h in root.handlers if getattr(h, "_kiosk_handler", False)]


def test_log_dir_is_the_platform_log_folder():
    assert "kiosk" in str(log_dir())


def test_writes_info_lines_to_a_rotating_file(tmp_path, root_logger):
    path = setup_logging(to_stderr=False, log_dir=tmp_path / "logs")
    assert path == tmp_path / "logs" / "kiosk.log"
    assert root_logger.level == logging.INFO
    [handler] = ours(root_logger)
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    assert (handler.maxBytes, handler.backupCount) == (MAX_BYTES, BACKUP_COUNT)
    logging.getLogger("kiosk.test").info("hello from the lobby")
    logging.getLogger("kiosk.test").debug("too chatty")
    handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "INFO kiosk.test: hello from the lobby" in text
    assert "too chatty" not in text


def test_stderr_when_asked(tmp_path, root_logger):
    setup_logging(to_stderr=True, log_dir=tmp_path)
    kinds = sorted(type(h).__name__ for h in ours(root_logger))
    assert kinds == ["RotatingFileHandler", "StreamHandler"]
    stream_handler = next(h for h in ours(root_logger) if type(h) is logging.StreamHandler)
    assert stream_handler.stream is sys.stderr


def test_calling_twice_does_not_duplicate_handlers(tmp_path, root_logger):
    setup_logging(to_stderr=True, log_dir=tmp_path)
    first = ours(root_logger)
    path = setup_logging(to_stderr=True, log_dir=tmp_path)
    assert len(ours(root_logger)) == 2
    assert not set(first) & set(ours(root_logger))
    logging.getLogger("kiosk.test").info("once")
    for handler in ours(root_logger):
        handler.flush()
    assert path.read_text(encoding="utf-8").count("once") == 1


def test_unwritable_folder_falls_back_to_stderr(tmp_path, root_logger):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    setup_logging(to_stderr=False, log_dir=blocker / "logs")
    assert [type(h).__name__ for h in ours(root_logger)] == ["StreamHandler"]


def test_unwritable_folder_says_so_in_one_line(tmp_path, root_logger, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    setup_logging(to_stderr=False, log_dir=blocker / "logs")
    logging.getLogger("kiosk.test").warning("still heard")
    err = capsys.readouterr().err
    [first, second] = err.splitlines()
    assert "cannot write the log file" in first and str(blocker / "logs" / "kiosk.log") in first
    assert "logging to stderr only" in first
    assert second.endswith("WARNING kiosk.test: still heard")
    assert "Traceback" not in err


@pytest.mark.parametrize("rotate", [True, False], ids=["rotating", "while starting"])
def test_a_full_disk_falls_back_to_stderr_once_without_a_traceback(
    full_disk, root_logger, capsys, rotate
):
    folder = full_disk
    setup_logging(to_stderr=False, log_dir=folder, rotate=rotate)
    for number in range(3):
        logging.getLogger("kiosk.test").warning("line %d", number)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == (
        f"kiosk: cannot write the log file {folder / 'kiosk.log'} (No space left on device); "
        "logging to stderr from now on"
    )
    assert [line.split(": ", 1)[1] for line in lines[1:]] == ["line 0", "line 1", "line 2"]
    assert not any("Traceback" in line or "Logging error" in line for line in lines)


def test_a_full_disk_with_stderr_logging_does_not_print_lines_twice(full_disk, root_logger, capsys):
    setup_logging(to_stderr=True, log_dir=full_disk)
    logging.getLogger("kiosk.test").warning("once")
    logging.getLogger("kiosk.test").warning("twice")
    err = capsys.readouterr().err
    assert err.count("cannot write the log file") == 1
    assert err.count("once") == 1 and err.count("twice") == 1


def test_while_starting_the_file_is_appended_to_then_rotated(tmp_path, root_logger, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)  # read when the rotating handler is made
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "kiosk.log").write_text("a line from yesterday\n", encoding="utf-8")
    path = setup_logging(to_stderr=True, log_dir=folder, rotate=False)
    logging.getLogger("kiosk.test").warning("before the first frame")
    assert "logging.handlers" not in {type(h).__module__ for h in ours(root_logger)}
    start_rotating()
    kinds = sorted(type(h).__name__ for h in ours(root_logger))
    assert kinds == ["RotatingFileHandler", "StreamHandler"]  # one file handler, not two
    logging.getLogger("kiosk.test").warning("after the first frame")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("a line from yesterday\n")
    assert "before the first frame" in text and "after the first frame" in text
    for number in range(100):  # about 7 KB: past the (lowered) limit
        logging.getLogger("kiosk.test").warning("filler line %d", number)
    assert (folder / "kiosk.log.1").exists()
    assert path.stat().st_size <= 2000


def test_a_file_that_failed_while_starting_stays_on_stderr(full_disk, root_logger, capsys):
    setup_logging(to_stderr=False, log_dir=full_disk, rotate=False)
    logging.getLogger("kiosk.test").warning("first")
    start_rotating()
    logging.getLogger("kiosk.test").warning("second")
    err = capsys.readouterr().err
    assert err.count("cannot write the log file") == 1
    assert "first" in err and "second" in err and "Traceback" not in err
