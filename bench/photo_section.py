"""A section with three 4000x3000 phone photos: opening it, and scrolling through it.

Generates three noisy JPEGs (a gradient with grain, about 3 MB each, as a phone's photos
are: solid colours would decode far faster than real pictures) in a one-section content
folder (with a page of words, opened first so the markdown renderer is loaded, as it is
after a patient's first page), builds the kiosk window as `kiosk --windowed` does
(1280x800, offscreen), then:

- photo_section_open_ms: from opening the section to the end of the event-loop pass that
  painted it (its text on screen; big photos show as blank space of their final size
  until they are decoded)
- photo_section_pictures_ms: from opening the section until every photo is decoded and
  painted
- photo_scroll_step_p95_ms: one flick-sized scroll step (60 px) and the repaint it causes,
  down through the whole section and back up, photos in view; the 95th percentile
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure, percentile, use_private_environment  # noqa: E402

use_private_environment()

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402

from kiosk.app import build_window, create_application, load_content  # noqa: E402
from kiosk.logs import setup_logging  # noqa: E402
from kiosk.settings import load_settings  # noqa: E402

PHOTO_SIZE = (4000, 3000)
SCROLL_STEP_PX = 60


class PaintSeen(QObject):
    def __init__(self):
        super().__init__()
        self.seen = False

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def noisy_photo(path: Path, seed: int) -> None:
    """A 4000x3000 JPEG with a colour gradient and fine grain, like a photo of a room."""
    rng = random.Random(seed)
    width, height = PHOTO_SIZE
    tile = QImage(256, 256, QImage.Format.Format_RGB32)
    for y in range(256):
        for x in range(256):
            grain = rng.randint(-40, 40)
            tile.setPixelColor(
                x, y, QColor(*(max(0, min(255, 128 + grain + d)) for d in (0, 9, 18)))
            )
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    for y in range(0, height, 256):
        for x in range(0, width, 256):
            painter.drawImage(x, y, tile)
    painter.setOpacity(0.55)
    for band in range(0, height, 20):  # a gradient over the grain
        shade = QColor.fromHsv((seed * 70 + band // 40) % 360, 120, 90 + band * 140 // height)
        painter.fillRect(0, band, width, 20, shade)
    painter.end()
    assert image.save(str(path), "JPG", 90)


def content_folder() -> Path:
    root = Path(tempfile.mkdtemp(prefix="kiosk-bench-photos-"))
    pack = root / "en"
    (pack / "images").mkdir(parents=True)
    (pack / "language.toml").write_text('name = "English"\n', encoding="utf-8")
    words = "Your care team will explain each step before the infusion starts. " * 6
    parts = ["# Photos of the infusion room\n"]
    for number in range(1, 4):
        noisy_photo(pack / "images" / f"photo-{number}.jpg", number)
        parts += [words, f"![The room, view {number}](images/photo-{number}.jpg)"]
    parts.append(words)
    (pack / "photos.md").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    (pack / "words.md").write_text(f"# Words only\n\n{words}\n", encoding="utf-8")
    return root


def wait_for_paint(app, painted: PaintSeen, deadline: float) -> None:
    while not painted.seen and time.perf_counter() < deadline:
        app.processEvents()
    if not painted.seen:
        raise RuntimeError("the section was never painted")


def decoding() -> bool:
    """Photos still being decoded in the background (never, before there was a background)."""
    try:
        from kiosk.ui import pictures
    except ImportError:
        return False
    return pictures.shared().busy()


def main() -> int:
    setup_logging(False)
    app = create_application()
    settings = load_settings(None)
    library = load_content(content_folder(), settings)
    window = build_window(settings, library, windowed=True)
    browser = window.section.browser
    painted = PaintSeen()
    browser.viewport().installEventFilter(painted)
    window.open_section("words.md")  # a page of words first: the markdown renderer is loaded
    for _ in range(3):
        app.processEvents()
    window.go_home()
    for _ in range(3):
        app.processEvents()

    painted.seen = False
    started = time.perf_counter()
    window.open_section("photos.md")
    wait_for_paint(app, painted, started + 60)
    figure("photo_section_open_ms", (time.perf_counter() - started) * 1000)
    while decoding() and time.perf_counter() < started + 60:
        app.processEvents()
    painted.seen = False
    browser.viewport().repaint()
    figure("photo_section_pictures_ms", (time.perf_counter() - started) * 1000)

    bar = browser.verticalScrollBar()
    steps, cpu = [], []
    for target in [
        *range(0, bar.maximum(), SCROLL_STEP_PX),
        *range(bar.maximum(), 0, -SCROLL_STEP_PX),
    ]:
        begin, begin_cpu = time.perf_counter(), time.thread_time()
        bar.setValue(target)
        browser.viewport().repaint()  # the paint the step causes, now
        app.processEvents()
        steps.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.thread_time() - begin_cpu) * 1000)
    figure("photo_scroll_step_p95_ms", percentile(steps, 0.95))
    figure("photo_scroll_step_max_ms", max(steps))
    figure("photo_scroll_step_cpu_p95_ms", percentile(cpu, 0.95))  # the UI thread's own time
    figure("photo_scroll_steps", len(steps))
    window.kiosk_mode.shutdown()
    window.renderer.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
