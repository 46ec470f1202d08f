"""Anonymous usage counts per day, CSV export, and a database that fails."""

from __future__ import annotations

import io
import logging
import sqlite3
from datetime import date

import pytest

from kiosk import usage
from kiosk.usage import UsageLog


class Days:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


def test_counts_per_day(tmp_path):
    days = Days(date(2025, 3, 1))
    log = UsageLog(tmp_path / "data" / "usage.sqlite3", today=days)
    log.record("section_opened", "before/port.md")
    log.record("section_opened", "before/port.md")
    log.record("walkthrough_started")
    days.day = date(2025, 3, 2)
    log.record("section_opened", "before/port.md")
    log.record("walkthrough_finished")
    assert log.today() == [("section_opened", "before/port.md", 1), ("walkthrough_finished", "", 1)]
    assert log.rows() == [
        ("2025-03-01", "section_opened", "before/port.md", 2),
        ("2025-03-01", "walkthrough_started", "", 1),
        ("2025-03-02", "section_opened", "before/port.md", 1),
        ("2025-03-02", "walkthrough_finished", "", 1),
    ]
    again = UsageLog(tmp_path / "data" / "usage.sqlite3", today=days)
    assert again.rows() == log.rows()


def test_only_day_event_key_and_count_are_stored(tmp_path):
    path = tmp_path / "usage.sqlite3"
    UsageLog(path).record("walkthrough_started")
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(usage)")]
    connection.close()
    assert columns == ["day", "event", "key", "count"]


def test_unknown_event_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError, match="unknown usage event"):
        UsageLog(tmp_path / "u.sqlite3").record("patient_name", "Jane")


def test_csv_export(tmp_path):
    log = UsageLog(tmp_path / "u.sqlite3", today=Days(date(2025, 1, 31)))
    log.record("section_opened", 'odd, "name".md')
    log.record("walkthrough_started")
    out = io.StringIO()
    assert log.export_csv(out) == 2
    assert out.getvalue().splitlines() == [
        "day,event,key,count",
        '2025-01-31,section_opened,"odd, ""name"".md",1',
        "2025-01-31,walkthrough_started,,1",
    ]


def test_csv_export_of_nothing_is_the_header(tmp_path):
    out = io.StringIO()
    assert UsageLog(tmp_path / "none.sqlite3").export_csv(out) == 0
    assert out.getvalue() == "day,event,key,count\n"
    assert not (tmp_path / "none.sqlite3").exists()


def test_corrupt_database_does_not_raise_and_counts_in_memory(tmp_path, caplog):
    path = tmp_path / "usage.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    log = UsageLog(path, today=Days(date(2025, 5, 5)))
    with caplog.at_level(logging.WARNING, logger="kiosk.usage"):
        log.record("walkthrough_started")
        log.record("walkthrough_started")
        log.record("section_opened", "a.md")
    assert log.today() == [("section_opened", "a.md", 1), ("walkthrough_started", "", 2)]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1  # reported once, not on every tap
    assert "counting in memory" in warnings[0].getMessage()
    out = io.StringIO()
    assert log.export_csv(out) == 2


def test_locked_database_keeps_counts_and_saves_them_later(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(usage, "LOCK_TIMEOUT_SECONDS", 0)
    path = tmp_path / "usage.sqlite3"
    log = UsageLog(path, today=Days(date(2025, 5, 5)))
    log.record("section_opened", "a.md")
    blocker = sqlite3.connect(path)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        with caplog.at_level(logging.WARNING, logger="kiosk.usage"):
            log.record("section_opened", "a.md")
        assert any("counting in memory" in r.getMessage() for r in caplog.records)
    finally:
        blocker.rollback()
        blocker.close()
    log.record("section_opened", "a.md")
    fresh = UsageLog(path, today=Days(date(2025, 5, 5)))
    assert fresh.today() == [("section_opened", "a.md", 3)]


def test_unwritable_folder_does_not_raise(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    log = UsageLog(blocker / "sub" / "usage.sqlite3")
    log.record("walkthrough_finished")
    assert [row[1:] for row in log.rows()] == [("walkthrough_finished", "", 1)]
