"""The kiosk beside a Chromium kiosk showing the same content, exported as HTML, in one run.

    python bench/vs_chromium.py          (needs Debian's chromium; otherwise prints n/a)

The bundled pack is exported with the real CLI (`kiosk export-html DIR`) and Chromium is
started on its English home page (`DIR/en/index.html`) with kiosk flags, a private
--user-data-dir and a 1280x800 window. Both sides are measured the same way:

chromium_painted_ms / kiosk_painted_ms
    from just before the process is started to its home page painted; medians of
    BENCH_RUNS (7) runs taking turns, after one unmeasured warm-up each. The kiosk: the
    `painted` line of bench/launch_kiosk.py (its window's first frame). Chromium: its
    first-contentful-paint, read over the DevTools protocol on --remote-debugging-pipe
    (fds 3 and 4, NUL-separated JSON; stdlib only): `performance.timeOrigin` plus the
    paint entry's `startTime` is the wall-clock moment of that paint, compared with
    `time.time()` just before the process was started.
chromium_pss_mib / kiosk_pss_mib
    proportional set size of the whole process tree (each process's
    /proc/PID/smaps_rollup Pss, the process and all its descendants; shared pages are
    split between the processes that share them, so the tree's sum is not inflated),
    3 s after the home page was painted.
chromium_idle_wakeups_per_s / kiosk_idle_wakeups_per_s
    context switches (voluntary + nonvoluntary, every thread of every process in the
    tree, /proc/PID/task/TID/status) per second over the following 10 s, nobody touching.
    idle_wakeups_ratio counts fewer than one wakeup in that window as one (0.1 a second),
    so an idle kiosk does not divide by zero.

Why this is fair: neither side has a display server. The kiosk runs on Qt's offscreen
platform as every other bench does, `--windowed` at 1280x800 with its real timers (idle
countdown, content watcher, clock); Chromium runs `--headless=new`, which is the full
browser (browser, GPU and renderer processes, the same compositor and paint path) with the
window drawn into memory instead of onto a screen, at --window-size=1280,800. Both paint
everything in software on the CPU. Chromium runs as root here, which needs --no-sandbox;
the sandbox would add processes, not remove them.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

from common import (  # noqa: E402
    BENCH,
    PYTHON,
    RUNS,
    figure,
    launch,
    median,
    private_environment,
)

KIOSK = [PYTHON, str(BENCH / "launch_kiosk.py"), "--windowed"]
SETTLE_S = 3.0
IDLE_S = 10.0
SWITCHES = ("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")
FIRST_PAINT = """new Promise(done => new PerformanceObserver(list => {
  for (const entry of list.getEntries())
    if (entry.name === 'first-contentful-paint') done(performance.timeOrigin + entry.startTime);
}).observe({type: 'paint', buffered: true}))"""


def chromium_binary() -> str | None:
    return shutil.which("chromium")  # Debian's: /usr/bin/chromium


def descendants(pid: int) -> list[int]:
    """The process and every process below it (by parent pid, from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue  # gone meanwhile
        children.setdefault(int(fields[1]), []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def tree_pss_kib(pid: int) -> int:
    """Sum of Pss over the process tree, in KiB."""
    total = 0
    for member in descendants(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def tree_switches(pid: int) -> dict[tuple[int, int], int]:
    """Context switches so far of every thread in the tree, keyed by (pid, tid)."""
    counts = {}
    for member in descendants(pid):
        try:
            tids = os.listdir(f"/proc/{member}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{member}/task/{tid}/status") as status:
                    lines = status.read().splitlines()
            except OSError:
                continue
            counts[(member, int(tid))] = sum(
                int(line.split()[1]) for line in lines if line.partition(":")[0] in SWITCHES
            )
    return counts


def wakeups_per_s(pid: int, seconds: float) -> float:
    """Context switches per second of the whole tree over `seconds` of idling."""
    before = tree_switches(pid)
    time.sleep(seconds)
    after = tree_switches(pid)
    return sum(count - before.get(key, 0) for key, count in after.items()) / seconds


class Pipe:
    """The DevTools protocol over --remote-debugging-pipe: NUL-terminated JSON messages."""

    def __init__(self, to_browser: int, from_browser: int):
        self.to_browser, self.from_browser = to_browser, from_browser
        self.buffer = b""
        self.next_id = 0

    def call(self, method: str, timeout: float, session: str | None = None, **params) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self.buffer:
                raw, _, self.buffer = self.buffer.partition(b"\0")
                reply = json.loads(raw)
                if reply.get("id") == self.next_id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply["result"]
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.from_browser], [], [], left)[0]:
                raise TimeoutError(f"chromium did not answer {method}")
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its debugging pipe")
            self.buffer += chunk


class Chromium:
    """One Chromium kiosk on the exported home page, in its own process group."""

    def __init__(self, binary: str, home: Path, scratch: Path):
        self.binary, self.home, self.scratch = binary, home, scratch
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Chromium:
        profile = Path(tempfile.mkdtemp(prefix="profile-", dir=self.scratch))
        command = [
            self.binary,
            "--headless=new",
            "--kiosk",
            "--no-first-run",
            "--noerrdialogs",
            "--no-default-browser-check",
            "--disable-features=Translate",
            "--no-sandbox",  # root here
            "--window-size=1280,800",
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
            self.home.as_uri(),
        ]
        to_read, to_browser = os.pipe()  # the browser reads commands on fd 3
        from_browser, to_write = os.pipe()  # and writes replies on fd 4

        def pipes_as_3_and_4():  # in the child, before the fds not passed are closed
            high_read = fcntl.fcntl(to_read, fcntl.F_DUPFD, 10)  # out of the way of 3 and 4
            high_write = fcntl.fcntl(to_write, fcntl.F_DUPFD, 10)
            os.dup2(high_read, 3)
            os.dup2(high_write, 4)

        self.started = time.time()
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=pipes_as_3_and_4,
            process_group=0,
            env={**os.environ, "HOME": str(profile)},
        )
        os.close(to_read)
        os.close(to_write)
        self.pipe = Pipe(to_browser, from_browser)
        self.fds = (to_browser, from_browser)
        return self

    def painted(self, timeout: float = 60) -> float:
        """Seconds from just before the start to the home page's first contentful paint."""
        deadline = time.monotonic() + timeout
        url = self.home.as_uri()
        while time.monotonic() < deadline:
            pages = [
                target
                for target in self.pipe.call("Target.getTargets", timeout)["targetInfos"]
                if target["type"] == "page" and target["url"] == url
            ]
            if pages:
                break
            time.sleep(0.02)
        else:
            raise TimeoutError(f"chromium never opened {url}")
        session = self.pipe.call(
            "Target.attachToTarget", timeout, targetId=pages[0]["targetId"], flatten=True
        )["sessionId"]
        while time.monotonic() < deadline:
            result = self.pipe.call(
                "Runtime.evaluate",
                timeout,
                session,
                expression=f"location.href === {json.dumps(url)} ? {FIRST_PAINT} : null",
                awaitPromise=True,
                returnByValue=True,
            )["result"]
            if result.get("value"):
                return result["value"] / 1000 - self.started
            time.sleep(0.02)  # still on the initial blank document
        raise TimeoutError(f"chromium never painted {url}")

    def __exit__(self, *exc) -> None:
        for fd in self.fds:
            os.close(fd)
        if self.process is None:
            return
        stray = descendants(self.process.pid)[1:]  # in case one left the process group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        for pid in stray:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait()


