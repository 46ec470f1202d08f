"""Reading a page out loud with Qt's text-to-speech, and the words to read.

A kiosk without a speech engine (or without the audio libraries QtTextToSpeech
needs) simply has no Listen button: nothing here raises, and Qt's complaints about
missing engines or audio libraries go to the log, never to the screen or stderr.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Set
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, Signal, qInstallMessageHandler
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QTextEdit,
    QWidget,
)

from kiosk.content.model import ContentPack, Step

log = logging.getLogger(__name__)
MOCK_ENGINE = "mock"  # Qt's test engine: never chosen unless asked for by name
_QUIET_CATEGORIES = ("qt.multimedia", "qt.speech")
_UNSET = object()
_tts_class = _UNSET


@contextmanager
def _speech_messages_to_log() -> Iterator[None]:
    """Send Qt's messages about speech and audio plug-ins to the log while loading them.

    Loading QtTextToSpeech warns when PipeWire is missing, and an engine whose
    service is not running prints a critical message: normal on many kiosks.
    Any other message goes on to the handler that was installed before.
    """

    def handler(mode, context, message: str) -> None:
        category = context.category or ""
        if category.startswith(_QUIET_CATEGORIES) or "text-to-speech" in message.lower():
            log.info("speech: %s", message)
        elif previous is not None:
            previous(mode, context, message)
        else:
            logging.getLogger("qt").warning("%s", message)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def text_to_speech_class():
    """QTextToSpeech, or None when the module cannot be loaded (e.g. no libpulse0)."""
    global _tts_class
    if _tts_class is _UNSET:
        with _speech_messages_to_log():
            try:
                from PySide6.QtTextToSpeech import QTextToSpeech
            except ImportError as exc:
                log.info("no text-to-speech: %s", exc)
                QTextToSpeech = None  # noqa: N806 - the class, or its absence
        _tts_class = QTextToSpeech
    return _tts_class


def installed_engines(folders: list[str] | None = None) -> set[str]:
    """The names of the text-to-speech plug-ins in Qt's plug-in folders (or `folders`),
    from their file names only: QtTextToSpeech is not loaded."""
    from PySide6.QtCore import QCoreApplication

    names: set[str] = set()
    for folder in QCoreApplication.libraryPaths() if folders is None else folders:
        plugins = Path(folder) / "texttospeech"
        if plugins.is_dir():
            names.update(
                p.name.split("qtexttospeech_", 1)[1].split(".", 1)[0]
                for p in plugins.iterdir()
                if "qtexttospeech_" in p.name
            )
    return names


def engine_installed(engine: str = "", folders: list[str] | None = None) -> bool:
    """Whether a text-to-speech plug-in is installed: the one named, else a real one (not
    Qt's test engine). Looks at the plug-in files only: QtTextToSpeech is not loaded."""
    names = installed_engines(folders)
    if engine:  # a name this kiosk lacks still gets its say (and its warning) from the Speaker
        return bool(names)
    return bool(names - {MOCK_ENGINE})


# The system library a plug-in cannot load without (its soname, as `ldd` lists it). Qt's
# speech-dispatcher plug-in needs libspeechd (Debian: libspeechd2); without it the plug-in
# fails only after QtTextToSpeech and QtMultimedia are loaded: 3.6 MiB, and on some machines
# the UI thread frozen for many seconds while QtMultimedia probes the sound system.
ENGINE_LIBRARIES = {"speechd": "libspeechd.so.2"}


def engine_can_load(name: str) -> bool:
    """False when the plug-in `name` needs a system library this computer lacks (found the
    way the plug-in would find it, by loading it; nothing of Qt's speech is loaded)."""
    library = ENGINE_LIBRARIES.get(name)
    if library is None:
        return True
    import ctypes

    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def missing_library(engine: str = "", folders: list[str] | None = None) -> str | None:
    """Why no engine can speak here, before QtTextToSpeech is loaded: the library the named
    engine (or every real installed one) lacks; None when an engine may start."""
    if engine == MOCK_ENGINE:
        return None
    names = [engine] if engine else sorted(installed_engines(folders) - {MOCK_ENGINE})
    lacking = [ENGINE_LIBRARIES[n] for n in names if not engine_can_load(n)]
    return ", ".join(lacking) if lacking and len(lacking) == len(names) else None


def needs_check(engine: str) -> bool:
    """Whether `engine` ("" = the first real one) is first tried in another process (kiosk/ui/
    speech_check.py): every engine but Qt's test engine, which touches no sound system."""
    return engine != MOCK_ENGINE


def available_engines() -> list[str]:
    tts = text_to_speech_class()
    return list(tts.availableEngines()) if tts is not None else []


VOLUMES = {1: 0.45, 2: 0.7, 3: 1.0}  # the volume steps, as the engine's 0..1 volume


class Speaker(QObject):
    """Reads text out loud; `available()` is False when this kiosk cannot speak.

    `speakingChanged` is True while the voice is heard; `pausedChanged` is True while a
    reading is held part-way. A paused reading is not heard, so the idle time runs again."""

    speakingChanged = Signal(bool)
    pausedChanged = Signal(bool)
    announced = Signal(str)  # a short spoken cue (a control reached, a heading, a warning)

    def __init__(self, engine: str = "", parent: QObject | None = None, load: bool = True):
        """engine: a name from QTextToSpeech.availableEngines(); "" = the first real one.
        load=False: a reader that cannot speak and loads nothing (its engine not checked yet)."""
        super().__init__(parent)
        self._tts = None
        self._speaking = False
        self._paused = False
        self._announcing = False  # a cue, not a reading: it neither pauses the idle time
        # nor turns Listen into Stop
        self._last: tuple[str, str] = ("", "")  # what was read last, for Repeat
        self._default_locale: QLocale | None = None
        if not load:
            return
        lacking = missing_library(engine)
        if lacking is not None:
            log.info(
                "no speech engine (%s is not installed): the Listen button stays hidden", lacking
            )
            return
        tts_class = text_to_speech_class()
        engines = available_engines()
        candidates = [name for name in engines if name != MOCK_ENGINE]
        if engine in engines:
            candidates = [engine]
        elif engine:  # a setting naming an engine this kiosk lacks: carry on with the default
            log.warning("speech engine %r is not installed (have: %s)", engine, engines)
        for name in candidates:
            with _speech_messages_to_log():
                tts = tts_class(name, self)
            if tts.state() != tts_class.State.Error:
                self._tts = tts
                break
            log.info("speech engine %s cannot start: %s", name, tts.errorString())
            tts.deleteLater()
        if self._tts is None:
            log.info("no speech engine: the Listen button stays hidden")
            return
        log.info("speech engine: %s", self._tts.engine())
        self._default_locale = self._tts.locale()
        self._tts.stateChanged.connect(self._state_changed)
        self._tts.errorOccurred.connect(self._error)

    def available(self) -> bool:
        return self._tts is not None

    def engine(self) -> str:
        return self._tts.engine() if self._tts is not None else ""

    def is_speaking(self) -> bool:
        return self._speaking

    def is_paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        if self._tts is not None and self._speaking:
            self._tts.pause()

    def resume(self) -> None:
        if self._tts is not None and self._paused:
            self._tts.resume()

    def repeat(self) -> None:
        """Read the last text again from its beginning."""
        text, lang = self._last
        if text:
            self.stop()
            self.speak(text, lang)

    def set_volume(self, step: int) -> None:
        if self._tts is not None:
            self._tts.setVolume(VOLUMES[max(1, min(step, len(VOLUMES)))])

    def volume(self) -> float:
        return self._tts.volume() if self._tts is not None else 0.0

    def locale(self) -> QLocale | None:
        """The locale the engine speaks in now (None without an engine)."""
        return self._tts.locale() if self._tts is not None else None

    def voice_name(self) -> str:
        return self._tts.voice().name() if self._tts is not None else ""

    def locale_for(self, lang: str) -> QLocale | None:
        """The engine's locale for a language code ("es", "pt_BR"), or None when it has none."""
        if self._tts is None or not lang:
            return None
        wanted = QLocale(lang)
        if wanted.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
            return None
        matches = [
            loc for loc in self._tts.availableLocales() if loc.language() == wanted.language()
        ]
        if not matches:
            return None
        current = self._tts.locale()
        for preferred in (wanted.name(), current.name(), QLocale.system().name()):
            for loc in matches:
                if loc.name() == preferred:
                    return loc
        return matches[0]

    def has_voice_for(self, lang: str) -> bool:
        return self.locale_for(lang) is not None

    def speak(self, text: str, lang: str, cue: bool = False) -> None:
        """Read text in the language's voice when the engine has one, else its default voice.

        A `cue` (a control reached, a heading) is said without counting as a reading."""
        if self._tts is None or not text.strip():
            return
        locale = self.locale_for(lang)
        if locale is None:
            log.info("speech engine has no voice for %r; using its default", lang)
            locale = self._default_locale
        if locale is not None and locale != self._tts.locale():
            self._tts.setLocale(locale)
        voice = self._tts.voice()
        if voice.locale().language() != self._tts.locale().language():
            for candidate in self._tts.availableVoices():
                if candidate.locale().language() == self._tts.locale().language():
                    self._tts.setVoice(candidate)
                    break
        if not cue:
            self._last = (text, lang)
        self._announcing = cue
        self._tts.say(text)

    def announce(self, text: str, lang: str) -> None:
        """Say a short cue now, over whatever was being said."""
        if self._tts is None or not text.strip():
            return
        self.stop()
        self.speak(text, lang, cue=True)
        self.announced.emit(text)

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    def _state_changed(self, state) -> None:
        state_enum = type(state)
        speaking = state in (state_enum.Speaking, state_enum.Synthesizing)
        paused = state == state_enum.Paused
        if self._announcing:
            if not (speaking or paused):
                self._announcing = False
            return
        if paused != self._paused:
            self._paused = paused
            self.pausedChanged.emit(paused)
        if speaking != self._speaking:
            self._speaking = speaking
            self.speakingChanged.emit(speaking)

    def _error(self, reason, message: str) -> None:
        log.warning("speech failed: %s", message or reason)


class StopOnSelection(QObject):
    """Stops a reading when the patient selects something (a button, a tile, a tick box),
    as kiosk rules ask; the speech controls themselves and scrolling leave it alone."""

    SELECT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)

    def __init__(
        self,
        speaker: Callable[[], Speaker | None],
        keep: Iterable[QWidget],
        parent: QObject | None = None,
    ):
        """speaker: gives the Speaker, or None while none is made (nothing is read then)."""
        super().__init__(parent)
        self.speaker = speaker
        self.keep = tuple(keep)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        speaker = self.speaker()
        if speaker is None or not (speaker.is_speaking() or speaker.is_paused()):
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            target = QApplication.widgetAt(event.globalPosition().toPoint())
        elif (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in self.SELECT_KEYS
        ):
            target = QApplication.focusWidget()
        else:
            return False
        if self._selects(target):
            speaker.stop()
        return False

    def _selects(self, widget: QWidget | None) -> bool:
        while widget is not None:
            if widget in self.keep:
                return False
            if isinstance(widget, QAbstractButton) or isinstance(
                widget.parentWidget(), QAbstractItemView
            ):
                return True
            widget = widget.parentWidget()
        return False


