"""The yardstick: a bare PySide6 window, 1280x800, shown and painted once, then exit.

Prints `painted <time.monotonic()>` and `cpu_s <time.process_time()>` at its first complete
frame, and `peak_rss_kib <n>`.
"""

import os
import resource
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class FirstFrame(QObject):
    """Calls `done` once the first paint event of the watched window has been handled."""

    def __init__(self, done):
        super().__init__()
        self.done = done
        self.seen = False

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self.done)  # after this paint pass has finished and flushed
        return False


def finish():
    print(f"painted {time.monotonic()}")
    print(f"cpu_s {time.process_time()}")
    print(f"peak_rss_kib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    if os.environ.get("BENCH_EXIT_AT_FRAME") == "1":  # an instruction count stops here
        sys.stdout.flush()
        os._exit(0)
    QApplication.quit()


def main():
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1280, 800)
    first_frame = FirstFrame(finish)
    window.installEventFilter(first_frame)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
