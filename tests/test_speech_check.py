"""A speech engine is tried in another process (`kiosk speech-check`) before the kiosk loads
it: an engine whose sound system does not answer costs the Listen button, never a frozen
screen."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QProcess, Qt

from kiosk import cli
from kiosk.ui import speech, speech_check
from kiosk.ui import window as window_module
from kiosk.ui.screens import Screen
from kiosk.ui.speech_check import SpeechProbe

LEFT = Qt.MouseButton.LeftButton
HANGS = [sys.executable, "-c", "import time; time.sleep(60)"]


def needs_mock():
    if "mock" not in speech.available_engines():
        pytest.skip("Qt's mock text-to-speech engine is not installed")


# -- kiosk speech-check -------------------------------------------------------------------
def test_the_check_says_the_engine_can_read_aloud(qapp, capsys):
    needs_mock()
    assert cli.main(["speech-check", "--engine", "mock"]) == 0
    assert "speech: ready (engine mock)" in capsys.readouterr().out


def test_the_check_says_why_not(qapp, capsys, monkeypatch):
    monkeypatch.setattr(speech, "missing_library", lambda engine="": "libspeechd.so.2")
    assert cli.main(["speech-check", "--engine", ""]) == 1
    said = capsys.readouterr()
    assert "cannot read aloud" in said.out
    assert "libspeechd.so.2 is not installed" in said.err


# -- the probe ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("command", "ok"),
    [
        ([sys.executable, "-c", "pass"], True),
        ([sys.executable, "-c", "import sys; sys.exit('no engine here')"], False),
        (["/nonexistent/kiosk-speech-check"], False),
    ],
    ids=["started", "refused", "no such program"],
)
def test_the_probe_reports_what_the_check_found(qtbot, command, ok):
    probe = SpeechProbe("", command=command)
    with qtbot.waitSignal(probe.finished, timeout=10_000) as result:
        probe.start()
    assert result.args == [ok]


def test_a_check_that_does_not_answer_is_stopped(qtbot, caplog):
    probe = SpeechProbe("", command=HANGS, timeout_s=0.5)
    with qtbot.waitSignal(probe.finished, timeout=5_000) as result:
        probe.start()
    assert result.args == [False]
    qtbot.waitUntil(lambda: probe.process.state() == QProcess.ProcessState.NotRunning)
    assert "did not start within 0.5 s" in caplog.text


def test_the_kiosk_runs_its_own_check(qtbot):
    needs_mock()
    probe = SpeechProbe("mock")
    assert probe.command[-2:] == ["speech-check", "--engine=mock"]
    with qtbot.waitSignal(probe.finished, timeout=30_000) as result:
        probe.start()
    assert result.args == [True]


# -- in the window ---------------------------------------------------------------------------
@pytest.fixture
def a_real_engine(monkeypatch):
    """An engine installed here that is checked before it is loaded, as a real one is."""
    monkeypatch.setattr(window_module, "engine_installed", lambda engine="": True)
    monkeypatch.setattr(window_module, "missing_library", lambda engine="": None)
    monkeypatch.setattr(window_module, "needs_check", lambda engine: True)


def test_an_engine_whose_check_hangs_is_never_loaded_and_the_screen_answers(
    qtbot, make_window, settings, a_real_engine, monkeypatch, caplog
):
    monkeypatch.setattr(speech_check, "kiosk_command", lambda args: HANGS)
    monkeypatch.setattr(speech_check, "PROBE_SECONDS", 1.0)

    def must_not_load():
        raise AssertionError("the engine was loaded in the kiosk")

    monkeypatch.setattr(speech, "text_to_speech_class", must_not_load)
    caplog.set_level(logging.INFO)
    window = make_window(settings_=settings.replace(speech_engine=""))
    qtbot.waitUntil(lambda: window._speech_probe is not None)
    probe = window._speech_probe
    # while the check runs: a tap opens a section at once, no Listen is offered, and spoken
    # guidance loads nothing
    tiles = window.home.tiles
    qtbot.mouseClick(
        tiles.viewport(), LEFT, pos=tiles.visualRect(tiles.model().index(0, 0)).center()
    )
    assert window.current_screen() == Screen.SECTION
    assert not window.top_bar.listen_button.isVisible()
    window.keypad.say("Home")
    with qtbot.waitSignal(probe.finished, timeout=5_000) as result:
        pass
    assert result.args == [False]
    assert not window.top_bar.listen_button.isEnabled()
    assert not window.top_bar.listen_button.isVisible()
    assert not window.speech_available()
    assert "did not start within 1 s" in caplog.text


def test_an_engine_that_passes_its_check_is_offered(
    qtbot, make_window, settings, a_real_engine, monkeypatch
):
    needs_mock()
    monkeypatch.setattr(speech_check, "kiosk_command", lambda args: [sys.executable, "-c", "pass"])
    window = make_window(settings_=settings.replace(speech_engine="mock"))
    assert not window.top_bar.listen_button.isEnabled()  # not before the check has passed
    window.open_section(window.pack.sections[0].id)
    qtbot.waitUntil(lambda: window.top_bar.listen_button.isVisible(), timeout=10_000)
    assert window.speaker.available()
    assert window.speech_available()
