"""Starting the kiosk: logging, settings and content first, then Qt, the window and the loop."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from pathlib import Path

# Only modules without Qt here. PySide's import hook reads the source of every module
# imported after Qt (looking for its own name); these load before Qt, so it does not
from kiosk import __version__, resources
from kiosk.content import Library, load_library
from kiosk.content.section_cache import SectionCache
from kiosk.crash_log import enable_crash_log
from kiosk.fleet.pack_store import PackStore
from kiosk.logs import setup_logging, start_rotating
from kiosk.pin_store import keep_legacy_pin
from kiosk.settings import Settings, load_settings

log = logging.getLogger(__name__)
WINDOWED_SIZE = (1280, 800)


def content_folder(args: argparse.Namespace, settings: Settings) -> Path:
    """--content, else the active signed content pack, else content_dir, else the bundled one."""
    if getattr(args, "content", None):
        return Path(args.content)
    pack = PackStore().active_content()
    if pack is not None:
        return pack
    if settings.content_dir:
        return Path(settings.content_dir)
    return resources.content_dir()


def load_content(folder: Path, settings: Settings) -> Library:
    library = load_library(folder, settings.default_language, SectionCache(folder))
    for problem in library.all_problems():
        log.warning("%s", problem)
    return library


def _qt_message(mode, context, message: str) -> None:
    """Qt's own messages go to the log, never to a patient's screen."""
    if "propagateSizeHints" in message:  # the offscreen platform's notice, harmless
        return
    level = logging.DEBUG if mode.name == "QtDebugMsg" else logging.WARNING
    logging.getLogger("qt").log(level, "%s", message)


def create_application(argv: list[str] | None = None, window_icon: bool = True):
    """The application, its fonts registered; `window_icon=False` leaves the icon (an SVG,
    which loads Qt's SVG icon engine) to set_window_icon, after the first frame."""
    from PySide6.QtCore import Qt, qInstallMessageHandler
    from PySide6.QtGui import QFontDatabase, QGuiApplication
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        qInstallMessageHandler(_qt_message)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setApplicationName("kiosk")
    app.setApplicationVersion(__version__)
    if window_icon:
        set_window_icon()
    for font in sorted(resources.fonts_dir().glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(font)) < 0:
            log.warning("font %s could not be loaded", font)
    return app


def set_window_icon() -> None:
    from PySide6.QtGui import QGuiApplication, QIcon

    QGuiApplication.setWindowIcon(QIcon(str(resources.assets_dir() / "app-icon.svg")))


def build_window(settings: Settings, library: Library, windowed: bool):
    """The window with kiosk mode attached; locked down unless windowed (staff, development)."""
    from kiosk.ui.kiosk_mode import KioskMode
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(settings, library)
    window.setWindowTitle(settings.clinic_name)
    window.kiosk_mode = KioskMode(window, settings, library.root, locked=not windowed)
    if windowed:
        window.resize(*WINDOWED_SIZE)
        window.show()
    else:
        window.allow_close = False
        window.showFullScreen()
    return window


def run(args: argparse.Namespace) -> int:
    # Start-up makes objects that live as long as the kiosk: looking for garbage among them
    # before the first frame only costs time (about 2 % of the start), so the collector waits
    gc.disable()
    try:
        return _run(args)
    finally:
        gc.enable()


def collect_garbage_from_now_on() -> None:
    """After the first frame: what start-up made stays for the kiosk's life, so it is set
    aside (gc.freeze) and the collector, off until now, looks only at what comes later."""
    gc.freeze()
    gc.enable()


def _run(args: argparse.Namespace) -> int:
    log_file = setup_logging(to_stderr=args.windowed, rotate=False)  # rotating once on screen
    instance = None
    if not args.self_test:  # a self-test may run beside the kiosk
        from kiosk.ui.single_instance import InstanceLock

        instance = InstanceLock()
        if not instance.claim():
            return instance.hand_over()
        enable_crash_log(log_file.parent)  # and report a native crash of the last run
    settings = load_settings(getattr(args, "config", None))
    keep_legacy_pin(settings.pin)
    for problem in settings.problems:
        log.warning("%s", problem)
    library = load_content(content_folder(args, settings), settings)
    app = create_application(window_icon=bool(args.self_test))
    if args.self_test:
        gc.enable()  # it draws every screen, with no first frame to wait for
        from kiosk.selftest import run_self_test

        return run_self_test(
            settings, library, screenshots=args.screenshots, windowed=args.windowed
        )
    window = build_window(settings, library, args.windowed)
    from kiosk.ui.first_frame import after_first_paint

    lock = instance
    if lock is None:  # claimed above; only a self-test (returned already) runs without it
        raise RuntimeError("the single-instance lock was not claimed")

    def serve_raise_requests() -> None:
        lock.serve(window)

    fleets: list = []  # keep-alives, the nightly restart and the pack inbox

    def start_fleet() -> None:
        from kiosk.ui.fleet import Fleet

        fleets.append(Fleet(window, settings, follow_packs=not getattr(args, "content", None)))

    after_first_paint(window, collect_garbage_from_now_on, urgent=True)
    after_first_paint(window, start_fleet, urgent=True)  # keep-alives, for the watchdog
    after_first_paint(window, serve_raise_requests, urgent=True)
    after_first_paint(window, set_window_icon)
    after_first_paint(window, start_rotating)
    code = app.exec()
    for fleet in fleets:
        fleet.stop()
    window.deleteLater()
    lock.release()
    return code
