"""Idle reset: the warning and its countdown, a touch that cancels it, the reset of every piece
of patient state, and the attract screen. Short timings; waits on signals, never on the clock."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.content import load_library
from kiosk.pin import hash_pin
from kiosk.session import PatientSession
from kiosk.ui import speech
from tests.helpers import tap_tile

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def start_kiosk(start_kiosk, settings):
    """Kiosk mode with short idle timings, a fast countdown tick and an active window."""

    def start(settings_=None, tick_ms=50, locked=False, library=None):
        s = settings_ or settings.replace(
            idle_seconds=0.3, idle_warning_seconds=2, attract_seconds=3600
        )
        return start_kiosk(s, locked=locked, tick_ms=tick_ms, activate=True, library=library)

    return start


def body_px(window) -> int:
    return window.section.browser.document().defaultFont().pixelSize()


# -- the warning -----------------------------------------------------------------------
def test_after_idle_time_the_warning_shows_with_a_countdown(qtbot, start_kiosk):
    window, mode = start_kiosk()
    counts = []
    mode.idle.countdown.connect(counts.append)
    with qtbot.waitSignal(mode.idle.warningStarted, timeout=3000):
        pass
    assert mode.warning.isVisible()
    assert mode.warning.question.text() == "Are you still reading?"
    assert "2" in mode.warning.countdown_label.text()
    with qtbot.waitSignal(mode.idle.idleReset, timeout=3000):
        pass
    assert counts == [2, 1]
    assert not mode.warning.isVisible()
    assert window.current_screen() == "home"


def test_a_touch_anywhere_cancels_the_warning_and_keeps_the_state(qtbot, start_kiosk):
    window, mode = start_kiosk(tick_ms=5000)  # the countdown would take 10 s: no reset here
    tap_tile(qtbot, window, 2)
    section_id = window.section.section_id
    qtbot.mouseClick(window.top_bar.larger_button, LEFT)
    step = window.text_step
    with qtbot.waitSignal(mode.idle.warningStarted, timeout=3000):
        pass
    assert mode.warning.isVisible()
    with qtbot.waitSignal(mode.idle.warningCancelled, timeout=1000):
        # a tap in a corner of the screen, far from the "Keep reading" button
        QTest.mouseClick(mode.warning, LEFT, Qt.KeyboardModifier.NoModifier, QPoint(5, 5))
    assert not mode.warning.isVisible()
    assert not mode.idle.warning_active()
    assert window.current_screen() == "section"
    assert window.section.section_id == section_id
    assert window.text_step == step
    # the idle time starts again: a second warning comes, the patient is still on the section
    with qtbot.waitSignal(mode.idle.warningStarted, timeout=3000):
        pass
    assert window.current_screen() == "section"


def test_a_finger_touch_cancels_the_warning(qtbot, start_kiosk):
    window, mode = start_kiosk(tick_ms=5000)
    with qtbot.waitSignal(mode.idle.warningStarted, timeout=3000):
        pass
    device = QTest.createTouchDevice()
    handle = window.windowHandle()
    with qtbot.waitSignal(mode.idle.warningCancelled, timeout=1000):
        QTest.touchEvent(handle, device).press(0, QPoint(640, 700), handle).commit()
        QTest.touchEvent(handle, device).release(0, QPoint(640, 700), handle).commit()
    assert not mode.warning.isVisible()


def test_the_keep_reading_button_closes_the_warning(qtbot, start_kiosk):
    window, mode = start_kiosk(tick_ms=5000)
    tap_tile(qtbot, window, 1)
    with qtbot.waitSignal(mode.idle.warningStarted, timeout=3000):
        pass
    qtbot.mouseClick(mode.warning.keep_button, LEFT)
    assert not mode.warning.isVisible()
    assert window.current_screen() == "section"


# -- the reset -------------------------------------------------------------------------
def test_at_zero_the_kiosk_goes_home_and_forgets_every_piece_of_patient_state(
    qtbot, start_kiosk, settings
):
    if "mock" not in speech.available_engines():
        pytest.skip("Qt's mock text-to-speech engine is not installed")
    # a long idle time while the patient works; shortened below for the reset itself
    window, mode = start_kiosk(
        settings.replace(
            idle_seconds=60, idle_warning_seconds=2, attract_seconds=3600, speech_engine="mock"
        )
    )
    fresh = window.fresh_session()
    assert window.session == fresh
    changed = set()
    window.sessions.changed.connect(changed.add)
    bar = window.top_bar
    default_px = body_px(window)

    # the tile grid scrolled down, then language: Spanish
    tiles = window.home.tiles
    qtbot.waitUntil(lambda: tiles.verticalScrollBar().maximum() > 0)
    tiles.verticalScrollBar().setValue(tiles.verticalScrollBar().maximum())
    qtbot.mouseClick(bar.language_button, LEFT)
    assert window.lang == "es"
    # text size and high contrast
    qtbot.mouseClick(bar.larger_button, LEFT)
    qtbot.mouseClick(bar.contrast_button, LEFT)
    assert window.high_contrast and bar.contrast_button.isChecked()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)  # a keypad: spoken guidance on
    assert window.session.spoken_guidance
    # a section scrolled down, another opened from it (history for "back")
    row = 3
    tap_tile(qtbot, window, row)
    section_id = window.section.section_id
    scrollbar = window.section.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: scrollbar.maximum() > 0)
    for _ in range(3):
        QTest.keyClick(window.section.browser, Qt.Key.Key_PageDown)
    assert scrollbar.value() > 0
    qtbot.mouseClick(window.section.next_button, LEFT)
    assert len(window.history) == 2
    helpful_section = window.section.section_id
    qtbot.mouseClick(window.section.helpful_yes, LEFT)  # "Was this helpful?" answered
    assert not window.section.helpful_yes.isVisible()
    # the walkthrough: a few steps in, items ticked, read aloud and stopped
    qtbot.mouseClick(bar.home_button, LEFT)
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    walkthrough = window.walkthrough
    qtbot.mouseClick(walkthrough.next_button, LEFT)
    while not walkthrough.items:
        qtbot.mouseClick(walkthrough.next_button, LEFT)
    qtbot.mouseClick(walkthrough.items[0], LEFT)
    assert walkthrough.ticked
    assert walkthrough.index > 0
    with qtbot.waitSignal(window.speaker.speakingChanged, timeout=3000):
        qtbot.mouseClick(bar.listen_button, LEFT)
    assert window.session.speaking
    qtbot.mouseClick(bar.volume_button, LEFT)  # louder while it reads
    assert window.speaker.volume() == pytest.approx(speech.VOLUMES[3], abs=0.01)
    with qtbot.waitSignal(window.speaker.speakingChanged, timeout=3000):
        qtbot.mouseClick(bar.listen_button, LEFT)
    # a teach-back question answered, the summary reached, its handout shown
    while not walkthrough.quiz:
        qtbot.mouseClick(walkthrough.next_button, LEFT)
    qtbot.mouseClick(walkthrough.quiz[0].buttons[0], LEFT)
    assert walkthrough.quiz[0].feedback.isVisibleTo(walkthrough)
    while not walkthrough.on_summary():
        qtbot.mouseClick(walkthrough.next_button, LEFT)
    qtbot.mouseClick(walkthrough.take_home_button, LEFT)
    assert window.current_screen() == "takehome"
    # every piece of the session was changed through the screens
    assert changed == {field.name for field in dataclasses.fields(PatientSession)}
    assert window.session != fresh

    mode.idle.set_idle_ms(200)
    with qtbot.waitSignal(mode.idle.idleReset, timeout=3000):
        pass

    assert window.session == fresh
    assert window.current_screen() == "home"
    assert not mode.warning.isVisible()
    assert tiles.verticalScrollBar().value() == 0
    assert window.home.walkthrough_button.text() == "What to expect at your visit"
    assert bar.language_button.text() == "Español"
    assert window.text_step == settings.default_text_size
    assert not bar.contrast_button.isChecked()
    assert not bar.listen_button.isChecked()
    assert window.speaker.volume() == pytest.approx(speech.VOLUMES[2], abs=0.01)  # the default
    assert not window.session.spoken_guidance
    # the words of kiosk mode itself follow the language back to English
    assert mode.warning.question.text() == "Are you still reading?"
    assert mode.attract.message.text() == "Tap to learn about your visit"

    # the walkthrough starts again at step 1 with nothing ticked
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    assert walkthrough.counter.text().startswith("Step 1 of")
    while not walkthrough.items:
        qtbot.mouseClick(walkthrough.next_button, LEFT)
    assert not any(item.isChecked() for item in walkthrough.items)
    while not walkthrough.quiz:  # the question is asked afresh
        qtbot.mouseClick(walkthrough.next_button, LEFT)
    assert not walkthrough.quiz[0].feedback.isVisibleTo(walkthrough)
    assert not any(button.isChecked() for button in walkthrough.quiz[0].buttons)
    # the section opens at its top, in the default text size, and "back" leads home
    qtbot.mouseClick(bar.home_button, LEFT)
    tap_tile(qtbot, window, row)
    assert window.section.section_id == section_id
    assert window.section.browser.verticalScrollBar().value() == 0
    assert body_px(window) == default_px
    window.go_back()
    assert window.current_screen() == "home"
    window.open_section(helpful_section)  # "Was this helpful?" is asked again
    assert window.section.helpful_yes.isVisibleTo(window.section)


def test_the_reset_closes_an_open_pin_pad_and_forgets_its_digits(qtbot, start_kiosk, settings):
    window, mode = start_kiosk(
        settings.replace(
            idle_seconds=0.3,
            idle_warning_seconds=2,
            attract_seconds=3600,
            pin_hash=hash_pin("2468"),
        )
    )
    mode.open_staff()  # a PIN is set: the pad
    pad = mode.pin_pad
    assert pad.isVisible()
    qtbot.mouseClick(pad.digit_buttons["2"], LEFT)
    assert pad.dots.text()
    with qtbot.waitSignal(mode.idle.idleReset, timeout=3000):
        pass
    assert not pad.isVisible()
    assert not mode.staff_menu.isVisible()
    mode.open_staff()
    assert pad.dots.text() == ""


def test_the_reset_closes_an_open_staff_menu(qtbot, start_kiosk):
    window, mode = start_kiosk()
    mode.open_staff()  # no PIN set: the staff menu
    assert mode.staff_menu.isVisible()
    with qtbot.waitSignal(mode.idle.idleReset, timeout=3000):
        pass
    assert not mode.staff_menu.isVisible()
    assert window.current_screen() == "home"


# -- the attract screen --------------------------------------------------------------------
def test_the_attract_screen_appears_after_longer_idleness_and_a_tap_dismisses_it(
    qtbot, start_kiosk, settings
):
    window, mode = start_kiosk(
        settings.replace(idle_seconds=0.2, idle_warning_seconds=2, attract_seconds=0.6)
    )
    tap_tile(qtbot, window, 0)
    with qtbot.waitSignal(mode.idle.idleReset, timeout=3000):
        pass
    assert not mode.attract.isVisible()  # the reset comes first, the attract screen later
    with qtbot.waitSignal(mode.idle.attractDue, timeout=3000):
        pass
    assert mode.attract.isVisible()
    assert mode.attract.message.text() == "Tap to learn about your visit"
    assert window.current_screen() == "home"
    QTest.mouseClick(mode.attract, LEFT, Qt.KeyboardModifier.NoModifier, QPoint(640, 400))
    assert not mode.attract.isVisible()
    assert window.current_screen() == "home"
    # and the kiosk works: a tap on a tile opens the section
    tap_tile(qtbot, window, 1)
    assert window.current_screen() == "section"


def test_the_attract_screen_resets_a_patient_who_walked_away_during_the_warning(
    qtbot, start_kiosk, settings
):
    # attract time shorter than idle + countdown: the attract screen must still leave a
    # clean kiosk, and the running countdown must not fire later
    window, mode = start_kiosk(
        settings.replace(idle_seconds=0.2, idle_warning_seconds=2, attract_seconds=0.3),
        tick_ms=400,
    )
    tap_tile(qtbot, window, 0)
    with qtbot.waitSignal(mode.idle.attractDue, timeout=3000):
        pass
    assert mode.attract.isVisible()
    assert not mode.warning.isVisible()
    assert window.current_screen() == "home"
    assert not mode.idle.warning_active()


def test_the_idle_watcher_counts_down_and_resets_on_its_own(qtbot):
    from kiosk.ui.kiosk_mode.idle import IdleWatcher

    watcher = IdleWatcher(100, 3, 10_000, tick_ms=20)
    seen = []
    watcher.countdown.connect(seen.append)
    watcher.start()
    try:
        with qtbot.waitSignal(watcher.idleReset, timeout=2000):
            pass
        assert seen == [3, 2, 1]
        assert not watcher.warning_active()
    finally:
        watcher.stop()
    assert not any(timer.isActive() for timer in watcher.timers())


# -- the dismissing touch reaches nothing underneath -----------------------------------------
def tile_centre(window, row: int) -> QPoint:
    tiles = window.home.tiles
    return tiles.viewport().mapTo(window, tiles.visualRect(tiles.model().index(row, 0)).center())


def touch(window, point: QPoint) -> None:
    """A finger down and up at a point of the window, through the window system."""
    device = QTest.createTouchDevice()
    handle = window.windowHandle()
    QTest.touchEvent(handle, device).press(0, point, handle).commit()
    QTest.touchEvent(handle, device).release(0, point, handle).commit()


def click(window, point: QPoint) -> None:
    QTest.mouseClick(window.windowHandle(), LEFT, Qt.KeyboardModifier.NoModifier, point)


@pytest.mark.parametrize("tap", [touch, click], ids=["finger", "mouse"])
def test_the_touch_that_closes_the_warning_does_not_open_the_tile_under_it(qtbot, start_kiosk, tap):
    window, mode = start_kiosk(tick_ms=5000)
    opened = []
    window.sectionOpened.connect(opened.append)
    with qtbot.waitSignal(mode.idle.warningStarted, timeout=3000):
        pass
    with qtbot.waitSignal(mode.idle.warningCancelled, timeout=1000):
        tap(window, tile_centre(window, 0))
    assert not mode.warning.isVisible()
    assert window.current_screen() == "home"
    assert opened == []
    # the next touch is an ordinary one again
    tap(window, tile_centre(window, 0))
    assert window.current_screen() == "section"


@pytest.mark.parametrize("tap", [touch, click], ids=["finger", "mouse"])
def test_the_touch_that_closes_the_attract_screen_does_not_open_the_tile_under_it(
    qtbot, start_kiosk, settings, tap
):
    window, mode = start_kiosk(
        settings.replace(idle_seconds=3600, idle_warning_seconds=2, attract_seconds=0.2)
    )
    opened = []
    window.sectionOpened.connect(opened.append)
    with qtbot.waitSignal(mode.idle.attractDue, timeout=3000):
        pass
    assert mode.attract.isVisible()
    tap(window, tile_centre(window, 1))
    assert not mode.attract.isVisible()
    assert window.current_screen() == "home"
    assert opened == []
    tap(window, tile_centre(window, 1))
    assert window.current_screen() == "section"


def test_keep_reading_pressed_without_a_touch_stops_the_countdown(qtbot, start_kiosk):
    # a screen reader or a switch presses the button without any touch reaching the screen
    window, mode = start_kiosk(tick_ms=5000)
    with qtbot.waitSignal(mode.idle.warningStarted, timeout=3000):
        pass
    with qtbot.waitSignal(mode.idle.warningCancelled, timeout=1000):
        mode.warning.keep_button.click()
    assert not mode.warning.isVisible()
    assert not mode.idle.warning_active()


# -- reading aloud pauses the idle time -----------------------------------------------------
SHORT_READING = "# Rest\n\nRest well after your visit today and drink a glass of water.\n"


@pytest.fixture
def listening_kiosk(start_kiosk, settings, tmp_path):
    """A kiosk with Qt's mock voice (about a tenth of a second a word) and one short section,
    open. The idle time is long until the reading starts (Listen must not race a warning);
    the tests shorten it to well under the reading's length once it reads."""
    if "mock" not in speech.available_engines():
        pytest.skip("Qt's mock text-to-speech engine is not installed")
    (tmp_path / "content" / "en").mkdir(parents=True)
    (tmp_path / "content" / "en" / "rest.md").write_text(SHORT_READING, encoding="utf-8")
    s = settings.replace(
        idle_seconds=60, idle_warning_seconds=2, attract_seconds=3600, speech_engine="mock"
    )
    window, mode = start_kiosk(s, library=load_library(tmp_path / "content"))
    window.open_section("rest.md")
    assert window.current_screen() == "section"
    return window, mode


