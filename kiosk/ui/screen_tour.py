"""Draw every screen at every text size, in every language and screen shape, and audit each.

`kiosk --self-test --screenshots DIR` runs this: one PNG per screen, named
`<lang>-size<N>-<W>x<H>-<screen>.png`, and the audit's findings (kiosk/ui/layout_audit.py).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QWidget

from kiosk.ui import qt_app
from kiosk.ui.layout_audit import Finding, audit
from kiosk.ui.screens import Screen
from kiosk.ui.theme import TEXT_SIZES

SHAPES: tuple[tuple[int, int], ...] = ((1280, 800), (1920, 1080), (800, 1280))
PNG_QUALITY = 80  # Qt maps this to zlib level 1: quick to write, about 150 KB a screen
SAVING_AHEAD = 6  # screens drawn but not yet written: saving runs beside the drawing


def settle(window) -> None:
    """Let layouts and the section renderer finish before the screen is drawn."""
    app = qt_app.app()
    for _ in range(3):
        app.processEvents()
    if window.current_screen() == Screen.SECTION:
        pack = window.pack
        window.renderer.render_now(pack, window.section.section_id)
        while not window.section.is_complete():
            app.processEvents()
        app.processEvents()


def step_body(window) -> QWidget | None:
    """The widget that holds a walkthrough step's text (its rich-text body)."""
    page = window.walkthrough.step_scroll.widget()
    return None if page is None else page.findChild(QWidget, "StepBody")


def screens(window, kiosk_mode) -> Iterator[tuple[str, Callable[[], None], Callable[[], None]]]:
    """(name, show, hide) for every screen of the current language."""
    pack = window.pack
    yield "home", window.go_home, _nothing
    for section in pack.sections:
        name = "section-" + section.id.removesuffix(".md")
        yield name, partial(window.open_section, section.id), _nothing
    steps = pack.walkthrough.steps
    for index in range(len(steps)):
        yield f"step-{index + 1:02d}", partial(_show_step, window, index), _nothing
    if steps:
        yield "summary", lambda: _show_step(window, len(steps)), _nothing
        yield "takehome", lambda: window.show_handout("walkthrough"), window.go_home
    if kiosk_mode is None:
        return
    warning = kiosk_mode.warning

    def show_idle_warning() -> None:
        window.go_home()
        warning.show_seconds(kiosk_mode.settings.idle_warning_seconds)

    yield "idle", show_idle_warning, warning.hide
    yield "attract", kiosk_mode.attract.open, kiosk_mode.attract.hide
    yield "pin", kiosk_mode.pin_pad.open_pad, kiosk_mode.pin_pad.close_pad
    yield "staff", kiosk_mode._show_staff_menu, kiosk_mode.staff_menu.hide


def _nothing() -> None:
    pass


def _show_step(window, index: int) -> None:
    if window.current_screen() != Screen.WALKTHROUGH:
        window.start_walkthrough()
    window.walkthrough.show_index(index)


def tour(
    window,
    kiosk_mode=None,
    out: Path | None = None,
    shapes: tuple[tuple[int, int], ...] = SHAPES,
    sizes: tuple[int, ...] | None = None,
) -> tuple[int, list[Finding]]:
    """Visit every screen; (screens drawn, findings). PNGs go to `out` when given."""
    sizes = sizes or tuple(range(1, len(TEXT_SIZES) + 1))
    with ScreenWriter(out) as writer:
        drawn, findings = 0, []
        for lang in window.languages():
            window.set_language(lang)
            for size in sizes:
                window.set_text_step(size)
                for width, height in shapes:
                    window.resize(width, height)
                    for name, show, hide in screens(window, kiosk_mode):
                        show()
                        settle(window)
                        label = f"{lang}-size{size}-{width}x{height}-{name}"
                        step = name.startswith("step-")
                        findings += audit(label, window, step_body(window) if step else None, step)
                        if window.lang != lang:  # something reset the kiosk under the tour
                            findings.append(Finding(label, "window", f"drawn in {window.lang}"))
                        writer.write(window, label)
                        hide()
                        drawn += 1
                    window.go_home()
    return drawn, findings


class ScreenWriter:
    """Writes each drawn screen as a PNG on two worker threads while the next one is drawn
    (a QImage, unlike a QPixmap, may be written off the UI thread)."""

    def __init__(self, out: Path | None):
        self.out = out
        self.pending: deque[Future] = deque()
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="screenshot")
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)

    def __enter__(self) -> ScreenWriter:
        return self

    def __exit__(self, *_exc) -> None:
        try:
            while self.pending:
                self.pending.popleft().result()
        finally:
            self.pool.shutdown()

    def write(self, window, label: str) -> None:
        if self.out is None:
            return
        image = window.grab().toImage()
        self.pending.append(self.pool.submit(_save, image, self.out / f"{label}.png"))
        while len(self.pending) > SAVING_AHEAD:  # bounded: a few screens in memory at most
            self.pending.popleft().result()


def _save(image, path: Path) -> None:
    if not image.save(str(path), "PNG", PNG_QUALITY):
        raise OSError(f"cannot write {path}")
