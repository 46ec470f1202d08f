"""Shared by the benchmarks: where things are, a private environment, statistics, memory."""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
PYTHON = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "7"))  # start-up runs of each kind (medians)


def private_environment(home: Path | None = None, **extra: str) -> dict[str, str]:
    """Offscreen Qt, the checkout importable, and user folders nobody else uses."""
    home = Path(home or tempfile.mkdtemp(prefix="kiosk-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "KIOSK_"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO),
        PYTHONDONTWRITEBYTECODE="",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        LANG=env.get("LANG") or "C.UTF-8",
    )
    env.update(extra)
    return env


def use_private_environment() -> None:
    """The same for this process (call before Qt is imported)."""
    os.environ.update(private_environment())
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))


def launch(command: list[str], env: dict[str, str] | None = None, timeout: float = 120) -> dict:
    """Start a launcher; returns its `key value` lines plus `seconds`: start to first paint.

    The launcher prints `painted <time.monotonic()>` once its window's first frame is on
    screen; the monotonic clock is shared by all processes, so the difference to the moment
    just before the process was started is the whole start-up, interpreter included.
    """
    env = env or private_environment()
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    values = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(" ")
        if value:
            values[key] = float(value)
    values["seconds"] = values["painted"] - started
    return values


def median(values) -> float:
    return statistics.median(values)


def percentile(values, fraction: float) -> float:
    """Nearest-rank percentile (p95: fraction 0.95)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def rss_bytes() -> int:
    """This process's resident memory now (Linux: /proc; elsewhere the peak)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return peak_rss_bytes()


def peak_rss_bytes() -> int:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def figure(name: str, value) -> None:
    """One result line, `name: value`, flushed at once."""
    if isinstance(value, float):
        value = f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    print(f"{name}: {value}", flush=True)
