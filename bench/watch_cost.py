"""The content watcher's own cost on a big pack: one pass of setting up its watches.

    python bench/watch_cost.py [N]      (default: 20000)

watch_N_ms      CPU milliseconds of ContentWatcher._watch (what it does once the home screen
                is painted, and again after each change) for a generated folder of N sections.
watch_N_paths   how many paths it asks the system to watch (inotify watches on Linux).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure, use_private_environment  # noqa: E402
from make_content import generate  # noqa: E402


def main(argv: list[str]) -> int:
    use_private_environment()
    from kiosk.app import create_application
    from kiosk.content import load_library
    from kiosk.settings import Settings
    from kiosk.ui.kiosk_mode.content_watcher import ContentWatcher
    from kiosk.ui.window import KioskWindow

    size = int(argv[0]) if argv else 20000
    app = create_application()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-watch-") as tmp:
        folder = generate(Path(tmp) / "content", size)
        settings = Settings.defaults(Path(tmp) / "kiosk.toml")
        window = KioskWindow(settings, load_library(folder, "en"))
        watcher = ContentWatcher(window, folder, "en")  # the window is never shown: no pass yet
        started = time.process_time()
        watcher._watch()
        figure(f"watch_{size}_ms", (time.process_time() - started) * 1000)
        figure(f"watch_{size}_paths", len(watcher.watched()))
        watcher.stop()
        window.renderer.shutdown()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