def test_a_touch_while_the_kiosk_reads_aloud_starts_no_idle_time(qtbot, listening_kiosk):
    window, mode = listening_kiosk
    with qtbot.waitSignal(window.speaker.speakingChanged, timeout=3000):
        qtbot.mouseClick(window.top_bar.listen_button, LEFT)
    assert window.speaker.is_speaking()
    mode.idle.set_idle_ms(200)
    assert not mode.idle.is_counting()
    touch(window, QPoint(640, 400))
    QTest.keyClick(window, Qt.Key.Key_Down)
    assert not mode.idle.is_counting()
    with qtbot.waitSignal(window.speaker.speakingChanged, timeout=10_000):
        pass
    assert mode.idle.is_counting()  # counted again from the end of the reading


def test_the_reset_waits_until_the_reading_ends(qtbot, listening_kiosk):
    window, mode = listening_kiosk
    events = []
    window.speaker.speakingChanged.connect(lambda on: events.append(f"speaking {on}"))
    mode.idle.warningStarted.connect(lambda: events.append("warning"))
    mode.idle.idleReset.connect(lambda: events.append("reset"))
    with qtbot.waitSignal(window.speaker.speakingChanged, timeout=3000):
        qtbot.mouseClick(window.top_bar.listen_button, LEFT)
    mode.idle.set_idle_ms(200)  # a fifth of the reading
    with qtbot.waitSignal(mode.idle.idleReset, timeout=10_000):
        pass
    assert events == ["speaking True", "speaking False", "warning", "reset"]
    assert window.current_screen() == "home"


