"""The nightly restart: due after restart_at, done only at home with nobody touching the kiosk."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from PySide6.QtCore import Qt

from kiosk.fleet.nightly import next_restart, parse_time
from kiosk.ui.kiosk_mode.idle import IdleWatcher
from kiosk.ui.nightly import NightlyRestart
from kiosk.watchdog import RESTART_EXIT_CODE
from tests.helpers import tap_tile

LEFT = Qt.MouseButton.LeftButton


def test_restart_at_is_a_24_hour_time_or_empty():
    assert parse_time("03:00") == time(3, 0)
    assert parse_time(" 23:59 ") == time(23, 59)
    assert parse_time("") is None
    for bad in ("3:00", "24:00", "03:60", "3am", "03:00:00"):
        with pytest.raises(ValueError, match="restart_at"):
            parse_time(bad)


def test_the_next_restart_is_today_if_still_ahead_else_tomorrow():
    assert next_restart(datetime(2026, 3, 1, 2, 59), time(3)) == datetime(2026, 3, 1, 3, 0)
    assert next_restart(datetime(2026, 3, 1, 3, 0), time(3)) == datetime(2026, 3, 2, 3, 0)
    assert next_restart(datetime(2026, 3, 1, 17, 0), time(3)) == datetime(2026, 3, 2, 3, 0)


class Night:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 22, 0)
        self.exits: list[int] = []


@pytest.fixture
def night(qtbot, window, monkeypatch, qapp):
    monkeypatch.setenv("INVOCATION_ID", "test")  # as if systemd runs it
    clock = Night()
    idle = IdleWatcher(90_000, 15, 300_000, parent=window)
    qapp.installEventFilter(idle)
    nightly = NightlyRestart(
        window, idle, "03:00", idle_seconds=0.5, now=lambda: clock.now, quit_app=clock.exits.append
    )
    yield clock, nightly
    nightly.stop()
    idle.stop()
    qapp.removeEventFilter(idle)


def test_not_before_restart_at(night):
    clock, nightly = night
    assert nightly.due == datetime(2026, 3, 2, 3, 0)
    nightly.check()
    assert clock.exits == []


def test_after_restart_at_only_at_home_and_idle(qtbot, window, night):
    clock, nightly = night
    clock.now = datetime(2026, 3, 2, 3, 5)
    tap_tile(qtbot, window, 0)
    assert window.current_screen() == "section"
    qtbot.waitUntil(lambda: nightly.idle_for() >= nightly.idle_seconds, timeout=5_000)
    nightly.check()
    assert clock.exits == [], "never while a section is open"

    window.go_home()
    qtbot.mouseClick(window.top_bar, LEFT)  # someone is still standing there
    nightly.check()
    assert clock.exits == [], "never right after a touch"

    qtbot.waitUntil(nightly.ready, timeout=5_000)
    nightly.check()
    assert clock.exits == [RESTART_EXIT_CODE]
    assert not nightly.timer.isActive()


def test_without_a_supervisor_or_with_a_bad_time_there_is_no_restart(window, monkeypatch, caplog):
    for name in ("INVOCATION_ID", "NOTIFY_SOCKET", "KIOSK_HEARTBEAT_FILE"):
        monkeypatch.delenv(name, raising=False)
    idle = IdleWatcher(90_000, 15, 300_000, parent=window)
    alone = NightlyRestart(window, idle, "03:00", 0, quit_app=lambda code: None)
    assert alone.due is None
    assert "nothing would start the kiosk again" in caplog.text
    monkeypatch.setenv("INVOCATION_ID", "test")
    bad = NightlyRestart(window, idle, "3 am", 0, quit_app=lambda code: None)
    assert bad.due is None
    assert 'restart_at must be a time like "03:00"' in caplog.text
