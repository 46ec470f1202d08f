"""Anonymous usage counts per day, CSV export, and a database that fails or is not ours."""

from __future__ import annotations

import io
import logging
import sqlite3
import threading
from datetime import date

import pytest

from kiosk import usage
from kiosk.usage import UsageLog, read_rows, write_csv


class Days:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def open_log():
    """UsageLog objects closed (their writer stopped) after the test."""
    logs: list[UsageLog] = []

    def make(path, today=date.today) -> UsageLog:
        log = UsageLog(path, today=today)
        logs.append(log)
        return log

    yield make
    for log in logs:
        log.close()


def test_counts_per_day(tmp_path, open_log):
    days = Days(date(2025, 3, 1))
    log = open_log(tmp_path / "data" / "usage.sqlite3", today=days)
    log.record("section_opened", "before/port.md")
    log.record("section_opened", "before/port.md")
    log.record("walkthrough_started")
    days.day = date(2025, 3, 2)
    log.record("section_opened", "before/port.md")
    log.record("walkthrough_finished")
    assert log.today() == [("section_opened", "before/port.md", 1), ("walkthrough_finished", "", 1)]
    expected = [
        ("2025-03-01", "section_opened", "before/port.md", 2),
        ("2025-03-01", "walkthrough_started", "", 1),
        ("2025-03-02", "section_opened", "before/port.md", 1),
        ("2025-03-02", "walkthrough_finished", "", 1),
    ]
    assert log.rows() == expected
    assert log.flush()
    assert open_log(tmp_path / "data" / "usage.sqlite3", today=days).rows() == expected
    assert read_rows(tmp_path / "data" / "usage.sqlite3") == expected


def test_counts_saved_before_add_to_the_new_ones(tmp_path, open_log):
    path = tmp_path / "usage.sqlite3"
    first = open_log(path)
    first.record("walkthrough_started")
    first.close()
    second = open_log(path)
    second.start()
    second.record("walkthrough_started")
    assert second.flush()
    assert second.today() == [("walkthrough_started", "", 2)]
    assert [row[1:] for row in read_rows(path)] == [("walkthrough_started", "", 2)]


def test_only_day_event_key_and_count_are_stored(tmp_path, open_log):
    path = tmp_path / "usage.sqlite3"
    log = open_log(path)
    log.record("walkthrough_started")
    assert log.flush()
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(usage)")]
    connection.close()
    assert columns == ["day", "event", "key", "count"]


def test_the_database_is_written_by_the_worker_thread_only(tmp_path, open_log, monkeypatch):
    writers = []
    connect = usage._connect
    monkeypatch.setattr(
        usage, "_connect", lambda *a: writers.append(threading.current_thread().name) or connect(*a)
    )
    log = open_log(tmp_path / "usage.sqlite3")
    log.start()
    for _ in range(3):
        log.record("section_opened", "a.md")
    assert log.flush()
    assert writers and set(writers) == {"usage-writer"}


def test_unknown_event_is_a_programming_error(tmp_path, open_log):
    with pytest.raises(ValueError, match="unknown usage event"):
        open_log(tmp_path / "u.sqlite3").record("patient_name", "Jane")


def test_csv_export(tmp_path, open_log):
    log = open_log(tmp_path / "u.sqlite3", today=Days(date(2025, 1, 31)))
    log.record("section_opened", 'odd, "name".md')
    log.record("walkthrough_started")
    out = io.StringIO()
    assert write_csv(log.rows(), out) == 2
    assert out.getvalue().splitlines() == [
        "day,event,key,count",
        '2025-01-31,section_opened,"odd, ""name"".md",1',
        "2025-01-31,walkthrough_started,,1",
    ]


def test_no_database_yet_is_no_counts_and_creates_nothing(tmp_path, open_log):
    assert read_rows(tmp_path / "none.sqlite3") == []
    assert open_log(tmp_path / "none.sqlite3").rows() == []
    assert not (tmp_path / "none.sqlite3").exists()


def foreign_tables(path):
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE patients (name TEXT)")
    connection.close()


def wrong_columns(path):
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE usage (day TEXT, hits INTEGER)")
    connection.close()


