"""Only the top bar and the home screen before the first frame; the rest in idle time after
it, or on the first tap that needs it. Waits on conditions, never on the clock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.conftest import REPO

LEFT = Qt.MouseButton.LeftButton


def built_screens(window) -> set[str]:
    from kiosk.ui.section_screen import SectionScreen
    from kiosk.ui.takehome_screen import TakeHomeScreen
    from kiosk.ui.walkthrough_screen import WalkthroughScreen

    kinds = {"section": SectionScreen, "walkthrough": WalkthroughScreen, "takehome": TakeHomeScreen}
    return {name for name, kind in kinds.items() if window.findChildren(kind)}


def test_a_tap_before_the_other_screens_are_built_opens_the_section(
    qtbot, settings, bundled_library
):
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(settings, bundled_library)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    assert built_screens(window) == set()  # nothing but home before the first frame
    window.show()  # no event has been handled yet: the idle-time chain has not started
    tiles = window.home.tiles
    index = tiles.model().index(2, 0)
    QTest.mouseClick(
        tiles.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, tiles.visualRect(index).center()
    )
    assert window.current_screen() == "section"
    assert window.section.section_id == window.pack.sections[2].id
    qtbot.waitUntil(window.section.is_complete)
    assert window.pack.sections[2].title in window.section.browser.toPlainText()
    window.renderer.shutdown()


def test_every_screen_is_ready_in_idle_time_after_the_first_frame(qtbot, make_window):
    window = make_window()
    qtbot.waitUntil(lambda: built_screens(window) == {"section", "walkthrough", "takehome"})
    # built in the look of the moment: the section screen's words are the pack's
    assert window.section.next_button.text() == window.pack.ui["next_section"]
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    assert window.current_screen() == "walkthrough"


def test_the_sections_on_the_home_screen_are_rendered_in_idle_time(qtbot, make_window):
    from kiosk.ui.documents import PREFETCH_SECTIONS, section_key

    window = make_window()
    pack = window.pack
    shown = pack.sections[:PREFETCH_SECTIONS]
    assert len(pack.sections) > PREFETCH_SECTIONS  # the bundled pack has more than that
    qtbot.waitUntil(lambda: all(window.renderer.cached(section_key(pack, s.id)) for s in shown))
    assert window.renderer.cached(section_key(pack, pack.sections[-1].id)) is None
    # a tile opens its section from that HTML, complete at once: nothing rendered on the tap
    tiles = window.home.tiles
    last = len(shown) - 1
    index = tiles.model().index(last, 0)
    tiles.scrollTo(index)
    QTest.mouseClick(
        tiles.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, tiles.visualRect(index).center()
    )
    assert window.current_screen() == "section"
    assert window.section.is_complete()
    assert shown[last].title in window.section.browser.toPlainText()


FIRST_FRAME = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from kiosk import resources
    from kiosk.app import build_window, create_application, load_content
    from kiosk.settings import load_settings
    import kiosk.ui.window

    if sys.argv[1] == "no-engine":  # a kiosk where no text-to-speech plug-in is installed
        kiosk.ui.window.engine_installed = lambda engine="": False
    SPEECH = ("PySide6.QtTextToSpeech", "PySide6.QtMultimedia")
    app = create_application()
    settings = load_settings(None)
    window = build_window(settings, load_content(resources.content_dir(), settings), True)
    seen = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and "first_frame" not in seen:
                seen["first_frame"] = [m for m in SPEECH if m in sys.modules]
                seen["markdown_at_first_frame"] = "markdown" in sys.modules
            return False

    first_paint = FirstPaint()
    window.installEventFilter(first_paint)

    def check():
        screens = sys.modules.get("kiosk.ui.takehome_screen")  # the last one in idle time
        if screens is not None and window.findChildren(screens.TakeHomeScreen):
            seen["after_idle_time"] = [m for m in SPEECH if m in sys.modules]
            print(json.dumps(seen))
            window.kiosk_mode.shutdown()
            app.quit()

    timer = QTimer(interval=20)
    timer.timeout.connect(check)
    timer.start()
    app.exec()
    """
)