# -- the words to read ---------------------------------------------------------------------
_OBJECT = "\ufffc"  # where an image sat in the document


def _tidy(text: str) -> str:
    text = text.replace(_OBJECT, "").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plain_text_of_section(source: QTextDocument | QTextEdit) -> str:
    """The words of a rendered section, from its document or the browser showing it."""
    document = source.document() if isinstance(source, QTextEdit) else source
    return _tidy(document.toPlainText())


def plain_text_of_markdown(body: str, pack: ContentPack, path=None) -> str:
    """Markdown turned into the words a listener hears (no images are loaded)."""
    from kiosk.content.render import render  # the pipeline loads after the first frame

    html = render(body, path or pack.root, pack.root, pack.section_ids).html
    document = _TextOnlyDocument()
    document.setHtml(html)
    text = _tidy(document.toPlainText())
    document.deleteLater()
    return text


def plain_text_of_step(step: Step, pack: ContentPack, ticked: Set[str] | None = None) -> str:
    """A walkthrough step: its title, its body, then each checklist item."""
    parts = [step.title, plain_text_of_markdown(step.body, pack, step.path)]
    parts += [_item_text(item, pack, ticked) for item in step.checklist]
    stage = next((s for s in pack.walkthrough.stages if s.steps and s.steps[-1] is step), None)
    if stage is not None and stage.questions:  # "Check your understanding" ends the stage
        parts.append(pack.ui["check_title"])
        for question in stage.questions:
            parts += [question.text, *question.answers]
    return "\n\n".join(part for part in parts if part)