BAD_DATABASES = {
    "garbage bytes": (lambda p: p.write_bytes(b"this is not a database" * 100), "file is not a"),
    "another program's tables": (foreign_tables, "another program's tables (patients)"),
    "a usage table of other columns": (wrong_columns, "with columns (day, hits)"),
    "a folder": (lambda p: p.mkdir(), "a folder, not a usage database"),
}


@pytest.mark.parametrize("make_bad, reason", BAD_DATABASES.values(), ids=BAD_DATABASES.keys())
def test_a_bad_database_is_moved_aside_and_a_fresh_one_started(
    tmp_path, open_log, caplog, make_bad, reason
):
    path = tmp_path / "usage.sqlite3"
    make_bad(path)
    log = open_log(path, today=Days(date(2025, 5, 5)))
    with caplog.at_level(logging.WARNING, logger="kiosk.usage"):
        log.record("walkthrough_started")
        log.record("section_opened", "a.md")
        assert log.flush()
    kept = list(tmp_path.glob("usage.sqlite3.bad-*"))
    assert len(kept) == 1
    assert kept[0].is_dir() == reason.startswith("a folder")
    assert read_rows(path) == [
        ("2025-05-05", "section_opened", "a.md", 1),
        ("2025-05-05", "walkthrough_started", "", 1),
    ]
    [problem] = log.problems
    assert problem.path == path
    assert reason in problem.message
    assert f"kept as {kept[0].name}, counting starts afresh here" in problem.message
    assert [r.getMessage() for r in caplog.records] == [f"usage counts: {problem}"]


def test_a_bad_database_is_kept_byte_for_byte(tmp_path, open_log):
    path = tmp_path / "usage.sqlite3"
    garbage = bytes(range(256)) * 40
    path.write_bytes(garbage)
    log = open_log(path)
    log.start()
    assert log.flush()
    [kept] = tmp_path.glob("usage.sqlite3.bad-*")
    assert kept.read_bytes() == garbage


def test_bad_database_read_for_stats_says_why(tmp_path):
    path = tmp_path / "usage.sqlite3"
    foreign_tables(path)
    with pytest.raises(usage.UsageDatabaseError, match="another program's tables"):
        read_rows(path)
    assert path.exists()  # a read never moves anything


def test_locked_database_keeps_counts_and_saves_them_later(tmp_path, open_log, monkeypatch):
    monkeypatch.setattr(usage, "WRITE_TIMEOUT_SECONDS", 0.05)
    path = tmp_path / "usage.sqlite3"
    log = open_log(path, today=Days(date(2025, 5, 5)))
    log.record("section_opened", "a.md")
    assert log.flush()
    blocker = sqlite3.connect(path)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        log.record("section_opened", "a.md")  # returns at once: the writer waits, not us
        assert not log.flush(timeout=0.5)
        assert log.today() == [("section_opened", "a.md", 2)]
    finally:
        blocker.rollback()
        blocker.close()
    log.record("section_opened", "a.md")
    assert log.flush()
    assert read_rows(path) == [("2025-05-05", "section_opened", "a.md", 3)]
    assert log.problems == []  # a lock is not a bad database: nothing moved aside
    assert not list(tmp_path.glob("*.bad-*"))


def test_unwritable_folder_does_not_raise(tmp_path, open_log):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    log = open_log(blocker / "sub" / "usage.sqlite3")
    log.record("walkthrough_finished")
    assert not log.flush(timeout=0.5)
    assert [row[1:] for row in log.rows()] == [("walkthrough_finished", "", 1)]


def test_a_database_locked_at_start_is_read_and_written_once_free(tmp_path, open_log, monkeypatch):
    monkeypatch.setattr(usage, "WRITE_TIMEOUT_SECONDS", 0.05)
    path = tmp_path / "usage.sqlite3"
    earlier = open_log(path, today=Days(date(2025, 5, 5)))
    earlier.record("walkthrough_started")
    earlier.close()
    log = open_log(path, today=Days(date(2025, 5, 5)))
    blocker = sqlite3.connect(path)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        log.start()
        log.record("walkthrough_started")
        assert not log.flush(timeout=0.5)
        assert log.today() == [("walkthrough_started", "", 1)]  # the saved one is not readable
    finally:
        blocker.rollback()
        blocker.close()
    assert log.flush()
    assert log.today() == [("walkthrough_started", "", 2)]
    assert read_rows(path) == [("2025-05-05", "walkthrough_started", "", 2)]
