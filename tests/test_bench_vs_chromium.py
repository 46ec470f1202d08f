"""bench/vs_chromium.py: its process-tree readers and its answer when Chromium is missing."""

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import vs_chromium  # noqa: E402


def test_the_tree_includes_a_child_and_its_memory_and_threads():
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        tree = vs_chromium.descendants(os.getpid())
        assert tree[0] == os.getpid()
        assert child.pid in tree
        assert vs_chromium.tree_pss_kib(os.getpid()) > vs_chromium.tree_pss_kib(child.pid) > 0
        switches = vs_chromium.tree_switches(os.getpid())
        assert (os.getpid(), os.getpid()) in switches
        assert (child.pid, child.pid) in switches
        assert all(count >= 0 for count in switches.values())
    finally:
        child.communicate(b"")


def test_without_chromium_it_says_n_a_and_succeeds(tmp_path):
    done = subprocess.run(
        [sys.executable, str(BENCH / "vs_chromium.py")],
        env={**os.environ, "PATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout == "vs_chromium: n/a (install Debian's chromium)\n"
