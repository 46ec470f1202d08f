"""All the kiosk's performance figures, one `name: value` line each (`make bench`).

Figures are printed, never asserted: docs/performance.md lists the goals and the figures
from a reference machine. Each part runs in fresh processes, offscreen, with private user
folders. BENCH_RUNS sets the number of start-up runs of each kind (default 7).
"""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BENCH, PYTHON, figure, private_environment  # noqa: E402


def os_name() -> str:
    try:
        return platform.freedesktop_os_release()["PRETTY_NAME"]
    except (OSError, AttributeError, KeyError):
        return f"{platform.system()} {platform.release()}"


def part(script: str, *args: str) -> int:
    """Run one benchmark script in its own process; its lines go straight to our stdout."""
    return subprocess.run(
        [PYTHON, str(BENCH / script), *args], env=private_environment()
    ).returncode


def main() -> int:
    import os

    from PySide6 import __version__ as pyside_version

    figure("machine", f"{os_name()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    figure("python", f"{platform.python_version()}, PySide6 {pyside_version}, offscreen")
    failed = 0
    failed |= part("startup.py", "startup", "first_tap", "rss")
    failed |= part("section_switch.py")
    failed |= part("photo_section.py")
    failed |= part("idle_countdown.py")
    failed |= part("startup.py", "index")
    failed |= part("watch_cost.py")
    failed |= part("soak.py")
    failed |= part("handout.py")
    failed |= part("startup.py", "bundle", "frozen")
    failed |= part("vs_chromium.py")  # n/a unless Debian's chromium is installed
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
