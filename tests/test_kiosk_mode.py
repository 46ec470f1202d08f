"""Kiosk mode as a whole: a bad settings file, usage counts and `kiosk stats`, shutdown."""

from __future__ import annotations

import csv
import io
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk import cli
from kiosk.app import build_window
from kiosk.settings import OPTIONS, load_settings
from kiosk.usage import UsageLog
from tests.helpers import hold_clinic_name, tap_tile

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
DEFAULTS = {option.name: option.default for option in OPTIONS}

BAD_SETTINGS = """\
# a clinic's settings file with three mistakes
clinic_name = "North Lobby"
idle_secnds = 120
high_contrast = "yes"
idle_seconds = 5
"""


def finish_walkthrough(qtbot, window) -> None:
    with qtbot.waitSignal(window.walkthroughFinished, timeout=2000):
        while window.current_screen() == "walkthrough":
            qtbot.mouseClick(window.walkthrough.next_button, LEFT)


# -- settings ------------------------------------------------------------------------------
def test_a_bad_settings_file_is_reported_line_by_line_and_the_kiosk_starts(
    qtbot, tmp_path, bundled_library, monkeypatch
):
    config = tmp_path / "kiosk.toml"
    config.write_text(BAD_SETTINGS, encoding="utf-8")
    settings = load_settings(config)

    reported = [str(problem) for problem in settings.problems]
    assert len(reported) == 3
    assert reported[0].startswith(f'{config}:3: warning: unknown setting "idle_secnds"')
    assert 'did you mean "idle_seconds"' in reported[0]
    assert reported[1].startswith(f'{config}:4: warning: high_contrast = "yes" is not true')
    assert reported[2].startswith(f"{config}:5: warning: idle_seconds = 5 is below the minimum")
    # good values are used, bad ones fall back to their defaults
    assert settings.clinic_name == "North Lobby"
    assert settings.idle_seconds == DEFAULTS["idle_seconds"]
    assert settings.high_contrast is DEFAULTS["high_contrast"]

    window = build_window(settings, bundled_library, windowed=True)
    qtbot.addWidget(window)
    mode = window.kiosk_mode
    mode.crash.uninstall()
    try:
        qtbot.waitExposed(window)
        assert window.isVisible()
        assert window.top_bar.clinic_name.text() == "North Lobby"
        assert mode.idle.idle_ms == DEFAULTS["idle_seconds"] * 1000
        assert not window.high_contrast
        mode.open_staff()  # no PIN in the file: the staff menu opens directly
        details = mode.staff_menu.details.text()
        assert "Problems found (3):" in details
        for problem in reported:
            assert problem in details
    finally:
        mode.shutdown()
        window.allow_close = True
        window.renderer.shutdown()
    assert not [t for t in window.findChildren(QTimer) if t.isActive()]


# -- usage counts ------------------------------------------------------------------------------
def test_section_opens_and_the_walkthrough_are_counted(qtbot, start_kiosk, tmp_path):
    window, mode = start_kiosk()
    first, second = window.pack.sections[0].id, window.pack.sections[1].id
    tap_tile(qtbot, window, 0)
    qtbot.mouseClick(window.section.next_button, LEFT)
    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    tap_tile(qtbot, window, 0)
    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    finish_walkthrough(qtbot, window)
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)  # started, not finished

    assert mode.usage.flush()
    counts = UsageLog(tmp_path / "usage.sqlite3").today()
    assert sorted(counts) == sorted(
        [
            ("section_opened", f"en/{first}", 2),
            ("section_opened", f"en/{second}", 1),
            ("walkthrough_started", "en", 2),
            ("walkthrough_finished", "en", 1),
        ]
    )


def test_kiosk_stats_prints_the_counts_as_csv(qtbot, start_kiosk, tmp_path, capsys):
    window, mode = start_kiosk()
    section = window.pack.sections[2].id
    tap_tile(qtbot, window, 2)
    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    assert mode.usage.flush()
    capsys.readouterr()

    code = cli.main(["stats", "--csv", "--database", str(tmp_path / "usage.sqlite3")])
    assert code == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    today = date.today().isoformat()
    assert rows == [
        ["day", "event", "key", "count"],
        [today, "section_opened", f"en/{section}", "1"],
        [today, "walkthrough_started", "en", "1"],
    ]