def run_first_frame(mode: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_speech_and_markdown_are_not_loaded_before_the_first_frame():
    seen = run_first_frame("engine")
    assert seen["first_frame"] == []
    assert seen["markdown_at_first_frame"] is False


def test_speech_never_loads_where_no_engine_is_installed():
    seen = run_first_frame("no-engine")
    assert seen["first_frame"] == []
    assert seen["after_idle_time"] == []  # every deferred screen is built, still no speech


RUN_TO_FIRST_FRAME = textwrap.dedent(
    """
    import gc, json, logging, sys
    import kiosk.app
    from kiosk.cli import run_parser

    LATER = ("kiosk.ui.documents", "kiosk.content.render", "PySide6.QtNetwork")
    build_window = kiosk.app.build_window
    seen = {}

    def watched_build_window(settings, library, windowed):
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication

        window = build_window(settings, library, windowed)

        class FirstPaint(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint and "at_first_frame" not in seen:
                    seen["at_first_frame"] = [m for m in LATER if m in sys.modules]
                    seen["icon_at_first_frame"] = not QGuiApplication.windowIcon().isNull()
                    seen["log_at_first_frame"] = log_files()
                return False

        def log_files():
            kinds = [type(h).__name__ for h in logging.getLogger().handlers]
            return [kind for kind in kinds if "File" in kind]

        def check():
            serving = window.findChild(QObject, "one-kiosk-server") is not None
            rotating = log_files() == ["RotatingFileHandler"]
            if serving and rotating and not QGuiApplication.windowIcon().isNull():
                seen["icon_after"] = not QGuiApplication.windowIcon().isNull()
                seen["garbage_collected_after"] = gc.isenabled()
                seen["after"] = [m for m in LATER if m in sys.modules]
                print(json.dumps(seen), flush=True)
                QApplication.instance().quit()

        window.first_paint = FirstPaint()
        window.installEventFilter(window.first_paint)
        window.check = QTimer(window, interval=20)
        window.check.timeout.connect(check)
        window.check.start()
        return window

    kiosk.app.build_window = watched_build_window
    sys.exit(kiosk.app.run(run_parser().parse_args(["--windowed"])))
    """
)


def test_the_kiosks_start_paints_home_before_the_rest(tmp_path):
    """kiosk --windowed as staff start it: the markdown pipeline, the socket that brings a
    running kiosk to the front, the window icon and the log's rotation come after the first
    frame, not before; and the garbage collector, off while it starts, is on again."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "XDG_"))}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    env.update(
        {f"XDG_{kind}_HOME": str(tmp_path / kind) for kind in ("CONFIG", "DATA", "STATE", "CACHE")}
    )
    done = subprocess.run(
        [sys.executable, "-c", RUN_TO_FIRST_FRAME],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["at_first_frame"] == []
    assert seen["icon_at_first_frame"] is False
    assert seen["icon_after"] is True
    assert "PySide6.QtNetwork" in seen["after"]
    assert seen["log_at_first_frame"] == ["FileHandler"]  # appended to; rotating comes later
    assert seen["garbage_collected_after"] is True


def test_work_waiting_for_a_paint_that_never_comes_still_runs(qtbot):
    """A kiosk whose screen is off as it starts: the idle reset and the watchdog's keep-alives
    must not wait for a first frame forever."""
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.first_frame import UNPAINTED_MS, after_first_paint

    never_shown = QWidget()
    qtbot.addWidget(never_shown)
    done: list[str] = []
    after_first_paint(never_shown, lambda: done.append("first"))
    after_first_paint(never_shown, lambda: done.append("second"))
    assert done == []  # nothing before the paint, or the fallback, comes
    qtbot.waitUntil(lambda: done == ["first", "second"], timeout=UNPAINTED_MS + 2000)


def test_urgent_work_runs_before_the_idle_time_work_asked_for_earlier(qtbot):
    """Watching for input and the watchdog's keep-alives do not wait behind the screens (and a
    speech engine) built in idle time."""
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.first_frame import after_first_paint, in_idle_time

    window = QWidget()
    qtbot.addWidget(window)
    done: list[str] = []
    in_idle_time(window, [lambda: done.append("screen"), lambda: done.append("speech")])
    after_first_paint(window, lambda: done.append("keep-alive"), urgent=True)
    after_first_paint(window, lambda: done.append("input"), urgent=True)
    window.show()
    qtbot.waitUntil(lambda: len(done) == 4)
    assert done == ["keep-alive", "input", "screen", "speech"]
