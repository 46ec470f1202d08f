"""The heartbeat file between the watchdog and the kiosk: beats, silence and the start-up grace."""

from __future__ import annotations

import os

from kiosk.fleet import heartbeat
from kiosk.fleet.heartbeat import HeartbeatMonitor


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def touch_later(path, seconds: int) -> None:
    """A beat whose mtime differs from the last one even on a coarse filesystem clock."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


def test_beats_reach_the_monitor_through_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    clock = Clock()
    monitor = HeartbeatMonitor(hang_seconds=12, clock=clock)
    try:
        assert monitor.path.parent == tmp_path
        path, interval = heartbeat.from_env(monitor.env())
        assert path == monitor.path
        assert interval == 2.0
        monitor.restart()
        assert not monitor.check()
        touch_later(path, 1)
        assert monitor.check(), "the first beat says the kiosk is up"
        touch_later(path, 2)
        assert not monitor.check(), "later beats are not news"
        assert monitor.silent_for() == 0
    finally:
        monitor.close()
    assert not monitor.path.exists()


def test_silence_longer_than_hang_seconds_is_a_hang_after_a_grace_at_start(tmp_path):
    clock = Clock()
    monitor = HeartbeatMonitor(hang_seconds=10, clock=clock)
    try:
        monitor.restart()
        clock.now += 30
        assert not monitor.hung(startup_seconds=60), "still starting"
        clock.now += 31
        assert monitor.hung(startup_seconds=60), "never came up"
        monitor.restart()
        touch_later(monitor.path, 1)
        monitor.check()
        clock.now += 9
        assert not monitor.hung(startup_seconds=60)
        clock.now += 2
        assert monitor.hung(startup_seconds=60)
    finally:
        monitor.close()


def test_interval_stays_between_half_a_second_and_five_seconds():
    assert heartbeat.interval_for(1) == 0.5
    assert heartbeat.interval_for(30) == 5.0
    assert heartbeat.interval_for(600) == 5.0


def test_not_watched_without_the_environment():
    assert heartbeat.from_env({}) is None
    assert heartbeat.from_env({heartbeat.FILE_ENV: "/x", heartbeat.INTERVAL_ENV: "?"})[1] == 1.0
