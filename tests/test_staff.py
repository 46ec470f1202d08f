"""The staff exit: hold the clinic's name, the PIN pad with its lockout, and the staff menu
with its problems, today's usage and the Exit button."""

from __future__ import annotations

import datetime
import io
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.content.loader import load_library
from kiosk.pin import PinGuard, hash_pin
from kiosk.settings import load_settings
from kiosk.settings.commands import set_pin
from tests.helpers import hold_clinic_name, retitle, tile_titles

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
PIN = "2468"


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return hash_pin(PIN)


@pytest.fixture
def start_kiosk(start_kiosk, settings):
    """Locked kiosk mode with a short hold on the clinic's name."""

    def start(settings_=None, locked=True, **kwargs):
        settings_ = (settings_ or settings).replace(staff_hold_seconds=0.2)
        return start_kiosk(settings_, locked=locked, **kwargs)

    return start


def enter_pin(qtbot, pad, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(pad.digit_buttons[digit], LEFT)
    qtbot.mouseClick(pad.ok_button, LEFT)


def test_holding_the_clinic_name_and_the_right_pin_open_the_staff_menu_and_exit_works(
    qtbot, start_kiosk, settings, pin_hash, exits
):
    window, mode = start_kiosk(settings.replace(pin_hash=pin_hash))
    hold_clinic_name(qtbot, window, mode)
    pad = mode.pin_pad
    assert pad.isVisible()
    assert not mode.staff_menu.isVisible()
    with qtbot.waitSignal(pad.accepted, timeout=2000):
        enter_pin(qtbot, pad, PIN)
    assert not pad.isVisible()
    menu = mode.staff_menu
    assert menu.isVisible()
    assert "No staff PIN" not in menu.info.text()
    assert window.close() is False  # still locked while the menu is open

    qtbot.mouseClick(menu.exit_button, LEFT)
    assert exits == [0]
    assert window.allow_close
    assert not window.isVisible()


def test_a_short_tap_on_the_clinic_name_opens_nothing(qtbot, start_kiosk, settings, pin_hash):
    window, mode = start_kiosk(settings.replace(pin_hash=pin_hash))
    name = window.top_bar.clinic_name
    QTest.mousePress(name, LEFT, NONE, name.rect().center())
    assert mode.gesture.timer.isActive()
    QTest.mouseRelease(name, LEFT, NONE, name.rect().center())
    assert not mode.gesture.timer.isActive()
    assert not mode.pin_pad.isVisible()


def test_a_wrong_pin_does_not_open_the_menu_and_shows_the_tries_left(
    qtbot, start_kiosk, settings, pin_hash
):
    window, mode = start_kiosk(settings.replace(pin_hash=pin_hash))
    hold_clinic_name(qtbot, window, mode)
    pad = mode.pin_pad
    enter_pin(qtbot, pad, "1357")
    assert pad.isVisible()
    assert not mode.staff_menu.isVisible()
    assert pad.message.text() == "Wrong PIN. 4 tries left."
    assert pad.dots.text() == ""
    # the delete key takes back a digit
    for digit in "24689":
        qtbot.mouseClick(pad.digit_buttons[digit], LEFT)
    qtbot.mouseClick(pad.delete_button, LEFT)
    assert pad.entered == PIN
    with qtbot.waitSignal(pad.accepted, timeout=2000):
        qtbot.mouseClick(pad.ok_button, LEFT)
    assert mode.staff_menu.isVisible()


def test_cancel_closes_the_pin_pad(qtbot, start_kiosk, settings, pin_hash):
    window, mode = start_kiosk(settings.replace(pin_hash=pin_hash))
    hold_clinic_name(qtbot, window, mode)
    qtbot.mouseClick(mode.pin_pad.digit_buttons["2"], LEFT)
    qtbot.mouseClick(mode.pin_pad.cancel_button, LEFT)
    assert not mode.pin_pad.isVisible()
    assert not mode.staff_menu.isVisible()
    hold_clinic_name(qtbot, window, mode)
    assert mode.pin_pad.entered == ""


def test_five_wrong_pins_lock_the_pad_until_the_lock_time_is_over(
    qtbot, start_kiosk, settings, pin_hash
):
    window, mode = start_kiosk(settings.replace(pin_hash=pin_hash))
    now = [1000.0]
    guard = PinGuard(pin_hash, lock_seconds=60, clock=lambda: now[0])
    mode.guard = mode.pin_pad.guard = guard
    mode.pin_pad.lock_timer.setInterval(20)
    hold_clinic_name(qtbot, window, mode)
    pad = mode.pin_pad
    for left in ("4 tries", "3 tries", "2 tries", "1 try"):
        enter_pin(qtbot, pad, "0000")
        assert pad.message.text() == f"Wrong PIN. {left} left."
        assert pad.message.isVisible()
    enter_pin(qtbot, pad, "0000")
    assert pad.message.text() == "Too many wrong PINs. Try again in 60 seconds."
    assert not any(button.isEnabled() for button in pad.digit_buttons.values())
    assert not pad.ok_button.isEnabled()
    # taps on the disabled digits do nothing, not even the right PIN
    enter_pin(qtbot, pad, PIN)
    assert pad.entered == ""
    assert not mode.staff_menu.isVisible()

    now[0] += 30
    qtbot.waitUntil(lambda: pad.message.text() == "Too many wrong PINs. Try again in 30 seconds.")
    assert not pad.digit_buttons["2"].isEnabled()
    now[0] += 31
    qtbot.waitUntil(lambda: pad.digit_buttons["2"].isEnabled())
    assert pad.ok_button.isEnabled()
    assert pad.message.text() == ""
    assert not pad.lock_timer.isActive()
    with qtbot.waitSignal(pad.accepted, timeout=2000):
        enter_pin(qtbot, pad, PIN)
    assert mode.staff_menu.isVisible()


def test_the_lock_outlasts_closing_and_reopening_the_pad(qtbot, start_kiosk, settings, pin_hash):
    window, mode = start_kiosk(settings.replace(pin_hash=pin_hash))
    now = [0.0]
    mode.pin_pad.guard = PinGuard(pin_hash, max_attempts=2, lock_seconds=60, clock=lambda: now[0])
    hold_clinic_name(qtbot, window, mode)
    enter_pin(qtbot, mode.pin_pad, "1111")
    enter_pin(qtbot, mode.pin_pad, "1111")
    qtbot.mouseClick(mode.pin_pad.cancel_button, LEFT)
    assert not mode.pin_pad.lock_timer.isActive()
    hold_clinic_name(qtbot, window, mode)
    assert not mode.pin_pad.digit_buttons["1"].isEnabled()
    assert mode.pin_pad.message.text().startswith("Too many wrong PINs.")


def test_without_a_pin_the_gesture_opens_the_staff_menu_with_a_warning(qtbot, start_kiosk):
    window, mode = start_kiosk()
    hold_clinic_name(qtbot, window, mode)
    assert not mode.pin_pad.isVisible()
    assert mode.staff_menu.isVisible()
    assert "No staff PIN is set" in mode.staff_menu.info.text()
    qtbot.mouseClick(mode.staff_menu.close_button, LEFT)
    assert not mode.staff_menu.isVisible()
    assert window.isVisible()


def test_the_staff_menu_lists_problems_found_at_start_and_todays_usage(
    qtbot, start_kiosk, tmp_path
):
    config = tmp_path / "kiosk.toml"
    config.write_text('clinic_name = "Lobby"\nidle_seconds = 2\n', encoding="utf-8")
    loaded = load_settings(config)
    assert len(loaded.problems) == 1
    window, mode = start_kiosk(loaded)
    tiles = window.home.tiles
    section = window.pack.sections[1]
    qtbot.mouseClick(
        tiles.viewport(), LEFT, pos=tiles.visualRect(tiles.model().index(1, 0)).center()
    )
    assert window.section.section_id == section.id
    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    hold_clinic_name(qtbot, window, mode)
    details = mode.staff_menu.details.text()
    assert "Problems found (1):" in details
    assert f"{config}:2: warning: idle_seconds = 2 is below the minimum" in details
    assert f"section_opened en/{section.id}: 1" in details
    assert "walkthrough_started en: 1" in details
    assert str(config) in mode.staff_menu.info.text()


@pytest.mark.parametrize("watching", [True, False], ids=["live watcher", "no watcher"])
def test_reload_in_the_staff_menu_reads_the_content_again(
    qtbot, start_kiosk, settings, own_content, watching
):
    window, mode = start_kiosk(
        library=load_library(own_content, settings.default_language),
        root=own_content,
        watch_content=watching,
        # the watcher would notice the edit by itself much later: the button reads it now
        timings={"content_debounce_ms": 600_000},
    )
    if watching:
        qtbot.waitUntil(lambda: str(own_content) in mode.watcher.watched())
    section = window.pack.sections[0]
    retitle(section.path, "Read again by staff")
    hold_clinic_name(qtbot, window, mode)
    assert "Read again by staff" not in tile_titles(window)
    if watching:  # the watcher reads on a worker thread
        with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
            qtbot.mouseClick(mode.staff_menu.reload_button, LEFT)
    else:
        qtbot.mouseClick(mode.staff_menu.reload_button, LEFT)
    assert tile_titles(window)[0] == "Read again by staff"
    assert window.pack.sections[0].title == "Read again by staff"
    assert mode.staff_menu.isVisible()


def test_a_reload_without_the_shown_language_falls_back_to_the_default(
    qtbot, start_kiosk, settings, own_content
):
    window, mode = start_kiosk(
        library=load_library(own_content, settings.default_language),
        root=own_content,
        watch_content=True,
        timings={"content_debounce_ms": 600_000},
    )
    qtbot.mouseClick(window.top_bar.language_button, LEFT)
    assert window.lang == "es"
    shutil.rmtree(own_content / "es")
    hold_clinic_name(qtbot, window, mode)
    with qtbot.waitSignal(mode.watcher.reloaded, timeout=5000):
        qtbot.mouseClick(mode.staff_menu.reload_button, LEFT)
    assert window.lang == "en"
    assert window.session.language == "en"
    assert window.home.walkthrough_button.text() == "What to expect at your visit"
    assert not window.top_bar.language_button.isVisible()  # one language left
    assert mode.warning.question.text() == "Are you still reading?"
    qtbot.mouseClick(mode.staff_menu.close_button, LEFT)
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    assert window.walkthrough.counter.text().startswith("Step 1 of")


def test_a_typo_in_the_settings_file_does_not_remove_the_pin(qtbot, start_kiosk, tmp_path):
    config = tmp_path / "kiosk.toml"
    assert set_pin(config, stdin=io.StringIO(PIN + "\n"), stream=io.StringIO()) == 0
    config.write_text('clinic_name = "Lobby\nidle_seconds = 90\n', encoding="utf-8")  # no quote
    settings = load_settings(config)
    assert any("not valid TOML" in problem.message for problem in settings.problems)
    window, mode = start_kiosk(settings)
    hold_clinic_name(qtbot, window, mode)
    assert mode.pin_pad.isVisible()
    assert not mode.staff_menu.isVisible()
    enter_pin(qtbot, mode.pin_pad, "1111")
    assert not mode.staff_menu.isVisible()
    with qtbot.waitSignal(mode.pin_pad.accepted, timeout=2000):
        enter_pin(qtbot, mode.pin_pad, PIN)
    assert mode.staff_menu.isVisible()


def test_a_deleted_settings_file_does_not_remove_the_pin(qtbot, start_kiosk, tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text('clinic_name = "Lobby"\n', encoding="utf-8")
    assert set_pin(config, stdin=io.StringIO(PIN), stream=io.StringIO()) == 0
    config.unlink()
    window, mode = start_kiosk(load_settings(config))
    hold_clinic_name(qtbot, window, mode)
    assert mode.pin_pad.isVisible()
    assert not mode.staff_menu.isVisible()


def test_a_damaged_pin_store_shows_the_pad_with_its_repair_and_never_opens(
    qtbot, start_kiosk, tmp_path
):
    (tmp_path / "pin.toml").write_text('pin_hash = "scrypt$cut off', encoding="utf-8")
    settings = load_settings(tmp_path / "kiosk.toml")
    window, mode = start_kiosk(settings)
    hold_clinic_name(qtbot, window, mode)
    pad = mode.pin_pad
    assert pad.isVisible()
    message = pad.message.text()
    assert "PIN store" in message and "damaged" in message
    assert "kiosk set-pin" in message
    assert str(tmp_path / "pin.toml") in message
    assert not any(button.isEnabled() for button in pad.digit_buttons.values())
    assert not pad.ok_button.isEnabled()
    enter_pin(qtbot, pad, PIN)
    assert not mode.staff_menu.isVisible()
    assert pad.message.text() == message
    qtbot.mouseClick(pad.cancel_button, LEFT)
    assert not pad.isVisible()


def test_the_lockout_survives_a_restart_of_the_kiosk(qtbot, start_kiosk, tmp_path):
    config = tmp_path / "kiosk.toml"
    assert set_pin(config, stdin=io.StringIO(PIN), stream=io.StringIO()) == 0
    window, mode = start_kiosk(load_settings(config))
    hold_clinic_name(qtbot, window, mode)
    for _ in range(5):
        enter_pin(qtbot, mode.pin_pad, "0000")
    assert mode.pin_pad.message.text().startswith("Too many wrong PINs.")
    mode.shutdown()
    window.close()

    window, mode = start_kiosk(load_settings(config))  # the next start reads the same store
    hold_clinic_name(qtbot, window, mode)
    pad = mode.pin_pad
    assert pad.message.text().startswith("Too many wrong PINs. Try again in")
    assert not pad.digit_buttons["2"].isEnabled()
    enter_pin(qtbot, pad, PIN)
    assert not mode.staff_menu.isVisible()


def test_the_staff_menu_lists_content_due_for_review(qtbot, start_kiosk, own_content):
    root = own_content
    side = root / "es" / "side-effects.md"
    text = side.read_text(encoding="utf-8").replace("reviewed: 2026-11-30", "reviewed: 2025-11-01")
    side.write_text(text.replace("review_by: 2027-11-30", "review_by: 2026-11-20"), "utf-8")
    window, mode = start_kiosk(library=load_library(root), root=root, locked=False)
    mode.today = lambda: datetime.date(2026, 11, 30)
    hold_clinic_name(qtbot, window, mode)
    details = mode.staff_menu.details.text()
    assert "Content due for review (1):" in details
    assert (
        "  es/side-effects.md: review date 2026-11-20 has passed (clinic nurse educator" in details
    )
    mode.staff_menu.hide()
    mode.today = lambda: datetime.date(2027, 11, 1)  # every file is due within 30 days
    hold_clinic_name(qtbot, window, mode)
    details = mode.staff_menu.details.text()
    assert "Content due for review (32):" in details
    assert "  en/walkthrough/before.md: due for review by 2027-11-30, in 29 days" in details


def test_the_staff_menu_says_when_nothing_is_due(qtbot, start_kiosk):
    window, mode = start_kiosk(locked=False)
    mode.today = lambda: datetime.date(2026, 11, 30)
    hold_clinic_name(qtbot, window, mode)
    assert "Content due for review (0):\n  none" in mode.staff_menu.details.text()
