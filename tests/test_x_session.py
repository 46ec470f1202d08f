"""The real thing: the kiosk full screen under Xvfb with a window manager (openbox), and the
keys and close requests a patient or the desktop could send. It stays up, mapped, full screen.

Needs Xvfb, openbox, xdotool and wmctrl (.ci/run installs them); skipped without them.
Every wait is a bounded poll on a deadline.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ("Xvfb", "openbox", "xdotool", "wmctrl", "xprop", "xwininfo")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
PIN = "2468"
CLINIC = "X Session Clinic"
START_SECONDS = 30.0
SETTLE_SECONDS = 10.0

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(MISSING),
        reason=f"needs {', '.join(MISSING)} for a real X session (.ci/run installs them)",
    ),
]


def poll(check, seconds: float, what: str):
    """Call `check` until it returns something true, at most `seconds`; fail naming `what`."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds} s waiting for {what}")
        threading.Event().wait(0.1)  # the poll interval inside the deadline


def run(args, env, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=20, check=False, **kwargs
    )


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


OPENBOX_CONFIG = ROOT / "deploy" / "openbox" / "rc.xml"


def x_session(openbox_args: list[str]):
    """A fresh Xvfb on a free display (it picks the number) with openbox running on it."""
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    openbox = None
    try:
        ready, _, _ = select.select([read_end], [], [], START_SECONDS)
        assert ready, "Xvfb did not report its display number"
        number = os.read(read_end, 64).decode().strip()
        assert number.isdigit(), f"Xvfb reported {number!r}"
        display = f":{number}"
        env = dict(os.environ, DISPLAY=display)
        openbox = subprocess.Popen(
            ["openbox", *openbox_args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        poll(lambda: run(["wmctrl", "-m"], env).returncode == 0, START_SECONDS, "openbox")
        yield display
    finally:
        os.close(read_end)
        stop(openbox)
        stop(xvfb)


@pytest.fixture
def x_display():
    """Openbox as installed, with its default bindings and menus."""
    yield from x_session([])


@pytest.fixture
def locked_x_display():
    """Openbox with the locked-down configuration docs/deploy.md ships."""
    yield from x_session(["--config-file", str(OPENBOX_CONFIG)])


def kiosk_environment(tmp_path, display: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    return env


@pytest.fixture
def kiosk_env(tmp_path, x_display):
    return kiosk_environment(tmp_path, x_display)


@pytest.fixture
def locked_kiosk_env(tmp_path, locked_x_display):
    return kiosk_environment(tmp_path, locked_x_display)


def log_text(env) -> str:
    path = Path(env["XDG_STATE_HOME"]) / "kiosk" / "log" / "kiosk.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def window_facts(env, window: str) -> dict[str, str]:
    geometry = run(["xdotool", "getwindowgeometry", window], env).stdout
    state = run(["xprop", "-id", window, "_NET_WM_STATE"], env).stdout
    info = run(["xwininfo", "-id", window], env).stdout
    return {"geometry": geometry, "state": state, "info": info}


def test_the_full_screen_kiosk_survives_escape_keys_and_close_requests(tmp_path, kiosk_env):
    env = kiosk_env
    config = tmp_path / "kiosk.toml"
    config.write_text(f'clinic_name = "{CLINIC}"\n', encoding="utf-8")
    done = run(
        [sys.executable, "-m", "kiosk", "set-pin", "--config", str(config)],
        env,
        input=f"{PIN}\n",
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    stored = (tmp_path / "pin.toml").read_text(encoding="utf-8")  # beside the settings file
    assert "pin_hash" in stored and "scrypt$" in stored
    assert PIN not in stored
    assert config.read_text(encoding="utf-8") == f'clinic_name = "{CLINIC}"\n'  # left alone

    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config)],
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def kiosk_window() -> str | None:
            assert kiosk.poll() is None, f"the kiosk exited: {kiosk.stderr.read()}"
            found = run(["xdotool", "search", "--class", "kiosk"], env).stdout.split()
            return found[-1] if found else None

        window = poll(kiosk_window, START_SECONDS, "the kiosk window")
        poll(
            lambda: "_NET_WM_STATE_FULLSCREEN" in window_facts(env, window)["state"],
            START_SECONDS,
            "full screen",
        )
        assert "no staff PIN is set" not in log_text(env)  # the PIN from set-pin is in use

        # keys through the X server as a keyboard would send them (the WM sees Alt+F4)
        run(["xdotool", "windowactivate", "--sync", window], env)
        for key in ("alt+F4", "Escape", "ctrl+q", "ctrl+w", "F11"):
            assert run(["xdotool", "key", "--clearmodifiers", key], env).returncode == 0
        # the same keys sent to the window itself
        args = ["xdotool", "key", "--window", window, "Escape", "ctrl+q", "ctrl+w", "F11"]
        assert run([*args, "alt+F4"], env).returncode == 0
        # a polite close request from the window manager
        assert run(["wmctrl", "-i", "-c", window], env).returncode == 0

        def all_handled() -> bool:
            text = log_text(env)
            blocked = all(
                f"blocked key {key}" in text for key in ("Esc", "Ctrl+Q", "Ctrl+W", "F11")
            )
            return blocked and text.count("close request ignored") >= 2

        poll(all_handled, SETTLE_SECONDS, "the kiosk to handle the keys and close requests")
        assert kiosk.poll() is None, "the kiosk exited"
        facts = window_facts(env, window)
        assert "Map State: IsViewable" in facts["info"]
        assert "Geometry: 1280x800" in facts["geometry"]
        assert "_NET_WM_STATE_FULLSCREEN" in facts["state"]
        assert CLINIC in run(["wmctrl", "-l"], env).stdout
        assert PIN not in config.read_text(encoding="utf-8")
    finally:
        if kiosk.poll() is None:
            kiosk.send_signal(signal.SIGTERM)
        stop(kiosk)
        kiosk.stderr.close()


def popups(env) -> list[str]:
    """Windows the window manager shows over the kiosk: mapped top-level windows other than
    the kiosk's full-screen frame and openbox's 1x1 helper windows (menus are such windows)."""
    children = run(["xwininfo", "-root", "-children"], env).stdout.splitlines()
    found = []
    for line in children:
        window = line.split()[0] if line.strip().startswith("0x") else None
        if window is None or " 1x1+" in line or " 1280x800+" in line:
            continue
        if "Map State: IsViewable" in run(["xwininfo", "-id", window], env).stdout:
            found.append(line.strip())
    return found


def assert_no_popup(env, seconds: float = 1.5) -> None:
    """No menu opens: watched for a bounded time, as the window manager answers on its own."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = popups(env)
        assert shown == [], f"the window manager opened {shown}"
        threading.Event().wait(0.1)


def start_kiosk_process(tmp_path, env) -> subprocess.Popen:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'clinic_name = "{CLINIC}"\n', encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config)],
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_window_manager_offers_no_way_out_and_a_minimized_kiosk_comes_back(
    tmp_path, locked_kiosk_env
):
    env = locked_kiosk_env
    kiosk = start_kiosk_process(tmp_path, env)
    try:

        def kiosk_window() -> str | None:
            assert kiosk.poll() is None, f"the kiosk exited: {kiosk.stderr.read()}"
            found = run(["xdotool", "search", "--class", "kiosk"], env).stdout.split()
            return found[-1] if found else None

        def full_screen_and_viewable() -> bool:
            facts = window_facts(env, window)
            return (
                "_NET_WM_STATE_FULLSCREEN" in facts["state"]
                and "_NET_WM_STATE_HIDDEN" not in facts["state"]
                and "Map State: IsViewable" in facts["info"]
            )

        window = poll(kiosk_window, START_SECONDS, "the kiosk window")
        poll(full_screen_and_viewable, START_SECONDS, "full screen")
        run(["xdotool", "windowactivate", "--sync", window], env)

        # Alt+Space: openbox's window menu (its Iconify left a black screen) does not open
        assert run(["xdotool", "key", "--clearmodifiers", "alt+space"], env).returncode == 0
        assert_no_popup(env)
        # a right click on the desktop (the root window): no root menu with a terminal
        root = run(["xwininfo", "-root"], env).stdout.split("Window id: ")[1].split()[0]
        assert run(["xdotool", "click", "--window", root, "3"], env).returncode == 0
        assert run(["xdotool", "mousemove", "640", "400", "click", "3"], env).returncode == 0
        assert_no_popup(env)
        assert full_screen_and_viewable()

        # a minimize request (as a window menu's Iconify or another program would send)
        assert run(["xdotool", "windowminimize", window], env).returncode == 0
        poll(
            lambda: "back to full screen" in log_text(env),
            SETTLE_SECONDS,
            "the kiosk to notice it was minimized",
        )
        poll(full_screen_and_viewable, SETTLE_SECONDS, "the kiosk back full screen")
        # and once more with wmctrl's request to leave full screen
        assert run(["wmctrl", "-i", "-r", window, "-b", "remove,fullscreen"], env).returncode == 0
        poll(
            lambda: log_text(env).count("back to full screen") >= 2,
            SETTLE_SECONDS,
            "the kiosk to notice it left full screen",
        )
        poll(full_screen_and_viewable, SETTLE_SECONDS, "the kiosk back full screen")
        assert popups(env) == []
        assert kiosk.poll() is None, "the kiosk exited"
    finally:
        if kiosk.poll() is None:
            kiosk.send_signal(signal.SIGTERM)
        stop(kiosk)
        kiosk.stderr.close()
