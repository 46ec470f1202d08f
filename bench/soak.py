"""A long day in the waiting room: memory growth over 10,000 random interactions.

Builds the kiosk as `kiosk --windowed` does (kiosk mode attached, offscreen) and drives it
with a seeded random mix of what patients and the idle timer do: taps on tiles, swipes left
and right, Previous/Next, walkthrough steps (Next, Back, ticking a checklist item), the idle
reset (window.reset_patient_state()), language and text-size changes. Every Qt warning is
counted by a message handler. Memory is the resident set after a warm-up and at the end,
both after a garbage collection.

    python bench/soak.py [INTERACTIONS] [WARM_UP]      (defaults: 10000, 1000)
"""

from __future__ import annotations

import gc
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure, rss_bytes, use_private_environment  # noqa: E402

use_private_environment()

from PySide6.QtCore import QPoint, Qt, QTimer, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton  # noqa: E402

from kiosk import resources  # noqa: E402
from kiosk.app import build_window, create_application, load_content  # noqa: E402
from kiosk.logs import setup_logging  # noqa: E402
from kiosk.settings import load_settings  # noqa: E402

LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
SEED = 20_240_601


class QtWarnings:
    """Counts Qt's warnings (and worse), then hands each message on as before.

    The offscreen platform's "does not support propagateSizeHints()" notice is counted on its
    own: it says what this test platform lacks, not what the kiosk did (the kiosk's own
    handler drops it too, and pytest's qt_log_ignore ignores it).
    """

    def __init__(self):
        self.count = 0
        self.offscreen_notices = 0
        self.first: list[str] = []
        self.previous = qInstallMessageHandler(self.handle)

    def handle(self, mode, context, message):
        if "propagateSizeHints" in message:
            self.offscreen_notices += 1
        elif mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self.count += 1
            if len(self.first) < 5:
                self.first.append(message)
        if self.previous is not None:
            self.previous(mode, context, message)


class Patient:
    """One random action at a time, through the real widgets where a finger would go."""

    def __init__(self, app, window, rng: random.Random):
        self.app, self.window, self.rng = app, window, rng
        self.counts: dict[str, int] = {}

    def settle(self) -> None:
        """Let the screen paint what the last action changed."""
        for _ in range(2):
            self.app.processEvents()
        if self.window.renderer.busy():  # a long section still rendering in the worker
            deadline = time.monotonic() + 10
            while self.window.renderer.busy() and time.monotonic() < deadline:
                self.app.processEvents()

    def click(self, button: QAbstractButton) -> None:
        if button.isVisible() and button.isEnabled():
            QTest.mouseClick(button, LEFT, NO_MODIFIER, button.rect().center())

    def swipe(self, dx: int) -> None:
        window = self.window
        handle = window.windowHandle()
        start = QPoint(window.width() // 2 - dx // 2, window.height() // 2)
        QTest.mousePress(handle, LEFT, NO_MODIFIER, start)
        for step in range(1, 5):
            QTest.mouseMove(handle, start + QPoint(dx * step // 4, 0))
        QTest.mouseRelease(handle, LEFT, NO_MODIFIER, start + QPoint(dx, 0))

    def tap_tile(self) -> None:
        window = self.window
        if window.current_screen() != "home":
            self.click(window.top_bar.home_button)
            self.settle()
        tiles = window.home.tiles
        rows = tiles.model().rowCount()
        if rows:
            index = tiles.model().index(self.rng.randrange(rows), 0)
            tiles.scrollTo(index)
            self.settle()
            QTest.mouseClick(tiles.viewport(), LEFT, NO_MODIFIER, tiles.visualRect(index).center())

    def walkthrough(self) -> None:
        window = self.window
        if window.current_screen() != "walkthrough":
            if window.current_screen() != "home":
                self.click(window.top_bar.home_button)
                self.settle()
            self.click(window.home.walkthrough_button)
            return
        screen = window.walkthrough
        choice = self.rng.random()
        if choice < 0.6:
            self.click(screen.next_button)
        elif choice < 0.8:
            self.click(screen.back_button)
        else:
            boxes = [b for b in screen.findChildren(QAbstractButton) if b.isCheckable()]
            boxes = [b for b in boxes if b.isVisible()]
            if boxes:
                self.click(self.rng.choice(boxes))

    def previous_or_next(self) -> None:
        if self.window.current_screen() == "section":
            screen = self.window.section
            self.click(self.rng.choice([screen.previous_button, screen.next_button]))
        else:
            self.tap_tile()

    def act(self) -> None:
        window, rng = self.window, self.rng
        actions = [
            (30, "tile", self.tap_tile),
            (15, "swipe", lambda: self.swipe(rng.choice([-300, 300]))),
            (20, "previous/next", self.previous_or_next),
            (25, "walkthrough", self.walkthrough),
            (3, "idle reset", window.reset_patient_state),
            (3, "language", lambda: window.set_language(rng.choice(window.languages()))),
            (4, "text size", lambda: window.set_text_step(rng.randint(1, 5))),
        ]
        name, action = rng.choices(
            [(n, a) for _, n, a in actions], weights=[w for w, _, _ in actions]
        )[0]
        action()
        self.counts[name] = self.counts.get(name, 0) + 1
        self.settle()


def main(argv: list[str]) -> int:
    interactions = int(argv[0]) if argv else 10_000
    warm_up = int(argv[1]) if len(argv) > 1 else 1_000
    setup_logging(False)
    app = create_application()
    warnings = QtWarnings()
    settings = load_settings(None)
    library = load_content(resources.content_dir(), settings)
    window = build_window(settings, library, windowed=True)
    window.kiosk_mode.idle.stop()  # the random idle resets are ours; no timers firing midway
    patient = Patient(app, window, random.Random(SEED))
    memory: dict[str, float] = {}

    def measure() -> int:
        gc.collect()
        patient.settle()
        return rss_bytes()

    def tick() -> None:
        """One action per turn of the real event loop, so deleteLater() happens as in use."""
        done = sum(patient.counts.values())
        if done == warm_up:
            memory["before"], memory["started"] = measure(), time.monotonic()
        if done == warm_up + interactions // 2:
            memory["half"] = measure()
        if done == warm_up + interactions:
            window.reset_patient_state()
            QTimer.singleShot(50, finish)  # let deferred deletions run
            return
        patient.act()
        QTimer.singleShot(0, tick)

    def finish() -> None:
        memory["after"], memory["seconds"] = measure(), time.monotonic() - memory["started"]
        app.quit()

    QTimer.singleShot(0, tick)
    app.exec()
    figure("soak_rss_growth_mib", (memory["after"] - memory["before"]) / 2**20)
    figure("soak_rss_growth_second_half_mib", (memory["after"] - memory["half"]) / 2**20)
    figure("soak_qt_warnings", warnings.count)
    figure("soak_qt_offscreen_notices", warnings.offscreen_notices)
    figure("soak_interactions", interactions)
    figure("soak_seconds", memory["seconds"])
    figure("soak_rss_start_mib", memory["before"] / 2**20)
    figure("soak_rss_end_mib", memory["after"] / 2**20)
    for message in warnings.first:
        figure("soak_qt_warning", message.splitlines()[0])
    window.kiosk_mode.shutdown()
    window.renderer.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
