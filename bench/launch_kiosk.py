"""The kiosk's own start-up, unchanged, timed to its first painted home screen; then exit.

    python bench/launch_kiosk.py [kiosk arguments]     (default: --windowed)

Runs `kiosk.app.run` exactly as `kiosk --windowed` does (logging, settings, content, Qt, the
window with kiosk mode, the event loop). The only addition is made from outside: the window
that `build_window` returns gets an event filter that, once its first paint has been handled,
prints `painted <time.monotonic()>`, `cpu_s <time.process_time()>` (both at the first frame)
and `peak_rss_kib <n>`, and quits. With BENCH_VISIT_ALL=1
it first opens every section and walkthrough step of every language, for peak memory. With
BENCH_FIRST_TAP=1 it waits a second after the first frame (no person taps sooner), taps the
first home tile and prints `first_tap_ms <n>` and `first_tap_cpu_ms <n>`: from the click to
the end of the event-loop pass that painted the section's text. With BENCH_STAY=1 it keeps
running after the first frame, idle, until it is killed.

The same file is the entry of the frozen benchmark build (bench/kiosk-bench.spec).
"""

import gc
import os
import resource
import sys
import time

if not getattr(sys, "frozen", False):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

gc.disable()  # as kiosk.cli.main does before it imports the app (kiosk.app.run re-enables it)
import kiosk.app  # noqa: E402
from kiosk.cli import run_parser  # noqa: E402


def settle(app, rounds: int = 3) -> None:
    for _ in range(rounds):
        app.processEvents()


def visit_all(window, app) -> None:
    """Every section and walkthrough step of every language, painted on screen."""
    deadline = time.monotonic() + 120
    for lang in window.languages():
        window.set_language(lang)
        window.go_home()
        settle(app)
        for section in window.pack.sections:
            window.open_section(section.id)
            while not window.section.is_complete() and time.monotonic() < deadline:
                app.processEvents()
            settle(app)
        if window.pack.walkthrough.steps:
            window.start_walkthrough()
            settle(app)
            for _ in window.pack.walkthrough.steps:
                window.walkthrough.go_next()
                settle(app)
        window.go_home()
        settle(app)


def first_tap(window, app) -> tuple[float, float]:
    """Milliseconds from a click on the first tile to the section's text painted: wall
    clock and CPU time (steadier on a busy machine)."""
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest

    class Paints(QObject):
        def __init__(self):
            super().__init__()
            self.painted = []

        def eventFilter(self, watched, event):  # noqa: N802 - Qt's API
            if event.type() == QEvent.Type.Paint:
                self.painted.append(watched)
            return False

    paints = Paints()
    app.installEventFilter(paints)  # watches every widget, built yet or not
    tiles = window.home.tiles
    index = tiles.model().index(0, 0)
    started, cpu = time.perf_counter(), time.process_time()
    QTest.mouseClick(
        tiles.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        tiles.visualRect(index).center(),
    )  # fmt: skip
    deadline = started + 10
    while time.perf_counter() < deadline:
        app.processEvents()
        if window.current_screen() == "section":
            viewport = window.section.browser.viewport()
            if any(widget is viewport for widget in paints.painted):
                break
    else:
        raise RuntimeError("the first section was never painted")
    elapsed = (time.perf_counter() - started) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    app.removeEventFilter(paints)
    return elapsed, cpu_ms


def first_frame_filter(window):
    """The event filter that prints the first frame's figures. Qt is imported here, once the
    kiosk has imported it, so the kiosk's own modules load in the order they do in use."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstFrame(QObject):
        def __init__(self, window):
            super().__init__(window)
            self.window = window
            self.seen = False

        def eventFilter(self, watched, event):  # noqa: N802 - Qt's API
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                QTimer.singleShot(0, self.finish)  # after this paint pass has been flushed
            return False

        def tap(self):
            wall, cpu = first_tap(self.window, QApplication.instance())
            print(f"first_tap_ms {wall}")
            print(f"first_tap_cpu_ms {cpu}")
            sys.stdout.flush()
            QApplication.instance().quit()

        def finish(self):
            painted, cpu = time.monotonic(), time.process_time()
            app = QApplication.instance()
            if os.environ.get("BENCH_VISIT_ALL") == "1":
                visit_all(self.window, app)
            print(f"painted {painted}")
            print(f"cpu_s {cpu}")
            print(f"peak_rss_kib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
            sys.stdout.flush()
            if os.environ.get("BENCH_EXIT_AT_FRAME") == "1":  # an instruction count stops here
                os._exit(0)
            if os.environ.get("BENCH_FIRST_TAP") == "1":
                QTimer.singleShot(1000, self.tap)
            elif os.environ.get("BENCH_STAY") != "1":  # stays: bench/vs_chromium.py measures it
                app.quit()

    return FirstFrame(window)


def main() -> int:
    build_window = kiosk.app.build_window

    def timed_build_window(settings, library, windowed):
        window = build_window(settings, library, windowed)
        window.installEventFilter(first_frame_filter(window))
        return window

    kiosk.app.build_window = timed_build_window
    args = run_parser().parse_args(sys.argv[1:] or ["--windowed"])
    return kiosk.app.run(args)


if __name__ == "__main__":
    sys.exit(main())
