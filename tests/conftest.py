"""Shared fixtures: Qt offscreen, a fresh settings and data folder for every test."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Before Qt is imported anywhere: no display here, and never the real user folders.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_HOME = tempfile.mkdtemp(prefix="kiosk-tests-")
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(Path(_HOME) / _name.lower())

import pytest  # noqa: E402

from kiosk import resources  # noqa: E402
from kiosk.content import load_library  # noqa: E402
from kiosk.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path, monkeypatch):
    """Each test gets its own config, data and log folders."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "user" / name.lower()))


@pytest.fixture(scope="session")
def qapp_cls():
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls, pytestconfig):
    from kiosk.app import create_application

    return create_application()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.defaults(tmp_path / "kiosk.toml").replace(clinic_name="Test Clinic")


@pytest.fixture(scope="session")
def bundled_library():
    return load_library(resources.content_dir())


@pytest.fixture
def own_content(tmp_path):
    """A copy of the bundled content that a test may edit."""
    import shutil

    root = tmp_path / "content"
    shutil.copytree(resources.content_dir(), root)
    return root


@pytest.fixture
def make_window(qtbot, settings, bundled_library):
    """Build a shown 1280x800 kiosk window; pass settings or a library to override."""
    from kiosk.ui.window import KioskWindow

    windows = []

    def build(library=None, settings_=None, size=(1280, 800)):
        window = KioskWindow(settings_ or settings, library or bundled_library)
        qtbot.addWidget(window)
        window.resize(*size)
        with qtbot.waitExposed(window):
            window.show()
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.renderer.shutdown()


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def start_kiosk(qtbot, settings, bundled_library, tmp_path):
    """Build a shown 1280x800 window with kiosk mode (usage in tmp_path, no crash handler).

    After the test, shut kiosk mode down and check no timer of the window or of kiosk mode
    is still running, naming any that is. Test files wrap this to set their own default
    settings; `tick_ms` gives the idle warning a quicker countdown, `timings` other
    KioskTimings fields."""
    from PySide6.QtCore import QTimer

    from kiosk.ui.kiosk_mode import KioskMode, KioskTimings
    from kiosk.ui.window import KioskWindow
    from kiosk.usage import UsageLog

    started = []

    def start(
        settings_=None,
        *,
        locked=False,
        tick_ms=None,
        library=None,
        root=None,
        watch_content=False,
        activate=False,
        timings=None,
    ):
        s = settings_ or settings
        changes = dict(timings or {}, **({"tick_ms": tick_ms} if tick_ms else {}))
        timings = KioskTimings.from_settings(s, **changes)
        window = KioskWindow(s, library or bundled_library)
        qtbot.addWidget(window)
        mode = KioskMode(
            window,
            s,
            root or resources.content_dir(),
            locked=locked,
            usage=UsageLog(tmp_path / "usage.sqlite3"),
            watch_content=watch_content,
            timings=timings,
        )
        # the crash handler would hide errors from pytest-qt; test_crash.py tests it
        mode.crash.uninstall()
        window.allow_close = not locked
        window.resize(1280, 800)
        with qtbot.waitExposed(window):
            window.show()
        if activate:
            with qtbot.waitActive(window):
                window.activateWindow()
        started.append((window, mode))
        return window, mode

    yield start
    for window, mode in started:
        mode.shutdown()
        window.allow_close = True
        window.renderer.shutdown()  # its poll runs while sections render in idle time
        timers = window.findChildren(QTimer)
        running = [t.objectName() or repr(t) for t in timers if t.isActive()]
        assert running == [], "timers still running after shutdown"
        assert [repr(t) for t in timers if not t.objectName()] == [], "timers without a name"


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the files the content loader reads from disk."""
    from kiosk.content import loader
    from kiosk.textfiles import read_utf8

    seen: list[str] = []

    def counting(path, max_bytes, *args, **kwargs):
        seen.append(Path(path).name)
        return read_utf8(path, max_bytes, *args, **kwargs)

    monkeypatch.setattr(loader, "read_utf8", counting)
    return seen


@pytest.fixture
def exits(monkeypatch) -> list[int]:
    """The codes kiosk mode passes to QApplication.exit (the test app keeps running)."""
    from PySide6.QtWidgets import QApplication

    codes: list[int] = []
    monkeypatch.setattr(QApplication.instance(), "exit", codes.append)
    return codes