def test_usage_that_cannot_be_saved_never_disturbs_a_patient(qtbot, start_kiosk, tmp_path):
    window, mode = start_kiosk()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    mode.usage.close()
    mode.usage = UsageLog(blocker / "usage.sqlite3")
    tap_tile(qtbot, window, 0)
    assert window.current_screen() == "section"
    assert mode.usage.today() == [("section_opened", f"en/{window.pack.sections[0].id}", 1)]


def test_a_corrupt_usage_database_is_moved_aside_and_shown_in_the_staff_menu(
    qtbot, start_kiosk, settings, tmp_path, capsys
):
    path = tmp_path / "usage.sqlite3"  # where start_kiosk keeps the counts
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # a torn copy
    window, mode = start_kiosk(settings.replace(staff_hold_seconds=0.2))
    qtbot.waitUntil(lambda: mode.usage.problems != [])  # checked once the home screen is up
    [kept] = tmp_path.glob("usage.sqlite3.bad-*")
    assert kept.read_bytes().startswith(b"SQLite format 3")
    tap_tile(qtbot, window, 1)
    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    hold_clinic_name(qtbot, window, mode)
    details = mode.staff_menu.details.text()
    assert f"{path}: error: not a usage database" in details
    assert f"kept as {kept.name}, counting starts afresh here" in details
    assert f"section_opened en/{window.pack.sections[1].id}: 1" in details
    assert mode.usage.flush()
    assert cli.main(["stats", "--csv", "--database", str(path)]) == 0
    assert window.pack.sections[1].id in capsys.readouterr().out


def test_kiosk_stats_on_a_bad_database_fails_with_one_clear_line(tmp_path, capsys):
    path = tmp_path / "usage.sqlite3"
    path.write_bytes(b"not a database at all" * 50)
    assert cli.main(["stats", "--csv", "--database", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"kiosk stats: {path}: not a usage database (file is not a database); nothing exported\n"
    )
    assert path.read_bytes() == b"not a database at all" * 50


# -- shutdown ------------------------------------------------------------------------------
def test_shutdown_stops_every_timer_and_hook(qtbot, start_kiosk, settings):
    window, mode = start_kiosk(
        settings.replace(idle_seconds=0.2, staff_hold_seconds=0.2, hide_cursor=True),
        locked=True,
    )
    app = QApplication.instance()
    assert app.overrideCursor() is not None
    assert any(t.isActive() for t in mode.idle.timers())
    name = window.top_bar.clinic_name
    QTest.mousePress(name, LEFT, NONE, name.rect().center())
    assert mode.gesture.timer.isActive()
    QTest.mouseRelease(name, LEFT, NONE, name.rect().center())

    mode.shutdown()
    assert not [t for t in window.findChildren(QTimer) if t.isActive()]
    assert app.overrideCursor() is None
    # input after shutdown starts nothing again
    QTest.mousePress(name, LEFT, NONE, name.rect().center())
    QTest.mouseRelease(name, LEFT, NONE, name.rect().center())
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    assert not [t for t in window.findChildren(QTimer) if t.isActive()]
    QTest.keyClick(window, Qt.Key.Key_A)  # an ordinary key is not blocked or counted
    assert mode.lockdown.blocked == 0


def test_build_window_locks_a_full_screen_kiosk(qtbot, settings, bundled_library):
    window = build_window(settings, bundled_library, windowed=False)
    qtbot.addWidget(window)
    mode = window.kiosk_mode
    mode.crash.uninstall()
    try:
        assert window.isFullScreen()
        assert window.allow_close is False
        assert mode.lockdown is not None
        assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
        assert window.close() is False
        assert window.isVisible()
    finally:
        mode.shutdown()
        window.allow_close = True
        window.renderer.shutdown()
    assert not [t for t in window.findChildren(QTimer) if t.isActive()]
