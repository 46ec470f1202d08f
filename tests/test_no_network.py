"""The kiosk opens no network socket: traced from outside, for `--self-test` and a long run.

`strace -f -e trace=socket` lists every socket the process and its threads create; local
(AF_UNIX) sockets are how Qt talks to D-Bus and the sound server, and are fine. An IPv4 or
IPv6 socket would mean something in the kiosk or in Qt reaches for the network.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import set_staff_pin

REPO = Path(__file__).resolve().parent.parent
RUN_SECONDS = 45  # long enough for the tour, the idle warning, the reset and the attract screen
SOCKET = re.compile(r"\bsocket\((AF_\w+|PF_\w+|\d+)")
SETTINGS = "idle_seconds = 15\nidle_warning_seconds = 20\nattract_seconds = 30\n"


def traced_sockets(tmp_path: Path, *command: str) -> tuple[subprocess.CompletedProcess, list]:
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed (CI installs it: .ci/run)")
    log = tmp_path / "sockets.log"
    done = subprocess.run(
        [strace, "-f", "-qq", "-e", "trace=socket", "-o", str(log), *command],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS + 120,
    )
    families = [m.group(1) for m in map(SOCKET.search, log.read_text().splitlines()) if m]
    return done, families


def internet(families: list[str]) -> list[str]:
    return [f for f in families if f in ("AF_INET", "AF_INET6", "PF_INET", "PF_INET6")]


@pytest.mark.slow
def test_the_self_test_creates_no_internet_socket(tmp_path):
    set_staff_pin()
    done, families = traced_sockets(tmp_path, sys.executable, "-m", "kiosk", "--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert internet(families) == []


@pytest.mark.slow
def test_the_kiosk_left_running_creates_no_internet_socket(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(SETTINGS)
    launcher = str(REPO / "tests" / "kiosk_for_a_while.py")
    done, families = traced_sockets(
        tmp_path, sys.executable, launcher, str(RUN_SECONDS), "--config", str(config)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "toured" in done.stdout  # it did go through every screen
    assert internet(families) == []
