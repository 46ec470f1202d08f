"""Native crash evidence: faulthandler writes into the log folder, the next start reports it."""

from __future__ import annotations

import logging
import subprocess
import sys

from kiosk.crash_log import CRASH_FILE, KEEP, report_previous_crash

CRASH = """
import faulthandler, sys
from pathlib import Path
from kiosk.crash_log import enable_crash_log
print(enable_crash_log(Path(sys.argv[1])))
sys.stdout.flush()
faulthandler._sigsegv()
"""


def crash_in_a_child(folder) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CRASH, str(folder)], capture_output=True, text=True, timeout=60
    )


def test_a_native_crash_is_written_to_the_log_folder_and_reported_at_the_next_start(
    tmp_path, caplog
):
    folder = tmp_path / "logs"
    done = crash_in_a_child(folder)
    assert done.returncode != 0  # killed by SIGSEGV
    assert done.stdout.strip() == str(folder / CRASH_FILE)
    assert "Segmentation fault" in (folder / CRASH_FILE).read_text(encoding="utf-8")

    with caplog.at_level(logging.ERROR, logger="kiosk.crash_log"):
        kept = report_previous_crash(folder)  # what the next start does first
    assert kept is not None and kept.name.startswith("crash-")
    [record] = caplog.records
    message = record.getMessage()
    assert message.startswith("the previous run crashed (a native crash); its traceback is in ")
    assert str(kept) in message
    assert "Fatal Python error: Segmentation fault" in message
    assert "Segmentation fault" in kept.read_text(encoding="utf-8")
    assert not (folder / CRASH_FILE).exists()


def test_a_clean_run_leaves_nothing_to_report(tmp_path, caplog):
    (tmp_path / CRASH_FILE).write_text("", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert report_previous_crash(tmp_path) is None
        assert report_previous_crash(tmp_path / "missing") is None
    assert caplog.records == []


def test_only_the_newest_crash_files_are_kept(tmp_path, caplog):
    for day in range(1, 8):
        (tmp_path / f"crash-202611{day:02d}-000000.log").write_text("old", encoding="utf-8")
    (tmp_path / CRASH_FILE).write_text("Fatal Python error: Aborted\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        kept = report_previous_crash(tmp_path)
    files = sorted(p.name for p in tmp_path.glob("crash-*.log"))
    assert len(files) == KEEP
    assert kept.name in files
