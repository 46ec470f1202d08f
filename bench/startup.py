"""Start-up, memory, big-index and frozen-build figures, each from fresh processes.

    python bench/startup.py [startup] [first_tap] [rss] [index] [bundle] [frozen]  (default: all)

startup_ratio       kiosk --windowed to its home screen painted, over a bare PySide6 window
                    (bench/launch_bare.py), medians of BENCH_RUNS (7) alternating runs each;
                    the kiosk's runs share one private home, whose unmeasured first start
                    wrote the content cache, as every start after a kiosk's first has it.
                    startup_cpu_ratio: the same by CPU time (less sensitive to other load).
startup_first_ratio the same for a kiosk's first start: a fresh private home each run.
rss_ratio           peak RSS of the kiosk after painting every section and walkthrough step
                    of every language, over the bare window's peak RSS.
first_tap_ms        the first tap of a fresh process: a second after its home screen is painted,
                    a click on the first tile to the section's text painted (median of 5;
                    the package is byte-compiled first, as an installed kiosk is).
index_N_s           seconds from process start to the home screen painted for a generated
                    content folder of N sections (N = 50, 500, 5000, 20000; medians of 3),
                    restarted on the same content: the runs share one private home, whose
                    unmeasured first start wrote the section cache (kiosk/content/
                    section_cache.py), as a kiosk started again on its content has it.
index_N_cold_s      the same for a first start: a fresh home each run, so no section cache
                    (medians of 3, after one run that warms the file cache).
bundle_mib          size of dist/kiosk/ (from `make bundle`).
frozen_startup_ratio  the same launcher frozen with bench/kiosk-bench.spec (into
                    build/bench-dist/, rebuilt when the sources are newer) over from source.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    BENCH,
    PYTHON,
    REPO,
    RUNS,
    figure,
    launch,
    median,
    private_environment,
)
from make_content import generate  # noqa: E402

BARE = [PYTHON, str(BENCH / "launch_bare.py")]
KIOSK = [PYTHON, str(BENCH / "launch_kiosk.py"), "--windowed"]
BENCH_BUILD = REPO / "build" / "bench-dist" / "kiosk-bench"
FROZEN = BENCH_BUILD / ("kiosk-bench.exe" if sys.platform == "win32" else "kiosk-bench")
INDEX_SIZES = (50, 500, 5000, 20000)
FIRST_TAP_RUNS = 5


def alternate(
    commands: dict[str, list[str]], runs: int, envs: dict[str, dict[str, str]] | None = None
) -> dict[str, list[dict]]:
    """Run each command `runs` times, taking turns, after one unmeasured warm-up each.

    A command given an environment in `envs` runs in it every time (one private home for all
    its runs); the others get a fresh private home each run."""
    envs = envs or {}
    results: dict[str, list[dict]] = {name: [] for name in commands}
    for name, command in commands.items():
        launch(command, envs.get(name))  # warm the file cache (and a shared home's caches)
    for _ in range(runs):
        for name, command in commands.items():
            results[name].append(launch(command, envs.get(name)))
    return results


def startup() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-startup-") as home:
        # every start but a kiosk's very first: one private home for all its runs, whose
        # unmeasured first start wrote the content cache, as a kiosk restarted each night has
        # it; "first": a fresh home each run (no cache, no folders made yet)
        runs = alternate(
            {"bare": BARE, "kiosk": KIOSK, "first": KIOSK},
            RUNS,
            envs={"kiosk": private_environment(Path(home))},
        )
    bare = median(r["seconds"] for r in runs["bare"])
    kiosk = median(r["seconds"] for r in runs["kiosk"])
    first = median(r["seconds"] for r in runs["first"])
    figure("startup_ratio", kiosk / bare)
    figure("startup_kiosk_ms", kiosk * 1000)
    figure("startup_bare_ms", bare * 1000)
    # the same by CPU time used up to the first frame: steadier on a busy machine
    kiosk_cpu = median(r["cpu_s"] for r in runs["kiosk"])
    bare_cpu = median(r["cpu_s"] for r in runs["bare"])
    figure("startup_cpu_ratio", kiosk_cpu / bare_cpu)
    figure("startup_first_ratio", first / bare)
    figure("startup_first_ms", first * 1000)
    return {"bare_rss_kib": median(r["peak_rss_kib"] for r in runs["bare"])}


def first_tap() -> None:
    import compileall

    compileall.compile_dir(REPO / "kiosk", quiet=1)  # as installed: no compiling on the tap
    env = private_environment(BENCH_FIRST_TAP="1")
    launch(KIOSK, env)  # warm the file cache
    runs = [launch(KIOSK, env) for _ in range(FIRST_TAP_RUNS)]
    figure("first_tap_ms", median(r["first_tap_ms"] for r in runs))
    figure("first_tap_cpu_ms", median(r["first_tap_cpu_ms"] for r in runs))
    figure("first_tap_max_ms", max(r["first_tap_ms"] for r in runs))


def rss(bare_rss_kib: float | None = None) -> None:
    if bare_rss_kib is None:
        bare_rss_kib = median(launch(BARE)["peak_rss_kib"] for _ in range(3))
    env = private_environment(BENCH_VISIT_ALL="1")
    visited = median(launch(KIOSK, env)["peak_rss_kib"] for _ in range(3))
    figure("rss_ratio", visited / bare_rss_kib)
    figure("rss_kiosk_mib", visited / 1024)
    figure("rss_bare_mib", bare_rss_kib / 1024)


def index() -> None:
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-index-") as tmp:
        for size in INDEX_SIZES:
            folder = generate(Path(tmp) / f"content-{size}", size)
            command = [*KIOSK, "--content", str(folder)]
            homes = (Path(tmp) / f"home-{size}-cold-{run}" for run in range(4))
            colds = [launch(command, private_environment(home))["seconds"] for home in homes]
            # cold: a kiosk's first start on this content (no section cache); the first run
            # only warmed the file cache
            figure(f"index_{size}_cold_s", median(colds[1:]))
            # warm: restarted on the same content, as every start after the first is: one
            # home for all runs, whose unmeasured first start wrote the section cache
            env = private_environment(Path(tmp) / f"home-{size}")
            launch(command, env)
            figure(f"index_{size}_s", median(launch(command, env)["seconds"] for _ in range(3)))


def bundle() -> None:
    folder = REPO / "dist" / "kiosk"
    if not folder.is_dir():
        figure("bundle_mib", "n/a (run make bundle)")
        return
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    figure("bundle_mib", size / 2**20)
    figure("bundle_mb", size / 1e6)
    figure("bundle_files", sum(1 for p in folder.rglob("*") if p.is_file()))


def frozen_build_is_stale() -> bool:
    if not FROZEN.is_file():
        return True
    built = FROZEN.stat().st_mtime
    rules = REPO / "scripts" / "bundle_rules.py"
    sources = [BENCH / "kiosk-bench.spec", rules, BENCH / "launch_kiosk.py"]
    sources += (REPO / "kiosk").rglob("*.py")
    return any(p.stat().st_mtime > built for p in sources)


def frozen() -> None:
    if frozen_build_is_stale():
        print("# building the frozen benchmark launcher (build/bench-dist/) ...", file=sys.stderr)
        work = REPO / "build" / "bench-work"
        done = subprocess.run(
            [PYTHON, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
             "--distpath", str(BENCH_BUILD.parent), "--workpath", str(work),
             "bench/kiosk-bench.spec"],
            cwd=REPO,
            env={**os.environ, "KIOSK_BUILD_SLIM_ICU": "1"},
            capture_output=True,
            text=True,
        )  # fmt: skip
        if done.returncode != 0:
            print(done.stdout[-2000:] + done.stderr[-4000:], file=sys.stderr)
            figure("frozen_startup_ratio", "n/a (the frozen build failed)")
            return
    runs = alternate({"source": KIOSK, "frozen": [str(FROZEN), "--windowed"]}, RUNS)
    source = median(r["seconds"] for r in runs["source"])
    frozen_s = median(r["seconds"] for r in runs["frozen"])
    figure("frozen_startup_ratio", frozen_s / source)
    figure("frozen_startup_ms", frozen_s * 1000)
    figure("source_startup_ms", source * 1000)


def main(argv: list[str]) -> int:
    wanted = set(argv) or {"startup", "first_tap", "rss", "index", "bundle", "frozen"}
    bare_rss = None
    if "startup" in wanted:
        bare_rss = startup()["bare_rss_kib"]
    if "first_tap" in wanted:
        first_tap()
    if "rss" in wanted:
        rss(bare_rss)
    if "index" in wanted:
        index()
    if "bundle" in wanted:
        bundle()
    if "frozen" in wanted:
        frozen()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