def test_the_attract_screen_speaks_the_default_language_and_offers_the_others(
    qtbot, start_kiosk, settings
):
    clinic = settings.replace(
        clinic_name="Riverside Clinic",
        attract_text="Touch here to start",
        texts={"es": {"clinic_name": "Clínica Ribera", "attract_text": "Toque aquí"}},
        idle_seconds=0.2,
        idle_warning_seconds=2,
        attract_seconds=0.6,
    )
    window, mode = start_kiosk(clinic)
    window.set_language("es")  # a patient switched; the reset brings the default back
    with qtbot.waitSignal(mode.idle.attractDue, timeout=5000):
        pass
    attract = mode.attract
    assert attract.isVisible()
    assert window.lang == "en"
    assert attract.clinic.text() == "Riverside Clinic"
    assert attract.message.text() == "Touch here to start"
    assert list(attract.language_buttons) == ["es"]
    spanish = attract.language_buttons["es"]
    assert spanish.text() == window.library.packs["es"].name
    assert spanish.isVisible()
    qtbot.mouseClick(spanish, LEFT)  # a real click on the button, through the idle shield
    assert not attract.isVisible()
    assert window.lang == "es"
    assert window.current_screen() == "home"
    assert window.top_bar.clinic_name.text() == "Clínica Ribera"


