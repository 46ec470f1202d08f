"""The windowed kiosk, run as `kiosk --windowed` runs it, touring its screens, then exiting.

    python tests/kiosk_for_a_while.py SECONDS [kiosk arguments]

Used by tests that watch the whole process from outside (strace). For the first part of the
run a timer opens every section, steps through the walkthrough, changes the text size, the
contrast and the language, as a patient would; then it is left alone, so the idle warning,
the reset and the attract screen come by themselves. After SECONDS the kiosk quits.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import kiosk.app  # noqa: E402
from kiosk.cli import run_parser  # noqa: E402


def tour(window):
    """One patient's actions, one per tick."""
    for lang in window.languages():
        yield lambda lang=lang: window.set_language(lang)
        for section in window.pack.sections:
            yield lambda section=section: window.open_section(section.id)
        yield window.start_walkthrough
        for _ in window.pack.walkthrough.steps:
            yield window.walkthrough.go_next
        yield lambda: window.set_text_step(5)
        yield lambda: window.set_high_contrast(True)
        yield lambda: window.set_text_step(2)
        yield lambda: window.set_high_contrast(False)
        yield window.go_home


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seconds = float(sys.argv[1])
    build_window = kiosk.app.build_window

    def touring_build_window(settings, library, windowed):
        window = build_window(settings, library, windowed)
        steps = tour(window)
        ticker = QTimer(window, interval=100)
        ticker.setObjectName("tour")

        def tick():
            action = next(steps, None)
            if action is None:
                ticker.stop()
                print("toured", flush=True)
            else:
                action()

        ticker.timeout.connect(tick)
        ticker.start()
        QTimer.singleShot(round(seconds * 1000), QApplication.instance().quit)
        return window

    kiosk.app.build_window = touring_build_window
    return kiosk.app.run(run_parser().parse_args(["--windowed", *sys.argv[2:]]))


if __name__ == "__main__":
    sys.exit(main())