def plain_text_of_summary(pack: ContentPack, ticked: Set[str] | None = None) -> str:
    """The walkthrough's summary: title, introduction, then each stage's checklist items."""
    ui = pack.ui
    checklist = pack.walkthrough.checklist
    parts = [
        ui["summary_title"],
        ui["summary_intro" if checklist else "summary_empty"],
    ]
    for stage in pack.walkthrough.stages:
        items = [item for step in stage.steps for item in step.checklist]
        if items:
            parts.append(stage.title)
            parts += [_item_text(item, pack, ticked) for item in items]
    return "\n\n".join(part for part in parts if part)


def plain_text_of_walkthrough(pack: ContentPack, index: int, ticked: Set[str] | None = None) -> str:
    """What the walkthrough shows at `index`: a step, or the summary after the last step."""
    steps = pack.walkthrough.steps
    if 0 <= index < len(steps):
        return plain_text_of_step(steps[index], pack, ticked)
    return plain_text_of_summary(pack, ticked)


def _item_text(item, pack: ContentPack, ticked: Set[str] | None) -> str:
    if ticked is None:
        return item.text
    word = pack.ui["ticked" if item.id in ticked else "not_ticked"]
    return f"{item.text} ({word})" if word else item.text


class _TextOnlyDocument(QTextDocument):
    def loadResource(self, kind: int, url):  # noqa: N802 - Qt's API
        from PySide6.QtCore import QByteArray

        return QByteArray()
