"""The hang heartbeat between the built-in watchdog and the kiosk it runs.

The watchdog makes an empty file and names it in the kiosk's environment; the
kiosk's UI thread touches it every few seconds. The watchdog notes when the
file's modification time last changed, on its own monotonic clock, so a clock
jump on the tablet is never taken for a hang. Where there is a runtime folder
(``XDG_RUNTIME_DIR``, a RAM disk on Linux) the file lives there, so the beats
never wear a tablet's flash storage.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

FILE_ENV = "KIOSK_HEARTBEAT_FILE"
INTERVAL_ENV = "KIOSK_HEARTBEAT_SECONDS"


def interval_for(hang_seconds: float) -> float:
    """Beat often enough that a few missed beats are far from a hang: 0.5 to 5 s."""
    return max(0.5, min(5.0, hang_seconds / 6))


def beat(path: Path) -> None:
    """One heartbeat (from the kiosk's UI thread)."""
    os.utime(path)


def from_env(env: Mapping[str, str] = os.environ) -> tuple[Path, float] | None:
    """The heartbeat file and interval the watchdog asked for, or None when not watched."""
    name = env.get(FILE_ENV, "")
    if not name:
        return None
    try:
        seconds = float(env.get(INTERVAL_ENV, "1"))
    except ValueError:
        seconds = 1.0
    return Path(name), max(0.1, seconds)


class HeartbeatMonitor:
    """The watchdog's side: one file per watchdog, and how long since its last beat."""

    def __init__(self, hang_seconds: float, clock=time.monotonic) -> None:
        self.hang_seconds = hang_seconds
        self._clock = clock
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        folder = runtime if runtime and os.path.isdir(runtime) else None
        handle, name = tempfile.mkstemp(prefix="kiosk-heartbeat-", dir=folder)
        os.close(handle)
        self.path = Path(name)
        self._seen: float | None = None
        self._changed_at = clock()
        self.beating = False

    def env(self) -> dict[str, str]:
        return {FILE_ENV: str(self.path), INTERVAL_ENV: f"{interval_for(self.hang_seconds):g}"}

    def restart(self) -> None:
        """A new kiosk starts: it has not beaten yet."""
        self._seen = self._mtime()
        self._changed_at = self._clock()
        self.beating = False

    def check(self) -> bool:
        """Note a new beat; True only for the first beat of this kiosk (it is up)."""
        mtime = self._mtime()
        if mtime == self._seen:
            return False
        self._seen = mtime
        self._changed_at = self._clock()
        first = not self.beating
        self.beating = True
        return first

    def hung(self, startup_seconds: float) -> bool:
        """No beat for ``hang_seconds``; before the first beat, allow ``startup_seconds``."""
        allowed = self.hang_seconds if self.beating else max(self.hang_seconds, startup_seconds)
        return self.silent_for() > allowed

    def silent_for(self) -> float:
        return self._clock() - self._changed_at

    def _mtime(self) -> float | None:
        try:
            return self.path.stat().st_mtime_ns
        except OSError:
            return None

    def close(self) -> None:
        self.path.unlink(missing_ok=True)
