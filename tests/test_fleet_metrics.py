"""The metrics file parses with prometheus_client's own parser and says what a fleet needs:
a fresh heartbeat, both versions, restarts, and counts of what patients did (never who)."""

from __future__ import annotations

import time

from prometheus_client.parser import text_string_to_metric_families
from PySide6.QtCore import Qt

from kiosk import __version__
from kiosk.fleet.metrics import FleetMetrics
from kiosk.ui.fleet import Fleet
from tests.helpers import tap_tile

LEFT = Qt.MouseButton.LeftButton


def samples(path) -> dict[str, list]:
    found: dict[str, list] = {}
    for family in text_string_to_metric_families(path.read_text(encoding="utf-8")):
        for sample in family.samples:
            found.setdefault(sample.name, []).append(sample)
    return found


def value(path, name: str, **labels) -> float:
    for sample in samples(path).get(name, []):
        if all(sample.labels.get(k) == v for k, v in labels.items()):
            return sample.value
    raise AssertionError(f"{name}{labels} not in {path.read_text()}")


def test_the_file_parses_with_a_fresh_heartbeat_both_versions_and_watchdog_counts(tmp_path):
    path = tmp_path / "textfile" / "kiosk.prom"
    metrics = FleetMetrics(path, env={"KIOSK_WATCHDOG_CRASHES": "3", "KIOSK_WATCHDOG_HANGS": "1"})
    metrics.set_content("2026.03.01", "2026-03-01T03:00:00+00:00")
    before = time.time()
    assert metrics.write()
    found = samples(path)
    assert before - 1 <= found["kiosk_heartbeat_timestamp_seconds"][0].value <= time.time()
    [info] = found["kiosk_info"]
    assert info.labels == {"version": __version__, "content_version": "2026.03.01"}
    assert value(path, "kiosk_watchdog_crashes_total") == 3
    assert value(path, "kiosk_watchdog_hangs_total") == 1
    assert value(path, "kiosk_content_created_timestamp_seconds") == 1772334000
    assert not any(name.endswith("_created") for name in found), "no *_created noise"
    assert not list(path.parent.glob("*.tmp*")), "written atomically, no temporary file left"


def test_a_folder_that_cannot_be_written_is_logged_once(tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    metrics = FleetMetrics(blocker / "kiosk.prom", env={})
    assert not metrics.write()
    assert not metrics.write()
    assert caplog.text.count("cannot write the metrics file") == 1


def test_a_running_kiosk_counts_sections_walkthroughs_and_idle_resets(
    qtbot, start_kiosk, settings, tmp_path
):
    path = tmp_path / "kiosk.prom"
    window, mode = start_kiosk(settings.replace(metrics_file=str(path)), tick_ms=10)
    window.kiosk_mode = mode
    fleet = Fleet(window, mode.settings, follow_packs=False)
    try:
        assert value(path, "kiosk_info", content_version="bundled") == 1
        assert value(path, "kiosk_settings_problems") == 0
        tap_tile(qtbot, window, 0)
        qtbot.waitUntil(lambda: value(path, "kiosk_sections_opened_total", lang="en") == 1)
        qtbot.mouseClick(window.top_bar.home_button, LEFT)
        qtbot.mouseClick(window.home.walkthrough_button, LEFT)
        qtbot.waitUntil(lambda: value(path, "kiosk_walkthroughs_started_total", lang="en") == 1)
        mode.idle.set_idle_ms(50)  # nobody touches it: warning, countdown, reset
        qtbot.waitUntil(lambda: value(path, "kiosk_idle_resets_total") == 1)
        text = path.read_text()
        assert "what-migraine-is" not in text, "counts only: no section names"
    finally:
        fleet.stop()


def test_questions_helpful_answers_handouts_and_finished_walkthroughs_are_counted(
    qtbot, start_kiosk, settings, tmp_path
):
    path = tmp_path / "kiosk.prom"
    window, mode = start_kiosk(settings.replace(metrics_file=str(path)))
    window.kiosk_mode = mode
    fleet = Fleet(window, mode.settings, follow_packs=False)
    try:
        tap_tile(qtbot, window, 0)
        qtbot.mouseClick(window.section.helpful_no, LEFT)
        qtbot.waitUntil(lambda: value(path, "kiosk_helpful_answers_total", answer="no") == 1)
        qtbot.mouseClick(window.section.take_home_button, LEFT)
        qtbot.waitUntil(lambda: value(path, "kiosk_handouts_total", action="shown") == 1)
        qtbot.mouseClick(window.top_bar.home_button, LEFT)
        walkthrough = window.walkthrough
        qtbot.mouseClick(window.home.walkthrough_button, LEFT)
        while not walkthrough.quiz:
            qtbot.mouseClick(walkthrough.next_button, LEFT)
        block = walkthrough.quiz[0]
        walkthrough.step_scroll.ensureWidgetVisible(block.buttons[block.question.right])
        qtbot.mouseClick(block.buttons[block.question.right], LEFT)
        qtbot.waitUntil(
            lambda: value(path, "kiosk_questions_answered_total", lang="en", result="right") == 1
        )
        while not walkthrough.on_summary():
            qtbot.mouseClick(walkthrough.next_button, LEFT)
        qtbot.waitUntil(lambda: value(path, "kiosk_walkthroughs_finished_total", lang="en") == 1)
        assert "before:" not in path.read_text(), "counts only: no question ids"
    finally:
        fleet.stop()