class Kiosk:
    """The kiosk's launcher left running after its first frame (BENCH_STAY=1)."""

    def __enter__(self) -> Kiosk:
        self.process = subprocess.Popen(
            KIOSK,
            env=private_environment(BENCH_STAY="1"),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            process_group=0,
        )
        return self

    def wait_painted(self) -> None:
        for line in self.process.stdout:
            if line.startswith("painted "):
                return
        raise RuntimeError("the kiosk exited before painting its home screen")

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process.stdout.close()


def export_site(scratch: Path) -> Path:
    """The bundled pack as a static site, by the real CLI; returns its English home page."""
    site = scratch / "site"
    done = subprocess.run(
        [PYTHON, "-m", "kiosk", "export-html", str(site)],
        env=private_environment(scratch / "export-home"),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"kiosk export-html failed:\n{done.stderr[-3000:]}")
    home = site / "en" / "index.html"
    return home if home.exists() else site / "index.html"


def resident(side, settle: float = SETTLE_S, idle: float = IDLE_S) -> tuple[float, float]:
    """PSS (MiB) after settling and idle wakeups per second of a running side."""
    time.sleep(settle)
    pid = side.process.pid
    return tree_pss_kib(pid) / 1024, wakeups_per_s(pid, idle)


def main() -> int:
    binary = chromium_binary()
    if binary is None:
        figure("vs_chromium", "n/a (install Debian's chromium)")
        return 0
    with tempfile.TemporaryDirectory(prefix="kiosk-vs-chromium-") as scratch_name:
        scratch = Path(scratch_name)
        home = export_site(scratch)

        def chromium_painted() -> float:
            with Chromium(binary, home, scratch) as chromium:
                return chromium.painted()

        chromium_painted()  # warm-ups: the file cache
        launch(KIOSK)
        painted = {"chromium": [], "kiosk": []}
        for _ in range(RUNS):
            painted["chromium"].append(chromium_painted())
            painted["kiosk"].append(launch(KIOSK)["seconds"])
        with Chromium(binary, home, scratch) as chromium:
            chromium.painted()
            chromium_pss, chromium_wakeups = resident(chromium)
        with Kiosk() as kiosk:
            kiosk.wait_painted()
            kiosk_pss, kiosk_wakeups = resident(kiosk)
    chromium_ms, kiosk_ms = median(painted["chromium"]) * 1000, median(painted["kiosk"]) * 1000
    figure("chromium_painted_ms", chromium_ms)
    figure("kiosk_painted_ms", kiosk_ms)
    figure("painted_ratio_chromium_over_kiosk", chromium_ms / kiosk_ms)
    figure("chromium_pss_mib", chromium_pss)
    figure("kiosk_pss_mib", kiosk_pss)
    figure("pss_ratio_chromium_over_kiosk", chromium_pss / kiosk_pss)
    figure("chromium_idle_wakeups_per_s", chromium_wakeups)
    figure("kiosk_idle_wakeups_per_s", kiosk_wakeups)
    figure("idle_wakeups_ratio", chromium_wakeups / max(kiosk_wakeups, 0.1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
