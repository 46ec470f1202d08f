"""What the idle warning's countdown costs while it shows, per second of countdown.

Builds the kiosk as `kiosk --windowed` does (1280x800, kiosk mode attached, offscreen), waits
until the home screen is painted and the work that follows it is done, then lets the idle
time run out for real (shortened to 0.1 s) with a long warning, and measures the process's
CPU time over each one-second countdown tick, the label's new text painted included.

idle_countdown_cpu_ms_per_s     median CPU milliseconds per one-second tick (TICKS ticks), timed
                                with no event filter of the benchmark's own installed
idle_countdown_paints_per_tick  paint events per tick, every widget of the window counted (an
                                application event filter, over PAINT_TICKS earlier ticks)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure, median, use_private_environment  # noqa: E402

use_private_environment()

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk import resources  # noqa: E402
from kiosk.app import build_window, create_application, load_content  # noqa: E402
from kiosk.logs import setup_logging  # noqa: E402
from kiosk.settings import load_settings  # noqa: E402

TICKS = 9  # one-second ticks timed for CPU
PAINT_TICKS = 3  # one-second ticks whose paint events are counted (before the timed ones)
WARNING_SECONDS = PAINT_TICKS + TICKS + 8


class Paints(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def run_for(seconds: float) -> None:
    """The real event loop, as the kiosk runs it (it sleeps until there is work)."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def main() -> int:
    setup_logging(False)  # to the (private) log file, as the kiosk does
    app = create_application()
    settings = load_settings(None)
    library = load_content(resources.content_dir(), settings)
    window = build_window(settings, library, windowed=True)
    run_for(2.0)  # home painted, and everything deferred after it built
    idle = window.kiosk_mode.idle
    idle.warning_s = WARNING_SECONDS
    ticks: list[tuple[float, int]] = []
    paints = Paints()
    counting = PAINT_TICKS + 2  # the opening tick, then PAINT_TICKS steady ones counted

    def tick(_left: int) -> None:
        ticks.append((time.process_time(), paints.count))
        if len(ticks) == counting:  # the counter itself costs CPU: gone before CPU is timed
            app.removeEventFilter(paints)
        if len(ticks) >= counting + TICKS + 1:
            loop.quit()

    idle.countdown.connect(tick)
    app.installEventFilter(paints)
    idle.set_idle_ms(100)
    loop = QEventLoop()
    QTimer.singleShot((WARNING_SECONDS + 5) * 1000, loop.quit)
    loop.exec()
    app.removeEventFilter(paints)
    if len(ticks) < counting + TICKS + 1:
        raise RuntimeError(f"only {len(ticks)} countdown ticks were seen")
    # the first tick opens the warning; paints are counted over the steady ones after it,
    # CPU over the ticks after those, with no event filter of the benchmark's own installed
    counted = ticks[1:counting]
    timed = ticks[counting:]
    painted = [b[1] - a[1] for a, b in zip(counted, counted[1:], strict=False)]
    cpu = [(b[0] - a[0]) * 1000 for a, b in zip(timed, timed[1:], strict=False)]
    figure("idle_countdown_cpu_ms_per_s", median(cpu))
    figure("idle_countdown_paints_per_tick", median(painted))
    idle.stop()
    window.kiosk_mode.shutdown()
    QApplication.instance().processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
