"""`kiosk --self-test`: build every screen and render every section and step once, offscreen.

Prints each problem with its file and reason, then one summary line. Exit 0 when there
were no errors, 1 when there were. Never a traceback.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from kiosk.content import Library
from kiosk.problems import Severity
from kiosk.settings import Settings

log = logging.getLogger(__name__)
SECTION_TIMEOUT_S = 120


def visit_everything(window, app) -> tuple[int, int]:
    """Open every section and walkthrough step of every language; (sections, steps)."""
    sections = steps = 0
    for lang in list(window.library.packs):
        window.set_language(lang)
        window.go_home()
        app.processEvents()
        window.grab()
        pack = window.pack
        for section in pack.sections:
            window.renderer.render_now(pack, section.id)  # here, not in the worker: no waiting
            window.open_section(section.id)
            deadline = time.monotonic() + SECTION_TIMEOUT_S
            while not window.section.is_complete() and time.monotonic() < deadline:
                app.processEvents()
            window.grab()  # paints the page: that is when it asks for its pictures
            wait_for_pictures(app, deadline)
            sections += 1
        if pack.walkthrough.steps:
            window.start_walkthrough()
            for _ in pack.walkthrough.steps:
                app.processEvents()
                window.grab()
                wait_for_pictures(app, time.monotonic() + SECTION_TIMEOUT_S)
                window.walkthrough.go_next()
                steps += 1
            window.grab()  # the summary
            window.show_handout("walkthrough")  # the QR code and the handout it prints
            window.grab()
        window.go_home()
    return sections, steps


def wait_for_pictures(app, deadline: float) -> None:
    """Until the shown page's pictures are decoded (or given up on), so their problems count."""
    from kiosk.ui import pictures

    while pictures.shared().busy() and time.monotonic() < deadline:
        app.processEvents()


def printer_problems(settings: Settings) -> list:
    """A warning when the settings name a printer this machine does not know."""
    if not settings.printer:
        return []
    from kiosk.problems import warning
    from kiosk.ui.printing import find_printer

    if find_printer(settings.printer) is not None:
        return []
    return [
        warning(
            settings.path,
            f'printer "{settings.printer}" not found: patients see a message instead of a '
            "printout (check the name with `lpstat -p`)",
        )
    ]


def font_problems() -> list:
    """An error when the bundled font is missing: on a machine without fonts no text shows."""
    from PySide6.QtGui import QFont, QFontInfo

    from kiosk import resources
    from kiosk.problems import error
    from kiosk.ui.theme import FONT_FAMILY

    if QFontInfo(QFont(FONT_FAMILY)).family() == FONT_FAMILY:
        return []
    return [error(resources.fonts_dir(), f"the bundled font {FONT_FAMILY} could not be loaded")]


def pin_problems(settings: Settings, windowed: bool) -> list:
    """An error when the kiosk would run full screen (no ``--windowed``) with no usable PIN.

    The self-test checks the PIN store the real kiosk would read with the same arguments;
    ``kiosk --self-test --windowed`` checks a windowed (staff, development) kiosk, which
    needs no PIN."""
    from kiosk.problems import error

    pin = settings.pin
    if windowed or pin.required:  # a damaged store is already among the settings' problems
        return []
    return [
        error(
            pin.store,
            "no staff PIN is set, so anyone who holds the clinic's name can exit the full-screen "
            f"kiosk; set one with: {pin.repair}",
        )
    ]


def layout_tour(window, settings: Settings, out: Path) -> list:
    """Every screen drawn into `out` and audited; the findings as error problems."""
    from kiosk.problems import error
    from kiosk.ui.kiosk_mode import KioskMode
    from kiosk.ui.screen_tour import tour
    from kiosk.usage import UsageLog

    with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as scratch:
        mode = KioskMode(
            window,
            settings,
            window.library.root,
            locked=False,
            usage=UsageLog(Path(scratch) / "usage.sqlite3"),
            watch_content=False,
        )
        mode.idle.stop()  # drawing 1,000 screens takes longer than the idle time
        try:
            drawn, findings = tour(window, mode, out)
        finally:
            mode.shutdown()
    print(f"self-test: {drawn} screens drawn into {out}, {len(findings)} layout problems")
    return [error(out / f"{finding.screen}.png", f"layout: {finding}") for finding in findings]


def run_self_test(
    settings: Settings,
    library: Library,
    screenshots: Path | None = None,
    windowed: bool = True,
) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.window import KioskWindow

    started = time.perf_counter()
    app = QApplication.instance()
    try:
        window = KioskWindow(settings, library)
        window.resize(1280, 800)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.show()
        sections, steps = visit_everything(window, app)
        problems = list(window.problems) + font_problems() + pin_problems(settings, windowed)
        problems += printer_problems(settings)
        if screenshots is not None:
            problems += layout_tour(window, settings, screenshots)
        window.renderer.shutdown()
        window.close()
    except Exception as exc:  # the self-test reports, it never shows a traceback
        log.exception("self-test failed")
        print(f"self-test: error: the kiosk could not be built: {type(exc).__name__}: {exc}")
        return 1
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    for problem in errors + warnings:
        print(problem)
    seconds = time.perf_counter() - started
    print(
        f"self-test: {sections} sections, {steps} steps, {len(library.packs)} languages, "
        f"{len(errors)} errors, {len(warnings)} warnings, {seconds:.2f} s"
    )
    return 1 if errors else 0
