"""Tap to painted: from a tap on a tile or the Next button to the section on screen.

Builds the kiosk as `kiosk --windowed` does (1280x800, kiosk mode attached, offscreen), then
for every bundled section of every language: a tap on its home tile (first visit: the
markdown is rendered then), a tap on Next through all sections, and tiles once more (warm).
Each sample runs from just before the synthetic click (QTest.mouseClick) to the return of
the event-loop pass that painted the section's text (a paint event on its viewport).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure, percentile, use_private_environment  # noqa: E402

use_private_environment()

from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from kiosk import resources  # noqa: E402
from kiosk.app import build_window, create_application, load_content  # noqa: E402
from kiosk.logs import setup_logging  # noqa: E402
from kiosk.settings import load_settings  # noqa: E402

LEFT = Qt.MouseButton.LeftButton


class PaintSeen(QObject):
    def __init__(self):
        super().__init__()
        self.seen = False

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def settle(app) -> None:
    for _ in range(3):
        app.processEvents()


def timed_tap(app, widget, pos, painted: PaintSeen) -> float:
    """Milliseconds from the click to the end of the pass that painted the section."""
    settle(app)
    painted.seen = False
    started = time.perf_counter()
    QTest.mouseClick(widget, LEFT, Qt.KeyboardModifier.NoModifier, pos)
    deadline = started + 10
    while not painted.seen and time.perf_counter() < deadline:
        app.processEvents()
    if not painted.seen:
        raise RuntimeError("the section was never painted")
    return (time.perf_counter() - started) * 1000


def tile_pass(app, window, painted) -> list[float]:
    samples = []
    tiles = window.home.tiles
    for row in range(len(window.pack.sections)):
        window.go_home()
        settle(app)
        index = tiles.model().index(row, 0)
        tiles.scrollTo(index)
        settle(app)
        samples.append(timed_tap(app, tiles.viewport(), tiles.visualRect(index).center(), painted))
        if window.section.section_id != window.pack.sections[row].id:
            raise RuntimeError(f"tile {row} did not open its section")
    return samples


def next_pass(app, window, painted) -> list[float]:
    samples = []
    window.open_section(window.pack.sections[0].id)
    button = window.section.next_button
    while button.isVisible():  # hidden on the last section (no dead taps)
        samples.append(timed_tap(app, button, button.rect().center(), painted))
    return samples


def main() -> int:
    setup_logging(False)  # to the (private) log file, as the kiosk does
    app = create_application()
    settings = load_settings(None)
    library = load_content(resources.content_dir(), settings)
    window = build_window(settings, library, windowed=True)
    painted = PaintSeen()
    window.section.browser.viewport().installEventFilter(painted)
    settle(app)
    cold, warm = [], []
    for lang in window.languages():
        window.set_language(lang)
        cold += tile_pass(app, window, painted)
    for lang in window.languages():
        window.set_language(lang)
        warm += next_pass(app, window, painted)
        warm += tile_pass(app, window, painted)
    everything = cold + warm
    figure("section_switch_p95_ms", percentile(everything, 0.95))
    figure("section_switch_cold_p95_ms", percentile(cold, 0.95))
    figure("section_switch_warm_p95_ms", percentile(warm, 0.95))
    figure("section_switch_max_ms", max(everything))
    figure("section_switch_samples", len(everything))
    window.kiosk_mode.shutdown()
    window.renderer.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