def test_a_touch_beside_the_language_buttons_keeps_the_default_language(
    qtbot, start_kiosk, settings
):
    window, mode = start_kiosk(
        settings.replace(idle_seconds=0.2, idle_warning_seconds=2, attract_seconds=0.6)
    )
    with qtbot.waitSignal(mode.idle.attractDue, timeout=5000):
        pass
    QTest.mouseClick(mode.attract, LEFT, Qt.KeyboardModifier.NoModifier, QPoint(20, 20))
    assert not mode.attract.isVisible()
    assert window.lang == "en"


@pytest.mark.parametrize("restyled", [False, True], ids=["as started", "after restyling"])
def test_a_countdown_tick_repaints_the_warning_not_the_screen_under_it(
    qtbot, start_kiosk, settings, restyled
):
    """Also after a new style sheet (high contrast, a text size): a style sheet background
    turns off the label's own background fill, which Qt needs to know it is opaque."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    window, mode = start_kiosk(
        settings.replace(idle_seconds=0.3, idle_warning_seconds=30, attract_seconds=3600),
        tick_ms=200,
    )
    qtbot.waitUntil(lambda: mode.warning.isVisible(), timeout=3000)
    if restyled:  # as a new session's look would, while the warning shows
        window.set_high_contrast(True)
        window.set_text_step(window.text_step + 1)

    class Paints(QObject):
        def __init__(self):
            super().__init__()
            self.widgets = []

        def eventFilter(self, watched, event):  # noqa: N802 - Qt's API
            if event.type() == QEvent.Type.Paint:
                self.widgets.append(watched)
            return False

    paints = Paints()
    app = QApplication.instance()
    app.installEventFilter(paints)
    label = mode.warning.countdown_label
    try:
        # the first tick's paint ends the painting of the warning that just opened
        with qtbot.waitSignal(mode.idle.countdown, timeout=3000):
            pass
        qtbot.waitUntil(lambda: label in paints.widgets)
        paints.widgets.clear()
        with qtbot.waitSignal(mode.idle.countdown, timeout=3000):
            pass
        qtbot.waitUntil(lambda: label in paints.widgets)
    finally:
        app.removeEventFilter(paints)
    assert "28" in label.text()
    under = [
        w for w in paints.widgets if not mode.warning.isAncestorOf(w) and w is not mode.warning
    ]
    assert under == []  # neither the home screen nor the window behind the overlay
    # the label paints its own card-coloured background: not even the card is repainted
    assert set(paints.widgets) == {label}


def test_a_countdown_tick_does_not_lay_the_warning_out_again(qtbot, start_kiosk, settings):
    """Each second's words fit where the last ones were: no layout of the card runs again
    (it measured every word-wrapped label of the card, each second)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    window, mode = start_kiosk(
        settings.replace(idle_seconds=0.3, idle_warning_seconds=30, attract_seconds=3600),
        tick_ms=150,
    )
    qtbot.waitUntil(lambda: mode.warning.isVisible(), timeout=3000)
    warning = mode.warning
    label = warning.countdown_label
    with qtbot.waitSignal(mode.idle.countdown, timeout=3000):
        pass  # a steady tick: the work of opening the warning is over

    class Events(QObject):
        def __init__(self):
            super().__init__()
            self.layouts = []
            self.painted = False

        def eventFilter(self, watched, event):  # noqa: N802 - Qt's API
            if event.type() == QEvent.Type.LayoutRequest and watched.isWidgetType():
                if watched.layout() is not None or watched is warning.card_scroll.viewport():
                    self.layouts.append(watched.objectName() or type(watched).__name__)
            elif event.type() == QEvent.Type.Paint and watched is label:
                self.painted = True
            return False

    events = Events()
    app = QApplication.instance()
    app.installEventFilter(events)
    try:
        for _ in range(3):
            events.painted = False
            with qtbot.waitSignal(mode.idle.countdown, timeout=3000):
                pass
            qtbot.waitUntil(lambda: events.painted, timeout=3000)
    finally:
        app.removeEventFilter(events)
    assert events.layouts == []
    # the words still fit: every line of them is shown
    assert label.height() >= label.heightForWidth(label.width())
    assert label.width() == warning.card.contentsRect().width() - 80  # the card's margins
