"""Reading out loud: the Speaker with Qt's mock engine, and the words it is given."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest

from kiosk.ui import speech
from kiosk.ui.speech import (
    Speaker,
    plain_text_of_markdown,
    plain_text_of_section,
    plain_text_of_step,
    plain_text_of_summary,
    plain_text_of_walkthrough,
)

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def speaker(qapp):
    if "mock" not in speech.available_engines():
        pytest.skip("Qt's mock text-to-speech engine is not installed")
    speaker = Speaker("mock")
    yield speaker
    speaker.stop()
    speaker.deleteLater()


def mock_locales() -> list[QLocale]:
    from PySide6.QtTextToSpeech import QTextToSpeech

    engine = QTextToSpeech("mock")
    try:
        return list(engine.availableLocales())
    finally:
        engine.deleteLater()


def test_mock_engine_is_used_when_named(speaker):
    assert speaker.available()
    assert speaker.engine() == "mock"
    assert not speaker.is_speaking()


def test_speak_then_stop(qtbot, speaker):
    with qtbot.waitSignal(speaker.speakingChanged, check_params_cb=lambda on: on):
        speaker.speak("A long sentence that takes the mock engine a while to read.", "en")
    assert speaker.is_speaking()
    with qtbot.waitSignal(speaker.speakingChanged, check_params_cb=lambda on: not on):
        speaker.stop()
    assert not speaker.is_speaking()


def test_speaking_ends_by_itself(qtbot, speaker):
    with qtbot.waitSignals([speaker.speakingChanged, speaker.speakingChanged], timeout=10_000):
        speaker.speak("Hello", "en")
    qtbot.waitUntil(lambda: not speaker.is_speaking())


def test_blank_text_is_not_spoken(qtbot, speaker):
    with qtbot.assertNotEmitted(speaker.speakingChanged, wait=50):
        speaker.speak("  \n ", "en")
    assert not speaker.is_speaking()


def test_spanish_voice_when_the_engine_has_one(qtbot, speaker):
    spanish = [loc for loc in mock_locales() if loc.language() == QLocale.Language.Spanish]
    default = speaker.locale()
    with qtbot.waitSignal(speaker.speakingChanged):
        speaker.speak("Hola, bienvenido a la clínica.", "es")
    if spanish:
        assert speaker.locale().language() == QLocale.Language.Spanish
        assert speaker.has_voice_for("es")
    else:  # Qt's mock engine offers en, nb, nn and fi: the default voice reads it
        assert not speaker.has_voice_for("es")
        assert speaker.locale() == default
    speaker.stop()
    qtbot.waitUntil(lambda: not speaker.is_speaking())


def test_speak_picks_the_locale_of_the_language(qtbot, speaker):
    """Any language the mock engine offers besides its default one, e.g. Finnish."""
    default = speaker.locale()
    other = next(loc for loc in mock_locales() if loc.language() != default.language())
    code = QLocale.languageToCode(other.language())
    with qtbot.waitSignal(speaker.speakingChanged):
        speaker.speak("Tekstiä", code)
    assert speaker.locale().language() == other.language()
    assert speaker.voice_name()
    speaker.stop()
    qtbot.waitUntil(lambda: not speaker.is_speaking())
    # and back to the engine's own language for the next page
    with qtbot.waitSignal(speaker.speakingChanged):
        speaker.speak("Text", QLocale.languageToCode(default.language()))
    assert speaker.locale().language() == default.language()


def test_locale_for_unknown_or_empty_language(speaker):
    assert speaker.locale_for("") is None
    assert speaker.locale_for("zz") is None
    assert speaker.locale_for("en_GB").name() == "en_GB"


def test_an_engine_that_is_not_installed_falls_back_to_the_default(qapp, qtlog, caplog):
    speaker = Speaker("no-such-engine")
    assert speaker.engine() == Speaker("").engine()
    assert speaker.engine() != "mock"
    assert "no-such-engine" in caplog.text
    assert not qtlog.records


def test_without_an_engine_nothing_happens(qtbot, qapp, qtlog, monkeypatch):
    monkeypatch.setattr(speech, "available_engines", lambda: [])
    speaker = Speaker()
    assert not speaker.available()
    assert speaker.engine() == ""
    assert speaker.locale() is None and speaker.locale_for("en") is None
    with qtbot.assertNotEmitted(speaker.speakingChanged, wait=20):
        speaker.speak("Hello", "en")
        speaker.stop()
    assert not speaker.is_speaking()
    assert not qtlog.records


def test_default_engine_never_prints_qt_warnings(qapp, qtlog):
    """Here speechd may be installed without its service: the Listen button just stays hidden."""
    speaker = Speaker()
    assert speaker.engine() != "mock"
    assert speaker.available() == (speaker.engine() != "")
    assert not qtlog.records
    speaker.deleteLater()


def test_no_text_to_speech_module(qapp, monkeypatch):
    """Without libpulse0 (or QtTextToSpeech) the import fails: no engine, no crash."""
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)
    monkeypatch.setattr(speech, "_tts_class", speech._UNSET)
    assert speech.available_engines() == []
    speaker = Speaker("mock")
    assert not speaker.available()
    speaker.speak("Hello", "en")
    assert not speaker.is_speaking()


# -- the words to read ---------------------------------------------------------------------
def test_section_text_from_browser_and_document(window, bundled_library):
    pack = bundled_library.pack("en")
    section = pack.sections[0]
    window.open_section(section.id)
    text = plain_text_of_section(window.section.browser)
    assert text == plain_text_of_section(window.section.browser.document())
    assert text.startswith(section.title)
    assert "\ufffc" not in text and "<" not in text
    assert len(text.split()) > 20


def test_step_text_has_title_body_and_checklist(bundled_library):
    pack = bundled_library.pack("en")
    step = next(s for s in pack.walkthrough.steps if s.checklist)
    text = plain_text_of_step(step, pack)
    assert text.startswith(step.title)
    body = plain_text_of_markdown(step.body, pack, step.path)
    assert body and body in text
    for item in step.checklist:
        assert item.text in text
    assert text.index(body) < text.index(step.checklist[0].text)


def test_the_last_step_of_a_stage_reads_its_questions_and_answers(bundled_library):
    pack = bundled_library.pack("es")
    stage = next(stage for stage in pack.walkthrough.stages if stage.questions)
    text = plain_text_of_step(stage.steps[-1], pack)
    question = stage.questions[0]
    assert pack.ui["check_title"] in text
    assert text.index(question.text) < text.index(question.answers[-1])
    assert pack.ui["check_title"] not in plain_text_of_step(stage.steps[0], pack)


def test_ticked_items_say_so(bundled_library):
    pack = bundled_library.pack("es")
    step = next(s for s in pack.walkthrough.steps if len(s.checklist) >= 2)
    first, second = step.checklist[:2]
    text = plain_text_of_step(step, pack, ticked={first.id})
    assert f"{first.text} ({pack.ui['ticked']})" in text
    assert f"{second.text} ({pack.ui['not_ticked']})" in text


def test_summary_text(bundled_library):
    pack = bundled_library.pack("en")
    text = plain_text_of_summary(pack)
    assert text.startswith(pack.ui["summary_title"])
    for stage in pack.walkthrough.stages:
        has_tasks = any(step.checklist for step in stage.steps)
        assert (stage.title in text) is has_tasks  # a stage with only instructions is left out
    for item in pack.walkthrough.checklist:
        assert item.text in text
    steps = len(pack.walkthrough.steps)
    assert plain_text_of_walkthrough(pack, steps) == text
    assert plain_text_of_walkthrough(pack, 0) == plain_text_of_step(pack.walkthrough.steps[0], pack)


def test_markdown_text_reads_alt_text_of_web_images(bundled_library):
    pack = bundled_library.pack("en")
    text = plain_text_of_markdown(
        "Look ![a picture](https://example.org/x.png) **here** and [there](side-effects.md).",
        pack,
    )
    assert text == "Look a picture here and there."


# -- pause, resume, repeat, volume: through the top bar, as a patient uses them ----------------
LONG_READ = "# Rest\n\n" + "Rest well after your visit and drink plenty of water. " * 12 + "\n"


@pytest.fixture
def reading_window(make_window, settings, tmp_path):
    if "mock" not in speech.available_engines():
        pytest.skip("Qt's mock text-to-speech engine is not installed")
    from kiosk.content import load_library

    (tmp_path / "content" / "en").mkdir(parents=True)
    (tmp_path / "content" / "en" / "rest.md").write_text(LONG_READ, encoding="utf-8")
    window = make_window(
        library=load_library(tmp_path / "content"),
        settings_=settings.replace(speech_engine="mock"),
    )
    window.open_section("rest.md")
    yield window
    window.speaker.stop()


def test_the_speech_controls_show_only_while_reading(qtbot, reading_window):
    window, bar = reading_window, reading_window.top_bar
    assert not any(button.isVisible() for button in bar.speech_controls)
    with qtbot.waitSignal(window.speaker.speakingChanged):
        qtbot.mouseClick(bar.listen_button, LEFT)
    assert all(button.isVisible() for button in bar.speech_controls)
    assert bar.listen_button.text() == "Stop"
    with qtbot.waitSignal(window.speaker.speakingChanged):
        qtbot.mouseClick(bar.listen_button, LEFT)
    assert not any(button.isVisible() for button in bar.speech_controls)


def test_pause_then_resume(qtbot, reading_window):
    window, bar = reading_window, reading_window.top_bar
    with qtbot.waitSignal(window.speaker.speakingChanged):
        qtbot.mouseClick(bar.listen_button, LEFT)
    with qtbot.waitSignal(window.speaker.pausedChanged, check_params_cb=lambda on: on):
        qtbot.mouseClick(bar.pause_button, LEFT)
    assert not window.speaker.is_speaking()  # not heard: the idle time may run again
    assert not window.session.speaking
    assert bar.pause_button.text() == "Resume"
    assert bar.listen_button.isChecked()  # the reading is held, not ended: Stop still shows
    with qtbot.waitSignal(window.speaker.speakingChanged, check_params_cb=lambda on: on):
        qtbot.mouseClick(bar.pause_button, LEFT)
    assert bar.pause_button.text() == "Pause"
    assert window.session.speaking


def test_repeat_reads_the_page_again_from_the_start(qtbot, reading_window):
    window, bar = reading_window, reading_window.top_bar
    said: list[str] = []
    tts = window.speaker._tts
    tts.sayingWord.connect(lambda word, _id, _start, _length: said.append(word))
    with qtbot.waitSignal(window.speaker.speakingChanged):
        qtbot.mouseClick(bar.listen_button, LEFT)
    qtbot.waitUntil(lambda: len(said) >= 4)
    qtbot.mouseClick(bar.repeat_button, LEFT)
    count = len(said)
    qtbot.waitUntil(lambda: len(said) > count)
    assert said[count] == said[0] == "Rest"  # the first word again
    assert window.speaker.is_speaking()


def test_the_volume_button_goes_round_three_steps(qtbot, reading_window):
    window, bar = reading_window, reading_window.top_bar
    with qtbot.waitSignal(window.speaker.speakingChanged):
        qtbot.mouseClick(bar.listen_button, LEFT)
    assert window.speaker.volume() == pytest.approx(speech.VOLUMES[2], abs=0.01)
    heard = []
    for _ in range(3):
        qtbot.mouseClick(bar.volume_button, LEFT)
        heard.append(round(window.speaker.volume(), 2))
        assert bar.volume_button.accessibleDescription().startswith(
            f"Volume {window.session.volume_step} of 3"
        )
    assert heard == [speech.VOLUMES[3], speech.VOLUMES[1], speech.VOLUMES[2]]


def test_selecting_something_stops_the_reading(qtbot, make_window, settings):
    if "mock" not in speech.available_engines():
        pytest.skip("Qt's mock text-to-speech engine is not installed")
    window = make_window(settings_=settings.replace(speech_engine="mock"))
    window.start_walkthrough()
    walkthrough, bar = window.walkthrough, window.top_bar
    while not walkthrough.items:
        qtbot.mouseClick(walkthrough.next_button, LEFT)
    with qtbot.waitSignal(window.speaker.speakingChanged):
        qtbot.mouseClick(bar.listen_button, LEFT)

    def finger(widget) -> None:
        """A tap through the window, as the screen delivers it, where the widget is now
        (the speech controls may have moved the top bar's controls to a second row)."""
        window.layout().activate()
        where = widget.mapTo(window, widget.rect().center())
        QTest.mouseClick(window.windowHandle(), LEFT, Qt.KeyboardModifier.NoModifier, where)

    finger(bar.volume_button)  # the speech controls keep it going
    assert window.session.volume_step == 3
    assert window.speaker.is_speaking()
    item = walkthrough.items[0]
    walkthrough.step_scroll.ensureWidgetVisible(item)  # scrolled to, as a finger would
    with qtbot.waitSignal(window.speaker.speakingChanged, check_params_cb=lambda on: not on):
        finger(item)  # a tick box: a selection
    assert item.isChecked()
    assert not bar.listen_button.isChecked()


def test_an_engine_is_found_by_its_plug_in_file_without_loading_speech(tmp_path):
    plugins = tmp_path / "texttospeech"
    plugins.mkdir()
    assert not speech.engine_installed("", [str(tmp_path)])
    (plugins / "libqtexttospeech_mock.so").write_bytes(b"")
    assert not speech.engine_installed("", [str(tmp_path)])  # Qt's test engine is no voice
    assert speech.engine_installed("mock", [str(tmp_path)])
    (plugins / "libqtexttospeech_speechd.so").write_bytes(b"")
    assert speech.engine_installed("", [str(tmp_path)])
    assert not speech.engine_installed("", [str(tmp_path / "elsewhere")])


def test_an_engine_whose_system_library_is_missing_is_not_loaded(qapp, monkeypatch, tmp_path):
    """Qt's speech-dispatcher plug-in without libspeechd cannot speak; finding that out by
    loading it costs QtTextToSpeech and QtMultimedia (and on some machines a frozen screen),
    so the library is looked for first and Listen stays hidden."""
    plugins = tmp_path / "texttospeech"
    plugins.mkdir()
    (plugins / "libqtexttospeech_speechd.so").write_bytes(b"")
    (plugins / "libqtexttospeech_mock.so").write_bytes(b"")
    folders = [str(tmp_path)]
    monkeypatch.setitem(speech.ENGINE_LIBRARIES, "speechd", "libkiosk-test-missing.so.9")
    assert speech.missing_library("", folders) == "libkiosk-test-missing.so.9"
    assert speech.missing_library("speechd", folders) == "libkiosk-test-missing.so.9"
    assert speech.missing_library("mock", folders) is None  # Qt's test engine needs nothing
    monkeypatch.setitem(speech.ENGINE_LIBRARIES, "speechd", "libc.so.6")  # present everywhere
    assert speech.missing_library("", folders) is None

    monkeypatch.setitem(speech.ENGINE_LIBRARIES, "speechd", "libkiosk-test-missing.so.9")
    monkeypatch.setattr(speech, "installed_engines", lambda folders=None: {"speechd", "mock"})

    def must_not_load():
        raise AssertionError("QtTextToSpeech was loaded")

    monkeypatch.setattr(speech, "text_to_speech_class", must_not_load)
    speaker = Speaker()
    assert not speaker.available()
    speaker.speak("Hello", "en")  # nothing happens, nothing breaks
    assert not speaker.is_speaking()
