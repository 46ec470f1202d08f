"""The kiosk's own start-up, unchanged, timed to its first painted home screen; then exit.

    python bench/launch_kiosk.py [kiosk arguments]     (default: --windowed)

Runs `kiosk.app.run` exactly as `kiosk --windowed` does (logging, settings, content, Qt, the
window with kiosk mode, the event loop). The only addition is made from outside: the window
that `build_window` returns gets an event filter that, once its first paint has been handled,
prints `painted <time.monotonic()>`, `cpu_s <time.process_time()>` (both at the first frame)
and `peak_rss_kib <n>`, and quits. With BENCH_VISIT_ALL=1
it first opens every section and walkthrough step of every language, for peak memory.

The same file is the entry of the frozen benchmark build (bench/kiosk-bench.spec).
"""

import os
import resource
import sys
import time

if not getattr(sys, "frozen", False):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

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


def main() -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    build_window = kiosk.app.build_window

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

        def finish(self):
            painted, cpu = time.monotonic(), time.process_time()
            app = QApplication.instance()
            if os.environ.get("BENCH_VISIT_ALL") == "1":
                visit_all(self.window, app)
            print(f"painted {painted}")
            print(f"cpu_s {cpu}")
            print(f"peak_rss_kib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
            sys.stdout.flush()
            app.quit()

    def timed_build_window(settings, library, windowed):
        window = build_window(settings, library, windowed)
        window.installEventFilter(FirstFrame(window))
        return window

    kiosk.app.build_window = timed_build_window
    args = run_parser().parse_args(sys.argv[1:] or ["--windowed"])
    return kiosk.app.run(args)


if __name__ == "__main__":
    sys.exit(main())
