"""The kiosk window: the top bar, the screens and the banner, and moving between them.

Only the top bar and the home screen are built before the first frame; the section,
walkthrough and take-home screens and the speech engine follow in idle time after it
(`in_idle_time`), each on its own turn of the event loop. A tap that comes sooner builds
what it needs on demand (the `section`, `walkthrough`, `takehome` and `speaker` properties).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.content.model import ContentPack, Library
from kiosk.problems import Problem
from kiosk.session import VOLUME_STEPS, PatientSession
from kiosk.settings import Settings
from kiosk.ui import pictures, qt_app
from kiosk.ui.first_frame import in_idle_time
from kiosk.ui.gestures import PinchDetector, SwipeDetector
from kiosk.ui.home import HomeScreen
from kiosk.ui.keypad import KeypadNavigator
from kiosk.ui.screens import Screen, SwipeDirection
from kiosk.ui.session_holder import SessionHolder
from kiosk.ui.speech import (
    Speaker,
    StopOnSelection,
    engine_installed,
    missing_library,
    needs_check,
    plain_text_of_section,
    plain_text_of_walkthrough,
)
from kiosk.ui.theme import CALM, HIGH_CONTRAST, TEXT_SIZES, style_sheet, text_px, with_accent
from kiosk.ui.topbar import TopBar
from kiosk.ui.widgets import wrapped_label

if TYPE_CHECKING:
    from kiosk.ui.documents import SectionRenderer
    from kiosk.ui.speech_check import SpeechProbe

log = logging.getLogger(__name__)


class KioskWindow(QWidget):
    sectionOpened = Signal(str)
    walkthroughStarted = Signal()
    walkthroughFinished = Signal()
    screenChanged = Signal(str)  # a Screen
    wentHome = Signal()
    languageChanged = Signal(str)
    summaryReached = Signal()  # the walkthrough counts as finished, however the patient leaves
    questionAnswered = Signal(str, bool)  # question id, right (a patient's first answer only)
    helpfulAnswered = Signal(str, bool)  # section id, yes
    # the KioskMode driving it, attached by kiosk.app.build_window (not every window has one);
    # typed loosely because screens never import kiosk mode (ruff TID251)
    kiosk_mode: object
    handoutShown = Signal(str)  # "walkthrough" or a section id
    handoutPrinted = Signal(str)
    speakingChanged = Signal(bool)  # the speaker started or stopped reading aloud
    walkthroughStepShown = Signal(int)  # the walkthrough screen's stepShown, once it is made

    def __init__(self, settings: Settings, library: Library):
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # holds focus until a key user tabs
        self.settings = settings
        self.library = library
        self.problems: list[Problem] = list(settings.problems) + library.all_problems()
        self.sessions = SessionHolder(self.fresh_session(), self)
        self.allow_close = True  # kiosk mode sets False: only the staff exit closes the window
        reduce_motion = settings.reduce_motion

        self._renderer: SectionRenderer | None = None  # markdown to pages, after the first frame
        pictures.shared().problemsFound.connect(self._add_problems)
        theme, px = self.theme, self.body_px
        self.top_bar = TopBar(settings.clinic_name, str(settings.logo or ""))
        # QtTextToSpeech loads after the first frame, never where no engine is installed, and
        # a real engine only once `kiosk speech-check` has started it in another process:
        # None while that is not known yet (Listen is offered once it is)
        self._speaker: Speaker | None = None
        self._silent_speaker: Speaker | None = None
        self._speech_probe: SpeechProbe | None = None
        installed = engine_installed(settings.speech_engine)
        self._may_load_speech: bool | None = (
            None if installed and needs_check(settings.speech_engine) else installed
        )
        self.top_bar.listen_button.setEnabled(self._may_load_speech is True)
        self.home = HomeScreen(self.sessions, theme, px, reduce_motion)
        self._section = self._walkthrough = self._takehome = None
        self._screen_names: dict[int, Screen] = {}
        self.stack = QStackedWidget()
        self._add_screen(self.home, Screen.HOME)
        self.banner = wrapped_label(name="Banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.banner)

        self.swipes = SwipeDetector(self)
        self.swipes.swiped.connect(self._swiped)
        self.pinches = PinchDetector(self)
        self.pinches.pinched.connect(self._pinched)
        keep = (self.top_bar.listen_button, *self.top_bar.speech_controls)
        self.stop_on_selection = StopOnSelection(lambda: self._speaker, keep, self)
        self.keypad = KeypadNavigator(self)
        self._connect()
        self.set_pack_words()
        self._apply_volume()
        self.apply_look()
        self.go_home()
        in_idle_time(
            self,
            [
                lambda: self.section,
                lambda: self.renderer.warm_up(),  # the first tap does not import markdown
                self._prefetch,  # nor render the section of a tile on the home screen
                lambda: self.walkthrough,
                self._check_speech,
                lambda: self.takehome,
            ],
        )

    # -- the screens, built on first use -----------------------------------------------------
    def _add_screen(self, screen: QWidget, name: Screen) -> None:
        self._screen_names[id(screen)] = name
        self.stack.addWidget(screen)
        screen.ensurePolished()  # its style sheet fonts now, not on its first showing

    @property
    def renderer(self) -> SectionRenderer:
        if self._renderer is None:
            from kiosk.ui.documents import SectionRenderer

            self._renderer = SectionRenderer(self)
            self._renderer.problemsFound.connect(self._add_problems)
        return self._renderer

    @property
    def section(self):
        if self._section is None:
            from kiosk.ui.section_screen import SectionScreen

            screen = SectionScreen(
                self.sessions, self.renderer, self.theme, self.body_px, self.settings.reduce_motion
            )
            # the screen forgets the old patient's page before the window draws home
            self.sessions.sessionReplaced.disconnect(self._session_replaced)
            self.sessions.sessionReplaced.connect(self._session_replaced)
            screen.previousRequested.connect(lambda: self._step_section(-1))
            screen.nextRequested.connect(lambda: self._step_section(+1))
            screen.sectionLinkClicked.connect(self.open_section)
            screen.takeHomeRequested.connect(self.show_handout)
            screen.helpfulAnswered.connect(self.helpfulAnswered)
            screen.set_look(self.theme, self.body_px)
            self._section = screen
            self._add_screen(screen, Screen.SECTION)
            self._section_words()
        return self._section

    @property
    def walkthrough(self):
        if self._walkthrough is None:
            from kiosk.ui.walkthrough_screen import WalkthroughScreen

            screen = WalkthroughScreen(
                self.sessions, self.theme, self.body_px, self.settings.reduce_motion
            )
            screen.stepShown.connect(self.walkthroughStepShown)  # the keypad's first, as before
            screen.stepShown.connect(lambda _index: self._stop_speaking())
            screen.sectionLinkClicked.connect(self.open_section)
            screen.finished.connect(self._finish_walkthrough)
            screen.homeRequested.connect(self.go_home)
            screen.summaryReached.connect(self.summaryReached)
            screen.questionAnswered.connect(self.questionAnswered)
            screen.takeHomeRequested.connect(lambda: self.show_handout("walkthrough"))
            screen.set_look(self.theme, self.body_px)
            self._walkthrough = screen
            self._add_screen(screen, Screen.WALKTHROUGH)
        return self._walkthrough

    @property
    def takehome(self):
        if self._takehome is None:
            from kiosk.ui.takehome_screen import TakeHomeScreen

            screen = TakeHomeScreen(self.settings)
            screen.backRequested.connect(self.close_handout)
            screen.printed.connect(self.handoutPrinted)
            self._takehome = screen
            self._add_screen(screen, Screen.TAKEHOME)
        return self._takehome

    @property
    def speaker(self) -> Speaker:
        """The text-to-speech reader, made on first use (QtTextToSpeech loads then). Until
        the engine's check has passed, a reader that cannot speak and loads nothing."""
        if self._may_load_speech is not True:
            if self._silent_speaker is None:
                self._silent_speaker = Speaker(self.settings.speech_engine, self, load=False)
            return self._silent_speaker
        if self._speaker is None:
            self._speaker = Speaker(self.settings.speech_engine, self)
            self._speaker.speakingChanged.connect(self._speaking_changed)
            self._speaker.pausedChanged.connect(self._speaking_changed)
            self._speaker.speakingChanged.connect(self.speakingChanged)
            self._speaker.set_volume(self.sessions.session.volume_step)
            if not self._speaker.available():  # installed, but it cannot speak here
                self.top_bar.listen_button.setEnabled(False)
                self.top_bar.listen_button.setVisible(False)
        return self._speaker

    def _check_speech(self) -> None:
        """In idle time: the reader made now (not at the first tap on Listen), once a real
        engine has started in another process (`kiosk speech-check`)."""
        engine = self.settings.speech_engine
        if self._may_load_speech is None and missing_library(engine) is not None:
            self._may_load_speech = True  # no check needed: the reader stops before loading
        if self._may_load_speech is None:
            from kiosk.ui.speech_check import SpeechProbe  # QProcess: not before the first frame

            self._speech_probe = SpeechProbe(engine, self)
            self._speech_probe.finished.connect(self._speech_checked)
            self._speech_probe.start()
        elif self._may_load_speech:
            self._speech_checked(True)

    def _speech_checked(self, ok: bool) -> None:
        self._may_load_speech = ok
        bar = self.top_bar
        bar.listen_button.setEnabled(ok)
        bar.listen_button.setVisible(ok and self.current_screen() != Screen.HOME)
        if ok:
            self.speaker  # noqa: B018 - made now: it hides Listen again if it cannot speak

    def speech_available(self) -> bool:
        """Whether Listen is offered: an engine is installed and, a real one, its check has
        passed (kiosk/ui/speech_check.py); the speaker made after that can still withdraw it."""
        return self.top_bar.listen_button.isEnabled()

    def _stop_speaking(self) -> None:
        if self._speaker is not None:
            self._speaker.stop()

    # -- the patient session --------------------------------------------------------------
    @property
    def session(self) -> PatientSession:
        return self.sessions.session

    def fresh_session(self) -> PatientSession:
        return PatientSession.fresh(self.settings, self.library.packs)

    @property
    def lang(self) -> str:
        return self.session.language

    @property
    def text_step(self) -> int:
        return self.session.text_step

    @property
    def high_contrast(self) -> bool:
        return self.session.high_contrast

    @property
    def history(self) -> tuple[str, ...]:
        return self.session.history

    # -- properties -------------------------------------------------------------------
    @property
    def pack(self) -> ContentPack | None:
        return self.library.pack(self.lang)

    def _prefetch(self) -> None:
        if self.pack is not None:
            self.renderer.prefetch(self.pack)

    def _pack(self) -> ContentPack:
        """The pack shown: the session's language always has one once the window is up."""
        pack = self.pack
        if pack is None:
            raise RuntimeError(f"no content pack for language {self.lang!r}")
        return pack

    @property
    def theme(self):
        base = HIGH_CONTRAST if self.high_contrast else CALM
        return with_accent(base, self.settings.accent_color)

    @property
    def body_px(self) -> int:
        return text_px(self.text_step)

    def current_screen(self) -> Screen:
        return self._screen_names[id(self.stack.currentWidget())]

    def _connect(self) -> None:
        # after the screens' own: they drop what they show before the window draws home
        self.sessions.sessionReplaced.connect(self._session_replaced)
        bar = self.top_bar
        bar.home_button.clicked.connect(self.go_home)
        bar.smaller_button.clicked.connect(lambda: self.set_text_step(self.text_step - 1))
        bar.larger_button.clicked.connect(lambda: self.set_text_step(self.text_step + 1))
        bar.contrast_button.toggled.connect(self.set_high_contrast)
        bar.language_button.clicked.connect(self.next_language)
        bar.listen_button.clicked.connect(self._listen_clicked)
        bar.pause_button.clicked.connect(self._pause_clicked)
        bar.repeat_button.clicked.connect(lambda: self.speaker.repeat())
        bar.volume_button.clicked.connect(lambda: self.change_volume(+1, wrap=True))
        self.screenChanged.connect(lambda _name: self._stop_speaking())
        self.languageChanged.connect(lambda _lang: self._stop_speaking())
        self.home.walkthroughRequested.connect(self.start_walkthrough)
        self.home.sectionChosen.connect(self.open_section)
        # the section, walkthrough and take-home screens and the speaker connect theirs when
        # they are made

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's API
        if self.allow_close:
            event.accept()
        else:
            log.info("close request ignored (kiosk mode)")
            event.ignore()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None:
            for detector in (self.swipes, self.pinches, self.stop_on_selection, self.keypad):
                handle.removeEventFilter(detector)
                handle.installEventFilter(detector)

    # -- reading aloud ------------------------------------------------------------------
    def _listen_clicked(self, checked: bool) -> None:
        if checked:
            self.speaker.speak(self.text_to_read(), self.lang)
        else:
            self.speaker.stop()

    def _pause_clicked(self, checked: bool) -> None:
        if checked:
            self.speaker.pause()
        else:
            self.speaker.resume()

    def _speaking_changed(self, *_on: bool) -> None:
        heard, paused = self.speaker.is_speaking(), self.speaker.is_paused()
        self.sessions.update(speaking=heard)
        self.top_bar.set_listening(heard or paused, self.theme, self.body_px)
        self.top_bar.set_paused(paused, self.theme)

    def change_volume(self, change: int, wrap: bool = False) -> None:
        """One volume step louder or quieter (the Volume button goes round: loud, then quiet)."""
        step = self.sessions.session.volume_step + change
        if wrap:
            step = (step - 1) % VOLUME_STEPS + 1
        step = max(1, min(step, VOLUME_STEPS))
        self.sessions.update(volume_step=step)
        self._apply_volume()

    def _apply_volume(self, *_args) -> None:
        step = self.sessions.session.volume_step
        if self._speaker is not None:
            self._speaker.set_volume(step)
        self.top_bar.set_volume(step, VOLUME_STEPS)

    def text_to_read(self) -> str:
        screen = self.current_screen()
        if screen == Screen.SECTION:
            return plain_text_of_section(self.section.browser)
        if screen == Screen.WALKTHROUGH:
            return plain_text_of_walkthrough(
                self._pack(), self.walkthrough.index, self.walkthrough.ticked
            )
        if screen == Screen.TAKEHOME:
            return f"{self.takehome.title.text()}\n\n{self.takehome.hint.text()}"
        return ""

    # -- moving around ------------------------------------------------------------------
    def _show(self, screen: QWidget, name: Screen) -> None:
        self.stack.setCurrentWidget(screen)
        focus = QApplication.focusWidget()
        if focus is None or not focus.isVisible():
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.top_bar.home_button.setVisible(name != Screen.HOME)
        self.top_bar.listen_button.setVisible(
            name != Screen.HOME and self.top_bar.listen_button.isEnabled()
        )
        self.screenChanged.emit(name)

    def go_home(self) -> None:
        if self._section is not None:
            self._section.remember_scroll()
        self.sessions.update(history=(), handout=None)
        self.home.tiles.scrollToTop()  # every visit home starts at the top: no half-cut tiles
        self._show(self.home, Screen.HOME)
        self.wentHome.emit()

    def open_section(self, section_id: str) -> None:
        """Open a section by id; 'id#heading' also scrolls to that heading."""
        section_id, _, fragment = section_id.partition("#")
        pack = self.pack
        if pack is None or pack.section(section_id) is None:
            log.warning("no section %s in %s", section_id, self.lang)
            return
        if not self.history or self.history[-1] != section_id:
            self.sessions.update(history=(*self.history, section_id))
        self.section.show_section(pack, section_id)
        if fragment:
            self.section.browser.scrollToAnchor(fragment)
        self._show(self.section, Screen.SECTION)
        self.sectionOpened.emit(section_id)

    def _step_section(self, delta: int) -> None:
        section_id = self.section.section_id
        if section_id is None:  # its buttons are only shown with a section
            return
        ids = [s.id for s in self._pack().sections]
        index = ids.index(section_id) + delta
        if 0 <= index < len(ids):
            self.open_section(ids[index])

    def go_back(self) -> None:
        """Where a swipe to the right leads: the previous section, else home."""
        if len(self.history) > 1:
            *earlier, target, _current = self.history
            self.sessions.update(history=tuple(earlier))
            self.open_section(target)
        else:
            self.go_home()

    def go_back_one(self) -> None:
        """Backspace on a keypad: one page back, as a swipe to the right goes."""
        screen = self.current_screen()
        if screen is Screen.SECTION:
            self.go_back()
        elif screen is Screen.WALKTHROUGH:
            if not self.walkthrough.go_back():
                self.go_home()
        elif screen is Screen.TAKEHOME:
            self.close_handout()

    def screen_heading(self) -> str:
        """The words at the top of the screen shown, to be spoken when it opens."""
        screen, pack = self.current_screen(), self.pack
        if pack is None:
            return ""
        if screen is Screen.SECTION:
            section = pack.section(self.section.section_id)
            if section:
                return section.title
        if screen is Screen.WALKTHROUGH:
            if self.walkthrough.on_summary():
                return pack.ui["summary_title"]
            step = self.walkthrough.steps[self.walkthrough.index]
            return f"{self.walkthrough.counter.text()}. {step.title}"
        if screen is Screen.HOME:
            return f"{pack.ui['home']}. {pack.ui['walkthrough_button']}"
        return ""

    def show_handout(self, key: str) -> None:
        """'Take this home' for the walkthrough ("walkthrough") or a section (its id)."""
        page = self._handout_page(key)
        if page is None:
            return
        self.sessions.update(handout=key)
        self.takehome.show_handout(self.pack, page)
        self._show(self.takehome, Screen.TAKEHOME)
        self.handoutShown.emit(key)

    def _handout_page(self, key: str):
        from kiosk.content import handout  # the QR code library loads on the first handout

        pack = self.pack
        if pack is None:
            return None
        if key == "walkthrough":
            return handout.for_walkthrough(pack)
        section = pack.section(key)
        return handout.for_section(pack, section) if section is not None else None

    def close_handout(self) -> None:
        """Back from 'Take this home' to the page it was for."""
        key = self.session.handout
        self.sessions.update(handout=None)
        if key == "walkthrough" and self.pack is not None:
            self.walkthrough.start(self.pack, self.walkthrough.index)  # in today's language
            self._show(self.walkthrough, Screen.WALKTHROUGH)
        elif key and self.pack is not None and self.pack.section(key) is not None:
            self.section.show_section(self.pack, key)
            self._show(self.section, Screen.SECTION)
        else:
            self.go_home()

    def start_walkthrough(self) -> None:
        self.sessions.update(summary_reached=False)
        self.walkthrough.start(self._pack(), 0)
        self._show(self.walkthrough, Screen.WALKTHROUGH)
        self.walkthroughStarted.emit()

    def _finish_walkthrough(self) -> None:
        self.walkthroughFinished.emit()
        self.sessions.update(walkthrough_step=0)
        self.go_home()

    def _swiped(self, direction: SwipeDirection) -> None:
        screen = self.current_screen()
        if screen == Screen.SECTION and direction == SwipeDirection.RIGHT:
            self.go_back()
        elif screen == Screen.WALKTHROUGH:
            if direction == SwipeDirection.LEFT:
                self.walkthrough.go_next() if not self.walkthrough.on_summary() else None
            elif not self.walkthrough.go_back():
                self.go_home()

    def _pinched(self, change: int) -> None:
        """A pinch on a page changes its text size, one step at a time, as A−/A+ do."""
        if self.current_screen() in (Screen.SECTION, Screen.WALKTHROUGH):
            self.set_text_step(self.text_step + change)

    # -- look and language ------------------------------------------------------------------
    def set_text_step(self, step: int) -> None:
        step = max(1, min(step, len(TEXT_SIZES)))
        if step != self.text_step:
            self.sessions.update(text_step=step)
            self.apply_look()

    def set_high_contrast(self, on: bool) -> None:
        if on != self.high_contrast:
            self.sessions.update(high_contrast=on)
            self.apply_look()

    def apply_look(self) -> None:
        theme, px = self.theme, self.body_px
        qt_app.app().setStyleSheet(style_sheet(theme, px))
        self.top_bar.contrast_button.setChecked(self.high_contrast)
        self.top_bar.smaller_button.setEnabled(self.text_step > 1)
        self.top_bar.larger_button.setEnabled(self.text_step < len(TEXT_SIZES))
        self.top_bar.set_look(theme, px)
        self.home.set_look(theme, px)
        for screen in (self._section, self._walkthrough):
            if screen is not None:  # one made later takes the look it is made in
                screen.set_look(theme, px)

    def languages(self) -> list[str]:
        return [lang for lang, pack in self.library.packs.items() if pack.sections]

    def next_language(self) -> None:
        langs = self.languages()
        if len(langs) > 1:
            self.set_language(langs[(langs.index(self.lang) + 1) % len(langs)])

    def set_language(self, lang: str) -> None:
        if lang == self.lang or lang not in self.library.packs:
            return
        self.sessions.update(language=lang)
        self.set_pack_words()
        self.languageChanged.emit(lang)
        screen, pack = self.current_screen(), self._pack()
        if screen == Screen.SECTION and pack.section(self.section.section_id):
            self.section.show_section(pack, self.section.section_id)
        elif screen == Screen.WALKTHROUGH:
            self.walkthrough.start(pack, min(self.walkthrough.index, len(pack.walkthrough.steps)))
        elif screen == Screen.SECTION:
            self.go_home()
        elif screen == Screen.TAKEHOME:
            page = self._handout_page(self.session.handout or "")
            if page is None:
                self.go_home()
            else:
                self.takehome.show_handout(self.pack, page)

    def set_pack_words(self) -> None:
        pack = self.pack
        ui = pack.ui if pack else {}
        langs = self.languages()
        other = None
        if len(langs) > 1 and self.lang in langs:
            other = self.library.packs[langs[(langs.index(self.lang) + 1) % len(langs)]].name
        if ui:
            self.top_bar.set_words(ui, other)
        if self._section is not None:
            self._section_words()
        lang = pack.lang if pack else self.settings.default_language  # clinic text per language
        name = self.settings.text_for("clinic_name", lang)
        self.top_bar.clinic_name.setText(name)
        self.top_bar.clinic_name.setAccessibleName(name)
        desk = self.settings.text_for("front_desk_message", lang)
        self.banner.setText(desk or ui.get("unwell", ""))
        self.home.set_pack(pack)

    def _section_words(self) -> None:
        ui = self.pack.ui if self.pack else {}
        if ui:
            self.section.previous_button.setText(ui["previous_section"])
            self.section.next_button.setText(ui["next_section"])

    # -- patient state ------------------------------------------------------------------
    def reset_patient_state(self) -> None:
        """The next patient: a fresh session from the settings replaces the old one whole."""
        self._stop_speaking()
        self.sessions.replace(self.fresh_session())

    def _session_replaced(self, session: PatientSession) -> None:
        """Draw every screen as a new patient's visit starts: home, in the session's look."""
        self._stop_speaking()
        self._apply_volume()
        self.set_pack_words()
        self.languageChanged.emit(session.language)  # listeners (kiosk mode's overlays) follow
        self.apply_look()
        self.go_home()

    def set_library(self, library: Library) -> None:
        """Use freshly loaded content (e.g. after files changed on disk)."""
        self.library = library
        if self._renderer is not None:
            self._renderer.clear()
        if self._section is not None:
            self._section.forget()
        self.sessions.update(scroll_positions={})  # the pages may have changed under them
        self.problems = list(self.settings.problems) + library.all_problems()
        if self.lang not in library.packs:
            self.sessions.update(language=next(iter(library.packs), self.lang))
            self.languageChanged.emit(self.lang)
        self.set_pack_words()
        self.go_home()

    def _add_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem not in self.problems:
                self.problems.append(problem)
                log.warning("%s", problem)
