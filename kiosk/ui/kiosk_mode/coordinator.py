"""Everything that makes the window safe to leave alone in a lobby, wired in one place:
idle reset and attract screen, lockdown, the staff exit, crash safety, content reload
and anonymous usage counts."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.settings import Settings
from kiosk.ui.first_frame import after_first_paint, in_idle_time
from kiosk.ui.kiosk_mode import lockdown
from kiosk.ui.kiosk_mode.content_watcher import ContentWatcher, reload_content
from kiosk.ui.kiosk_mode.crash import CALM_MS, CrashHandler
from kiosk.ui.kiosk_mode.idle import AttractScreen, IdleWarning, IdleWatcher
from kiosk.ui.kiosk_mode.input_gate import InputGate
from kiosk.ui.kiosk_mode.staff import HoldGesture, PinPad, StaffMenu

if TYPE_CHECKING:
    from kiosk.usage import UsageLog

log = logging.getLogger(__name__)


class KioskTimings(NamedTuple):
    """Every time kiosk mode waits, in one place; the settings give most of them, tests may
    give their own (a quicker countdown tick, say) through the constructor."""

    idle_ms: int
    warning_s: int
    attract_ms: int
    hold_ms: int
    tick_ms: int = 1000  # the warning counts down a second at a time
    calm_ms: int = CALM_MS  # the crash screen's "One moment…"
    full_screen_check_ms: int = lockdown.CHECK_MS
    content_debounce_ms: int = 500

    @classmethod
    def from_settings(cls, settings: Settings, **changes: int) -> KioskTimings:
        timings = cls(
            idle_ms=round(settings.idle_seconds * 1000),
            warning_s=int(settings.idle_warning_seconds),
            attract_ms=round(settings.attract_seconds * 1000),
            hold_ms=round(settings.staff_hold_seconds * 1000),
        )
        return timings._replace(**changes)


def _application() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication), "kiosk mode needs the QApplication"
    return app


class KioskMode:
    def __init__(
        self,
        window,
        settings: Settings,
        content_root: Path,
        *,
        locked: bool = True,
        usage: UsageLog | None = None,
        watch_content: bool = True,
        timings: KioskTimings | None = None,
        today: Callable[[], datetime.date] = datetime.date.today,
    ):
        app = _application()
        self._stopped = False
        self.window = window
        self.settings = settings
        self.content_root = content_root
        self._usage = usage  # the counts' database: opened after the first frame
        self.timings = timings = timings or KioskTimings.from_settings(settings)
        self.today = today  # what the staff menu's review dates are measured from
        self.gate = InputGate(window)  # lockdown's and the idle watcher's application filter
        self.idle = IdleWatcher(
            timings.idle_ms,
            timings.warning_s,
            timings.attract_ms,
            tick_ms=timings.tick_ms,
            parent=window,
        )
        # the overlays are made in idle time after the first frame (or when first needed)
        self._warning: IdleWarning | None = None
        self._attract_screen: AttractScreen | None = None
        self.idle.countdown.connect(self._countdown)
        self.idle.warningCancelled.connect(self._hide_warning)
        self.idle.dismissed.connect(self._attract_language)  # before it hides
        self.idle.dismissed.connect(self._hide_attract)
        self.idle.idleReset.connect(self._reset)
        self.idle.attractDue.connect(self._attract)
        # every event of the application passes this filter: from the first frame on, when a
        # person can first touch the kiosk (not the thousands of start-up events before it)
        after_first_paint(window, self._watch_input, urgent=True)

        self.guard = settings.pin.guard()  # the lockout is kept beside the PIN store
        self._pin_pad: PinPad | None = None  # built on first use: starting up stays quick
        self._staff_menu: StaffMenu | None = None
        self.gesture = HoldGesture(window.top_bar.clinic_name, timings.hold_ms)
        self.gesture.held.connect(self.open_staff)
        if not self.guard.required:
            log.warning(
                "no staff PIN is set: the staff gesture opens the staff menu without a PIN; "
                "set one with 'kiosk set-pin'"
            )

        self.crash = CrashHandler(window, timings.calm_ms)
        self.crash.install()
        self.lockdown = (
            lockdown.install(
                app, window, self.gate, settings.hide_cursor, timings.full_screen_check_ms
            )
            if locked
            else None
        )
        self.watcher = (
            ContentWatcher(
                window, content_root, settings.default_language, timings.content_debounce_ms
            )
            if watch_content
            else None
        )

        window.sectionOpened.connect(lambda section_id: self._count("section_opened", section_id))
        window.walkthroughStarted.connect(lambda: self._count("walkthrough_started"))
        window.summaryReached.connect(lambda: self._count("walkthrough_finished"))
        window.questionAnswered.connect(
            lambda question, right: self._count(
                f"question_{'right' if right else 'wrong'}", question
            )
        )
        window.helpfulAnswered.connect(
            lambda section_id, yes: self._count(f"helpful_{'yes' if yes else 'no'}", section_id)
        )
        window.handoutShown.connect(lambda key: self._count("handout_shown", key))
        window.handoutPrinted.connect(lambda key: self._count("handout_printed", key))
        window.languageChanged.connect(self._set_words)
        window.speakingChanged.connect(self._speaking)
        self.idle.start()
        after_first_paint(window, lambda: self.usage.start())  # checks it off the UI thread
        in_idle_time(
            window, [lambda: self.warning, lambda: self.attract, lambda: self.crash.screen]
        )

    @property
    def usage(self) -> UsageLog:
        if self._usage is None:
            from kiosk.usage import UsageLog  # sqlite3 and csv: not before the first frame

            self._usage = UsageLog()
        return self._usage

    @usage.setter
    def usage(self, usage: UsageLog) -> None:
        self._usage = usage

    def _watch_input(self) -> None:
        if not self._stopped:
            self.gate.add(self.idle)

    @property
    def warning(self) -> IdleWarning:
        if self._warning is None:
            self._warning = IdleWarning(self.window)
            self._warning.keep_button.clicked.connect(self.idle.poke)  # keys, assistive tech
            self._set_words()
        return self._warning

    @property
    def attract(self) -> AttractScreen:
        if self._attract_screen is None:
            self._attract_screen = AttractScreen(self.window)
            self._set_words()
        return self._attract_screen

    def _hide_warning(self) -> None:
        if self._warning is not None:
            self._warning.hide()

    def _hide_attract(self) -> None:
        if self._attract_screen is not None:
            self._attract_screen.hide()

    def _set_words(self, *_args) -> None:
        ui = self.window.pack.ui if self.window.pack else {}
        if ui:
            for overlay in (self._warning, self._attract_screen):
                if overlay is not None:
                    overlay.set_words(ui)

    def _countdown(self, seconds: int) -> None:
        # one slot, not two: each costs a call into Python every second of the countdown
        self.warning.show_seconds(seconds)
        self._say_countdown(seconds)

    def _say_countdown(self, seconds: int) -> None:
        """A patient on the keypad may not see the warning: it is spoken, then every 5 s."""
        if self.window.session.spoken_guidance and (
            seconds == self.idle.warning_s or seconds % 5 == 0
        ):
            words = self.warning.countdown_label.text()
            if seconds == self.idle.warning_s:
                words = f"{self.warning.question.text()} {words} {self.warning.keep_button.text()}."
            self.window.keypad.say(words)

    def _speaking(self, on: bool) -> None:
        """Someone listening does not touch the screen: no idle time runs while it reads
        aloud, and it is counted again from the end of the reading."""
        if on:
            self.idle.pause()
        else:
            self.idle.resume()

    @property
    def pin_pad(self) -> PinPad:
        if self._pin_pad is None:
            self._pin_pad = PinPad(self.window, self.guard)
            self._pin_pad.accepted.connect(self._show_staff_menu)
        return self._pin_pad

    @property
    def staff_menu(self) -> StaffMenu:
        if self._staff_menu is None:
            self._staff_menu = StaffMenu(self.window)
            self._staff_menu.exitRequested.connect(self.exit)
            self._staff_menu.reloadRequested.connect(self._reload)
        return self._staff_menu

    def _staff_open(self) -> bool:
        return any(w is not None and w.isVisible() for w in (self._pin_pad, self._staff_menu))

    def _count(self, event: str, key: str = "") -> None:
        """Count one event for today in the shown language: key "es/side-effects.md" or "es"."""
        lang = self.window.lang
        try:
            self.usage.record(event, f"{lang}/{key}" if key else lang)
        except Exception:  # counting must never disturb a patient
            log.exception("usage count failed")

    def _reset(self) -> None:
        self._hide_warning()
        if self._pin_pad is not None:
            self._pin_pad.close_pad()
        if self._staff_menu is not None:
            self._staff_menu.hide()
        self.window.reset_patient_state()  # emits languageChanged, which refreshes the words

    def _attract_language(self) -> None:
        """A touch on one of the attract screen's language buttons opens that language."""
        if self._attract_screen is not None and self._attract_screen.isVisible():
            lang = self._attract_screen.language_at(self.idle.dismissed_at)
            if lang is not None:
                self.window.set_language(lang)

    def _attract(self) -> None:
        if not self._staff_open():
            self._reset()
            self.attract.open()
            self.idle.shield()

    def open_staff(self) -> None:
        if self.guard.required:  # a damaged PIN store asks too, and nothing opens it
            self.pin_pad.open_pad()
        else:
            self._show_staff_menu()

    def _show_staff_menu(self) -> None:
        from kiosk.content import review  # staff only: not loaded before the first frame

        self.staff_menu.show_menu(
            pin_set=self.guard.required,
            problems=self.window.problems + self.usage.problems,
            usage=self.usage.today(),
            content_root=self.content_root,
            config_path=self.settings.path,
            due=review.due(self.window.library, self.today()),
        )

    def _reload(self) -> None:
        if self.watcher is not None:
            self.watcher.reload_now()  # read on a worker thread; the menu follows when shown
            self.watcher.reloaded.connect(
                self._refresh_staff_menu, Qt.ConnectionType.SingleShotConnection
            )
        else:  # a kiosk that does not watch its content still reads it again when asked
            reload_content(self.window, self.content_root, self.settings.default_language)
        self._show_staff_menu()

    def _refresh_staff_menu(self) -> None:
        if self._staff_menu is not None and self._staff_menu.isVisible():
            self._show_staff_menu()

    def exit(self) -> None:
        log.info("staff exit")
        self.shutdown()
        self.window.allow_close = True
        self.window.close()
        _application().exit(0)

    def shutdown(self) -> None:
        """Stop every timer and hook (used on exit and by tests)."""
        app = _application()
        self.idle.stop()
        self.gate.remove(self.idle)
        if self.lockdown is not None and not self._stopped:
            lockdown.uninstall(app, self.gate, self.lockdown)
        self.window.top_bar.clinic_name.removeEventFilter(self.gesture)
        self.crash.uninstall()
        if self._pin_pad is not None:
            self._pin_pad.lock_timer.stop()
        self.gesture.timer.stop()
        self.crash.stop()
        if self.watcher is not None:
            self.watcher.stop()
        if self._usage is not None:
            self._usage.close()
        self._stopped = True
